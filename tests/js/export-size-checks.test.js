// Sizes passed from JS to the numbers-only exports (wasm/bindings/token_tasks_io.cpp,
// feature_pooling_raw.cpp) are checked without wrapping on wasm32, and zero-shot logits must have
// exactly one row per (text, candidate label) pair of the last encode: a clear Error, never an
// out-of-bounds read or a silently dropped text; the next call still works. Good inputs are checked
// against Python's formulas (zero-shot softmax, masked mean) written out here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AutoTokenizer } from '../../js/index.js';
import { getCore, unwrap } from '../../js/core.js';
import { checked, records, writeLogits, writeTexts } from '../../js/pipelines/task-io.js';
import { MODEL_FIXTURES } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

const repo = (name) => path.join(MODEL_FIXTURES, 'wasmpipe-test', name);

async function runnerOf(kind, name) {
  const core = await getCore();
  const tok = await AutoTokenizer.from_pretrained(`wasmpipe-test/${name}`);
  const runner = core[kind].create(tok.handle, fs.readFileSync(path.join(repo(name), 'config.json'), 'utf8'));
  assert.ok(!(runner instanceof Error), String(runner?.message));
  return { core, tok, task: { runner, at: runner.address(), io: runner.io() } };
}

// Python: softmax over the labels' entailment logits, best first (ties: the later label first).
function pythonScores(logits, texts, labels, classes, entail) {
  return Array.from({ length: texts }, (_, t) => {
    const e = Array.from({ length: labels }, (_, l) => logits[(t * labels + l) * classes + entail]);
    const m = Math.max(...e);
    const ex = e.map((v) => Math.exp(v - m));
    const sum = ex.reduce((a, b) => a + b, 0);
    return ex.map((v, l) => [l, v / sum]).reverse().sort((a, b) => b[1] - a[1]);
  });
}

test('zero-shot classify: rows must be texts x labels, sizes must not wrap, and good logits score as Python', async () => {
  const { core, tok, task } = await runnerOf('ZeroShotRunner', 'zero-shot-bert-nli');
  const entail = JSON.parse(fs.readFileSync(path.join(repo('zero-shot-bert-nli'), 'config.json'), 'utf8')).label2id.entailment;
  const labels = ['urgent', 'phone', 'sports'];
  const texts = ['My phone is broken!', 'The match ended 2-1.'];
  try {
    assert.equal(task.runner.setLabels('This example is {}.', JSON.stringify(labels)), true);
    writeTexts(core, task, texts, 'test');
    checked(task, core._wasmpipe_zero_shot_encode(task.at, texts.length), 'test');
    const logits = Float32Array.from({ length: texts.length * labels.length * 3 }, (_, i) => Math.sin(i * 1.7) * 4);
    const classify = (values, classes = 3) => {
      writeLogits(core, task, values, 'test');
      return Array.from(records(core, task, core._wasmpipe_zero_shot_classify(task.at, classes, 0), 'test'));
    };
    const scoresOf = (r) => {
      const f = new Float32Array(Uint32Array.from(r).buffer);
      return Array.from({ length: texts.length }, (_, t) => Array.from({ length: labels.length }, (_, j) => [r[2 * (t * labels.length + j)], f[2 * (t * labels.length + j) + 1]]));
    };
    const expectGood = () => {
      const got = scoresOf(classify(logits));
      pythonScores(logits, texts.length, labels.length, 3, entail).forEach((want, t) => {
        assert.deepEqual(got[t].map(([l]) => l), want.map(([l]) => l), `text ${t}: label order`);
        got[t].forEach(([, s], j) => assert.ok(Math.abs(s - want[j][1]) < 1e-6, `text ${t}: score ${s} vs ${want[j][1]}`));
      });
    };
    expectGood();
    // The rows of one text only (a multiple of labels x classes): before, the second text was dropped.
    assert.throws(() => classify(logits.subarray(0, labels.length * 3)), { code: 'INVALID_ARGUMENT', message: /expected 2 texts x 3 labels x 3 classes/ });
    assert.throws(() => classify(new Float32Array(logits.length + 9)), { code: 'INVALID_ARGUMENT' });
    // 3 labels x 0x55555556 classes wraps to 2 on wasm32: 6 floats passed every check and were indexed far out of bounds.
    assert.throws(() => classify(new Float32Array(6), 0x55555556), { code: 'INVALID_ARGUMENT', message: /does not fit/ });
    assert.equal(core._wasmpipe_task_logits(task.io, 2 ** 31), 0);
    assert.throws(() => checked(task, -1, 'test'), { code: 'INVALID_ARGUMENT', message: /logits buffer: 2147483648 values do not fit/ });
    // 4 * count wraps for count >= 2^30: now the count is checked against the buffer, not its wrapped size.
    for (const count of [2 ** 30, 2 ** 30 + 1, 2 ** 32 - 1]) {
      assert.throws(() => checked(task, core._wasmpipe_zero_shot_encode(task.at, count), 'test'), { code: 'INTERNAL', message: /text lengths exceed the input buffer/ }, `count ${count}`);
    }
    writeTexts(core, task, texts, 'test');
    checked(task, core._wasmpipe_zero_shot_encode(task.at, texts.length), 'test');
    expectGood(); // the next call works
  } finally {
    task.runner.delete();
    tok.dispose();
  }
});

