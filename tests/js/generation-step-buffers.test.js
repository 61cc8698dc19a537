// The generation loop (js/generation/batch.js, step-buffers.js) refills its input_ids and
// position_ids tensors instead of building new ones every step: once the rows settle ([rows, 1]
// from the second step; beams from the third), every step feeds the same tensor objects, and the
// ids still equal what Python transformers generated (greedy and beam cases of
// tests/fixtures/expected/generation.json on the tiny GPT-2, which has position_ids, and T5).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

for (const [name, inputs] of [['tiny-gpt2', ['input_ids', 'position_ids']], ['tiny-t5', ['input_ids']]]) {
  test(`${name}: ${inputs.join(' and ')} tensors are reused across steps; ids equal Python`, async () => {
    const m = expected.models[name];
    const pipe = await pipeline(m.seq2seq ? 'text2text-generation' : 'text-generation', m.repos[name].repo_id, { dtype: 'fp32' });
    const run = pipe.generativeModel.run;
    try {
      for (const c of m.cases.filter((k) => ['greedy_min_new_tokens', 'beam4_never_lp05'].includes(k.name))) {
        const o = c.outputs.reduce((a, b) => (b.sequences[0].length > a.sequences[0].length ? b : a)); // the most steps
        const fed = Object.fromEntries(inputs.map((k) => [k, []]));
        pipe.generativeModel.run = async (session, feeds, ...rest) => {
          if (session !== 'encoder_model') for (const k of inputs) fed[k].push(feeds[k]);
          return run.call(pipe.generativeModel, session, feeds, ...rest);
        };
        const got = await pipe.generativeModel.generate(o.input_ids, { options: c.kwargs });
        assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, `${c.name}: sequences`);
        for (const k of inputs) {
          const later = fed[k].slice(2); // step 1 feeds the prompt; beams start from one row
          assert.ok(later.length >= 3, `${c.name}: only ${fed[k].length} steps`);
          assert.equal(new Set(later).size, 1, `${c.name}: ${k} got ${new Set(later).size} different tensors over ${later.length} steps`);
          assert.equal(later[0].dims[1], 1, `${c.name}: ${k} dims ${later[0].dims}`);
        }
      }
    } finally {
      pipe.generativeModel.run = run;
      await pipe.dispose();
    }
  });
}
