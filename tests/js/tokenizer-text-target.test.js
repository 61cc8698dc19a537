// tokenizer(text, { text_target }) and tokenizer(null, { text_target }) against Python transformers
// 4.57 (tests/fixtures/expected/text-target.json from tests/fixtures/generate_text_target.py):
// `labels` with the target language's special tokens for mBART (cc25: X </s> tgt_lang), mBART-50,
// M2M100 and NLLB (tgt_lang X </s>; legacy_behaviour: X </s> tgt_lang), from tokenizer.json and from sentencepiece.bpe.model alone;
// the plain tokenization for BERT and T5; batches, padding, truncation, no special tokens, masks;
// text_pair_target (prefix A B suffix on the target side), truncated as the class truncates a pair
// (longest_first / only_first / only_second, both sides; Rust's rules for the fast classes,
// truncate_sequences for M2M100, which only logs where Rust raises), stride windows and offsets
// (fast classes; M2M100 has none in Python: NOT_IMPLEMENTED), Python's errors as clear Errors.
// Classes whose target side wasmpipe cannot reproduce (Marian's target.spm) throw NOT_IMPLEMENTED,
// a missing or unknown tgt_lang INVALID_ARGUMENT, and the tokenizer keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer } from '../../js/index.js';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { Tensor } from '../../js/tensor.js';
import { MODEL_FIXTURES, ROOT, TOKENIZER_FIXTURES } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/text-target.json'), 'utf8'));
const SHARED = new Set(['bert-base-uncased', 't5-small']);
// M2M100Tokenizer, a Python-only tokenizer in transformers: options it has no fast answer for.
const SLOW_ONLY = new Set(['M2M100Tokenizer']);
const SLOW_REFUSED = ['return_offsets_mapping', 'return_overflowing_tokens', 'stride'];

// Python's from_pretrained kwargs (entry.config) are tokenizer_config.json entries for us.
async function load(name, extraConfig) {
  const repo = name.replace(/-legacy$/, '');
  if (!SHARED.has(repo) && Object.keys(extraConfig).length === 0) return AutoTokenizer.from_pretrained(`wasmpipe-test/${repo}`);
  const dir = SHARED.has(repo) ? path.join(TOKENIZER_FIXTURES, repo) : path.join(MODEL_FIXTURES, 'wasmpipe-test', repo);
  const cfg = path.join(dir, 'tokenizer_config.json');
  return PreTrainedTokenizer.from_json(readFileSync(path.join(dir, 'tokenizer.json')),
    { ...(existsSync(cfg) ? JSON.parse(readFileSync(cfg, 'utf8')) : {}), ...extraConfig });
}

// Python's kwargs of a case -> [text, options] of our call (texts are indices into the recorded lists).
function ourCall(kwargs) {
  const pick = (i, list) => (Array.isArray(i) ? i.map((j) => list[j]) : list[i]);
  const { text = null, text_target, text_pair, text_pair_target, ...rest } = kwargs;
  const options = { ...rest, text_target: pick(text_target, expected.targets) };
  if (text_pair !== undefined) options.text_pair = pick(text_pair, expected.sources);
  if (text_pair_target !== undefined) options.text_pair_target = pick(text_pair_target, expected.targets);
  return [text === null ? null : pick(text, expected.sources), options];
}

const hub = await useLocalHub();
test.after(() => hub.close());

