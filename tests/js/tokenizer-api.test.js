// The transformers-shaped tokenizer API (js/tokenizer.js + js/tokenizer-options.js) on real
// fixture tokenizers: tokenizer(text, options), encode, decode, batch_decode, tokenize,
// convert_ids_to_tokens, padding_side.
//  - Against transformers.js 4.3.1 for what it supports the same way (padding, sides, pairs,
//    add_special_tokens, return_tensor, decode). transformers.js truncates by cutting the final
//    ids (special tokens included), unlike Python; there the oracle is Python's semantics, i.e.
//    HF Rust tokenizers (what Python's fast tokenizers run), through its node binding.
//  - Against Rust (Python semantics) for what transformers.js lacks: truncation strategies and
//    sides, stride with return_overflowing_tokens (rows + overflow_to_sample_mapping),
//    return_offsets_mapping, return_special_tokens_mask, return_length.
//  - Bad options throw clear errors, and the tokenizer keeps working.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { AutoTokenizer as TjsAutoTokenizer, env as tjsEnv } from '@huggingface/transformers';
import { getCore } from '../../js/core.js';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';

const FIXTURES = ['bert-base-uncased', 'gpt2', 't5-small', 'TinyLlama__TinyLlama-1.1B-Chat-v1.0', 'openai__clip-vit-base-patch32'];
const paragraphs = corpusParagraphs();
const TEXTS = [paragraphs[10], 'Hello world!', paragraphs[2000].slice(0, 300), 'ça va? 👍🏽 日本語', paragraphs[9000].slice(0, 200)];
const SHORT = TEXTS.map((t) => t.slice(0, 150));
const PAIRS = ['A short pair.', paragraphs[500].slice(0, 120), 'x', paragraphs[12000].slice(0, 80), 'yes'];

let core;
before(async () => {
  core = await getCore();
  tjsEnv.allowRemoteModels = false;
  tjsEnv.allowLocalModels = true;
  tjsEnv.localModelPath = `${TOKENIZER_FIXTURES}/`;
});

