// The wasm core's greedy argmax (SIMD, generation/row_scan.cpp) picks what torch.argmax /
// std::max_element pick: the first maximal logit; a NaN never wins unless it comes first. The
// oracle is a plain JS scan. Rows are fed through the real generator (a batch of one), lengths around the SIMD
// block sizes and a 50257-token vocabulary, maxima and ties at every position class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCore, unwrap } from '../../js/core.js';

function firstMax(row) {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[best] < row[i]) best = i;
  return best;
}

function greedyPick(core, row) {
  const config = JSON.stringify({ vocab_size: row.length, model_type: 'gpt2' });
  const gen = unwrap(core.BatchGenerator.create('', config, '', '', JSON.stringify({ max_new_tokens: 1, do_sample: false }), [Int32Array.of(0)], row.length));
  try {
    unwrap(gen.step(row, 1));
    return Number(gen.nextTokens()[0]);
  } finally {
    gen.delete();
  }
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
