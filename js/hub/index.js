// Loading model files: local folder → cache → Hub, with transformers.js-shaped progress
// events ({status: 'initiate' | 'download' | 'progress' | 'done', name, file, ...}).
//
// Resolution order for getModelFile(modelId, filename):
//   1. modelId is a URL (https://..., file://... in Node): that location, nothing else.
//   2. modelId is a path (/abs, ./rel, ../rel, C:\...): in Node that directory; in a browser
//      a URL relative to the page. Explicit locations ignore allowLocal/RemoteModels.
//   3. env.allowLocalModels: {localModelPath}{modelId}/{filename} (Node: fs; browser: fetch).
//   4. the cache, keyed by the remote URL (also when allowRemoteModels is false: a warm
//      cache then works offline, as in transformers.js).
//   5. env.allowRemoteModels: {remoteHost}{remotePathTemplate}{filename}, then cached.
// Every 'initiate' is followed by exactly one 'done' unless the call throws (also for
// `fatal: false` misses, so progress UIs never keep a stuck entry).

import { env, IS_NODE } from '../env.js';
import { HubError, ErrorCode, preview } from './errors.js';
import { isUrl, isPathLike, joinPath, checkFilename, encodePath, localPath, remoteUrl } from './url.js';
import { fetchChecked, readBody } from './fetch.js';
import { openCache, BROWSER_CACHE_NAME } from './cache.js';
import { nodeModule, readFileOrNull, isDirectory } from './node.js';

export { HubError, ErrorCode } from './errors.js';
export { remoteUrl, localPath, fillTemplate } from './url.js';
export { cacheFilePath, BROWSER_CACHE_NAME } from './cache.js';

/**
 * @typedef {{revision?: string, progress_callback?: (e: object) => void, fatal?: boolean,
 *            signal?: AbortSignal}} GetFileOptions
 */

/**
 * The bytes of one file of a model.
 * @param {string} modelId Hub repo id ("Xenova/gpt2"), a URL, or (Node) a directory path
 * @param {string} filename path inside the repo ("onnx/model.onnx")
 * @param {GetFileOptions} [options] fatal=false: resolve null instead of throwing when the
 *   file does not exist (FILE_NOT_FOUND); a missing model/revision still throws.
 * @returns {Promise<Uint8Array|null>}
 */
export async function getModelFile(modelId, filename, options = {}) {
  const found = await loadFile(modelId, filename, options);
  return found && found.bytes;
}

/** The file parsed as JSON (null like getModelFile); NOT_MODEL_FILE if it is not JSON. */
export async function getModelJSON(modelId, filename, options = {}) {
  const found = await loadFile(modelId, filename, options);
  if (!found) return null;
  try {
    return JSON.parse(decode(found.bytes));
  } catch (err) {
    const cached = found.from === 'cache'
      ? ` It came from the cache: delete it (${IS_NODE ? env.cacheDir : `Cache Storage "${BROWSER_CACHE_NAME}"`}) and retry.`
      : ' Check that the URL serves the file itself (not an error or login page).';
    throw new HubError(
      ErrorCode.NOT_MODEL_FILE,
      `"${filename}" of model "${modelId}" from ${found.source} is not valid JSON (${err.message}); ` +
        `the ${found.bytes.byteLength} bytes received start with ${preview(found.bytes)}.${cached}`,
      { modelId, file: filename, url: found.source, cause: err },
    );
  }
}

/** The file decoded as UTF-8 text (a BOM is dropped); null like getModelFile. */
export async function getModelText(modelId, filename, options = {}) {
  const found = await loadFile(modelId, filename, options);
  return found && decode(found.bytes);
}

const decode = (bytes) => new TextDecoder('utf-8').decode(bytes);

async function loadFile(modelId, filename, { revision = 'main', progress_callback, fatal = true, signal } = {}) {
  if (typeof modelId !== 'string' || !modelId) throw new TypeError('modelId must be a non-empty string');
  checkFilename(filename);
  const emit = (status, extra) => progress_callback?.({ status, name: modelId, file: filename, ...extra });
  const ctx = { modelId, file: filename, revision, signal, emit };
  emit('initiate');
  let found;
  try {
    found = await locate(ctx);
  } catch (err) {
    if (fatal || err.code !== ErrorCode.FILE_NOT_FOUND) throw err;
    emit('done');
    return null;
  }
  // Local and cached files arrive at once: one progress event at 100% keeps UIs uniform.
  if (found.from !== 'network') {
    const n = found.bytes.byteLength;
    emit('progress', { progress: 100, loaded: n, total: n });
  }
  emit('done');
  return found;
}

