// Review of the model-input fast path (js/tokenizer.js encodeForModel -> bindings.cpp
// encode_for_model): max_length crosses Embind as a 32-bit size_t. A max_length of 2^32 + k used to
// wrap silently to k there (the full path, encode_options.cpp read_size, refuses it with
// INVALID_ARGUMENT): tokenizer(text, {truncation: true, max_length: 2 ** 32 + 5}) cut the text to 5
// tokens, where Python (and Rust) keep it whole. Either answer is fine but a silent cut is not:
// the result must be the untruncated encoding (Rust's, the oracle) or an INVALID_ARGUMENT error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/index.js';
import { TOKENIZER_FIXTURES } from './helpers/paths.js';

const TEXTS = ['The quick brown fox jumps over the lazy dog, twice and again.', 'Short one.'];

for (const name of ['bert-base-uncased', 'gpt2']) {
  test(`${name}: tokenizer() with max_length >= 2^32 never cuts silently (fast and full paths)`, async () => {
    const dir = path.join(TOKENIZER_FIXTURES, name);
    const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'));
    const tok = await PreTrainedTokenizer.from_json(readFileSync(path.join(dir, 'tokenizer.json')), config);
    const rust = tk.Tokenizer.fromFile(path.join(dir, 'tokenizer.json'));
    try {
      const whole = (await rust.encodeBatch(TEXTS)).map((e) => e.getIds());
      for (const max_length of [2 ** 32 + 5, 2 ** 32, 2 ** 40 + 3]) {
        // return_length forces the full path; without it the fast path runs.
        for (const extra of [{}, { return_length: true }]) {
          const where = `max_length ${max_length}${extra.return_length ? ' (full path)' : ' (fast path)'}`;
          let got;
          try {
            got = tok(TEXTS, { truncation: true, max_length, return_tensor: false, ...extra }).input_ids;
          } catch (e) {
            assert.equal(e.code ?? (e instanceof TypeError ? 'INVALID_ARGUMENT' : undefined), 'INVALID_ARGUMENT', `${where}: ${e.message}`);
            assert.match(e.message, /max_length/, where);
            continue;
          }
          assert.deepEqual(got, whole, `${where}: cut although no text reaches max_length`);
        }
      }
    } finally {
      tok.dispose();
    }
  });
}
