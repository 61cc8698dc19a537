// token-classification (ner), fill-mask and zero-shot-classification on the generated tiny models
// (tests/fixtures/generate_token_tasks.py), loaded through the local Hub server, against what
// Python transformers' pipelines recorded on the same ONNX files: every aggregation strategy,
// ignore_labels, offsets, several masks, targets, multi_label, templates; model_quantized.onnx too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const load = (task) => JSON.parse(readFileSync(path.join(ROOT, `tests/fixtures/expected/${task}.json`), 'utf8'));
const NER = load('token-classification');
const FILL = load('fill-mask');
const ZERO = load('zero-shot-classification');

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

/** Python str index (code points) -> JS string index (UTF-16 units). */
const utf16 = (text, cp) => (cp === null ? null : Array.from(text).slice(0, cp).join('').length);

const near = (got, want, tol) => Math.abs(got - want) <= tol + 1e-3 * Math.abs(want);

/** Deep comparison: strings/ints exact, scores within tol. */
function assertClose(got, want, tol, where) {
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(got), `${where}: expected an array, got ${JSON.stringify(got)?.slice(0, 200)}`);
    assert.equal(got.length, want.length, `${where}: length (${JSON.stringify(got).slice(0, 300)} vs ${JSON.stringify(want).slice(0, 300)})`);
    want.forEach((w, i) => assertClose(got[i], w, tol, `${where}[${i}]`));
  } else if (want && typeof want === 'object') {
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), `${where}: keys`);
    for (const k of Object.keys(want)) assertClose(got[k], want[k], tol, `${where}.${k}`);
  } else if (typeof want === 'number' && !Number.isInteger(want)) {
    assert.ok(near(got, want, tol), `${where}: ${got} vs ${want}`);
  } else {
    assert.equal(got, want, where);
  }
}

/** Python NER entities with their offsets converted to UTF-16. */
const nerWant = (text, entities) => entities.map((e) => ({ ...e, start: utf16(text, e.start), end: utf16(text, e.end) }));

for (const [name, m] of Object.entries(NER.models)) {
  test(`ner ${name} (${m.tokenizer_model}): every strategy and ignore_labels equal Python transformers (fp32)`, async () => {
    const ner = await pipeline('ner', m.repo_id, { dtype: 'fp32' });
    try {
      for (const s of m.single) {
        for (const [key, { options, result }] of Object.entries(s.outputs)) {
          const got = await ner(s.text, options);
          assertClose(got, nerWant(s.text, result), 1e-5, `${JSON.stringify(s.text.slice(0, 30))} ${key}`);
        }
      }
      const batch = await ner(m.batch.inputs, m.batch.options);
      assertClose(batch, m.batch.inputs.map((t, i) => nerWant(t, m.batch.result[i])), 1e-5, 'batch');
    } finally {
      await ner.dispose();
    }
  });

  test(`ner ${name}: q8 equals Python onnxruntime on model_quantized.onnx`, async () => {
    const ner = await pipeline('token-classification', m.repo_id);
    try {
      assert.equal(ner.dtype.model, 'q8');
      for (const q of m.quantized) assertClose(await ner(q.text, q.options), nerWant(q.text, q.result), 1e-4, `q8 ${q.text.slice(0, 30)}`);
    } finally {
      await ner.dispose();
    }
  });
}

for (const [name, m] of Object.entries(FILL.models)) {
  test(`fill-mask ${name}: top_k, targets and several masks equal Python transformers (fp32)`, async () => {
    const fill = await pipeline('fill-mask', m.repo_id, { dtype: 'fp32' });
    try {
      for (const s of m.single) {
        for (const { options, result } of s.outputs) {
          assertClose(await fill(s.text, options), result, 1e-5, `${JSON.stringify(s.text)} ${JSON.stringify(options)}`);
        }
      }
      assertClose(await fill(m.batch.inputs, m.batch.options), m.batch.result, 1e-5, 'batch');
      // Python's errors, and the pipeline stays usable after each.
      await assert.rejects(fill('There is no mask here.'), (e) => /no mask_token/i.test(e.message) && e.code === 'INVALID_ARGUMENT');
      await assert.rejects(fill(''), (e) => /no mask_token/i.test(e.message));
      await assert.rejects(fill(m.batch.inputs[0], { targets: [''] }), (e) => /targets/.test(e.message) && e.code === 'INVALID_ARGUMENT');
      await assert.rejects(fill(m.batch.inputs[0], { top_k: -1 }), TypeError);
      // Longer than the model takes: Python fails inside the model; here a clear error first.
      const long = `${'word '.repeat(700)}${FILL.models[name].mask_token}.`;
      await assert.rejects(fill(long), (e) => /at most 512/.test(e.message) && e.code === 'INVALID_ARGUMENT');
      assertClose(await fill(m.single[0].text), m.single[0].outputs[0].result, 1e-5, 'after errors');
    } finally {
      await fill.dispose();
    }
  });

  test(`fill-mask ${name}: q8 equals Python onnxruntime on model_quantized.onnx`, async () => {
    const fill = await pipeline('fill-mask', m.repo_id);
    try {
      for (const q of m.quantized) assertClose(await fill(q.text, q.options), q.result, 1e-4, `q8 ${q.text}`);
    } finally {
      await fill.dispose();
    }
  });
}