test('token-classification classify: batch x seq x labels must not wrap', async () => {
  const { core, tok, task } = await runnerOf('TokenClassificationRunner', 'ner-bert');
  try {
    writeTexts(core, task, ['Hugging Face is in Paris.'], 'test');
    const seq = checked(task, core._wasmpipe_ner_encode(task.at, 1), 'test');
    const classify = (values, s) => {
      writeLogits(core, task, values, 'test');
      return checked(task, core._wasmpipe_ner_classify(task.at, s, 9, 0), 'test');
    };
    // 1 x 477218589 x 9 = 2^32 + 5: it wrapped to 5, matched 5 floats, and the rows were read past them.
    assert.throws(() => classify(new Float32Array(5), 477218589), { code: 'INVALID_ARGUMENT', message: /does not fit/ });
    assert.throws(() => classify(new Float32Array(seq * 9 - 1), seq), { code: 'INVALID_ARGUMENT', message: /do not match/ });
    assert.ok(classify(new Float32Array(seq * 9), seq) >= 2, 'the next call works');
  } finally {
    task.runner.delete();
    tok.dispose();
  }
});

test('feature-extraction pooling: batch x seq x dim must not wrap; the pooled values are the hand-computed mean', async () => {
  const core = await getCore();
  const pooler = core.FeaturePooler.create();
  const at = pooler.address();
  const task = { runner: pooler };
  const mean = unwrap(pooler.poolingCode('mean'), 'test');
  const fill = (hidden, mask) => {
    const h = core._wasmpipe_pooler_hidden(at, hidden.length);
    new Float32Array(core.HEAPU8.buffer, h, hidden.length).set(hidden);
    const m = core._wasmpipe_pooler_mask(at, mask.length);
    new BigInt64Array(core.HEAPU8.buffer, m, mask.length).set(mask);
  };
  const pool = (batch, seq, dim) => checked(task, core._wasmpipe_pooler_pool(at, batch, seq, dim, mean, 0), 'test');
  try {
    // 2^16 x 2^16 x 1 wrapped to 0 and matched empty buffers: mean pooling then read 2^16 rows of nothing.
    fill([], []);
    assert.throws(() => pool(2 ** 16, 2 ** 16, 1), { code: 'INVALID_ARGUMENT', message: /does not fit/ });
    assert.throws(() => pool(1, 2 ** 16, 2 ** 16), { code: 'INVALID_ARGUMENT', message: /does not fit/ });
    // More floats than wasm32 can address: a clear error instead of std::length_error's "vector".
    assert.equal(core._wasmpipe_pooler_hidden(at, 2 ** 31), 0);
    assert.throws(() => unwrap(pooler.lastError(), 'test'), { code: 'INVALID_ARGUMENT', message: /pooler buffer: 2147483648 values do not fit/ });
    // batch 1, seq 3 (the last token padding), dim 2: the mean of the first two rows.
    fill([1, 2, 3, 5, 100, 100], [1n, 1n, 0n]);
    const n = pool(1, 3, 2);
    assert.deepEqual(Array.from(new Float32Array(core.HEAPU8.buffer, core._wasmpipe_pooler_out(at), n)), [2, 3.5]);
  } finally {
    pooler.delete();
  }
});