/** @returns {Promise<{bytes: Uint8Array, source: string, from: 'local'|'cache'|'network'}>} */
async function locate(ctx) {
  const { modelId, file, revision } = ctx;

  if (isUrl(modelId)) {
    if (IS_NODE && /^file:/i.test(modelId)) {
      const { fileURLToPath } = await nodeModule('node:url');
      return fromDirectory(fileURLToPath(modelId), ctx);
    }
    const url = joinPath(modelId, encodePath(file));
    const cache = /^https?:/i.test(url) ? await openCache() : null;
    const cached = cache && (await cache.match(url));
    if (cached) return { bytes: cached, source: url, from: 'cache' };
    return fromNetwork(url, ctx, cache);
  }
  if (isPathLike(modelId)) {
    if (IS_NODE) return fromDirectory(modelId, ctx);
    return fromNetwork(joinPath(modelId, encodePath(file)), ctx, null);
  }

  let local = null;
  if (env.allowLocalModels) {
    local = localPath(env, modelId, IS_NODE ? file : encodePath(file));
    const found = IS_NODE ? await fromFile(local, ctx) : await fromLocalUrl(local, ctx);
    if (found) return found;
  }

  const url = remoteUrl(env, modelId, file, revision);
  const cache = await openCache();
  const cached = cache && (await cache.match(url));
  if (cached) return { bytes: cached, source: url, from: 'cache' };
  if (env.allowRemoteModels) return fromNetwork(url, ctx, cache);

  throw await unavailable(ctx, local, url);
}

async function fromFile(path, ctx) {
  const bytes = await readFileOrNull(path, ctx.signal);
  return bytes && { bytes, source: path, from: 'local' };
}

// An explicit directory: a missing folder is MODEL_NOT_FOUND, a missing file FILE_NOT_FOUND.
async function fromDirectory(dir, ctx) {
  const path = joinPath(dir, ctx.file);
  const found = await fromFile(path, ctx);
  if (found) return found;
  const dirExists = await isDirectory(dir);
  throw new HubError(
    dirExists ? ErrorCode.FILE_NOT_FOUND : ErrorCode.MODEL_NOT_FOUND,
    dirExists
      ? `File "${ctx.file}" was not found in the model folder ${dir} (looked for ${path}).`
      : `Model folder ${dir} (model id "${ctx.modelId}") does not exist; check the path (relative paths start from ${process.cwd()}).`,
    { modelId: ctx.modelId, file: ctx.file, url: path },
  );
}

// Browser local models: any failure (404, SPA fallback HTML, offline) means "not here",
// so the Hub is tried next, as transformers.js does.
async function fromLocalUrl(url, ctx) {
  let res;
  try {
    res = await fetchChecked(url, ctx);
  } catch (err) {
    if (err instanceof HubError) return null;
    throw err;
  }
  ctx.emit('download');
  return { bytes: await download(res, url, ctx), source: url, from: 'network' };
}

async function fromNetwork(url, ctx, cache) {
  ctx.emit('download');
  const res = await fetchChecked(url, ctx);
  const bytes = await download(res, url, ctx);
  // Only complete 200 answers are cached (never 206 partials or anything odd).
  if (cache && res.status === 200) await cache.put(url, bytes, res.headers.get('content-type'));
  return { bytes, source: url, from: 'network' };
}

async function download(res, url, ctx) {
  let last = -1;
  const bytes = await readBody(res, url, ctx, ({ loaded, total }) => {
    last = total ? Math.min(100, (loaded / total) * 100) : 0;
    ctx.emit('progress', { progress: last, loaded, total });
  });
  // Unknown or wrong Content-Length (or an empty body): still end on exactly 100%.
  if (last !== 100) ctx.emit('progress', { progress: 100, loaded: bytes.byteLength, total: bytes.byteLength });
  return bytes;
}

// Nothing allowed found the file: say what was tried and which switch to flip.
async function unavailable({ modelId, file }, local, url) {
  const details = { modelId, file, url: local ?? url };
  if (!env.allowLocalModels && !env.allowRemoteModels) {
    return new HubError(
      ErrorCode.MODEL_NOT_FOUND,
      `Cannot load "${file}" of model "${modelId}": env.allowLocalModels and env.allowRemoteModels are both false ` +
        'and the file is not in the cache. Set one of them to true.',
      details,
    );
  }
  const dirMissing = IS_NODE && !(await isDirectory(localPath(env, modelId, '')));
  return new HubError(
    dirMissing ? ErrorCode.MODEL_NOT_FOUND : ErrorCode.FILE_NOT_FOUND,
    `${dirMissing ? `Model "${modelId}" has no folder` : `File "${file}" of model "${modelId}" was not found`} ` +
      `under env.localModelPath (looked for ${local}), and env.allowRemoteModels is false so ${url} was not tried. ` +
      'Put the files there, or set env.allowRemoteModels = true.',
    details,
  );
}
