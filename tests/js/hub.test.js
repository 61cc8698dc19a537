// js/hub + tests/server/hub-server.js against fake repos written to a temp folder.
// Run: node --test tests/js/hub.test.js

import { test, describe, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { pathToFileURL } from 'node:url';

import { env } from '../../js/env.js';
import { getModelFile, getModelJSON, getModelText, remoteUrl, cacheFilePath, ErrorCode } from '../../js/hub/index.js';
import { resetCacheWarnings } from '../../js/hub/cache.js';
import { startHubServer, fakeCommit } from '../server/hub-server.js';

const THRESHOLD = 4096; // files above this are "LFS" and redirect to /cdn/
let tmp, modelsDir, localDir, wwwDir, server, big, onnx;
const envDefaults = structuredClone(env);

const write = async (file, data) => {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data);
};
const resolvePath = (repo, file, rev = 'main') => `/${repo}/resolve/${rev}/${file}`;
const bytesEqual = (a, b) => assert.equal(Buffer.compare(Buffer.from(a), Buffer.from(b)), 0);
/** Collect progress events, with a callback to pass as progress_callback. */
const recorder = () => {
  const events = [];
  return { events, cb: (e) => events.push(e), statuses: () => events.map((e) => e.status) };
};
/** assert.rejects with a code and message fragments (every error must name what failed). */
const rejectsWith = (promise, code, ...fragments) =>
  assert.rejects(promise, (err) => {
    assert.equal(err.code, code, `code of: ${err.message}`);
    for (const f of fragments) assert.ok(err.message.includes(f), `"${f}" missing from: ${err.message}`);
    return true;
  });

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'wasmpipe-hub-'));
  modelsDir = path.join(tmp, 'hub');
  localDir = path.join(tmp, 'local');
  wwwDir = path.join(tmp, 'www');
  big = crypto.randomBytes(300_000); // several body chunks → several progress events
  onnx = crypto.randomBytes(1000); // small, but .onnx is always LFS
  await write(path.join(modelsDir, 'org/tiny/config.json'), JSON.stringify({ model_type: 'bert', where: 'hub' }));
  await write(path.join(modelsDir, 'org/tiny/tokenizer_config.json'), '\ufeff{"bom": true}');
  await write(path.join(modelsDir, 'org/tiny/weights.bin'), big);
  await write(path.join(modelsDir, 'org/tiny/onnx/model.onnx'), onnx);
  await write(path.join(modelsDir, 'org/tiny/bad.json'), 'not json at all {');
  await write(path.join(modelsDir, 'org/tiny/a b#c.txt'), 'spaced');
  await write(path.join(modelsDir, 'gpt2/config.json'), '{"legacy": true}');
  await write(path.join(localDir, 'org/local-only/config.json'), JSON.stringify({ where: 'local' }));
  await write(path.join(localDir, 'org/local-only/broken.json'), '<html><body>oops</body></html>');
  await write(path.join(localDir, 'org/tiny/config.json'), JSON.stringify({ where: 'local' }));
  await write(path.join(wwwDir, 'index.html'), '<!doctype html><title>x</title>');
  await write(path.join(wwwDir, 'app/main.mjs'), 'export {};');
  await write(path.join(wwwDir, 'app/core.wasm'), Buffer.from([0, 97, 115, 109]));
  await write(path.join(tmp, 'secret.txt'), 'secret');
  server = await startHubServer({ modelRoots: [modelsDir], staticRoots: { '/': wwwDir }, largeFileThreshold: THRESHOLD });
});

