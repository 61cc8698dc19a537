// Fixture repos name their real tokenizer files in shared-files.json instead of committing copies
// (tests/server/shared-files.js): the Hub test server serves them as repo files (same bytes, the Hub's
// ETag), hides the mapping, refuses entries that leave the shared folder or whose file changed, and
// localModelFixtures() links them in for readers of local paths.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startHubServer } from '../server/hub-server.js';
import { MODEL_FIXTURES, TOKENIZER_FIXTURES, localModelFixtures } from './helpers/paths.js';

const server = await startHubServer({ port: 0, modelRoots: [MODEL_FIXTURES], largeFileThreshold: 1 << 30 });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-shared-'));
after(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

const url = (repo, file) => `${server.url}/${repo}/resolve/main/${file}`;

test('a file named in shared-files.json is served with the shared bytes and the Hub ETag (git blob sha1)', async () => {
  const shared = readFileSync(path.join(TOKENIZER_FIXTURES, 'gpt2/tokenizer.json'));
  const res = await fetch(url('wasmpipe-test/tiny-gpt2', 'tokenizer.json'));
  assert.equal(res.status, 200);
  const body = Buffer.from(await res.arrayBuffer());
  assert.ok(body.equals(shared));
  const blob = crypto.createHash('sha1').update(`blob ${shared.length}\0`).update(shared).digest('hex');
  assert.equal(res.headers.get('etag'), `"${blob}"`);
  const missing = await fetch(url('wasmpipe-test/tiny-gpt2', 'shared-files.json'));
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('x-error-code'), 'EntryNotFound');
});

test('entries that leave the shared folder, or whose shared file changed, fail with what to do', async () => {
  const root = path.join(tmp, 'models');
  cpSync(path.join(MODEL_FIXTURES, 'wasmpipe-test/tiny-gpt2'), path.join(root, 'org/escape'), { recursive: true });
  cpSync(path.join(MODEL_FIXTURES, 'wasmpipe-test/tiny-gpt2'), path.join(root, 'org/stale'), { recursive: true });
  writeFileSync(path.join(root, 'org/escape/shared-files.json'),
    JSON.stringify({ files: { 'tokenizer.json': { shared: '../../etc/passwd', sha256: '' } } }));
  writeFileSync(path.join(root, 'org/stale/shared-files.json'),
    JSON.stringify({ files: { 'tokenizer.json': { shared: 'tokenizers/gpt2/tokenizer.json', sha256: '0'.repeat(64) } } }));
  const s = await startHubServer({ port: 0, modelRoots: [root] });
  try {
    const escape = await fetch(`${s.url}/org/escape/resolve/main/tokenizer.json`);
    assert.equal(escape.status, 500);
    assert.match((await escape.json()).error, /points outside the shared fixtures/);
    const stale = await fetch(`${s.url}/org/stale/resolve/main/tokenizer.json`);
    assert.equal(stale.status, 500);
    assert.match((await stale.json()).error, /changed .*rerun the fixture generator/);
    assert.equal((await fetch(`${s.url}/org/stale/resolve/main/config.json`)).status, 200);
  } finally {
    await s.close();
  }
});

test('localModelFixtures(): every repo with its shared files, byte for byte', async () => {
  const dir = await localModelFixtures();
  for (const [repo, file, shared] of [['tiny-bert-sst2', 'vocab.txt', 'bert-base-uncased/vocab.txt'],
    ['tiny-llama', 'tokenizer.json', 'TinyLlama__TinyLlama-1.1B-Chat-v1.0/tokenizer.json']]) {
    assert.ok(readFileSync(path.join(dir, 'wasmpipe-test', repo, file)).equals(readFileSync(path.join(TOKENIZER_FIXTURES, shared))));
  }
  assert.ok(readFileSync(path.join(dir, 'wasmpipe-test/tiny-llama/config.json'))
    .equals(readFileSync(path.join(MODEL_FIXTURES, 'wasmpipe-test/tiny-llama/config.json'))));
});
