// tokenizer.encode()'s raw path (js/tokenizer-raw.js + wasm/bindings/tokenizer_raw.cpp: UTF-8 via
// TextEncoder.encodeInto into a wasm buffer, one wasm export call, ids copied out) against HF's
// Rust `tokenizers` binding: ill-formed UTF-16 (lone surrogates, which both turn into U+FFFD),
// non-BMP text, pairs, inputs that grow the wasm memory during and between calls, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { getCore } from '../../js/core.js';
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';
import { transformersDecode } from './helpers/transformers-decode.js';

const NAMES = ['bert-base-uncased', 'gpt2', 'meta-llama__Meta-Llama-3-8B', 't5-small'];

// Lone and misordered surrogates at every position, next to BMP and non-BMP text.
const ILL_FORMED = [
  '\uD800', '\uDC00', 'a\uD800b', 'x\uDC00', '\uDC00\uD800', '\uD83D', 'a\uD83Db', 'é\uD800é',
  'ok \uD800 lone high, lone low \uDC00 end', '\uD83D\uDE00\uD83D', '\uDE00\uD83D\uDE00', 'end\uDBFF',
  '\uD800\uD800\uDC00\uDC00', '日本\uDC00語 🙂\uD83D', '\uD83D '.repeat(50),
];
const WELL_FORMED = ['', ' ', 'a😀b', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🏳️‍🌈 👩‍👩‍👧‍👦', '中文 한국어 العربية', 'e\u0301 ﬁ ß'];

const files = (name) => {
  const dir = path.join(TOKENIZER_FIXTURES, name);
  const cfg = path.join(dir, 'tokenizer_config.json');
  return { dir, json: readFileSync(path.join(dir, 'tokenizer.json')), config: existsSync(cfg) ? JSON.parse(readFileSync(cfg, 'utf8')) : {} };
};

async function load(name) {
  const { dir, json, config } = files(name);
  return { ours: await PreTrainedTokenizer.from_json(new Uint8Array(json), config), rust: tk.Tokenizer.fromFile(path.join(dir, 'tokenizer.json')) };
}

for (const name of NAMES) {
  test(`${name}: encode() equals Rust on lone surrogates, non-BMP text and pairs`, async () => {
    const { ours, rust } = await load(name);
    try {
      const texts = [...ILL_FORMED, ...WELL_FORMED];
      for (const add of [true, false]) {
        const want = await rust.encodeBatch(texts, { addSpecialTokens: add });
        texts.forEach((t, i) => {
          const got = add ? ours.encode(t) : ours.encode(t, { add_special_tokens: false });
          assert.deepEqual(got, want[i].getIds(), `${JSON.stringify(t)} (add_special_tokens ${add})`);
        });
      }
      for (let i = 0; i + 1 < texts.length; i++) {
        const want = await rust.encode(texts[i], texts[i + 1], { addSpecialTokens: true });
        assert.deepEqual(ours.encode(texts[i], { text_pair: texts[i + 1] }), want.getIds(),
          `pair ${JSON.stringify(texts[i])} + ${JSON.stringify(texts[i + 1])}`);
      }
    } finally {
      ours.dispose();
    }
  });
}

// Rust's node binding reports code-point offsets; ours are UTF-16 units. A lone surrogate is one
// code point of one unit for `for...of`, as its U+FFFD is for Rust.
function unitOffsets(text, pair, encoding) {
  const units = (t) => { const u = [0]; for (const ch of t) u.push(u[u.length - 1] + ch.length); return u; };
  const a = units(text), b = pair === null ? null : units(pair);
  const seq = encoding.getSequenceIds();
  return encoding.getOffsets().map(([s, e], j) => { const u = seq[j] === 1 && b ? b : a; return [u[s], u[e]]; });
}

test('the full-encoding paths (encodeWithOffsets, tokenize, tokenizer() with offsets) see lone surrogates as Rust does', async () => {
  for (const name of NAMES) {
    const { ours, rust } = await load(name);
    try {
      const want = await rust.encodeBatch(ILL_FORMED, { addSpecialTokens: true });
      const bare = await rust.encodeBatch(ILL_FORMED, { addSpecialTokens: false });
      const batch = ours(ILL_FORMED, { return_offsets_mapping: true, padding: false, truncation: false, return_tensor: false });
      for (const [i, t] of ILL_FORMED.entries()) {
        const what = `${name} ${JSON.stringify(t)}`;
        const full = ours.encodeWithOffsets(t);
        assert.deepEqual(Array.from(full.ids, Number), want[i].getIds(), `encodeWithOffsets ${what}`);
        assert.deepEqual(full.tokens, want[i].getTokens(), `encodeWithOffsets tokens ${what}`);
        assert.deepEqual(full.offsets, unitOffsets(t, null, want[i]), `encodeWithOffsets offsets ${what}`);
        assert.deepEqual(ours.tokenize(t), bare[i].getTokens(), `tokenize ${what}`);
        assert.deepEqual(batch.input_ids[i], want[i].getIds(), `tokenizer() with offsets ${what}`);
        assert.deepEqual(batch.offset_mapping[i], unitOffsets(t, null, want[i]), `tokenizer() offsets ${what}`);
        const next = ILL_FORMED[(i + 1) % ILL_FORMED.length];
        const wantPair = await rust.encode(t, next, { addSpecialTokens: true });
        const pair = ours.encodeWithOffsets(t, { text_pair: next });
        assert.deepEqual(Array.from(pair.ids, Number), wantPair.getIds(), `pair ${what}`);
        assert.deepEqual(pair.offsets, unitOffsets(t, next, wantPair), `pair offsets ${what}`);
      }
    } finally {
      ours.dispose();
    }
  }
});

test('tokenizer() with options: exact across wasm memory growth, bad options throw and the next call works', async () => {
  const core = await getCore();
  const { ours, rust } = await load('bert-base-uncased');
  try {
    const texts = corpusParagraphs().slice(0, 6);
    const options = { return_offsets_mapping: true, padding: true, truncation: true, max_length: 64, return_tensor: false };
    rust.setTruncation(64);
    rust.setPadding({ padId: ours.pad_token_id, padToken: ours.pad_token });
    const want = await rust.encodeBatch(texts, { addSpecialTokens: true });
    const check = (what) => {
      const got = ours(texts, options);
      texts.forEach((t, i) => {
        assert.deepEqual(got.input_ids[i], want[i].getIds(), `${what} #${i} ids`);
        assert.deepEqual(got.attention_mask[i], want[i].getAttentionMask(), `${what} #${i} attention_mask`);
        assert.deepEqual(got.offset_mapping[i], unitOffsets(t, null, want[i]), `${what} #${i} offsets`);
      });
    };
    check('before growth');
    const before = core.HEAPU8.length;
    const block = core._malloc(before + (64 << 20));
    assert.ok(block && core.HEAPU8.length > before, 'the test did not grow wasm memory');
    check('after growth');
    core._free(block);
    assert.throws(() => ours(texts[0], { ...options, max_length: 2 ** 40 }), (e) => e.code === 'INVALID_ARGUMENT' && /max_length/.test(e.message));
    assert.throws(() => ours(texts[0], { ...options, max_length: 1, stride: 5 }), (e) => e.code === 'INVALID_ARGUMENT');
    check('after the errors');
  } finally {
    ours.dispose();
  }
});

test('decode() equals Rust (as transformers cleans it) on corpus sentences and lone surrogates, ids of every kind', async () => {
  for (const name of NAMES) {
    const { ours, rust } = await load(name);
    try {
      const texts = [...corpusParagraphs().filter((_, i) => i % 40 === 0), ...ILL_FORMED, ...WELL_FORMED];
      const cfgFile = path.join(files(name).dir, 'tokenizer_config.json');
      for (const t of texts) {
        const ids = ours.encode(t);
        for (const skip of [false, true]) {
          const want = transformersDecode(cfgFile, await rust.decode(ids, skip));
          const what = `${name} decode(skip=${skip}) of ${JSON.stringify(t.slice(0, 60))}`;
          assert.equal(ours.decode(ids, { skip_special_tokens: skip, clean_up_tokenization_spaces: false }), want, what);
          assert.equal(ours.decode(BigInt64Array.from(ids, BigInt), { skip_special_tokens: skip, clean_up_tokenization_spaces: false }), want, `${what} (bigint)`);
        }
      }
      assert.throws(() => ours.decode([1, 2.5]), TypeError);
      assert.equal(ours.decode([]), (await rust.decode([], false)));
    } finally {
      ours.dispose();
    }
  }
});

test('encode() returns a plain Array of numbers, like transformers.js', async () => {
  const { ours } = await load('gpt2');
  try {
    for (const text of ['', 'Hello world']) {
      const ids = ours.encode(text);
      assert.ok(Array.isArray(ids), `${typeof ids} ${ids?.constructor?.name}`);
      assert.ok(ids.every((x) => typeof x === 'number'));
    }
  } finally {
    ours.dispose();
  }
});

test('encode() stays exact when its input buffer grows and when wasm memory grows between calls', async () => {
  const core = await getCore();
  const { ours, rust } = await load('gpt2');
  try {
    const paragraphs = corpusParagraphs();
    const short = paragraphs.slice(0, 20);
    const wantShort = (await rust.encodeBatch(short, { addSpecialTokens: true })).map((e) => e.getIds());
    short.forEach((p, i) => assert.deepEqual(ours.encode(p), wantShort[i], `before growth #${i}`));
    // A text far larger than the input buffer so far: the buffer is reallocated (maybe growing memory).
    const all = paragraphs.join('\n\n');
    const big = all.repeat(Math.ceil(3e5 / all.length));
    assert.deepEqual(ours.encode(big), (await rust.encode(big, null, { addSpecialTokens: true })).getIds(), 'a big text');
    // Memory grown by something else between two calls: the encoder's views must follow.
    const before = core.HEAPU8.length;
    const block = core._malloc(before + (64 << 20));
    assert.ok(block && core.HEAPU8.length > before, 'the test did not grow wasm memory');
    short.forEach((p, i) => assert.deepEqual(ours.encode(p), wantShort[i], `after growth #${i}`));
    core._free(block);
  } finally {
    ours.dispose();
  }
});

test('a huge text\'s input buffer is freed after the call (the C++ scratch limit), and regrown exactly for the next one', async () => {
  const core = await getCore();
  const { ours, rust } = await load('gpt2');
  try {
    const keep = core._wasmpipe_scratch_keep_bytes();
    // ASCII with some non-ASCII words: few ids per char, so the input buffer (3 bytes per UTF-16
    // unit) is most of what the call grows; its length puts that buffer past `keep`.
    const unit = 'The government announced that the international conference would begin tomorrow, café 日本. ';
    const huge = unit.repeat(Math.ceil((keep / 3 + 4096) / unit.length));
    const small = 'Hello there, small text.';
    const wantSmall = (await rust.encode(small, null, { addSpecialTokens: true })).getIds();
    const wantHuge = (await rust.encode(huge, null, { addSpecialTokens: true })).getIds();
    assert.deepEqual(ours.encode(small), wantSmall);
    const liveBefore = core.heapStats().liveBytes;
    assert.deepEqual(ours.encode(huge), wantHuge, 'the huge text');
    const grown = core.heapStats().liveBytes - liveBefore;
    // Kept by the core after the call: its ids and the ids scratch (both under `keep`), not the
    // 3 * huge.length bytes of input buffer.
    assert.ok(grown < 3 * huge.length, `the call kept ${grown} bytes; its input buffer alone is ${3 * huge.length}`);
    // Regrown on demand: the next huge and small texts are still exact.
    assert.deepEqual(ours.encode(huge), wantHuge, 'the huge text again');
    assert.deepEqual(ours.encode(small), wantSmall, 'a small text after');
    // The batch path (tokenizer(texts) -> encodeForModel) frees it too.
    const batch = ours([huge, small], { padding: true, return_tensor: false });
    assert.deepEqual(batch.input_ids[0], wantHuge, 'the huge text in a batch');
    assert.ok(core.heapStats().liveBytes - liveBefore < 3 * huge.length, 'the batch call kept its input buffer');
  } finally {
    ours.dispose();
  }
});

test('encode() errors: bad arguments and a disposed tokenizer throw, the next call works', async () => {
  const { ours, rust } = await load('bert-base-uncased');
  const want = (await rust.encode('Hello there', null, { addSpecialTokens: true })).getIds();
  assert.throws(() => ours.encode(42), TypeError);
  assert.throws(() => ours.encode('a', { text_pair: 7 }), TypeError);
  assert.deepEqual(ours.encode('Hello there'), want);
  ours.dispose();
  assert.throws(() => ours.encode('Hello there'), /disposed/);
});
