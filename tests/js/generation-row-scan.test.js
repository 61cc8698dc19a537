// The wasm core's greedy argmax (SIMD, generation/row_scan.cpp) picks what torch.argmax picks: the
// first maximal logit, or the first NaN when there is one (torch ranks NaN highest; recorded torch
// picks are checked in review-row-scan.test.js). The oracle is a plain JS scan. Rows are fed through
// the real generator (a batch of one), lengths around the SIMD
// block sizes and a 50257-token vocabulary, maxima and ties at every position class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCore } from '../../js/core.js';
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
