// Review of generation/row_scan.cpp (the SIMD argmax of greedy search) on rows holding NaN,
// against torch.argmax, which HF's greedy search calls (torch 2.x treats NaN as the largest value:
// the first NaN wins). Expected picks come from torch (tests/fixtures/review/row_scan_refs.py ->
// tests/fixtures/expected/review-row-scan.json); rows are rebuilt here from the same LCG, fed
// through the real wasm Generator (the SIMD path), lengths around the SIMD block sizes and a
// 50257-token vocabulary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getCore } from '../../js/core.js';
import { greedyPick } from './helpers/greedy-pick.js';
import { ROOT } from './helpers/paths.js';

const refs = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/review-row-scan.json'), 'utf8'));
const SPECIAL = { nan: NaN, inf: Infinity, '-inf': -Infinity };

function rowOf(c) {
  const row = new Float32Array(c.n);
  if (c.fill) row.fill(SPECIAL[c.fill]);
  else {
    let s = c.seed;
    for (let i = 0; i < c.n; i++) {
      s = (s * 1103515245 + 12345) % 2 ** 32;  // exact in doubles, as Python's ints
      row[i] = (s / 2 ** 32) * 10 - 5;
    }
  }
  for (const [i, v] of c.set) row[i] = SPECIAL[v];
  return row;
}

test('greedy argmax on rows with NaN picks what torch.argmax picks (the first NaN)', async () => {
  const core = await getCore();
  const wrong = [];
  for (const c of refs.cases) {
    const got = greedyPick(core, rowOf(c));
    if (got !== c.torch_argmax) wrong.push(`n=${c.n} set=${JSON.stringify(c.set)}: ${got}, torch ${c.torch_argmax}`);
  }
  assert.deepEqual(wrong, [], `${wrong.length}/${refs.cases.length} differ from torch.argmax`);
});
