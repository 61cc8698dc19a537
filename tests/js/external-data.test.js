// ONNX external data (use_external_data_format, transformers.js semantics) through the local Hub:
// tiny-bert-encoder's q8 graph with its weights in onnx/model_quantized.onnx_data + _data_1
// (tests/fixtures/generate_external_data.py) must give Python onnxruntime's embeddings of the
// single-file model; the data files get progress events and are cached like the graph.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { externalDataChunks } from '../../js/backend/external-data.js';
import { useLocalHub } from './helpers/server.js';
import { ROOT, MODEL_FIXTURES } from './helpers/paths.js';
import { feExpected } from './helpers/qa-fixtures.js';

const SRC = path.join(MODEL_FIXTURES, 'wasmpipe-test/tiny-bert-encoder');
const DATA = path.join(ROOT, 'tests/fixtures/external-data/tiny-bert-encoder/onnx');
const expected = feExpected.models['tiny-bert-encoder'];
const GRAPH = 'onnx/model_quantized.onnx';

let hub, server, tmp;
// Repos: the tokenizer and config of tiny-bert-encoder, the split q8 model, and a config setting.
function makeRepo(name, jsConfig) {
  const dir = path.join(tmp, 'ext', name);
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of fs.readdirSync(SRC)) {
    if (f === 'onnx') continue;
    fs.copyFileSync(path.join(SRC, f), path.join(dir, f));
  }
  const config = JSON.parse(fs.readFileSync(path.join(SRC, 'config.json'), 'utf8'));
  if (jsConfig) config['transformers.js_config'] = jsConfig;
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  for (const f of fs.readdirSync(DATA)) fs.copyFileSync(path.join(DATA, f), path.join(dir, 'onnx', f));
  return `ext/${name}`;
}

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-extdata-'));
  makeRepo('by-file', { use_external_data_format: { 'model_quantized.onnx': 2 } });
  makeRepo('none', null);
  makeRepo('by-device', { use_external_data_format: 1, device_config: { wasm: { use_external_data_format: 2 } } });
  hub = await useLocalHub({ roots: [tmp, MODEL_FIXTURES] });
  server = hub.server;
});
after(async () => {
  await hub?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const cosine = (a, b) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return d / Math.sqrt(na * nb);
};

async function assertEmbeddings(extract, where) {
  for (const e of expected.single) {
    const got = await extract(e.text, { pooling: 'mean' });
    const want = e.onnx_quantized.pooled.mean;
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got.data[i] - want[i]));
    assert.ok(worst <= 5e-3 && cosine(got.data, want) >= 0.9999, `${where} ${JSON.stringify(e.text.slice(0, 30))}: max diff ${worst}`);
  }
}

const resolvePath = (repo, file) => `/${repo}/resolve/main/${file}`;

test('config map {"model_quantized.onnx": 2}: both data files load, embeddings equal Python onnxruntime (single-file q8)', async () => {
  const events = [];
  const extract = await pipeline('feature-extraction', 'ext/by-file', { dtype: 'q8', progress_callback: (e) => events.push(e) });
  try {
    await assertEmbeddings(extract, 'by-file');
  } finally {
    await extract.dispose();
  }
  for (const file of [GRAPH, `${GRAPH}_data`, `${GRAPH}_data_1`]) {
    const mine = events.filter((e) => e.file === file).map((e) => e.status);
    assert.deepEqual([mine[0], mine[1], mine.at(-1)], ['initiate', 'download', 'done'], `${file}: ${mine}`);
    const last = events.filter((e) => e.file === file && e.status === 'progress').at(-1);
    assert.equal(last.progress, 100, file);
    assert.equal(last.loaded, fs.statSync(path.join(DATA, path.basename(file))).size, file);
  }
  assert.ok(!events.some((e) => e.file === `${GRAPH}_data_2`));
  // Cached: a second load fetches no model file again (only optional files that do not exist).
  const before = server.stats.total;
  const again = await pipeline('feature-extraction', 'ext/by-file', { dtype: 'q8' });
  await again.dispose();
  const refetched = server.stats.requests.slice(before).filter((r) => /\.onnx|config\.json|tokenizer\.json/.test(r));
  assert.deepEqual(refetched, []);
  assert.equal(server.stats.count(resolvePath('ext/by-file', `${GRAPH}_data_1`)), 1);
});

