// token-classification `stride` (texts longer than model_max_length labelled in overlapping
// windows, their entities merged) against Python transformers' TokenClassificationPipeline on the
// committed tiny NER models: WordPiece, byte-level BPE and Unigram, several strides x aggregation
// strategies, ignore_labels, a batch, and Python's errors for invalid strides
// (tests/fixtures/generate_token_options.py -> expected/token-classification-options.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pipeline } from '../../js/index.js';
import { REF, assertEntities as assertClose, matchesPythonError as matches, nerWant } from './helpers/ner-options.js';
import { useLocalHub } from './helpers/server.js';

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

for (const [name, m] of Object.entries(REF.models)) {
  test(`ner ${name}: stride windows equal Python transformers (fp32)`, async () => {
    const ner = await pipeline('token-classification', m.repo_id, { dtype: 'fp32' });
    try {
      let merged = 0;
      for (const t of m.stride.texts) {
        for (const { options, rows } of t.outputs) {
          const got = await ner(t.text, options);
          assertClose(got, nerWant(t.text, rows), `${t.key} ${JSON.stringify(options)}`);
        }
        if (t.windows_at_stride_64 > 1) merged++;
      }
      assert.ok(merged >= 2, 'the long texts span several windows');
      const b = m.stride.batch;
      const got = await ner(b.inputs, b.options);
      assert.equal(got.length, b.inputs.length);
      got.forEach((g, i) => assertClose(g, nerWant(b.inputs[i], b.rows[i]), `batch[${i}]`));
    } finally {
      await ner.dispose();
    }
  });

  test(`ner ${name}: invalid strides are refused as in Python, and the pipeline stays usable`, async () => {
    const ner = await pipeline('token-classification', m.repo_id, { dtype: 'fp32' });
    try {
      const text = m.stride.texts.find((t) => t.key === 'long_english').text;
      for (const [key, { options, error }] of Object.entries(m.stride.errors)) {
        assert.ok(error, `${key}: Python refused it`);
        await assert.rejects(ner(text, options), matches(error.type), `${key} (Python: ${error.type}: ${error.message.slice(0, 80)})`);
      }
      const short = m.stride.texts.find((t) => t.key === 'short');
      assertClose(await ner(short.text, short.outputs[0].options), nerWant(short.text, short.outputs[0].rows), 'after errors');
    } finally {
      await ner.dispose();
    }
  });
}
