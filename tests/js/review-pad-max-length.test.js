// Review of tokenizer()'s model-input fast path (js/tokenizer.js _modelInputsPath ->
// encodeForModel): padding: 'max_length' WITHOUT truncation, on a batch with a text longer than
// max_length. Python (Rust's Fixed padding, no truncation) pads the short rows to max_length and
// leaves the long one whole; the fast path threw INTERNAL "batch encodings were not padded to one
// length" (the full path, taken with return_length, answered like Python). Oracle: Rust tokenizers
// (npm binding) with setPadding({maxLength}) and no truncation. With return_tensor (the default)
// the ragged rows cannot make a tensor: a clear INVALID_ARGUMENT, as Python raises a ValueError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { PreTrainedTokenizer } from '../../js/index.js';
import { TOKENIZER_FIXTURES, corpusParagraphs } from './helpers/paths.js';

const paragraphs = corpusParagraphs();
const TEXTS = [paragraphs[10].slice(0, 200), 'short', paragraphs[20].slice(0, 40)];

for (const name of ['bert-base-uncased', 't5-small']) {
  test(`${name}: padding 'max_length' without truncation pads the short rows and keeps the long ones whole (Rust)`, async () => {
    const dir = path.join(TOKENIZER_FIXTURES, name);
    const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'));
    const tok = await PreTrainedTokenizer.from_json(readFileSync(path.join(dir, 'tokenizer.json')), config);
    const pad = tok.resolvedPadToken();
    assert.ok(pad, 'the fixture has a pad token');
    const rust = tk.Tokenizer.fromFile(path.join(dir, 'tokenizer.json'));
    rust.disableTruncation();
    try {
      for (const max_length of [6, 16]) {
        rust.setPadding({ padId: pad.id, padToken: pad.token, maxLength: max_length, direction: 'right' });
        const want = await rust.encodeBatch(TEXTS);
        const got = tok(TEXTS, { padding: 'max_length', max_length, return_tensor: false });
        assert.deepEqual(got.input_ids, want.map((e) => e.getIds()), `max_length ${max_length}: input_ids`);
        assert.deepEqual(got.attention_mask, want.map((e) => e.getAttentionMask()), `max_length ${max_length}: attention_mask`);
        assert.throws(() => tok(TEXTS, { padding: 'max_length', max_length }),
          (e) => e.code === 'INVALID_ARGUMENT' && /tensor/.test(e.message), `max_length ${max_length}: tensors`);
      }
      // The tokenizer still works after the refusal.
      rust.disablePadding();
      assert.deepEqual(tok('short', { return_tensor: false }).input_ids, (await rust.encode('short')).getIds());
    } finally {
      tok.dispose();
    }
  });
}
