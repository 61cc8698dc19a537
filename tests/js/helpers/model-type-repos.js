// A local Hub serving tokenizer repos made of config.json {"model_type"} + a shared fixture's
// tokenizer files (shared-files.json), with env pointed at it: how the review tests reproduce Hub
// repos whose tokenizer_config.json names no tokenizer_class.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useLocalHub } from './server.js';

/**
 * repos: [{id, fixture, model_type, files}] (id: the repo id under which it is served). Returns
 * close(), which stops the server and restores env.
 */
export async function serveModelTypeRepos(repos) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-review-'));
  for (const r of repos) {
    const dir = path.join(tmp, 'models', ...r.id.split('/'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ model_type: r.model_type }));
    const files = Object.fromEntries(r.files.map((f) => [f, { shared: `tokenizers/${r.fixture}/${f}` }]));
    writeFileSync(path.join(dir, 'shared-files.json'), JSON.stringify({ files }));
  }
  const hub = await useLocalHub({ roots: [path.join(tmp, 'models')] });
  return async () => {
    await hub.close();
    rmSync(tmp, { recursive: true, force: true });
  };
}
