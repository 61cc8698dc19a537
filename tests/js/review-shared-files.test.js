// Review of tests/server/shared-files.js: a repo file name that is also an Object.prototype
// property (constructor, toString, __proto__, ...) is not "named in shared-files.json". The local
// Hub must answer it as the real Hub answers any missing file (404, X-Error-Code EntryNotFound),
// which is what the Hub clients (ours and transformers.js) treat as "optional file absent"; before
// the fix it answered 500 ("... which does not exist"), an error the clients do not skip.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHubServer } from '../server/hub-server.js';
import { sharedPathOf } from '../server/shared-files.js';
import { MODEL_FIXTURES } from './helpers/paths.js';
import path from 'node:path';

const server = await startHubServer({ port: 0, modelRoots: [MODEL_FIXTURES] });
after(() => server.close());

const NAMES = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'];

for (const repo of ['wasmpipe-test/tiny-gpt2', 'wasmpipe-test/tiny-bert-5class-vocab-only']) {
  test(`${repo}: files named like Object.prototype members are missing files (404 EntryNotFound), not server errors`, async () => {
    for (const name of NAMES) {
      const res = await fetch(`${server.url}/${repo}/resolve/main/${name}`);
      await res.arrayBuffer();
      assert.equal(res.status, 404, `${name}: status`);
      assert.equal(res.headers.get('x-error-code'), 'EntryNotFound', `${name}: X-Error-Code`);
      assert.equal(sharedPathOf(path.join(MODEL_FIXTURES, repo), name), null, `${name}: sharedPathOf`);
    }
    // The repo still serves its real files.
    const ok = await fetch(`${server.url}/${repo}/resolve/main/config.json`);
    await ok.arrayBuffer();
    assert.equal(ok.status, 200);
  });
}
