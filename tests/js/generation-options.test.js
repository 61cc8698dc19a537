// Generation options without a case in expected/generation.json, against Python transformers'
// generate() on the same ONNX files (tests/fixtures/generate_generation_options.py, run through
// optimum's ORTModel): eos_token_id as a list (greedy, and beam search with scores), min_length
// masking every id of that list, decoder_start_token_id as a call option.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-options.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

for (const [name, m] of Object.entries(expected.models)) {
  const cases = [...new Set(m.outputs.map((o) => o.case))];
  test(`${name}: ${cases.join(', ')} ids (and beam scores) equal Python's generate()`, async () => {
    const pipe = await pipeline(m.seq2seq ? 'text2text-generation' : 'text-generation', m.repo_id, { dtype: 'fp32' });
    try {
      for (const o of m.outputs) {
        const where = `${name}/${o.case} ${JSON.stringify(o.prompt)}`;
        const got = await pipe.generativeModel.generate(o.input_ids, { options: o.kwargs });
        assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, `${where}: sequences`);
        (o.sequences_scores ?? []).forEach((want, i) => assert.ok(Math.abs(got.scores[i] - want) <= 1e-4 * Math.max(1, Math.abs(want)),
          `${where}: score #${i} ${got.scores[i]} vs ${want}`));
      }
    } finally {
      await pipe.dispose();
    }
  });
}
