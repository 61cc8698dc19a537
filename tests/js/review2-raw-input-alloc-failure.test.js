// Review (stop 9): the raw encode path's input buffer (js/tokenizer-raw.js + wasm/bindings/
// tokenizer_raw.cpp). To grow it the core frees the old buffer, then allocates the new one; when
// that allocation failed (a text too large for the 2 GB wasm memory) the core's buffer was empty
// but RawEncoder kept the old pointer and size: every later encode() wrote its text into freed
// memory and then failed with "the text lengths exceed the input buffer" (INTERNAL), so one
// oversized text left the tokenizer unusable. Expected: that call throws, and the tokenizer goes on
// encoding exactly as HF's Rust `tokenizers` does. The failure is provoked by asking the RawEncoder
// for a 3.75 GB buffer (what a 1.25G-unit text would need), which the wasm memory cannot give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { TOKENIZER_FIXTURES } from './helpers/paths.js';

test('a failed input-buffer allocation leaves encode() and tokenizer() working', async () => {
  const dir = path.join(TOKENIZER_FIXTURES, 'gpt2');
  const file = path.join(dir, 'tokenizer.json');
  const tok = await PreTrainedTokenizer.from_json(readFileSync(file, 'utf8'), {});
  const rust = tk.Tokenizer.fromFile(file);
  const texts = ['Hello world', 'A second, somewhat longer text: ' + 'with words '.repeat(400)];
  const want = (await rust.encodeBatch(texts)).map((e) => e.getIds());
  try {
    assert.deepEqual(tok.encode(texts[0]), want[0]);  // the input buffer exists
    assert.throws(() => tok._rawEncoder()._inputView(0xF0000000), (e) => e instanceof Error && typeof e.code === 'string');
    assert.deepEqual(texts.map((t) => tok.encode(t)), want, 'encode() after the failed allocation');
    const r = tok(texts, { return_tensor: false });
    assert.deepEqual(r.input_ids, want, 'tokenizer() after the failed allocation');
  } finally {
    tok.dispose();
  }
});
