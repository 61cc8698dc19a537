// Global settings, shaped like transformers.js's `env` so code written for it
// (env.allowLocalModels = false, env.remoteHost = ..., ...) works unchanged.
//
// No Node imports here: this module is also bundled for browsers, so Node paths are
// built from process.cwd() with plain string operations.

/** True under Node.js (the detection transformers.js users expect; Deno/Bun compat also match). */
export const IS_NODE = typeof process !== 'undefined' && !!process.versions?.node;

/** True in a page or a worker (anything with a global `self`/`window` and no Node). */
export const IS_BROWSER = !IS_NODE && (typeof window !== 'undefined' || typeof self !== 'undefined');

// `<cwd>/<rel>/` with the platform's separator and exactly one trailing separator.
function cwdDir(rel) {
  const cwd = process.cwd();
  const sep = cwd.includes('\\') && !cwd.includes('/') ? '\\' : '/';
  return cwd.replace(/[\\/]+$/, '') + sep + rel.split('/').join(sep) + sep;
}

/**
 * Defaults. `cacheDir` differs from transformers.js on purpose: transformers.js writes into
 * its own package folder (node_modules/@huggingface/transformers/.cache/), which breaks with
 * read-only or shared installs; we use `<cwd>/.cache/wasmpipe/`, namespaced so it cannot
 * collide with other tools' `.cache` content. Set env.cacheDir to move it.
 */
export const env = {
  /** Where Hub files come from; any Hub-compatible server works (tests use a local one). */
  remoteHost: 'https://huggingface.co/',
  /** Appended to remoteHost; `{model}` is the repo id, `{revision}` is URL-encoded. */
  remotePathTemplate: '{model}/resolve/{revision}/',
  allowRemoteModels: true,
  /** As in transformers.js: true in Node, false in browsers/workers (avoids a 404 per file). */
  allowLocalModels: IS_NODE,
  /** Node: `<cwd>/models/` (a directory); browser: the `/models/` URL path of the page's origin. */
  localModelPath: IS_NODE ? cwdDir('models') : '/models/',
  /** Use the Cache API when it exists (secure contexts). */
  useBrowserCache: true,
  /** Node only: keep downloaded files under cacheDir. */
  useFSCache: IS_NODE,
  /** Node: `<cwd>/.cache/wasmpipe/`; browsers have no file system, so null. */
  cacheDir: IS_NODE ? cwdDir('.cache/wasmpipe') : null,
  /** onnxruntime-web's wasm file location; null = the package default. */
  wasmPaths: null,
  /** Backend-specific settings (filled in by js/backend/). */
  backends: { onnx: {} },
};