after(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

// Each test: remote = our server, its own empty cache dir, no local models unless it opts in.
beforeEach(async () => {
  Object.assign(env, structuredClone(envDefaults));
  env.remoteHost = server.url + '/';
  env.localModelPath = localDir + '/';
  env.allowLocalModels = false;
  env.cacheDir = await fs.mkdtemp(path.join(tmp, 'cache-'));
  server.stats.reset();
  server.clearInjections();
  resetCacheWarnings();
});
afterEach(() => Object.assign(env, structuredClone(envDefaults)));

describe('env', () => {
  test('Node defaults follow transformers.js', () => {
    assert.equal(envDefaults.remoteHost, 'https://huggingface.co/');
    assert.equal(envDefaults.remotePathTemplate, '{model}/resolve/{revision}/');
    assert.equal(envDefaults.allowRemoteModels, true);
    assert.equal(envDefaults.allowLocalModels, true);
    assert.equal(envDefaults.useFSCache, true);
    assert.equal(envDefaults.useBrowserCache, true);
    assert.equal(envDefaults.wasmPaths, null);
    assert.deepEqual(envDefaults.backends, { onnx: {} });
    assert.equal(envDefaults.localModelPath, path.join(process.cwd(), 'models') + path.sep);
    assert.equal(envDefaults.cacheDir, path.join(process.cwd(), '.cache', 'wasmpipe') + path.sep);
  });
});

describe('URLs', () => {
  test('default host and template, revision URL-encoded, file segments encoded', () => {
    const e = { ...envDefaults };
    assert.equal(remoteUrl(e, 'Xenova/gpt2', 'config.json'), 'https://huggingface.co/Xenova/gpt2/resolve/main/config.json');
    assert.equal(
      remoteUrl(e, 'Xenova/gpt2', 'onnx/model.onnx', 'refs/pr/1'),
      'https://huggingface.co/Xenova/gpt2/resolve/refs%2Fpr%2F1/onnx/model.onnx',
    );
    assert.equal(remoteUrl(e, 'o/m', 'a b#.txt'), 'https://huggingface.co/o/m/resolve/main/a%20b%23.txt');
  });

  test('custom host without trailing slash and custom template', () => {
    const e = { remoteHost: 'http://mirror.local:8080/hf', remotePathTemplate: 'models/{model}@{revision}/files/' };
    assert.equal(remoteUrl(e, 'o/m', 'x.json', 'v1.0'), 'http://mirror.local:8080/hf/models/o/m@v1.0/files/x.json');
  });

  test('file names that escape the model folder are refused', async () => {
    for (const bad of ['../secret.txt', 'a/../../x', '/etc/passwd', '']) {
      await assert.rejects(getModelFile('org/tiny', bad), TypeError);
    }
  });
});

describe('local models', () => {
  test('localModelPath is used first, with no request', async () => {
    env.allowLocalModels = true;
    const rec = recorder();
    assert.deepEqual(await getModelJSON('org/tiny', 'config.json', { progress_callback: rec.cb }), { where: 'local' });
    assert.deepEqual(rec.statuses(), ['initiate', 'progress', 'done']);
    assert.deepEqual(rec.events[1], { status: 'progress', name: 'org/tiny', file: 'config.json', progress: 100, loaded: 17, total: 17 });
    assert.equal(server.stats.total, 0);
  });

  test('falls back to the Hub when the local file is missing', async () => {
    env.allowLocalModels = true;
    assert.deepEqual(await getModelJSON('org/tiny', 'tokenizer_config.json'), { bom: true }); // BOM dropped
    assert.equal(server.stats.count(resolvePath('org/tiny', 'tokenizer_config.json')), 1);
  });

  test('a directory path or file:// URL as model id', async () => {
    const dir = path.join(localDir, 'org/local-only');
    assert.deepEqual(await getModelJSON(dir, 'config.json'), { where: 'local' });
    assert.deepEqual(await getModelJSON(pathToFileURL(dir).href, 'config.json'), { where: 'local' });
    const rel = path.relative(process.cwd(), dir);
    assert.deepEqual(await getModelJSON(rel.startsWith('.') ? rel : './' + rel, 'config.json'), { where: 'local' });
    await rejectsWith(getModelFile(dir, 'nope.json'), ErrorCode.FILE_NOT_FOUND, 'nope.json', dir);
    assert.equal(await getModelFile(dir, 'nope.json', { fatal: false }), null);
    await rejectsWith(getModelFile(dir + '-missing', 'config.json', { fatal: false }), ErrorCode.MODEL_NOT_FOUND, dir + '-missing');
    assert.equal(server.stats.total, 0);
  });

  test('allowRemoteModels = false: clear errors, no request', async () => {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    await rejectsWith(getModelFile('org/not-here', 'config.json'), ErrorCode.MODEL_NOT_FOUND, 'org/not-here', 'env.allowRemoteModels');
    await rejectsWith(getModelFile('org/local-only', 'vocab.txt'), ErrorCode.FILE_NOT_FOUND, 'vocab.txt', 'env.allowRemoteModels');
    assert.equal(await getModelFile('org/local-only', 'vocab.txt', { fatal: false }), null);
    env.allowLocalModels = false;
    await rejectsWith(getModelFile('org/tiny', 'config.json'), ErrorCode.MODEL_NOT_FOUND, 'allowLocalModels', 'allowRemoteModels');
    assert.equal(server.stats.total, 0);
  });

  test('a warm cache still serves files offline (allowRemoteModels = false)', async () => {
    await getModelFile('org/tiny', 'config.json');
    env.allowRemoteModels = false;
    server.stats.reset();
    assert.deepEqual(await getModelJSON('org/tiny', 'config.json'), { model_type: 'bert', where: 'hub' });
    assert.equal(server.stats.total, 0);
  });
});

describe('remote models', () => {
  test('download: progress events in order with loaded/total', async () => {
    const rec = recorder();
    bytesEqual(await getModelFile('org/tiny', 'weights.bin', { progress_callback: rec.cb }), big);
    const st = rec.statuses();
    assert.deepEqual(st.slice(0, 2), ['initiate', 'download']);
    assert.equal(st.at(-1), 'done');
    const progress = rec.events.filter((e) => e.status === 'progress');
    assert.equal(progress.length, st.length - 3, 'only progress events between download and done');
    assert.ok(progress.length > 1, 'a 300 kB body arrives in several chunks');
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].loaded > progress[i - 1].loaded);
    assert.deepEqual(progress.at(-1), { status: 'progress', name: 'org/tiny', file: 'weights.bin', progress: 100, loaded: big.length, total: big.length });
    for (const e of rec.events) assert.equal(e.name, 'org/tiny');
  });

  test('LFS files redirect to the CDN path and are followed', async () => {
    bytesEqual(await getModelFile('org/tiny', 'onnx/model.onnx'), onnx);
    assert.equal(server.stats.count(resolvePath('org/tiny', 'onnx/model.onnx')), 1);
    assert.equal(server.stats.count('/cdn/org%2Ftiny/onnx/model.onnx'), 1);
    assert.equal(server.stats.count('/cdn/org%2Ftiny/weights.bin'), 0);
    await getModelFile('org/tiny', 'weights.bin'); // over largeFileThreshold
    assert.equal(server.stats.count('/cdn/org%2Ftiny/weights.bin'), 1);
  });

  test('legacy single-name repos, encoded file names, full URL as model id', async () => {
    assert.deepEqual(await getModelJSON('gpt2', 'config.json'), { legacy: true });
    assert.equal(await getModelText('org/tiny', 'a b#c.txt'), 'spaced');
    assert.equal(await getModelText(`${server.url}/org/tiny/resolve/main`, 'a b#c.txt'), 'spaced');
  });

  test('a cached file makes no request; events initiate, progress 100, done', async () => {
    await getModelFile('org/tiny', 'weights.bin');
    await getModelFile('org/tiny', 'onnx/model.onnx');
    const url = remoteUrl(env, 'org/tiny', 'weights.bin');
    bytesEqual(await fs.readFile(cacheFilePath(env.cacheDir, url)), big);
    server.stats.reset();
    const rec = recorder();
    bytesEqual(await getModelFile('org/tiny', 'weights.bin', { progress_callback: rec.cb }), big);
    bytesEqual(await getModelFile('org/tiny', 'onnx/model.onnx'), onnx);
    assert.equal(server.stats.total, 0, server.stats.requests.join(', '));
    assert.deepEqual(rec.statuses(), ['initiate', 'progress', 'done']);
    assert.equal(rec.events[1].progress, 100);
    // No temp files left behind by the atomic writes.
    const left = await fs.readdir(path.dirname(cacheFilePath(env.cacheDir, url)));
    assert.ok(!left.some((f) => f.endsWith('.tmp')), left.join());
  });

  test('useFSCache = false always downloads', async () => {
    env.useFSCache = false;
    await getModelFile('org/tiny', 'config.json');
    await getModelFile('org/tiny', 'config.json');
    assert.equal(server.stats.count(resolvePath('org/tiny', 'config.json')), 2);
  });

  test('a cache that cannot be written warns once and the load still succeeds', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    env.cacheDir = path.join(tmp, 'secret.txt'); // a file, so mkdir under it fails
    assert.deepEqual(await getModelJSON('org/tiny', 'config.json'), { model_type: 'bert', where: 'hub' });
    await getModelFile('org/tiny', 'weights.bin');
    assert.equal(warn.mock.callCount(), 1);
    assert.match(warn.mock.calls[0].arguments[0], /cache/);
  });

  test('revision is URL-encoded in the request; unknown revision → MODEL_NOT_FOUND', async () => {
    const commit = fakeCommit('org/tiny');
    assert.deepEqual(await getModelJSON('org/tiny', 'config.json', { revision: commit }), { model_type: 'bert', where: 'hub' });
    await rejectsWith(getModelFile('org/tiny', 'config.json', { revision: 'refs/pr/1' }), ErrorCode.MODEL_NOT_FOUND, 'refs/pr/1', 'RevisionNotFound', 'refs%2Fpr%2F1');
    assert.equal(server.stats.count(resolvePath('org/tiny', 'config.json', 'refs%2Fpr%2F1')), 1);
  });
});

