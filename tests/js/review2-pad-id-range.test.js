// Review (stop 9, js/tokenizer-raw.js): encodeForModel hands pad_id to the wasm export as an int32,
// where -1 means "the config's pad token". A pad_id of 2^31 or more wrapped to a negative number
// and was silently replaced by the config's pad token ([PAD] = 0 for BERT): a user option dropped
// without a word. Token ids are int32 in the core (Rust's are u32, so Rust would pad with 2^31),
// so such an id cannot be honoured: expected is a TypeError naming pad_id, while the largest int32
// id still pads as given (checked against HF's Rust `tokenizers` padding with the same id).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { TOKENIZER_FIXTURES } from './helpers/paths.js';

test('encodeForModel: a pad_id beyond int32 is refused, not replaced by the pad token', async () => {
  const dir = path.join(TOKENIZER_FIXTURES, 'bert-base-uncased');
  const file = path.join(dir, 'tokenizer.json');
  const tok = await PreTrainedTokenizer.from_json(readFileSync(file, 'utf8'), JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
  const texts = ['a', 'hello world'];
  try {
    for (const pad_id of [2 ** 31, 2 ** 32 - 1, 2 ** 32]) {
      assert.throws(() => tok.encodeForModel(texts, null, { pad_id, truncation: false }), (e) => e instanceof TypeError && /pad_id/.test(e.message), `pad_id ${pad_id}`);
    }
    const rust = tk.Tokenizer.fromFile(file);
    rust.setPadding({ padId: 2 ** 31 - 1, padToken: '[PAD]' });
    const want = (await rust.encodeBatch(texts)).map((e) => e.getIds());
    const r = tok.encodeForModel(texts, null, { pad_id: 2 ** 31 - 1, truncation: false });
    const [rows, seq] = r.dims;
    assert.deepEqual(Array.from({ length: rows }, (_, i) => Array.from(r.input_ids.subarray(i * seq, (i + 1) * seq), Number)), want);
  } finally {
    tok.dispose();
  }
});