for (const [name, entry] of Object.entries(expected.tokenizers)) {
  test(`${name} (${entry.class}): text_target equals Python in ${expected.cases.length} cases`, async () => {
    const tok = await load(name, entry.config);
    try {
      if (entry.tgt_lang !== null) tok.tgt_lang = entry.tgt_lang;
      expected.cases.forEach(([what, kwargs], i) => {
        const [text, options] = ourCall(kwargs);
        const want = entry.outputs[i];
        if (want.error !== undefined || (SLOW_ONLY.has(entry.class) && SLOW_REFUSED.some((k) => options[k]))) {
          // Python raises (a truncation error; M2M100's NotImplementedError for offsets), or answers
          // M2M100's overflow in a shape of its own (overflowing_tokens): a clear Error here, after
          // which the tokenizer still works.
          assert.throws(() => tok(text, { ...options, return_tensor: false }), (e) => e instanceof Error &&
            e.code === (want.error === undefined || want.error === 'NotImplementedError' ? 'NOT_IMPLEMENTED' : 'INVALID_ARGUMENT') &&
            e.message.length > 20, what);
          assert.deepEqual(tok(null, { text_target: expected.targets[1], return_tensor: false }), entry.outputs[1], `${what}: works after the error`);
          return;
        }
        const got = tok(text, { ...options, return_tensor: false });
        assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${what}: output names`);
        // NLLB legacy_behaviour from the config: the target side only (with text, `labels`): the
        // source side of a tokenizer.json keeps its post-processor where Python rebuilds it (X </s> src_lang).
        const keys = name.endsWith('-legacy') && text !== null ? ['labels'] : Object.keys(want);
        for (const key of keys) assert.deepEqual(got[key], want[key], `${what}: ${key}`);
      });
      // Tensors (the default): labels is an int64 [batch, seq] tensor of the same ids.
      const [what, kwargs] = expected.cases[2];
      const [text, options] = ourCall(kwargs);
      const got = tok(text, options);
      const want = entry.outputs[2].labels;
      assert.ok(got.labels instanceof Tensor, `${what}: labels tensor`);
      assert.deepEqual(got.labels.dims, [want.length, want[0].length], `${what}: labels dims`);
      assert.deepEqual(Array.from(got.labels.data, Number), want.flat(), `${what}: labels data`);
    } finally {
      tok.dispose();
    }
  });
}

test('text_target: NOT_IMPLEMENTED for Marian (target.spm), clear errors for a bad tgt_lang, the tokenizer keeps working', async () => {
  const marian = await AutoTokenizer.from_pretrained('wasmpipe-test/tiny-marian');
  try {
    assert.throws(() => marian('你好', { text_target: 'Hello' }), (e) => e.code === 'NOT_IMPLEMENTED' && /MarianTokenizer/.test(e.message));
    assert.throws(() => marian(null, { text_target: 'Hello' }), (e) => e.code === 'NOT_IMPLEMENTED');
    // Python-only classes have no offsets (transformers raises NotImplementedError) and return their
    // overflow in a shape of their own: refused rather than answered differently.
    assert.throws(() => marian('你好', { return_offsets_mapping: true }), (e) => e.code === 'NOT_IMPLEMENTED' && /Python-only/.test(e.message));
    assert.throws(() => marian('你好', { truncation: true, max_length: 3, return_overflowing_tokens: true }), (e) => e.code === 'NOT_IMPLEMENTED');
    assert.ok(marian('你好', { return_tensor: false }).input_ids.length > 0, 'text alone still works');
  } finally {
    marian.dispose();
  }
  const mbart50 = await AutoTokenizer.from_pretrained('wasmpipe-test/tiny-mbart50-spm');  // tgt_lang: null
  try {
    assert.throws(() => mbart50('a', { text_target: 'b' }), (e) => e.code === 'INVALID_ARGUMENT' && /tgt_lang/.test(e.message));
    mbart50.tgt_lang = 'xx_XX';
    assert.throws(() => mbart50('a', { text_target: 'b' }), (e) => e.code === 'INVALID_ARGUMENT' && /unknown tgt_lang 'xx_XX'/.test(e.message));
    mbart50.tgt_lang = 'fr_XX';
    assert.throws(() => mbart50(null, { text_target: ['b'], text_pair_target: 'c' }), TypeError);
    assert.throws(() => mbart50(null, { text_target: [] }), TypeError);
    assert.throws(() => mbart50(null, { text_target: 'b', truncation: 'only_third' }), (e) => e.code === 'INVALID_ARGUMENT');
    assert.throws(() => mbart50(null, { text_target: [1] }), TypeError);
    assert.throws(() => mbart50(null, { text_pair_target: 'c' }), (e) => e.code === 'INVALID_ARGUMENT');
    const python = expected.tokenizers['tiny-mbart50-spm'].outputs[1];
    assert.deepEqual(mbart50(null, { text_target: expected.targets[1], return_tensor: false }), python, 'works after the errors');
  } finally {
    mbart50.dispose();
  }
});