test('device_config[device] overrides the config value; the pipeline option overrides both', async () => {
  const byDevice = await pipeline('feature-extraction', 'ext/by-device', { dtype: 'q8' });
  try { await assertEmbeddings(byDevice, 'by-device'); } finally { await byDevice.dispose(); }
  // No setting in config.json: the option alone (number, and per session name) brings the data.
  for (const option of [2, { model: 2 }]) {
    const extract = await pipeline('feature-extraction', 'ext/none', { dtype: 'q8', use_external_data_format: option });
    try { await assertEmbeddings(extract, `option ${JSON.stringify(option)}`); } finally { await extract.dispose(); }
  }
  // Without any setting, ONNX Runtime cannot find the weights: an error, not garbage.
  await assert.rejects(pipeline('feature-extraction', 'ext/none', { dtype: 'q8' }),
    /Could not load ext\/none\/onnx\/model_quantized\.onnx .*external data files .*set use_external_data_format/);
  // false overrides the config's map.
  await assert.rejects(pipeline('feature-extraction', 'ext/by-file', { dtype: 'q8', use_external_data_format: false }), /Could not load/);
});

test('a missing data file is a clear error naming the file and the option; the next load works', async () => {
  await assert.rejects(
    pipeline('feature-extraction', 'ext/by-file', { dtype: 'q8', use_external_data_format: 3 }),
    (err) => {
      assert.match(err.message, /External data file "onnx\/model_quantized\.onnx_data_2" of model "ext\/by-file" is missing/);
      assert.match(err.message, /use_external_data_format is 3/);
      assert.equal(err.code, 'FILE_NOT_FOUND');
      return true;
    });
  const extract = await pipeline('feature-extraction', 'ext/by-file', { dtype: 'q8' });
  try { await assertEmbeddings(extract, 'after error'); } finally { await extract.dispose(); }
});

test('text-generation takes the setting too: its session file gets the data files asked for', async () => {
  await assert.rejects(
    pipeline('text-generation', 'wasmpipe-test/tiny-gpt2', { dtype: 'fp32', use_external_data_format: { 'model.onnx': 1 } }),
    /External data file "onnx\/model\.onnx_data" of model "wasmpipe-test\/tiny-gpt2" is missing \(1 data file expected for onnx\/model\.onnx/);
  const generator = await pipeline('text-generation', 'wasmpipe-test/tiny-gpt2', { dtype: 'fp32', use_external_data_format: { decoder_model_merged: 1 } });
  await generator.dispose();
});

test('invalid use_external_data_format values are rejected with the accepted forms', async () => {
  for (const bad of [-1, 101, 1.5, 'two', { 'model_quantized.onnx': 'x' }]) {
    await assert.rejects(pipeline('feature-extraction', 'ext/by-file', { dtype: 'q8', use_external_data_format: bad }),
      /use_external_data_format.* is .*: use true\/false or a whole number of data files from 0 to 100/, JSON.stringify(bad));
  }
});

test('resolution follows transformers.js: full file name before session name, booleans as 0/1, unknown keys 0', () => {
  assert.equal(externalDataChunks(true, 'model_q4.onnx', 'model'), 1);
  assert.equal(externalDataChunks(false, 'model_q4.onnx', 'model'), 0);
  assert.equal(externalDataChunks(null, 'model_q4.onnx', 'model'), 0);
  assert.equal(externalDataChunks(7, 'model_q4.onnx', 'model'), 7);
  assert.equal(externalDataChunks({ 'model_q4.onnx': 3, model: 1 }, 'model_q4.onnx', 'model'), 3);
  assert.equal(externalDataChunks({ model: true }, 'model_q4.onnx', 'model'), 1);
  assert.equal(externalDataChunks({ decoder_model_merged: 2 }, 'model_q4.onnx', 'model'), 0);
});
