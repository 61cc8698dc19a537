// tokenizer.tokenize(): its tokens-only raw path (js/tokenizer-raw-full.js tokenizeOnly +
// wasm/bindings/tokenizer_raw_tokens.cpp) against HF's Rust `tokenizers` binding (getTokens(),
// truncation and padding off as transformers' tokenize()) over corpus paragraphs and adversarial
// strings (empty, whitespace runs, a long word, lone surrogates, ZWJ emoji, combining marks, RTL,
// control characters), without and with special tokens, alone and with a pair; against
// transformers.js 4.3.1's tokenize() on a corpus sample (4 of the tokenizers). all-MiniLM-L6-v2's tokenizer.json pads and
// truncates: tokenize() ignores that, and encode() still applies it afterwards.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { AutoTokenizer as TjsAutoTokenizer, env as tjsEnv } from '@huggingface/transformers';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';

const NAMES = ['bert-base-uncased', 'gpt2', 'meta-llama__Meta-Llama-3-8B', 't5-small', 'Xenova__gpt-4o',
  'sentence-transformers__all-MiniLM-L6-v2'];
const ADVERSARIAL = [
  '', ' ', '   \t\t\n\n  \u3000 ', 'a'.repeat(20000), 'ab日本🙂'.repeat(4000), '\uD800', 'x\uDC00y', '\uD83D\uDE00\uD83D',
  '👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽', 'e\u0301\u0302\u0303 a\u0308 ﬁ ß ǅ', 'مرحبا بالعالم שלום עולם', '\u0000\u0001\u0007\u001b[0m\u007f\u0085\u200b\u200d\ufeff',
  '[CLS] <s> </s> <|endoftext|> <|begin_of_text|> <pad>', 'don\'t  I\'ve  WE\'LL 123456789 3.14159',
];
const paragraphs = corpusParagraphs();
const SAMPLE = paragraphs.filter((_, i) => i % 20 === 0); // ~750 paragraphs of every corpus file

before(() => {
  tjsEnv.allowRemoteModels = false;
  tjsEnv.allowLocalModels = true;
  tjsEnv.localModelPath = `${TOKENIZER_FIXTURES}/`;
});

async function load(name) {
  const dir = path.join(TOKENIZER_FIXTURES, name);
  const cfg = path.join(dir, 'tokenizer_config.json');
  const ours = await PreTrainedTokenizer.from_json(readFileSync(path.join(dir, 'tokenizer.json')),
    existsSync(cfg) ? JSON.parse(readFileSync(cfg, 'utf8')) : {});
  const rust = tk.Tokenizer.fromFile(path.join(dir, 'tokenizer.json'));
  return { ours, rust, dir };
}

for (const name of NAMES) {
  test(`${name}: tokenize() equals Rust getTokens() on ${SAMPLE.length} paragraphs and ${ADVERSARIAL.length} adversarial strings`, async () => {
    const { ours, rust } = await load(name);
    try {
      rust.disableTruncation();
      rust.disablePadding();
      const texts = [...SAMPLE, ...ADVERSARIAL];
      for (const add of [false, true]) {
        const want = await rust.encodeBatch(texts, { addSpecialTokens: add });
        texts.forEach((t, i) => {
          const got = add ? ours.tokenize(t, { add_special_tokens: true }) : ours.tokenize(t);
          assert.deepEqual(got, want[i].getTokens(), `${JSON.stringify(t.slice(0, 80))} (add_special_tokens ${add})`);
        });
      }
      for (let i = 0; i + 1 < ADVERSARIAL.length; i++) {
        const [a, b] = [ADVERSARIAL[i], SAMPLE[i * 7]];
        for (const add of [false, true]) {
          const want = (await rust.encode(a, b, { addSpecialTokens: add })).getTokens();
          assert.deepEqual(ours.tokenize(a, { pair: b, add_special_tokens: add }), want, `pair ${JSON.stringify(a.slice(0, 40))} (${add})`);
        }
      }
    } finally {
      ours.dispose();
    }
  });
}

