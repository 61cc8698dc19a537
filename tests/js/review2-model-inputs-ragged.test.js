// Review (stop 9, wasm/bindings/model_inputs.cpp): encodeForModel (the model-input buffer of
// tokenizer() and the pipelines) with padding: 'max_length' and truncation: false, given a text
// longer than max_length, threw an INTERNAL error ("batch encodings were not padded to one
// length"): a user input reported as a wasmpipe bug, with nothing to act on. Python raises a
// ValueError for the same ragged batch as a tensor ("Unable to create tensor ... activate
// truncation"): expected here is INVALID_ARGUMENT naming the option to change, and a tokenizer that
// goes on encoding as HF's Rust `tokenizers` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { TOKENIZER_FIXTURES } from './helpers/paths.js';

test("encodeForModel: padding 'max_length' without truncation on a longer text is INVALID_ARGUMENT", async () => {
  const dir = path.join(TOKENIZER_FIXTURES, 'bert-base-uncased');
  const file = path.join(dir, 'tokenizer.json');
  const tok = await PreTrainedTokenizer.from_json(readFileSync(file, 'utf8'), JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
  const rust = tk.Tokenizer.fromFile(file);
  const texts = ['hello world, a text of more than four tokens', 'a'];
  try {
    assert.throws(() => tok.encodeForModel(texts, null, { truncation: false, padding: 'max_length', max_length: 4 }),
      (e) => e.code === 'INVALID_ARGUMENT' && /truncation/.test(e.message));
    rust.setTruncation(4);
    rust.setPadding({ maxLength: 4, padId: 0 });
    const want = (await rust.encodeBatch(texts)).map((e) => e.getIds());
    const r = tok.encodeForModel(texts, null, { truncation: true, padding: 'max_length', max_length: 4 });
    assert.deepEqual([0, 1].map((i) => Array.from(r.input_ids.subarray(4 * i, 4 * i + 4), Number)), want);
  } finally {
    tok.dispose();
  }
});
