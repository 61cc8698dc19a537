// Loads the wasmpipe C++ core (Embind module) once per page/worker/process.
import createWasmpipeCore from '../dist/wasmpipe-core.mjs';
import { assetBase } from './backend/asset-base.js';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
let corePromise = null;
let coreModule = null; // set once loaded: lets synchronous helpers (cos_sim) use the core

async function instantiate() {
  const wasmUrl = new URL('wasmpipe-core.wasm', assetBase);
  const options = {};
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    options.wasmBinary = await readFile(wasmUrl);
  } else {
    options.locateFile = (file) => new URL(file, wasmUrl).href;
  }
  return createWasmpipeCore(options);
}

/** @returns {Promise<any>} the Embind module (classes Tokenizer, functions classifyText, ...) */
export function getCore() {
  corePromise ??= instantiate().then((m) => { coreModule = m; return m; }, (err) => {
    corePromise = null; // let a later call retry (e.g. after a network hiccup)
    throw new Error(`wasmpipe: failed to load its WebAssembly core: ${err.message}`, { cause: err });
  });
  return corePromise;
}

/** The core if it has finished loading (any pipeline or tokenizer loads it), else null. */
export function loadedCore() {
  return coreModule;
}

/** Core calls return an Error object instead of throwing across wasm frames: rethrow it here. */
export function unwrap(result, context) {
  if (result instanceof Error) {
    if (context) result.message = `${context}: ${result.message}`;
    throw result;
  }
  return result;
}
