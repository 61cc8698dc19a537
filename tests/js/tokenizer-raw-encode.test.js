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

test('encode() errors: bad arguments and a disposed tokenizer throw, the next call works', async () => {
  const { ours, rust } = await load('bert-base-uncased');
  const want = (await rust.encode('Hello there', null, { addSpecialTokens: true })).getIds();
  assert.throws(() => ours.encode(42), TypeError);
  assert.throws(() => ours.encode('a', { text_pair: 7 }), TypeError);
  assert.deepEqual(ours.encode('Hello there'), want);
  ours.dispose();
  assert.throws(() => ours.encode('Hello there'), /disposed/);
});
