// The ONNX Runtime Web backend: ORT import and configuration, session creation on the chosen
// execution provider, and model inputs chosen by the session's declared input names.
import * as ort from 'onnxruntime-web';
import { env } from '../env.js';
import { assetBase } from './asset-base.js';
import { DEVICES } from './dtypes.js';
import { getModelFile } from '../hub/index.js';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

// Like transformers.js, env.backends.onnx IS ort.env: `env.backends.onnx.wasm.numThreads = 1` or
// `.wasm.wasmPaths = ...` written by users reach ONNX Runtime directly.
env.backends ??= {};
env.backends.onnx = ort.env;

function configureOrt() {
  const wasm = ort.env.wasm;
  // Browsers: ORT's .mjs/.wasm are shipped next to our bundle unless the user points elsewhere.
  if (env.wasmPaths) wasm.wasmPaths = env.wasmPaths;
  else if (!isNode && wasm.wasmPaths === undefined) wasm.wasmPaths = assetBase.href;
  // Threads only help (and only work) when the page is cross-origin isolated.
  // A value the user set (env.backends.onnx.wasm.numThreads) wins.
  if (!isNode && wasm.numThreads === undefined) {
    const isolated = globalThis.crossOriginIsolated === true;
    const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
    wasm.numThreads = isolated ? Math.max(1, Math.min(4, cores)) : 1;
  }
}

/** Reports which ORT configuration is in effect (for demos and tests). */
export function backendInfo() {
  configureOrt();
  return {
    ortVersion: ort.env.versions?.web,
    numThreads: ort.env.wasm.numThreads,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
}

// The JSEP build of ORT that the browser bundle ships (see scripts/bundle.js).
const ORT_WASM_FILE = 'ort-wasm-simd-threaded.jsep.wasm';
let ortWasmPromise = null;

/** Starts everything ORT needs before a model arrives (browsers: its wasm download). */
export function prepareBackend(progress_callback) {
  configureOrt();
  return loadOrtWasm(progress_callback);
}

/**
 * Browsers: downloads ORT's 28 MB wasm through our hub loader, so the page gets progress events
 * for it and the Cache API keeps it (a second visit fetches nothing). Node reads it from disk.
 */
function loadOrtWasm(progress_callback) {
  const wasm = ort.env.wasm;
  if (isNode || wasm.wasmBinary || typeof wasm.wasmPaths !== 'string') return Promise.resolve();
  ortWasmPromise ??= getModelFile(wasm.wasmPaths, ORT_WASM_FILE, { progress_callback })
    .then((bytes) => { wasm.wasmBinary = bytes; })
    .catch((err) => {
      ortWasmPromise = null;
      throw new Error(`Could not download ONNX Runtime's WebAssembly (${wasm.wasmPaths}${ORT_WASM_FILE}): ${err.message}. ` +
        'Check env.wasmPaths, or that the file is served next to wasmpipe.js.', { cause: err });
    });
  return ortWasmPromise;
}

/**
 * @param {Uint8Array} bytes the .onnx file
 * @param {{device: string, name: string}} options
 */
export async function createSession(bytes, { device = 'wasm', name = 'model', progress_callback = null } = {}) {
  if (!DEVICES.includes(device)) {
    throw new Error(`Unknown device '${device}': use one of ${DEVICES.join(', ')}.`);
  }
  if (device === 'webgpu' && !globalThis.navigator?.gpu) {
    throw new Error(`device 'webgpu' was requested but this environment has no WebGPU (navigator.gpu is missing). Use device: 'wasm'.`);
  }
  configureOrt();
  await loadOrtWasm(progress_callback);
  const executionProviders = device === 'webgpu' ? ['webgpu'] : ['wasm'];
  try {
    return await ort.InferenceSession.create(bytes, { executionProviders, graphOptimizationLevel: 'all' });
  } catch (err) {
    const cause = err?.message ?? String(err);
    throw new Error(`Could not load ${name} as an ONNX model on '${device}': ${cause}. ` +
      `Check that the file is a valid .onnx export (not an HTML page or a truncated download).`, { cause: err });
  }
}


/**
 * Builds the feeds a session declares from the tokenizer's int64 arrays ([batch, seq] each).
 * token_type_ids is zero-filled when the graph wants it and the tokenizer gave none.
 */
export function textFeeds(session, { input_ids, attention_mask, token_type_ids, dims }) {
  const feeds = {};
  const available = { input_ids, attention_mask, token_type_ids };
  for (const name of session.inputNames) {
    let data = available[name];
    if (name === 'token_type_ids' && !data) data = new BigInt64Array(input_ids.length);
    if (!data) {
      throw new Error(`The model wants an input '${name}' that this text pipeline cannot provide ` +
        `(declared inputs: ${session.inputNames.join(', ')}).`);
    }
    feeds[name] = new ort.Tensor('int64', data, dims);
  }
  return feeds;
}

export { ort };
