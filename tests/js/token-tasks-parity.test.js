// Parity with transformers.js where it implements the same behaviour: token-classification
// (aggregation none / simple), fill-mask (one mask per input) and zero-shot-classification, on the
// same fixture models and inputs, fp32: same labels / tokens, scores within 1e-5.
// Known, documented differences that are not compared: transformers.js's NER `word` is the decoded
// token (Python's, and ours, is the raw token, e.g. "##ing"), it drops tokens that decode to ""
// (e.g. [UNK] and a lone SentencePiece "▁", which Python keeps) and has no start/end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pipeline as tjsPipeline } from '@huggingface/transformers';
import { pipeline } from '../../js/index.js';
import { useHubAndTransformersJs } from './helpers/transformersjs.js';

const NER_MODELS = ['wasmpipe-test/ner-bert', 'wasmpipe-test/ner-roberta'];
const NER_INPUTS = [
  'My name is Wolfgang and I live in Berlin.',
  'Hugging Face Inc. is a company based in New York City. Its headquarters are in DUMBO, therefore very close to the Manhattan Bridge.',
  'unbelievably unaffordable antidisestablishmentarianism in Llanfairpwllgwyngyll',
];
const FILL_MODELS = ['wasmpipe-test/fill-mask-bert', 'wasmpipe-test/fill-mask-roberta'];
const FILL_INPUTS = ['The capital of France is {mask}.', 'Hello {mask}', 'Ünïcödé café {mask} 👍🏽 naïve test'];
const ZERO_MODELS = ['wasmpipe-test/zero-shot-bert-nli', 'wasmpipe-test/zero-shot-roberta-nli'];
const ZERO_INPUTS = ['One day I will see the world', 'I have a problem with my iphone that needs to be resolved asap!!'];
const LABELS = ['travel', 'cooking', 'dancing', 'exploration', 'urgent'];

let hub;
before(async () => {
  hub = await useHubAndTransformersJs();
});
after(async () => hub?.close());

const near = (a, b, where) => assert.ok(Math.abs(a - b) <= 1e-5, `${where}: ${a} vs ${b}`);

async function both(task, model, fn) {
  const theirs = await tjsPipeline(task, model, { dtype: 'fp32', device: 'cpu' });
  const ours = await pipeline(task, model, { dtype: 'fp32' });
  try {
    await fn(ours, theirs);
  } finally {
    await ours.dispose();
    await theirs.dispose();
  }
}

for (const model of NER_MODELS) {
  test(`${model}: NER none and simple equal transformers.js (labels, scores, token indices)`, async () => {
    await both('token-classification', model, async (ours, theirs) => {
      for (const text of NER_INPUTS) {
        for (const aggregation_strategy of ['none', 'simple']) {
          const want = await theirs(text, { aggregation_strategy, ignore_labels: [] });
          const got = await ours(text, { aggregation_strategy, ignore_labels: [] });
          const where = `${text.slice(0, 30)} ${aggregation_strategy}`;
          assert.equal(got.length, want.length, `${where}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
          got.forEach((g, i) => {
            const w = want[i];
            if (aggregation_strategy === 'none') {
              assert.equal(g.entity, w.entity, `${where} #${i}`);
              assert.equal(g.index, w.index, `${where} #${i}`);
            } else {
              assert.equal(g.entity_group, w.entity_group, `${where} #${i}`);
            }
            near(g.score, w.score, `${where} #${i}`);
          });
        }
      }
    });
  });
}

for (const model of FILL_MODELS) {
  test(`${model}: fill-mask equals transformers.js (tokens, token_str, sequence, scores)`, async () => {
    await both('fill-mask', model, async (ours, theirs) => {
      const mask = ours.tokenizer.mask_token;
      for (const template of FILL_INPUTS) {
        const text = template.replace('{mask}', mask);
        const want = await theirs(text, { top_k: 5 });
        const got = await ours(text, { top_k: 5 });
        assert.deepEqual(got.map((g) => [g.token, g.token_str, g.sequence]), want.map((w) => [w.token, w.token_str, w.sequence]), text);
        got.forEach((g, i) => near(g.score, want[i].score, `${text} #${i}`));
      }
    });
  });
}

for (const model of ZERO_MODELS) {
  test(`${model}: zero-shot equals transformers.js (single and multi_label)`, async () => {
    await both('zero-shot-classification', model, async (ours, theirs) => {
      for (const text of ZERO_INPUTS) {
        for (const multi_label of [false, true]) {
          const want = await theirs(text, LABELS, { multi_label });
          const got = await ours(text, LABELS, { multi_label });
          assert.equal(got.sequence, want.sequence);
          assert.deepEqual(got.labels, want.labels, `${text} multi_label=${multi_label}`);
          got.scores.forEach((s, i) => near(s, want.scores[i], `${text} ${got.labels[i]}`));
        }
      }
    });
  });
}
