// The ONNX Runtime Web backend: loading the ORT build a device needs, configuring it, session
// creation on the chosen execution provider, and model inputs chosen by the session's declared
// input names.
import { env } from '../env.js';
import { assetBase } from './asset-base.js';
import { DEVICES } from './dtypes.js';
import { ORT_BUILDS } from './ort-builds.js';
import { getModelFile } from '../hub/index.js';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

// User settings for ONNX Runtime, transformers.js-style: `env.backends.onnx.wasm.numThreads = 1`,
// `.wasm.wasmPaths = ...`, `.logLevel`, `.webgpu.powerPreference`. They are copied onto each ORT
// build when it is first loaded (two builds can exist on one page, so there is no single ort.env).
env.backends ??= {};
env.backends.onnx = { wasm: {}, webgpu: {}, ...env.backends.onnx };

/** Threads only help (and only work) when the page is cross-origin isolated. */
function threadCount() {
  const chosen = env.backends.onnx.wasm?.numThreads;
  if (chosen !== undefined) return chosen;
  if (isNode) return undefined; // ORT's own default
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return globalThis.crossOriginIsolated === true ? Math.max(1, Math.min(4, cores)) : 1;
}

function wasmPaths() {
  return env.wasmPaths ?? env.backends.onnx.wasm?.wasmPaths ?? (isNode ? undefined : assetBase.href);
}

const builds = new Map(); // device -> Promise<ort module>
let ortVersion;
const sessionOrt = new WeakMap(); // session -> the ort module that created it

/** The ORT build for a device, configured, with its wasm fetched (browsers). */
function ortFor(device, progress_callback) {
  if (!builds.has(device)) {
    const promise = (async () => {
      const spec = ORT_BUILDS[device];
      const ort = await spec.load();
      const { wasm: wasmSettings, webgpu: webgpuSettings, logLevel } = env.backends.onnx;
      Object.assign(ort.env.wasm, wasmSettings, { wasmPaths: wasmPaths(), numThreads: threadCount() });
      if (webgpuSettings && ort.env.webgpu) Object.assign(ort.env.webgpu, webgpuSettings);
      if (logLevel) ort.env.logLevel = logLevel;
      await loadOrtWasm(ort, spec.wasmFile, progress_callback);
      ortVersion = ort.env.versions?.web;
      return ort;
    })();
    promise.catch(() => builds.delete(device)); // a later call may retry (network hiccup)
    builds.set(device, promise);
  }
  return builds.get(device);
}

/**
 * Browsers: downloads ORT's wasm through our hub loader, so the page gets progress events for it
 * and the Cache API keeps it (a second visit fetches nothing). Node reads it from disk itself.
 */
async function loadOrtWasm(ort, file, progress_callback) {
  const wasm = ort.env.wasm;
  if (isNode || !file || wasm.wasmBinary || typeof wasm.wasmPaths !== 'string') return;
  try {
    wasm.wasmBinary = await getModelFile(wasm.wasmPaths, file, { progress_callback });
  } catch (err) {
    throw new Error(`Could not download ONNX Runtime's WebAssembly (${wasm.wasmPaths}${file}): ${err.message}. ` +
      'Check env.wasmPaths, or that the file is served next to wasmpipe.js.', { cause: err });
  }
}

/** Starts loading the ORT build for `device` before a model arrives. */
export function prepareBackend(device, progress_callback) {
  return ortFor(device, progress_callback);
}

/** Reports which ORT configuration is in effect (for demos and tests). */
export function backendInfo() {
  return {
    ortVersion, // known once a build has loaded
    numThreads: threadCount() ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
}

/**
 * @param {Uint8Array} bytes the .onnx file
 * @param {{device: string, name: string, progress_callback?: Function, sessionOptions?: object}} options
 *   sessionOptions: extra InferenceSession options (e.g. preferredOutputLocation)
 */
export async function createSession(bytes, { device = 'wasm', name = 'model', progress_callback = null, sessionOptions = {} } = {}) {
  if (!DEVICES.includes(device)) {
    throw new Error(`Unknown device '${device}': use one of ${DEVICES.join(', ')}.`);
  }
  if (device === 'webgpu' && !globalThis.navigator?.gpu) {
    throw new Error(`device 'webgpu' was requested but this environment has no WebGPU (navigator.gpu is missing). Use device: 'wasm'.`);
  }
  const ort = await ortFor(device, progress_callback);
  const executionProviders = device === 'webgpu' ? ['webgpu'] : ['wasm'];
  let session;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders, graphOptimizationLevel: 'all', ...sessionOptions });
  } catch (err) {
    const cause = err?.message ?? String(err);
    const hint = /external data/i.test(cause)
      ? `The graph keeps its weights in external data files (${name}_data, ${name}_data_1, ...): set ` +
        'use_external_data_format (pipeline option or config.json["transformers.js_config"]) to how many there are.'
      : 'Check that the file is a valid .onnx export (not an HTML page or a truncated download).';
    throw new Error(`Could not load ${name} as an ONNX model on '${device}': ${cause}. ${hint}`, { cause: err });
  }
  sessionOrt.set(session, ort);
  return session;
}

/** The onnxruntime module that created `session` (its Tensor class builds that session's feeds). */
export function ortOf(session) {
  return sessionOrt.get(session);
}

/**
 * Builds the feeds a session declares from the tokenizer's int64 arrays ([batch, seq] each).
 * token_type_ids is zero-filled when the graph wants it and the tokenizer gave none.
 */
export function textFeeds(session, { input_ids, attention_mask, token_type_ids, dims }) {
  const ort = sessionOrt.get(session);
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