function ours(name) {
  const dir = path.join(TOKENIZER_FIXTURES, name);
  const cfgFile = path.join(dir, 'tokenizer_config.json');
  const cfgText = existsSync(cfgFile) ? readFileSync(cfgFile, 'utf8') : '';
  const handle = core.Tokenizer.fromJSON(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'), cfgText);
  if (handle instanceof Error) throw handle;
  return new PreTrainedTokenizer(handle, cfgText ? JSON.parse(cfgText) : {});
}

const plain = (t) => (t && t.dims ? { dims: t.dims, data: Array.from(t.data, Number) } : t);
function same(got, want, where) {
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${where}: output names`);
  for (const k of Object.keys(want)) assert.deepEqual(plain(got[k]), plain(want[k]), `${where}: ${k}`);
}

for (const name of FIXTURES) {
  test(`${name}: tokenizer(), encode, decode, tokenize equal transformers.js where it has the option`, async () => {
    const theirs = await TjsAutoTokenizer.from_pretrained(name);
    const tok = ours(name);
    const rust = tk.Tokenizer.fromFile(path.join(TOKENIZER_FIXTURES, name, 'tokenizer.json'));
    try {
      // transformers.js 4.3.1 sets LlamaTokenizer's padding_side to 'left' over the config's;
      // Python (and we) follow tokenizer_config.json.
      if (tok.config.tokenizer_class !== 'LlamaTokenizer') assert.equal(tok.padding_side, theirs.padding_side);
      theirs.padding_side = tok.padding_side = 'right';
      const hasClass = !!tok.config.tokenizer_class;  // without one, we keep token_type_ids (BERT vocab repos)
      // Short texts: transformers.js pads to min(longest, model_max_length) without truncating
      // (CLIP's 77), where Python pads to the longest. Pairs are compared with Rust elsewhere
      // (transformers.js drops the pair of ByteLevel post-processors, e.g. gpt2's).
      const texts = SHORT;
      const cases = [
        ['single', texts[0], {}],
        ['single, no special tokens, lists', texts[1], { add_special_tokens: false, return_tensor: false }],
        ['no token type ids', texts.slice(0, 2), { return_token_type_ids: false, return_tensor: false }],
      ];
      // transformers.js cannot pad without a pad token in the config (bert-base-uncased's is silent)
      if (theirs.pad_token_id !== undefined) {
        cases.push(
          ['batch padded', texts, { padding: true }],
          ['batch padded, lists', texts, { padding: true, return_tensor: false }],
          ['batch padded to max_length (no row longer)', texts, { padding: 'max_length', max_length: 70, truncation: true }],
        );
      }
      for (const [where, text, options] of cases) {
        const want = theirs(text, options);
        const got = tok(text, options);
        if (!hasClass) delete got.token_type_ids;
        same(got, want, where);
      }
      // padding on the left (the property, as transformers.js pipelines set it)
      theirs.padding_side = 'left';
      tok.padding_side = 'left';
      if (theirs.pad_token_id !== undefined) {
        const got = tok(texts, { padding: true });
        if (!hasClass) delete got.token_type_ids;
        same(got, theirs(texts, { padding: true }), 'left padding');
      }
      assert.throws(() => { tok.padding_side = 'up'; }, /padding_side must be 'left' or 'right'/);

      for (const text of TEXTS) {
        assert.deepEqual(tok.encode(text), theirs.encode(text), 'encode');
        assert.deepEqual(tok.encode(text, { text_pair: 'and a pair' }), (await rust.encode(text, 'and a pair')).getIds(), 'encode pair (Rust)');
        assert.deepEqual(tok.tokenize(text), theirs.tokenize(text), 'tokenize');
        const ids = theirs.encode(text);
        // CLIP: Python's CLIPTokenizerFast turns '</w>' into spaces after the backend decode, which
        // transformers.js and the bare Rust decoder do not; tokenizer-legacy.test.js checks it against Python.
        if (!name.includes('clip')) {
          // Without clean_up_tokenization_spaces in tokenizer_config.json, transformers.js defaults it
          // to true, Python 4.57 (and we) to false (tokenizer-load-semantics.test.js): compare the
          // default only where the config sets it.
          const configSets = Object.hasOwn(tok.config, 'clean_up_tokenization_spaces');
          const cases = [{ clean_up_tokenization_spaces: true }, { skip_special_tokens: true, clean_up_tokenization_spaces: true },
            { clean_up_tokenization_spaces: false }, ...(configSets ? [{}, { skip_special_tokens: true }] : [])];
          for (const options of cases) {
            assert.equal(tok.decode(ids, options), theirs.decode(ids, options), `decode ${JSON.stringify(options)}`);
          }
        }
        assert.deepEqual(tok.convert_ids_to_tokens(ids), ids.map((id) => rust.idToToken(id)), 'convert_ids_to_tokens');
      }
      const batch = TEXTS.map((t) => theirs.encode(t));
      if (!name.includes('clip')) {
        const options = { skip_special_tokens: true, clean_up_tokenization_spaces: true };
        assert.deepEqual(tok.batch_decode(batch, options), theirs.batch_decode(batch, options));
      }
    } finally {
      tok.dispose();
    }
  });
}

// Python's fast tokenizers run Rust's: enable_truncation / enable_padding, encode, then one row per
// encoding and per overflowing part. Overflowing rows are those of Rust's 0.22 route (the
// untruncated encodings through postProcess: see tokenizer-truncation.test.js); main rows are
// Rust's encode.
async function pythonRows(file, text, pair, { max_length, stride = 0, strategy = 'LongestFirst', direction = 'right', padLength = null, pad }) {
  const rust = tk.Tokenizer.fromFile(file);
  rust.setTruncation(max_length, { stride, strategy, direction });
  if (pad) rust.setPadding({ ...pad, ...(padLength ? { maxLength: padLength } : {}) }); else rust.disablePadding();
  const raw = tk.Tokenizer.fromString(JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), post_processor: null, truncation: null, padding: null }));
  const main = await rust.encode(text, pair);
  const route = await rust.postProcess(await raw.encode(text, null, { addSpecialTokens: false }),
    pair === null ? null : await raw.encode('', pair, { addSpecialTokens: false }), true);
  return [main, ...route.getOverflowing()];
}

test('bert-base-uncased: truncation strategies, sides, stride + overflow rows, offsets, special mask, length follow Python (Rust)', async () => {
  const name = 'bert-base-uncased';
  const file = path.join(TOKENIZER_FIXTURES, name, 'tokenizer.json');
  const tok = ours(name);
  try {
    const long = TEXTS[0].slice(0, 400), short = 'A short second text, of a dozen tokens or so.';
    const units = (s) => { const u = [0]; for (const ch of s) u.push(u[u.length - 1] + ch.length); return u; };
    for (const [truncation, strategy] of [[true, 'LongestFirst'], ['only_first', 'OnlyFirst'], ['only_second', 'OnlySecond']]) {
      for (const side of ['right', 'left']) {
        const max_length = 40, stride = 3;
        const [text, pair] = strategy === 'OnlySecond' ? [short, long] : [long, short];
        const got = tok(text, {
          text_pair: pair, truncation, max_length, stride, truncation_side: side, padding: 'max_length',
          return_overflowing_tokens: true, return_offsets_mapping: true, return_special_tokens_mask: true,
          return_length: true, return_tensor: false,
        });
        const rows = await pythonRows(file, text, pair, { max_length, stride, strategy, direction: side, padLength: max_length, pad: { padId: 0, padToken: '[PAD]', direction: 'right' } });
        const where = `${truncation} ${side}`;
        assert.deepEqual(got.input_ids, rows.map((e) => e.getIds()), `${where}: input_ids`);
        assert.deepEqual(got.token_type_ids, rows.map((e) => e.getTypeIds()), `${where}: token_type_ids`);
        assert.deepEqual(got.attention_mask, rows.map((e) => e.getAttentionMask()), `${where}: attention_mask`);
        assert.deepEqual(got.special_tokens_mask, rows.map((e) => e.getSpecialTokensMask()), `${where}: special_tokens_mask`);
        assert.deepEqual(got.length, rows.map((e) => e.getLength()), `${where}: length`);
        assert.deepEqual(got.overflow_to_sample_mapping, rows.map(() => 0), `${where}: overflow_to_sample_mapping`);
        const ua = units(text), ub = units(pair);
        assert.deepEqual(got.offset_mapping, rows.map((e) => {
          const seq = e.getSequenceIds();
          return e.getOffsets().map(([s, t], j) => { const u = seq[j] === 1 ? ub : ua; return [u[s], u[t]]; });
        }), `${where}: offset_mapping`);
      }
    }
    // A batch: overflow rows of each input follow it, mapped back by overflow_to_sample_mapping; tensors.
    const out = tok(TEXTS.slice(0, 3), { truncation: true, max_length: 16, stride: 4, padding: true, return_overflowing_tokens: true, return_offsets_mapping: true });
    const rows = out.input_ids.dims[0];
    assert.equal(out.overflow_to_sample_mapping.dims[0], rows);
    assert.deepEqual(out.offset_mapping.dims, [rows, 16, 2]);
    const mapping = Array.from(out.overflow_to_sample_mapping.data, Number);
    assert.deepEqual(mapping, [...mapping].sort((a, b) => a - b));
    assert.deepEqual([...new Set(mapping)], [0, 1, 2]);
    // Plain truncation keeps the special tokens (Python), unlike transformers.js's cut.
    const t = tok(TEXTS[0], { truncation: true, max_length: 10, return_tensor: false });
    const rust = tk.Tokenizer.fromFile(file);
    rust.setTruncation(10);
    assert.deepEqual(t.input_ids, (await rust.encode(TEXTS[0])).getIds());
    // pad_to_multiple_of, length, left padding
    const m = tok(TEXTS.slice(1, 4), { padding: true, pad_to_multiple_of: 8, padding_side: 'left', return_length: true, return_tensor: false });
    assert.equal(m.input_ids[0].length % 8, 0);
    assert.ok(m.length.every((n) => n === m.input_ids[0].length));
    assert.equal(m.attention_mask[0][0], 0);
  } finally {
    tok.dispose();
  }
});

test('tokenize ignores the truncation and padding of tokenizer.json (all-MiniLM-L6-v2 pads to 128)', async () => {
  const name = 'sentence-transformers__all-MiniLM-L6-v2';
  const theirs = await TjsAutoTokenizer.from_pretrained(name);
  const tok = ours(name);
  try {
    for (const text of [TEXTS[1], TEXTS[0]]) assert.deepEqual(tok.tokenize(text), theirs.tokenize(text));
  } finally {
    tok.dispose();
  }
});

test('bad options: clear errors, and the tokenizer keeps working', async () => {
  const tok = ours('bert-base-uncased');
  try {
    const bad = [
      [{ truncation: 'longest' }, /truncation must be true, false, 'longest_first'/],
      [{ padding: 'longest_first' }, /padding must be true, false, 'longest', 'max_length'/],
      [{ truncation: true, max_length: -1 }, /max_length must be a non-negative integer/],
      [{ truncation: true, max_length: 1.5 }, /max_length must be a non-negative integer/],
      [{ truncation: true, max_length: 10, stride: 8 }, /stride 8 must be smaller than the effective max length 8/],
      // Rust's with_truncation refuses it too (the node binding panics)
      [{ truncation: true, max_length: 1, stride: 1 }, /stride 1 must be smaller than the effective max length 0/],
      [{ truncation: 'only_second', max_length: 5 }, /only_second needs a pair/],
      [{ stride: 2 }, /stride needs truncation/],
      [{ padding: true, padding_side: 'top' }, /padding_side must be 'left' or 'right'/],
      [{ truncation: true, max_length: 8, truncation_side: 'middle' }, /truncation_side must be 'left' or 'right'/],
      [{ padding: true, pad_to_multiple_of: 0 }, /pad_to_multiple_of must be a positive integer/],
    ];
    for (const [options, message] of bad) {
      assert.throws(() => tok(TEXTS[0], options), (e) => message.test(e.message) && (e.code === 'INVALID_ARGUMENT' || e instanceof TypeError),
        JSON.stringify(options));
    }
    assert.throws(() => tok('x', { text_pair: ['a', 'b'] }), /text_pair must be a string when text is a string/);
    assert.throws(() => tok(['x', 'y'], { text_pair: ['a'] }), /one entry per text/);
    assert.throws(() => tok([]), /non-empty array/);
    // still usable, and its own settings unchanged
    const rust = tk.Tokenizer.fromFile(path.join(TOKENIZER_FIXTURES, 'bert-base-uncased', 'tokenizer.json'));
    assert.deepEqual(tok('Hello world!', { return_tensor: false }).input_ids, (await rust.encode('Hello world!')).getIds());
    assert.deepEqual(tok(TEXTS[0], { return_tensor: false }).input_ids, (await rust.encode(TEXTS[0])).getIds());
    // max_length below the 2 special tokens: Rust 0.23 skips truncation after its early exit (the
    // text cut at whole splits of max_length tokens), no error; pairs too (3 special tokens).
    for (const max_length of [0, 1, 2]) {
      rust.setTruncation(max_length, { strategy: 'LongestFirst' });
      const opts = { truncation: true, max_length, return_tensor: false };
      if (max_length < 2) assert.deepEqual(tok(TEXTS[0], opts).input_ids, (await rust.encode(TEXTS[0])).getIds(), `single, max_length ${max_length}`);
      assert.deepEqual(tok(TEXTS[0], { ...opts, text_pair: PAIRS[1] }).input_ids, (await rust.encode(TEXTS[0], PAIRS[1])).getIds(), `pair, max_length ${max_length}`);
      assert.ok((await rust.encode(TEXTS[0], PAIRS[1])).getLength() > max_length);
    }
  } finally {
    tok.dispose();
  }
});
