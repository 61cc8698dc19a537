// Multilingual translation inputs (NLLB, M2M100, mBART) on a stand-in tokenizer: token layouts
// from transformers' tokenizers (NllbTokenizer non-legacy: [src_lang] text </s>; M2M100Tokenizer:
// [__src__] text </s>; MBartTokenizer: text </s> [src_lang]), tgt_lang -> forced_bos_token_id,
// and clear errors for unknown or missing languages. (Against Python's own tokenizers and models:
// generation-families.test.js, on the tiny NLLB / mBART / mBART-50 fixtures.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLanguages } from '../../js/pipelines/translation-languages.js';

function fakePipe(tokenizerClass, vocab, extra = {}) {
  const ids = new Map(vocab.map((t, i) => [t, i]));
  return {
    config: { model_type: tokenizerClass.startsWith('MBart') ? 'mbart' : 'm2m_100' },
    tokenizer: {
      config: { tokenizer_class: tokenizerClass, eos_token: '</s>', ...extra },
      handle: { tokenToId: (t) => ids.get(t) },
      encode: (text, { add_special_tokens }) => {
        assert.equal(add_special_tokens, false);
        return text.split(' ').map((w) => ids.get(w));
      },
    },
  };
}

test('NLLB: [src_lang] text </s>, forced BOS = tgt_lang; legacy_behaviour puts the language last', () => {
  const vocab = ['<s>', '<pad>', '</s>', 'hello', 'world', 'eng_Latn', 'fra_Latn'];
  const langs = { additional_special_tokens: ['eng_Latn', 'fra_Latn'] };
  const r = resolveLanguages(fakePipe('NllbTokenizer', vocab, langs), 'eng_Latn', 'fra_Latn');
  assert.deepEqual(r.encode('hello world'), [5, 3, 4, 2]);
  assert.equal(r.forced_bos_token_id, 6);
  const legacy = resolveLanguages(fakePipe('NllbTokenizerFast', vocab, { ...langs, legacy_behaviour: true }), 'eng_Latn', 'fra_Latn');
  assert.deepEqual(legacy.encode('hello world'), [3, 4, 2, 5]);
  assert.throws(() => resolveLanguages(fakePipe('NllbTokenizer', vocab, langs), 'eng_Latn', 'xx_Zzzz'),
    (e) => e.code === 'INVALID_ARGUMENT' && /unknown tgt_lang 'xx_Zzzz'/.test(e.message));
  assert.throws(() => resolveLanguages(fakePipe('NllbTokenizer', vocab, langs), 'hello', 'fra_Latn'),
    (e) => e.code === 'INVALID_ARGUMENT' && /unknown src_lang 'hello'/.test(e.message));
  assert.throws(() => resolveLanguages(fakePipe('NllbTokenizer', vocab, langs), 'eng_Latn', undefined),
    (e) => e.code === 'INVALID_ARGUMENT' && /pass tgt_lang/.test(e.message));
});

test('M2M100: __xx__ language tokens; mBART: text </s> [src_lang]; other tokenizers: none', () => {
  const m2m = resolveLanguages(fakePipe('M2M100Tokenizer', ['<s>', '<pad>', '</s>', 'hi', '__en__', '__fr__']), 'en', 'fr');
  assert.deepEqual(m2m.encode('hi'), [4, 3, 2]);
  assert.equal(m2m.forced_bos_token_id, 5);
  assert.throws(() => resolveLanguages(fakePipe('M2M100Tokenizer', ['</s>', '__en__']), 'en', 'de'), /unknown tgt_lang 'de'/);
  const mbart = resolveLanguages(fakePipe('MBartTokenizer', ['<s>', '</s>', 'hi', 'en_XX', 'ro_RO']), 'en_XX', 'ro_RO');
  assert.deepEqual(mbart.encode('hi'), [2, 1, 3]);
  assert.equal(mbart.forced_bos_token_id, 4);
  const t5 = { config: { model_type: 't5' }, tokenizer: { config: { tokenizer_class: 'T5Tokenizer' } } };
  assert.equal(resolveLanguages(t5, 'en', 'de'), null);
});
