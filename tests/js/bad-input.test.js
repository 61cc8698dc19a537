// Bad input never crashes or wedges the module: each case gets a clear Error, and the same pipeline
// (and the shared wasm core) keeps working afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline, AutoTokenizer } from '../../js/index.js';
import { MODEL_FIXTURES } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const GOOD = 'wasmpipe-test/tiny-bert-sst2';
let hub, brokenRoot, classify;

before(async () => {
  // A second model root holding broken copies of a good repo.
  brokenRoot = mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-broken-'));
  const good = path.join(MODEL_FIXTURES, GOOD);
  const make = (name, mutate) => {
    const dir = path.join(brokenRoot, 'broken', name);
    cpSync(good, dir, { recursive: true });
    mutate(dir);
  };
  make('no-config', (d) => rmSync(path.join(d, 'config.json')));
  make('bad-tokenizer', (d) => writeFileSync(path.join(d, 'tokenizer.json'), '{"model": {"type": "WordPiece", "vocab": ['));
  make('weird-tokenizer', (d) => writeFileSync(path.join(d, 'tokenizer.json'), JSON.stringify({ model: { type: 'NoSuchModel' } })));
  make('not-onnx', (d) => writeFileSync(path.join(d, 'onnx/model.onnx'), 'this is not an onnx file at all'.repeat(10)));
  mkdirSync(path.join(brokenRoot, 'broken', 'empty'), { recursive: true });
  hub = await useLocalHub({ roots: [MODEL_FIXTURES, brokenRoot] });
  classify = await pipeline('sentiment-analysis', GOOD, { dtype: 'fp32' });
});

after(async () => {
  await classify?.dispose();
  await hub?.close();
  rmSync(brokenRoot, { recursive: true, force: true });
});

async function stillWorks() {
  const [r] = await classify('still working?');
  assert.ok(['NEGATIVE', 'POSITIVE'].includes(r.label));
  assert.ok(r.score > 0 && r.score <= 1);
}

test('empty string is classified (as [CLS] [SEP], like Python)', async () => {
  const [r] = await classify('');
  assert.ok(r.score > 0 && r.score <= 1);
});

test('100k words are truncated to the model max length, not crashing', async () => {
  const long = 'word '.repeat(100_000);
  const tok = classify.tokenizer;
  const enc = tok(long, { truncation: true, max_length: 512, return_tensor: false });
  assert.equal(enc.input_ids.length, 512);
  const [r] = await classify(long);
  assert.ok(r.score > 0 && r.score <= 1);
  await stillWorks();
});

test('non-string inputs give a TypeError naming the problem', async () => {
  for (const bad of [42, null, undefined, { txt: 'x' }, ['ok', 7]]) {
    await assert.rejects(classify(bad), (e) => e instanceof TypeError && /must be a string/.test(e.message), String(bad));
  }
  await assert.rejects(classify('x', { top_k: -1 }), /top_k/);
  await assert.rejects(classify('x', { function_to_apply: 'tanh' }), /function_to_apply/);
  await stillWorks();
});

test('a model id that does not exist: MODEL_NOT_FOUND naming the id', async () => {
  await assert.rejects(pipeline('sentiment-analysis', 'nobody/no-such-model'),
    (e) => e.code === 'MODEL_NOT_FOUND' && e.message.includes('nobody/no-such-model'));
  await stillWorks();
});

test('a repo without config.json: FILE_NOT_FOUND naming config.json', async () => {
  await assert.rejects(pipeline('sentiment-analysis', 'broken/no-config'),
    (e) => e.code === 'FILE_NOT_FOUND' && e.message.includes('config.json'));
  await assert.rejects(pipeline('sentiment-analysis', 'broken/empty'), /config\.json/);
  await stillWorks();
});

test('a corrupt tokenizer.json: INVALID_FILE naming the file', async () => {
  await assert.rejects(AutoTokenizer.from_pretrained('broken/bad-tokenizer'),
    (e) => e.code === 'INVALID_FILE' && /tokenizer\.json/.test(e.message));
  await assert.rejects(AutoTokenizer.from_pretrained('broken/weird-tokenizer'),
    (e) => /NoSuchModel/.test(e.message) && ['NOT_IMPLEMENTED', 'INVALID_FILE'].includes(e.code));
  await stillWorks();
});

test('an .onnx file that is not ONNX: a clear error naming the file', async () => {
  await assert.rejects(pipeline('sentiment-analysis', 'broken/not-onnx', { dtype: 'fp32' }),
    (e) => /broken\/not-onnx\/onnx\/model\.onnx/.test(e.message) && /ONNX/.test(e.message));
  await stillWorks();
});

test('bad pipeline arguments', async () => {
  await assert.rejects(pipeline('no-such-task'), /Unknown task 'no-such-task'/);
  await assert.rejects(pipeline('automatic-speech-recognition'), (e) => e.code === 'NOT_IMPLEMENTED');
  await assert.rejects(pipeline('sentiment-analysis', GOOD, { dtype: 'fp7' }), /Unknown dtype 'fp7'/);
  await assert.rejects(pipeline('sentiment-analysis', GOOD, { device: 'tpu' }), /Unknown device 'tpu'/);
  await assert.rejects(pipeline('sentiment-analysis', GOOD, { devise: 'wasm' }), /unknown option 'devise'/);
  await stillWorks();
});

test('concurrent calls on one pipeline all succeed', async () => {
  const texts = Array.from({ length: 8 }, (_, i) => `text number ${i}`);
  const results = await Promise.all(texts.map((t) => classify(t)));
  assert.equal(results.length, 8);
  const again = await classify(texts[3]);
  assert.deepEqual(results[3], again);
});

test('session_options reach ONNX Runtime (a bad one is its error, not silently dropped); a non-object is refused', async () => {
  await assert.rejects(pipeline('sentiment-analysis', GOOD, { dtype: 'fp32', session_options: 5 }),
    /session_options must be an object/);
  // ORT rejects an unknown graph optimization level: proof that the options are passed through.
  await assert.rejects(pipeline('sentiment-analysis', GOOD, { dtype: 'fp32', session_options: { graphOptimizationLevel: 'no-such-level' } }),
    /no-such-level|graphOptimizationLevel|optimization/i);
  const plain = await pipeline('sentiment-analysis', GOOD, { dtype: 'fp32', session_options: { graphOptimizationLevel: 'disabled' } });
  try {
    const [a] = await plain('I love learning AI!');
    const [b] = await classify('I love learning AI!');
    assert.equal(a.label, b.label);
    assert.ok(Math.abs(a.score - b.score) < 1e-5, `${a.score} vs ${b.score}`);
  } finally {
    await plain.dispose();
  }
  await stillWorks();
});
