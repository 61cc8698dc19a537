// Review (stop 9): the model-input buffer of tokenizer() / encodeForModel (wasm/bindings/
// model_inputs.cpp) holds 3 * batch * seq int64 values. With padding: 'max_length' and a huge
// max_length the product wrapped in wasm's 32-bit size_t (2 texts x 2^31 + 1 -> a 6-value buffer),
// and the padding loop then wrote gigabytes past it: heap corruption (BERT's [CLS] id read back as
// 0 afterwards) or a trap. Python cannot pad to 2^31 either (MemoryError): the expected behaviour
// is a clear Error with a .code, and a tokenizer that still encodes as HF's Rust `tokenizers` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { TOKENIZER_FIXTURES } from './helpers/paths.js';

test('padding a batch to a max_length too large for wasm memory throws and corrupts nothing', async () => {
  const dir = path.join(TOKENIZER_FIXTURES, 'bert-base-uncased');
  const file = path.join(dir, 'tokenizer.json');
  const tok = await PreTrainedTokenizer.from_json(readFileSync(file, 'utf8'), JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
  const rust = tk.Tokenizer.fromFile(file);
  const texts = ['hello world', 'a longer second text, with punctuation.'];
  const want = (await rust.encodeBatch(texts)).map((e) => e.getIds());
  try {
    // batch x max_length x 3 wraps 2^32 for each (2 x (2^31 + 1), 4 x (2^30 + 1), 8 x (2^29 + 1)).
    for (const [batch, max_length] of [[2, 2 ** 31 + 1], [4, 2 ** 30 + 1], [8, 2 ** 29 + 1]]) {
      assert.throws(() => tok(Array.from({ length: batch }, (_, i) => texts[i % 2]), { padding: 'max_length', truncation: true, max_length }),
        (e) => e instanceof Error && typeof e.code === 'string' && /max_length/.test(e.message), `batch ${batch}, max_length ${max_length}`);
      assert.deepEqual(texts.map((t) => tok.encode(t)), want, `encode() after batch ${batch}`);
      const r = tok(texts, { padding: true, return_tensor: false });
      assert.deepEqual(r.input_ids.map((ids, i) => ids.slice(0, want[i].length)), want, `tokenizer() after batch ${batch}`);
    }
  } finally {
    tok.dispose();
  }
});
