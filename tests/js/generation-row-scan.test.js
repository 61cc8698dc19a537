// The wasm core's greedy argmax (SIMD, generation/row_scan.cpp) picks what torch.argmax picks: the
// first maximal logit, or the first NaN when there is one (torch ranks NaN highest; recorded torch
// picks are checked in review-row-scan.test.js). The oracle is a plain JS scan. Rows are fed through
// the real generator (a batch of one), lengths around the SIMD
// block sizes and a 50257-token vocabulary, maxima and ties at every position class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCore, unwrap } from '../../js/core.js';
import { greedyPick } from './helpers/greedy-pick.js';

function firstMax(row) { // torch.argmax: the first NaN, else the first maximum
  const nan = row.findIndex(Number.isNaN);
  if (nan >= 0) return nan;
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[best] < row[i]) best = i;
  return best;
}

test('greedy argmax equals the first maximum (ties, -Infinity, signed zeros, NaN)', async () => {
  const core = await getCore();
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 10 - 5;
  let checked = 0;
  for (const n of [1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 33, 50257]) {
    const positions = n > 40 ? [0, 1, 7, 8, 4096, n - 9, n - 2, n - 1] : [...Array(n).keys()];
    for (const at of positions) {
      const row = Float32Array.from({ length: n }, rand);
      const cases = [];
      row[at] = 9; cases.push(Float32Array.from(row));
      row[n - 1 - at] = 9; cases.push(Float32Array.from(row)); // tie
      const masked = new Float32Array(n).fill(-Infinity); masked[at] = -3; cases.push(masked);
      cases.push(new Float32Array(n).fill(-Infinity));
      const zeros = new Float32Array(n); zeros[at] = -0; cases.push(zeros);
      row[at] = NaN; cases.push(Float32Array.from(row));
      for (const c of cases) {
        assert.equal(greedyPick(core, c), firstMax(c), `n=${n} at=${at} row=${n <= 40 ? Array.from(c) : '(large)'}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 1000);
});

test('greedy: a masked raw maximum (suppress_tokens) gives the best unmasked token', async () => {
  const core = await getCore();
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 10 - 5;
  for (const n of [5, 33, 50257]) {
    const row = Float32Array.from({ length: n }, rand);
    const top = firstMax(row);
    const masked = Float32Array.from(row);
    masked[top] = -Infinity;
    const config = JSON.stringify({ vocab_size: n, model_type: 'gpt2' });
    const options = JSON.stringify({ max_new_tokens: 1, do_sample: false, suppress_tokens: [top] });
    const gen = unwrap(core.BatchGenerator.create('', config, '', '', options, [Int32Array.of(0)], n));
    try {
      unwrap(gen.step(row, 1));
      assert.equal(Number(gen.nextTokens()[0]), firstMax(masked), `n=${n}`);
    } finally {
      gen.delete();
    }
  }
});

// Beam search's log-softmax (SIMD exp sum of generation/row_scan.cpp, read in place by the top-K
// scan) against float64 arithmetic: one beam step over a row, the two best tokens and their
// scores (= log-probabilities: one new token, length_penalty 1). Rows: uniform spreads, all-equal
// and ascending ones (the maximum last), and trained-model-like rows (a few peaks over a long tail
// 20-200 below the maximum, -inf masks) where most terms are below e^-40 and skipped.
test('beam log-softmax equals float64 log-softmax within float32 rounding', async () => {
  const core = await getCore();
  let seed = 5;
  const uniform = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
  const rows = [];
  for (const n of [4, 7, 33, 1000, 32128, 50257]) {
    for (const spread of [0.01, 1, 8, 40]) rows.push(Float32Array.from({ length: n }, () => (uniform() * 2 - 1) * spread));
    for (const tail of [3, 10, 30]) {
      const row = Float32Array.from({ length: n }, () => -20 - Math.abs(normal()) * tail);
      for (let k = 0; k < Math.min(n, 20); k++) row[Math.floor(uniform() * n)] = normal() * 3;
      if (n > 8) row[Math.floor(uniform() * n)] = -Infinity;
      rows.push(row);
    }
    rows.push(new Float32Array(n).fill(3.5)); // all equal: ties to the lowest ids
    rows.push(Float32Array.from({ length: n }, (_, i) => -30 + (60 * i) / n)); // the maximum last
  }
  let worst = 0;
  for (const row of rows) {
    const n = row.length;
    let m = -Infinity;
    for (const x of row) m = Math.max(m, x);
    let s = 0;
    for (const x of row) s += Math.exp(x - m);
    const lse = m + Math.log(s);
    const order = [...row.keys()].sort((a, b) => row[b] - row[a] || a - b);
    const config = JSON.stringify({ vocab_size: n, model_type: 'gpt2' });
    const options = JSON.stringify({ max_new_tokens: 1, do_sample: false, num_beams: 2, num_return_sequences: 2, early_stopping: true });
    const gen = unwrap(core.BatchGenerator.create('', config, '', '', options, [Int32Array.of(0)], n));
    try {
      unwrap(gen.step(row, 1));
      assert.ok(gen.done());
      const seqs = gen.sequences();
      const scores = gen.scores();
      for (let j = 0; j < 2; j++) {
        const t = order[j];
        assert.equal(seqs[j][1], t, `n=${n} rank ${j}`);
        const want = row[t] - lse;
        const err = Math.abs(scores[j] - want);
        worst = Math.max(worst, err);
        // float32 rounding of lse and of x - lse (half an ulp each) plus the terms' rounding in the
        // sum (~6e-8 relative each; the float64 sum adds nothing). The float-accumulated sum this
        // replaced was off by up to 4e-6 here.
        assert.ok(err <= Math.max(Math.abs(row[t]), Math.abs(lse), Math.abs(want)) * 2 ** -23 + 2.5e-7, `n=${n} rank ${j}: ${scores[j]} vs ${want}`);
      }
    } finally {
      gen.delete();
    }
  }
  assert.ok(worst > 0, 'float32 results cannot all equal float64 ones: the comparison is broken');
  if (process.env.WASMPIPE_REPORT_LSE) console.log(`max |beam log-softmax - float64| = ${worst} over ${rows.length} rows`);
});