for (const [name, m] of Object.entries(ZERO.models)) {
  test(`zero-shot ${name} (entailment id ${m.entailment_id}): labels, templates, multi_label equal Python transformers (fp32)`, async () => {
    const classify = await pipeline('zero-shot-classification', m.repo_id, { dtype: 'fp32' });
    try {
      for (const s of m.single) {
        for (const { options, result } of s.outputs) {
          const { candidate_labels, ...rest } = options;
          assertClose(await classify(s.text, candidate_labels, rest), result, 1e-5, `${s.text} ${JSON.stringify(options)}`);
        }
      }
      // The options-object form and a batch.
      const { candidate_labels } = m.batch.options;
      assertClose(await classify(m.batch.inputs, { candidate_labels }), m.batch.result, 1e-5, 'batch');
      // Python's errors; the pipeline stays usable.
      const text = m.single[0].text;
      await assert.rejects(classify(text, []), (e) => /at least one label/.test(e.message) && e.code === 'INVALID_ARGUMENT');
      await assert.rejects(classify('', ['a', 'b']), (e) => /at least one sequence/.test(e.message));
      await assert.rejects(classify(text, ['a'], { hypothesis_template: 'No slot here.' }), (e) => /hypothesis_template/.test(e.message) && e.code === 'INVALID_ARGUMENT');
      await assert.rejects(classify(text, ['a'], { hypothesis_template: 'Bad {label}' }), (e) => e.code === 'INVALID_ARGUMENT');
      await assert.rejects(classify(text, [1, 2]), TypeError);
      assertClose(await classify(text, m.single[0].outputs[0].options.candidate_labels), m.single[0].outputs[0].result, 1e-5, 'after errors');
    } finally {
      await classify.dispose();
    }
  });

  test(`zero-shot ${name}: q8 equals Python onnxruntime on model_quantized.onnx`, async () => {
    const classify = await pipeline('zero-shot-classification', m.repo_id);
    try {
      for (const q of m.quantized) assertClose(await classify(q.text, q.options.candidate_labels), q.result, 1e-4, `q8 ${q.text}`);
    } finally {
      await classify.dispose();
    }
  });
}

// Calls made without awaiting the previous one each keep their own encodings, options and labels
// until their logits come back (js/pipelines/task-io.js RunnerPool).
test('ner and zero-shot: calls in flight at once (different texts, options, labels) each equal Python', async () => {
  const [, n] = Object.entries(NER.models)[0];
  const ner = await pipeline('ner', n.repo_id, { dtype: 'fp32' });
  const [, z] = Object.entries(ZERO.models)[0];
  const classify = await pipeline('zero-shot-classification', z.repo_id, { dtype: 'fp32' });
  try {
    const nerCalls = n.single.flatMap((s) => Object.values(s.outputs).slice(0, 2).map(({ options, result }) => ({ s, options, result })));
    const nerGot = await Promise.all(nerCalls.map(({ s, options }) => ner(s.text, options)));
    nerCalls.forEach(({ s, result }, i) => assertClose(nerGot[i], nerWant(s.text, result), 1e-5, `ner call ${i}`));
    const zeroCalls = z.single.flatMap((s) => s.outputs.slice(0, 3).map(({ options, result }) => ({ s, options, result })));
    const zeroGot = await Promise.all(zeroCalls.map(({ s, options: { candidate_labels, ...rest } }) => classify(s.text, candidate_labels, rest)));
    zeroCalls.forEach(({ result }, i) => assertClose(zeroGot[i], result, 1e-5, `zero-shot call ${i}`));
  } finally {
    await ner.dispose();
    await classify.dispose();
  }
});

test('ner: bad options are clear errors and the pipeline stays usable', async () => {
  const [name, m] = Object.entries(NER.models)[0];
  const ner = await pipeline('token-classification', m.repo_id, { dtype: 'fp32' });
  try {
    await assert.rejects(ner('Hello', { aggregation_strategy: 'mean' }), (e) => /aggregation_strategy/.test(e.message) && e.code === 'INVALID_ARGUMENT');
    await assert.rejects(ner('Hello', { ignore_labels: 'O' }), TypeError);
    await assert.rejects(ner(42), TypeError);
    // One entry for a 3-token input ([CLS] Hello [SEP]): the token at 1 has none (Python: IndexError).
    await assert.rejects(ner('Hello', { offset_mapping: [[0, 5]] }), (e) => e.code === 'INVALID_ARGUMENT' && /offset_mapping\[1\]/.test(e.message));
    await assert.rejects(ner('Hello', { aggregation: 'simple' }), (e) => e instanceof TypeError && /aggregation_strategy/.test(e.message));
    assert.deepEqual(await ner(''), []);
    assert.deepEqual(await ner([]), []);
    const s = m.single[0];
    assertClose(await ner(s.text, s.outputs.simple.options), nerWant(s.text, s.outputs.simple.result), 1e-5, `${name} after errors`);
  } finally {
    await ner.dispose();
  }
});
