// dtype 'fp16' task heads: model_fp16.onnx (float16 logits out, as Hub repos ship it) for
// text-classification, token-classification and question-answering, against what Python
// transformers' pipelines return on the same file (tests/fixtures/generate_fp16_heads.py, optimum's
// ORT model classes). Before floatData() these pipelines handed ORT's half-float bits to the core
// as if they were float32 values.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { floatData } from '../../js/tensor.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/fp16-heads.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

// Python widens float16 logits to float32 before its softmax for text and token classification
// (so float32 agreement, as the fp32 tests), but QA's numpy softmax runs in float16: its scores
// carry float16 rounding (2^-11 relative per value, a few roundings per score).
const TOL = { 'text-classification': 1e-5, 'token-classification': 1e-5, 'question-answering': 4e-3 };

function assertRows(got, want, tol, where) {
  assert.equal(got.length, want.length, `${where}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  want.forEach((w, i) => {
    const { score, ...rest } = w;
    const { score: gotScore, ...gotRest } = got[i];
    assert.deepEqual(gotRest, rest, `${where}: row ${i}`);
    assert.ok(Math.abs(gotScore - score) <= tol * Math.max(1, Math.abs(score)) || Math.abs(gotScore - score) <= tol,
      `${where}: row ${i} score ${gotScore} vs Python ${score}`);
  });
}

for (const [name, m] of Object.entries(expected.models)) {
  test(`${name} fp16 (${m.task}) equals Python transformers on model_fp16.onnx`, async () => {
    const pipe = await pipeline(m.task, `wasmpipe-test/${name}`, { dtype: 'fp16' });
    try {
      assert.equal(pipe.dtype.model, 'fp16');
      for (const c of m.cases) {
        const where = `${name} ${JSON.stringify(c.text ?? c.question)}`;
        let got;
        if (m.task === 'text-classification') got = await pipe(c.text, { top_k: null });
        else if (m.task === 'token-classification') got = await pipe(c.text, { aggregation_strategy: c.aggregation_strategy });
        else got = await pipe(c.question, c.context, { top_k: c.top_k });
        assertRows(got, c.output, TOL[m.task], `${where} ${c.aggregation_strategy ?? ''}`);
      }
    } finally {
      await pipe.dispose();
    }
  });
}

test('floatData widens Float16Array values and half-float bits alike, and names other types', () => {
  const bits = Uint16Array.of(0x3c00, 0xc000, 0x3555, 0x7c00, 0x0001); // 1, -2, 0.333..., inf, 2^-24
  const want = [1, -2, 0.333251953125, Infinity, 2 ** -24];
  assert.deepEqual([...floatData({ type: 'float16', data: bits }, 'x')], want);
  // What onnxruntime-web hands out where the runtime has Float16Array: the values themselves.
  class Float16Like extends Float32Array {}
  assert.deepEqual([...floatData({ type: 'float16', data: Float16Like.from(want) }, 'x')], want);
  const f32 = Float32Array.of(1.5);
  assert.equal(floatData({ type: 'float32', data: f32 }, 'x'), f32);
  assert.throws(() => floatData({ type: 'int32', data: Int32Array.of(1) }, 'text-classification (logits)'),
    (e) => e.code === 'NOT_IMPLEMENTED' && /text-classification \(logits\).*int32.*float32 and float16/.test(e.message));
});