// (the slow-loading Llama-3 and gpt-4o files only against Rust)
test('tokenize() equals transformers.js tokenize() on a corpus sample', async () => {
  for (const name of ['bert-base-uncased', 'gpt2', 't5-small', 'sentence-transformers__all-MiniLM-L6-v2']) {
    const { ours } = await load(name);
    const theirs = await TjsAutoTokenizer.from_pretrained(name);
    try {
      for (const t of paragraphs.filter((_, i) => i % 150 === 0)) {
        assert.deepEqual(ours.tokenize(t), theirs.tokenize(t), `${name} ${JSON.stringify(t.slice(0, 60))}`);
      }
    } finally {
      ours.dispose();
    }
  }
});

test("tokenize() ignores tokenizer.json's padding and truncation and leaves them in place; bad input throws, the next call works", async () => {
  const { ours, dir } = await load('sentence-transformers__all-MiniLM-L6-v2');
  const padded = tk.Tokenizer.fromFile(path.join(dir, 'tokenizer.json')); // pads to 128, truncates at 128
  try {
    const long = paragraphs.find((p) => p.length > 2000);
    const whole = ours.tokenize(long);
    assert.ok(whole.length > 128, 'the paragraph is longer than the truncation');
    for (const t of [long, 'short']) {
      assert.deepEqual(ours.encode(t), (await padded.encode(t)).getIds(), `encode() after tokenize(): ${t.slice(0, 20)}`);
    }
    assert.throws(() => ours.tokenize(42), TypeError);
    assert.throws(() => ours.tokenize('a', { pair: 7 }), TypeError);
    assert.deepEqual(ours.tokenize(long), whole, 'the same tokens after the errors');
  } finally {
    ours.dispose();
  }
});

// A text count whose header size, 4 * (option words + count * 2), wraps a 32-bit size_t (wasm32)
// passed the size check with a tiny header and went on reading 2^30 lengths: now INVALID_ARGUMENT.
test('the raw encode exports refuse a text count near 2^30 (a wrapping header size) with INVALID_ARGUMENT', async () => {
  const { ours } = await load('bert-base-uncased');
  try {
    const raw = ours._rawEncoder();
    const { core } = raw;
    raw._inputView(256); // an input buffer of at least 256 bytes
    const HAS_PAIR = 2, BATCH = 4; // tokenizer_raw_full.cpp's / tokenizer_raw.cpp's flags
    const refused = (n, what) => {
      assert.equal(n, -1, `${what}: refused`);
      const err = core.tokenizerLastError(raw.handle);
      assert.equal(err.code, 'INVALID_ARGUMENT', `${what}: ${err.message}`);
      assert.match(err.message, /count of \d+ texts does not fit the input buffer/, what);
    };
    // 4 * (14 + 2^30 * 2) = 56 (mod 2^32); 4 * (14 + 2^31 - 1) wraps too; 2^30 * 4 = 0 (mod 2^32).
    refused(core._wasmpipe_tokenizer_encode_full(raw.address, 2 ** 30, HAS_PAIR | BATCH), 'encode_full, pairs, 2^30');
    refused(core._wasmpipe_tokenizer_encode_full(raw.address, 2 ** 31 - 1, BATCH), 'encode_full, 2^31 - 1');
    const words = raw.inputBytes / 4; // the buffer's size: its option words leave room for fewer lengths
    refused(core._wasmpipe_tokenizer_encode_full(raw.address, words, BATCH), 'encode_full, more lengths than the buffer holds');
    refused(core._wasmpipe_tokenizer_encode_for_model(raw.address, 2 ** 30, 0, 0, -1), 'encode_for_model, 2^30');
    refused(core._wasmpipe_tokenizer_encode_for_model(raw.address, 2 ** 31, HAS_PAIR, 0, -1), 'encode_for_model, pairs, 2^31');
    const want = tk.Tokenizer.fromFile(path.join(TOKENIZER_FIXTURES, 'bert-base-uncased', 'tokenizer.json'));
    assert.deepEqual(ours('Still works.', { return_offsets_mapping: true, return_tensor: false }).input_ids,
      (await want.encode('Still works.')).getIds(), 'the next call works');
  } finally {
    ours.dispose();
  }
});
