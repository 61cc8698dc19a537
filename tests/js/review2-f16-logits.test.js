// Review (stop 9, js/generation/logits.js): lastLogitsRows widened float16 logits with f16ToF32,
// which reads its input as IEEE half BIT PATTERNS (Uint16Array). onnxruntime-web 1.30 hands float16
// tensors out as Float16Array wherever the runtime has one (onnxruntime-common's type mapping;
// Chrome >= 135, this machine's Chromium 156), whose elements are the values themselves: an fp16
// decoder's logits then became garbage (1.5 read as the bits 0x0001) and generation picked wrong
// tokens. feature-extraction already tells the two apart. Node 20 has no Float16Array, so the test
// installs a stand-in (a typed array whose elements are the numbers, which is all that matters
// here) before ORT's first tensor, and checks that ORT itself keeps float16 data in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

class Float16ArrayStandIn extends Float32Array {}
globalThis.Float16Array ??= Float16ArrayStandIn;
const ort = await import('onnxruntime-common');
const { lastLogitsRows } = await import('../../js/generation/logits.js');

test('float16 logits given as a Float16Array are read as values, not as half-float bits', async () => {
  const F16 = globalThis.Float16Array;
  const values = [1.5, -2, 0.25, 3, 7, -1, 0.5, 2, -0.125, 4, 6, -3];
  // ORT's own choice for float16 data when the runtime has a Float16Array: that class.
  const one = new ort.Tensor('float16', F16.from(values.slice(0, 6)), [2, 1, 3]);
  assert.ok(one.data instanceof F16, 'onnxruntime keeps float16 data as Float16Array');
  const a = await lastLogitsRows(one);
  assert.deepEqual([a.rows, a.vocab, Array.from(a.data)], [2, 3, values.slice(0, 6)]);
  // [rows, seq, vocab] with seq 2: the last position of each row.
  const b = await lastLogitsRows(new ort.Tensor('float16', F16.from(values), [2, 2, 3]));
  assert.deepEqual(Array.from(b.data), [...values.slice(3, 6), ...values.slice(9, 12)]);
  // Half-float bit patterns (Uint16Array, where there is no Float16Array) still widen exactly.
  const bits = Uint16Array.of(0x3E00, 0xC000, 0x3400);  // 1.5, -2, 0.25
  const c = await lastLogitsRows({ dims: [1, 3], type: 'float16', data: bits, location: 'cpu' });
  assert.deepEqual(Array.from(c.data), [1.5, -2, 0.25]);
});