describe('errors', () => {
  test('unknown repo → MODEL_NOT_FOUND (even with fatal: false)', async () => {
    const url = `${server.url}/org/nope/resolve/main/config.json`;
    await rejectsWith(getModelFile('org/nope', 'config.json'), ErrorCode.MODEL_NOT_FOUND, '"org/nope"', url, '404', 'RepoNotFound', 'model id');
    await rejectsWith(getModelFile('org/nope', 'config.json', { fatal: false }), ErrorCode.MODEL_NOT_FOUND);
  });

  test('unknown file → FILE_NOT_FOUND; fatal: false → null, still ends with done', async () => {
    const url = `${server.url}/org/tiny/resolve/main/onnx/model_q4.onnx`;
    await rejectsWith(getModelFile('org/tiny', 'onnx/model_q4.onnx'), ErrorCode.FILE_NOT_FOUND, '"onnx/model_q4.onnx"', '"org/tiny"', url, '404', 'EntryNotFound');
    const rec = recorder();
    assert.equal(await getModelJSON('org/tiny', 'generation_config.json', { fatal: false, progress_callback: rec.cb }), null);
    assert.deepEqual(rec.statuses(), ['initiate', 'download', 'done']);
  });

  test('HTML page instead of JSON → NOT_MODEL_FILE naming model, file, URL, first chars', async () => {
    server.inject(resolvePath('org/tiny', 'config.json'), { status: 'html' });
    const url = `${server.url}/org/tiny/resolve/main/config.json`;
    await rejectsWith(getModelJSON('org/tiny', 'config.json'), ErrorCode.NOT_MODEL_FILE, '"org/tiny"', '"config.json"', url, '<!DOCTYPE html>');
    server.clearInjections();
    // Not cached: the next load gets the real file.
    assert.deepEqual(await getModelJSON('org/tiny', 'config.json'), { model_type: 'bert', where: 'hub' });
    // Bytes that arrive fine but are not JSON (served as application/json or read locally).
    await rejectsWith(getModelJSON('org/tiny', 'bad.json'), ErrorCode.NOT_MODEL_FILE, 'bad.json', 'not valid JSON', '"not json at all {"');
    await rejectsWith(getModelJSON(path.join(localDir, 'org/local-only'), 'broken.json'), ErrorCode.NOT_MODEL_FILE, '<html><body>oops');
  });

  test('HTTP 500 → HTTP_ERROR with status; nothing cached', async () => {
    server.inject(resolvePath('org/tiny', 'config.json'), { status: 500, times: 1 });
    await rejectsWith(getModelFile('org/tiny', 'config.json'), ErrorCode.HTTP_ERROR, '500', '"config.json"', 'retry');
    await getModelFile('org/tiny', 'config.json');
    assert.equal(server.stats.count(resolvePath('org/tiny', 'config.json')), 2);
  });

  test('connection refused (server closed) → NETWORK_ERROR with the cause', async () => {
    const gone = await startHubServer({ modelRoots: [modelsDir] });
    await gone.close();
    env.remoteHost = gone.url + '/';
    const err = await getModelFile('org/tiny', 'config.json').catch((e) => e);
    assert.equal(err.code, ErrorCode.NETWORK_ERROR);
    assert.ok(err.message.includes(`${gone.url}/org/tiny/resolve/main/config.json`), err.message);
    assert.match(err.message, /ECONNREFUSED/);
    assert.ok(err.cause);
  });

  test('connection reset, or dropped mid-body → NETWORK_ERROR, not cached', async () => {
    server.inject(resolvePath('org/tiny', 'config.json'), 'reset');
    await rejectsWith(getModelFile('org/tiny', 'config.json'), ErrorCode.NETWORK_ERROR, '"config.json"');
    server.inject('/cdn/', { status: 'truncate', times: 1 });
    await rejectsWith(getModelFile('org/tiny', 'weights.bin'), ErrorCode.NETWORK_ERROR, '"weights.bin"');
    bytesEqual(await getModelFile('org/tiny', 'weights.bin'), big);
    assert.equal(server.stats.count('/cdn/org%2Ftiny/weights.bin'), 2);
  });

  test('abort signal rejects with AbortError', async () => {
    server.inject('/org/tiny/', { status: 'slow', delayMs: 2000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(getModelFile('org/tiny', 'config.json', { signal: ac.signal }), { name: 'AbortError' });
  });
});

describe('hub-server', () => {
  const get = (p, headers) => fetch(server.url + p, { headers, redirect: 'manual' });

  test('Hub headers: git-blob ETag, X-Repo-Commit, CORS, Range, HEAD', async () => {
    const body = JSON.stringify({ model_type: 'bert', where: 'hub' });
    const sha1 = crypto.createHash('sha1').update(`blob ${body.length}\0${body}`).digest('hex');
    const res = await get(resolvePath('org/tiny', 'config.json'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), `"${sha1}"`);
    assert.equal(res.headers.get('x-repo-commit'), fakeCommit('org/tiny'));
    assert.match(res.headers.get('x-repo-commit'), /^[0-9a-f]{40}$/);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-expose-headers'), /X-Repo-Commit/);
    assert.equal(await res.text(), body);
    const part = await get(resolvePath('org/tiny', 'config.json'), { Range: 'bytes=0-0' });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-0/${body.length}`);
    assert.equal(await part.text(), '{');
    const head = await fetch(server.url + resolvePath('org/tiny', 'config.json'), { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), String(body.length));
  });

  test('LFS redirect carries X-Linked-Etag (sha256) and X-Linked-Size', async () => {
    const res = await get(resolvePath('org/tiny', 'onnx/model.onnx'));
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/cdn/org%2Ftiny/onnx/model.onnx');
    assert.equal(res.headers.get('x-linked-etag'), `"${crypto.createHash('sha256').update(onnx).digest('hex')}"`);
    assert.equal(res.headers.get('x-linked-size'), String(onnx.length));
  });

  test('404 bodies and codes', async () => {
    const repo = await get(resolvePath('org/nope', 'config.json'));
    assert.equal(repo.headers.get('x-error-code'), 'RepoNotFound');
    assert.deepEqual(await repo.json(), { error: 'Repository not found' });
    assert.equal((await get(resolvePath('org/tiny', 'nope.json'))).headers.get('x-error-code'), 'EntryNotFound');
    assert.equal((await get(resolvePath('org/tiny', 'config.json', 'v2'))).headers.get('x-error-code'), 'RevisionNotFound');
  });

  test('static files: MIME types, isolation headers, index.html, no traversal', async () => {
    const page = await get('/');
    assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
    assert.equal(page.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(page.headers.get('content-type'), /^text\/html/);
    assert.match((await get('/app/main.mjs')).headers.get('content-type'), /^text\/javascript/);
    assert.equal((await get('/app/core.wasm')).headers.get('content-type'), 'application/wasm');
    assert.equal((await get('/app')).status, 301);
    for (const p of ['/..%2fsecret.txt', '/app/%2e%2e/%2e%2e/secret.txt', '/%2e%2e/secret.txt', '/app/..%5c..%5csecret.txt']) {
      const res = await get(p);
      assert.equal(res.status, 404, p);
    }
    const open = await startHubServer({ staticRoots: { '/': wwwDir }, isolate: false });
    const res = await fetch(open.url + '/');
    assert.equal(res.headers.get('cross-origin-embedder-policy'), null);
    await open.close();
  });
});
