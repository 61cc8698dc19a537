// Review of js/generation/batch.js: beam search reorders the KV cache every step. The single-prompt
// loop (model.js) gathers the reordered rows into one reused buffer per cache input (kv-cache.js
// gatherRows with `buffers`), so a step allocates nothing once the buffer has grown; the batched
// loop allocated a fresh copy of the whole decoder cache every step (per-token allocation of
// rows x layers x heads x length x dim floats). Checked on the tiny GPT-2 / T5 fixtures with a
// batch of the Python batch prompts: the decoder cache inputs of the steps after the first must
// come from a handful of buffers (growth doubles them), and the outputs stay Python's (the
// beam cases of tests/fixtures/expected/generation-batch.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { generateBatch } from '../../js/generation/batch.js';
import { padTokenId } from '../../js/pipelines/generation-batching.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const recorded = (file) => JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected', file), 'utf8'));
const expected = recorded('generation-batch.json');
const single = recorded('generation.json');
let hub;
test.before(async () => { hub = await useLocalHub(); });
test.after(async () => hub?.close());

for (const name of ['tiny-gpt2', 'tiny-t5']) {
  test(`${name}: batched beam search reuses its cache buffers across steps (and still equals Python)`, async () => {
    const b = expected.models[name];
    const model = single.models[name];
    const [repo] = Object.values(model.repos);
    const pipe = await pipeline(model.seq2seq ? 'text2text-generation' : 'text-generation', repo.repo_id, { dtype: 'fp32' });
    try {
      const unpadded = b.input_ids.map((row, i) => row.filter((_, j) => b.attention_mask[i][j] === 1));
      // pad_token = eos_token where the tokenizer has none (GPT-2), as Python's batch was padded
      if (pipe.tokenizer.pad_token == null) pipe.tokenizer.pad_token = pipe.tokenizer.eos_token;
      const padId = padTokenId(pipe.tokenizer, 'test');
      const side = model.seq2seq ? pipe.tokenizer.padding_side : 'left';
      const run = pipe.generativeModel.run;
      for (const c of b.cases.filter((k) => (k.kwargs.num_beams ?? 1) > 1)) {
        // Per decoder cache input: the buffers of the gathered (reordered) copies fed to the model;
        // a tensor the previous run returned is fed as it is (no copy) and does not count.
        const gathered = new Map();
        const produced = new WeakSet();
        let step = 0, copies = 0;
        pipe.generativeModel.run = async (n, feeds, ...rest) => {
          if (n !== 'encoder_model') {
            for (const [k, t] of Object.entries(feeds)) {
              if (!k.startsWith('past_key_values.') || k.includes('.encoder.') || step < 2) continue;
              if (produced.has(t.data.buffer)) continue;
              copies += 1;
              if (!gathered.has(k)) gathered.set(k, new Set());
              gathered.get(k).add(t.data.buffer);
            }
            step += 1;
          }
          const out = await run.call(pipe.generativeModel, n, feeds, ...rest);
          for (const [k, t] of Object.entries(out)) if (k.startsWith('present') && t.data?.buffer) produced.add(t.data.buffer);
          return out;
        };
        try {
          const got = await generateBatch(pipe.generativeModel, unpadded, { padId, padSide: side, options: c.kwargs });
          assert.deepEqual(got.sequences.map((s) => Array.from(s)), c.sequences, `${c.name}: sequences`);
        } finally {
          pipe.generativeModel.run = run;
        }
        const layers = gathered.size || 1;
        const reorders = copies / layers;  // steps whose cache was gathered
        assert.ok(reorders >= 3, `${c.name}: only ${reorders} reordered steps of ${step}`);
        for (const [k, set] of gathered) {
          assert.ok(set.size <= Math.ceil(Math.log2(reorders)) + 2,
            `${c.name}: ${k} was gathered into ${set.size} different buffers over ${reorders} reordered steps (a fresh copy per step)`);
        }
      }
    } finally {
      await pipe.dispose();
    }
  });
}
