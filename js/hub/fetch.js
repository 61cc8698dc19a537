// Network fetch of one file: maps every failure to a HubError with a message that says
// what to do, and streams the body so callers get progress events.

import { HubError, ErrorCode, preview, describeCause } from './errors.js';

const isAbort = (err, signal) => err?.name === 'AbortError' || (signal?.aborted && err === signal.reason);

/**
 * fetch(url) and check the answer. Returns the Response when it is 2xx and not an HTML
 * page standing in for a model file (proxies, captive portals and SPA dev servers
 * answer 200 + HTML for anything); throws HubError otherwise. Aborts rethrow as-is.
 * @param {string} url
 * @param {{modelId: string, file: string, revision: string, signal?: AbortSignal}} ctx
 */
export async function fetchChecked(url, ctx) {
  let res;
  try {
    res = await fetch(url, { signal: ctx.signal });
  } catch (err) {
    if (isAbort(err, ctx.signal)) throw err;
    throw new HubError(
      ErrorCode.NETWORK_ERROR,
      `Network error while fetching "${ctx.file}" of model "${ctx.modelId}" from ${url}: ${describeCause(err)}. ` +
        'Check the connection and the host (env.remoteHost), CORS headers when in a browser, ' +
        'or use local files (env.localModelPath, env.allowRemoteModels = false).',
      { modelId: ctx.modelId, file: ctx.file, url, cause: err },
    );
  }
  if (!res.ok) throw await httpError(res, url, ctx);
  const type = res.headers.get('content-type') || '';
  if (/^text\/html/i.test(type) && !/\.html?$/i.test(ctx.file)) {
    const head = new Uint8Array(await res.arrayBuffer().catch(() => new ArrayBuffer(0)));
    throw new HubError(
      ErrorCode.NOT_MODEL_FILE,
      `Expected "${ctx.file}" of model "${ctx.modelId}" but ${url} answered HTTP ${res.status} with an HTML page ` +
        `(content-type ${type}) starting with ${preview(head)}. A proxy, login page or dev-server fallback ` +
        'probably replaced the file: check the URL, env.remoteHost and env.localModelPath.',
      { modelId: ctx.modelId, file: ctx.file, url, status: res.status },
    );
  }
  return res;
}

// Turn a non-2xx answer into the right code. The Hub says which thing is missing in
// X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo); note that the
// real Hub answers 401 (not 404) + RepoNotFound for unknown repos to anonymous clients.
async function httpError(res, url, { modelId, file, revision }) {
  const hubCode = res.headers.get('x-error-code') || '';
  const body = await res.text().catch(() => '');
  let detail = '';
  try {
    detail = JSON.parse(body).error || '';
  } catch {}
  // e.g. HTTP 404 Not Found, RepoNotFound: "Repository not found" (statusText is empty over HTTP/2)
  const status =
    `HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}` +
    `${hubCode ? ', ' + hubCode : ''}${detail ? `: "${detail}"` : ''}`;
  const details = { modelId, file, url, status: res.status, hubErrorCode: hubCode || undefined };
  if (hubCode === 'RepoNotFound') {
    return new HubError(
      ErrorCode.MODEL_NOT_FOUND,
      `Model "${modelId}" was not found at ${url} (${status}). Check the model id (case-sensitive, ` +
        'e.g. "Xenova/gpt2") and that the repo is public (browsers send no token), or point env.remoteHost / ' +
        'env.localModelPath at where it lives.',
      details,
    );
  }
  if (hubCode === 'RevisionNotFound') {
    return new HubError(
      ErrorCode.MODEL_NOT_FOUND,
      `Revision "${revision}" of model "${modelId}" was not found at ${url} (${status}). ` +
        'Check the revision (a branch, tag or commit of that repo), or leave it out to use "main".',
      details,
    );
  }
  if (res.status === 404 || hubCode === 'EntryNotFound') {
    return new HubError(
      ErrorCode.FILE_NOT_FOUND,
      `File "${file}" was not found in model "${modelId}" (revision "${revision}") at ${url} (${status}). ` +
        'Check the file name and the revision; for ONNX weights the repo may lack that dtype/variant.',
      details,
    );
  }
  const hint =
    res.status === 401 || res.status === 403 || hubCode === 'GatedRepo'
      ? 'The repo may be private or gated: browsers send no token, so only public repos load; mirror the files to env.localModelPath or your own env.remoteHost.'
      : res.status === 429
        ? 'The server is rate-limiting requests: wait and retry.'
        : res.status >= 500
          ? 'The server failed: retry later, or check env.remoteHost.'
          : 'Check the URL (env.remoteHost, env.remotePathTemplate).';
  return new HubError(
    ErrorCode.HTTP_ERROR,
    `Could not load "${file}" of model "${modelId}" from ${url}: ${status}. ${hint}`,
    details,
  );
}

/**
 * Read a response body to one Uint8Array, calling onProgress({loaded, total}) per chunk.
 * total comes from Content-Length (or X-Linked-Size); 0 when unknown.
 */
export async function readBody(res, url, ctx, onProgress) {
  const total = Number(res.headers.get('content-length') || res.headers.get('x-linked-size')) || 0;
  if (!res.body) return new Uint8Array(0);
  // Preallocate when the size is known (one copy); Content-Length can be wrong (compressed
  // transfer), so grow if the body turns out longer.
  let buf = new Uint8Array(total);
  let loaded = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.byteLength > buf.byteLength) {
        const bigger = new Uint8Array(Math.max(buf.byteLength * 2, loaded + value.byteLength, 65536));
        bigger.set(buf.subarray(0, loaded));
        buf = bigger;
      }
      buf.set(value, loaded);
      loaded += value.byteLength;
      onProgress?.({ loaded, total: Math.max(total, loaded) });
    }
  } catch (err) {
    if (isAbort(err, ctx.signal)) throw err;
    throw new HubError(
      ErrorCode.NETWORK_ERROR,
      `Connection lost while downloading "${ctx.file}" of model "${ctx.modelId}" from ${url} ` +
        `after ${loaded}${total ? ' of ' + total : ''} bytes: ${describeCause(err)}. Retry; nothing was cached.`,
      { modelId: ctx.modelId, file: ctx.file, url, cause: err },
    );
  }
  if (total && loaded < total && !res.headers.get('content-encoding')) {
    throw new HubError(
      ErrorCode.NETWORK_ERROR,
      `Download of "${ctx.file}" of model "${ctx.modelId}" from ${url} ended after ${loaded} of ${total} bytes. Retry; nothing was cached.`,
      { modelId: ctx.modelId, file: ctx.file, url },
    );
  }
  return loaded === buf.byteLength ? buf : buf.slice(0, loaded);
}
