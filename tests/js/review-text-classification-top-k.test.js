// Review of text-classification's top_k (js/pipelines/text-classification.js -> bindings.cpp
// classify): it crosses Embind as a 32-bit size_t, so top_k: 2 ** 32 + 1 wrapped to 1 and returned
// one label, where Python (top_k past the number of labels) returns every label, best first.
// Oracle: Python's recorded top_k=None output (all labels) of tests/fixtures/expected/
// text-classification.json on the 5-label fixture; a refusal (INVALID_ARGUMENT / TypeError) would
// also do, a silent cut would not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const recorded = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/text-classification.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

test('tiny-bert-5class-vocab-only: top_k of 2^32 + 1 gives every label (Python), not one', async () => {
  const m = recorded.models['tiny-bert-5class-vocab-only'];
  const [first] = m.single;
  const want = first.pipeline.top_k_none;
  const classify = await pipeline('text-classification', m.repo_id, { dtype: 'fp32' });
  try {
    let got = null;
    try {
      got = await classify(first.text, { top_k: 2 ** 32 + 1 });
    } catch (e) {
      assert.ok(e instanceof TypeError || e.code === 'INVALID_ARGUMENT', e.message);
    }
    if (got !== null) {
      assert.deepEqual(got.map((r) => r.label), want.map((r) => r.label), 'labels, best first');
      got.forEach((r, i) => assert.ok(Math.abs(r.score - want[i].score) <= 1e-5, `score ${i}: ${r.score} vs ${want[i].score}`));
    }
  } finally {
    await classify.dispose();
  }
});
