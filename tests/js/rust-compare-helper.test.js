// The field comparison every Rust conformance test relies on (helpers/rust-compare.js): a helper
// that said "same" too easily would turn those tests green on wrong output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstDifference, sameRows } from './helpers/rust-compare.js';

test('sameRows: equal lists, typed or not; any differing element, length or pair is a difference', () => {
  assert.ok(sameRows(Int32Array.of(5, 7, 9), [5, 7, 9]));
  assert.ok(sameRows(['a', 'Ġb'], ['a', 'Ġb']));
  assert.ok(sameRows([[0, 1], [1, 4]], [[0, 1], [1, 4]]));
  assert.ok(sameRows([], []));
  assert.ok(sameRows([0], [-0])); // as their JSON compared
  assert.ok(!sameRows(Int32Array.of(5, 7, 9), [5, 7, 8]));
  assert.ok(!sameRows([5, 7], [5, 7, 9]));
  assert.ok(!sameRows(['a', 'b'], ['a', 'B']));
  assert.ok(!sameRows([[0, 1], [1, 4]], [[0, 1], [1, 5]]));
  assert.ok(!sameRows([[0, 1]], [[0, 1, 2]]));
  assert.ok(!sameRows([[0, 1]], [0, 1]));
  assert.ok(!sameRows(['1'], [1]));
  assert.ok(!sameRows(BigInt64Array.of(1n), [1])); // never equal by accident of type
});

test('firstDifference names the first differing field and shows both sides', () => {
  assert.equal(firstDifference({ ids: [[1, 2], Int32Array.of(1, 2)], tokens: [['x'], ['x']] }), null);
  assert.deepEqual(firstDifference({ ids: [Int32Array.of(1, 2), [1, 2]], tokens: [['x'], ['y']], offsets: [[[0, 1]], [[0, 2]]] }),
    { field: 'tokens', got: '["x"]', want: '["y"]' });
});
