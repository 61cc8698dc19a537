// Review of fill-mask's top_k (js/pipelines/fill-mask.js -> token_tasks.cpp fillMask): it crosses
// Embind as a 32-bit size_t, so top_k: 2 ** 32 + 1 wrapped to 1 and returned one candidate, where
// Python's pipeline (torch.topk with k past the vocabulary) raises. A huge top_k must be refused
// (INVALID_ARGUMENT / TypeError) or give every candidate: never a silent cut to one. On the
// fill-mask-bert fixture; the pipeline stays usable afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pipeline } from '../../js/index.js';
import { useLocalHub } from './helpers/server.js';

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

test('fill-mask-bert: top_k of 2^32 + 1 is not wrapped to 1', async () => {
  const fill = await pipeline('fill-mask', 'wasmpipe-test/fill-mask-bert', { dtype: 'fp32' });
  try {
    const text = 'Paris is the [MASK] of France.';
    let got = null;
    try {
      got = await fill(text, { top_k: 2 ** 32 + 1 });
    } catch (e) {
      assert.ok(e instanceof TypeError || e.code === 'INVALID_ARGUMENT', e.message);
    }
    if (got !== null) assert.ok(got.length > 1, `top_k 2^32 + 1 gave ${got.length} candidate(s): wrapped to 1`);
    assert.equal((await fill(text, { top_k: 2 })).length, 2);
  } finally {
    await fill.dispose();
  }
});
