// Starts the local Hub-compatible server on the project's generated models (or on other model
// roots a test builds, e.g. patched copies of fixture repos) and points wasmpipe's env at it, so
// tests exercise the real remote-loading code (URLs, redirects, caching).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHubServer } from '../../server/hub-server.js';
import { env } from '../../../js/index.js';
import { MODEL_FIXTURES } from './paths.js';

/**
 * @param {{roots?: string[]}} [options] roots: the folders of `<org>/<repo>` model repos to serve,
 *   searched in order (default: the generated fixture models)
 * @returns {Promise<{server, close(): Promise<void>}>} close() restores env and deletes the cache
 */
export async function useLocalHub({ roots = [MODEL_FIXTURES] } = {}) {
  const server = await startHubServer({ port: 0, modelRoots: roots });
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-test-cache-'));
  const saved = { ...env };
  Object.assign(env, { remoteHost: `${server.url.replace(/\/$/, '')}/`, allowLocalModels: false, allowRemoteModels: true, cacheDir });
  return {
    server,
    async close() {
      Object.assign(env, saved);
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
