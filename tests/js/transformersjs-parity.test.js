// Parity with transformers.js: the same fixture models and inputs through @huggingface/transformers
// and through wasmpipe give the same labels and scores (within 1e-5 for fp32).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pipeline as tjsPipeline } from '@huggingface/transformers';
import { pipeline } from '../../js/index.js';
import { useHubAndTransformersJs } from './helpers/transformersjs.js';

const MODELS = ['wasmpipe-test/tiny-bert-sst2', 'wasmpipe-test/tiny-distilbert-sst2', 'wasmpipe-test/tiny-bert-multilabel'];
const INPUTS = [
  'I love learning AI!',
  'This movie was a complete waste of time, and the ending made it worse.',
  'Ça ne marche pas très bien, mais c’est déjà ça.',
  '我很喜欢这个产品，但是价格太贵了。',
  'Meh. 🤷‍♀️ Could be better… or worse?!',
];

let hub;
before(async () => {
  hub = await useHubAndTransformersJs();
});
after(async () => hub?.close());

for (const model of MODELS) {
  test(`${model}: same labels and scores as transformers.js (fp32, all labels)`, async () => {
    const theirs = await tjsPipeline('text-classification', model, { dtype: 'fp32', device: 'cpu' });
    const ours = await pipeline('text-classification', model, { dtype: 'fp32' });
    try {
      for (const text of INPUTS) {
        const want = await theirs(text, { top_k: null });
        const got = await ours(text, { top_k: null });
        assert.equal(got.length, want.length, text);
        got.forEach((g, i) => {
          assert.equal(g.label, want[i].label, `${text}: label #${i}`);
          assert.ok(Math.abs(g.score - want[i].score) < 1e-5, `${text}: ${g.label} ${g.score} vs ${want[i].score}`);
        });
      }
      // A batch with the default top_k has transformers.js's shape (one {label, score} per input).
      // Compared against single calls: transformers.js cannot pad a batch for repos whose
      // tokenizer files name no pad token (tiny-bert-sst2, like bert-base-uncased): BigInt(undefined).
      const batch = await ours(INPUTS);
      const singles = await Promise.all(INPUTS.map((t) => theirs(t)));
      batch.forEach((r, i) => {
        assert.equal(r.label, singles[i][0].label);
        assert.ok(Math.abs(r.score - singles[i][0].score) < 1e-5, `batch[${i}]`);
      });
    } finally {
      await ours.dispose();
      await theirs.dispose();
    }
  });
}
