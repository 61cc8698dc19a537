// Greedy generation parity with transformers.js 4.3.1 (devDependency): the same fixture models
// and prompts through @huggingface/transformers' model.generate() and through wasmpipe give the
// same token ids. (transformers.js has no beam search, so only greedy is compared.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForSeq2SeqLM, AutoModelForCausalLM, Tensor } from '@huggingface/transformers';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useHubAndTransformersJs } from './helpers/transformersjs.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));
let hub;
before(async () => {
  hub = await useHubAndTransformersJs();
});
after(async () => hub?.close());

for (const [name, m] of Object.entries(expected.models)) {
  const repoId = Object.values(m.repos)[0].repo_id;
  test(`${name}: greedy ids equal transformers.js`, async () => {
    const Auto = m.seq2seq ? AutoModelForSeq2SeqLM : AutoModelForCausalLM;
    const theirs = await Auto.from_pretrained(repoId, { dtype: 'fp32', device: 'cpu' });
    const ours = await pipeline(m.seq2seq ? 'text2text-generation' : 'text-generation', repoId, { dtype: 'fp32' });
    try {
      for (const prompt of expected.prompts) {
        const ids = m.cases[0].outputs.find((o) => o.prompt === prompt).input_ids;
        const input = new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
        const mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
        const want = await theirs.generate({ inputs: input, attention_mask: mask, max_new_tokens: 10, do_sample: false, num_beams: 1 });
        const got = await ours.generativeModel.generate(ids, { options: { max_new_tokens: 10, do_sample: false, num_beams: 1 } });
        assert.deepEqual(Array.from(got.sequences[0]), want.tolist()[0].map(Number), `${name}: ${JSON.stringify(prompt)}`);
      }
    } finally {
      await theirs.dispose();
      await ours.dispose();
    }
  });
}
