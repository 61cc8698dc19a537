// What every pipeline shares: loading config + tokenizer + ONNX session(s), progress events,
// serialized session runs (ORT sessions reject concurrent run() calls), and dispose().
import { AutoConfig } from '../config.js';
import { AutoTokenizer } from '../tokenizer.js';
import { getModelFile } from '../hub/index.js';
import { createSession, prepareBackend } from '../backend/onnx.js';
import { DEVICES, onnxFileName, selectDtype } from '../backend/dtypes.js';
import { externalDataSetting, withExternalData } from '../backend/external-data.js';
import { Callable } from '../callable.js';
import { getCore } from '../core.js';

export class Pipeline extends Callable {
  constructor({ task, model, config, tokenizer, sessions, device, dtype }) {
    super();
    Object.assign(this, { task, model, config, tokenizer, sessions, device, dtype });
    this.configText = JSON.stringify(config);
    this._queue = Promise.resolve();
  }

  /** Runs a session after any run already in flight (one at a time per pipeline). */
  run(sessionName, feeds) {
    const session = this.sessions[sessionName];
    const result = this._queue.then(() => session.run(feeds));
    this._queue = result.catch(() => {});
    return result;
  }

  async dispose() {
    await this._queue;
    await Promise.all(Object.values(this.sessions).map((s) => s.release?.()));
    this.tokenizer?.dispose();
    this.sessions = {};
  }
}

const SUPPORTED_OPTIONS = new Set(['device', 'dtype', 'revision', 'progress_callback', 'cache_dir', 'local_files_only', 'session_options', 'use_external_data_format']);

/** Loads what a text pipeline needs. `sessionNames` are ONNX sessions under onnx/. */
export async function loadTextPipeline(PipelineClass, task, model, options, sessionNames = ['model']) {
  for (const key of Object.keys(options)) {
    if (!SUPPORTED_OPTIONS.has(key)) {
      throw new Error(`pipeline('${task}'): unknown option '${key}'. Supported: ${[...SUPPORTED_OPTIONS].join(', ')}.`);
    }
  }
  const { device = 'wasm', dtype = null, revision = 'main', progress_callback = null, session_options = {}, use_external_data_format = null } = options;
  if (!DEVICES.includes(device)) throw new Error(`Unknown device '${device}': use one of ${DEVICES.join(', ')}.`);
  if (session_options === null || typeof session_options !== 'object' || Array.isArray(session_options)) {
    throw new TypeError(`pipeline('${task}'): session_options must be an object of ONNX Runtime InferenceSession options.`);
  }
  const hubOptions = { revision, progress_callback };
  // Start the core's compile and ORT's wasm download now, beside the model files; errors surface
  // where they are awaited.
  getCore().catch(() => {});
  prepareBackend(device, progress_callback).catch(() => {});
  const config = await AutoConfig.from_pretrained(model, hubOptions);
  const configDtype = config['transformers.js_config']?.dtype;
  const chosen = {};
  for (const name of sessionNames) chosen[name] = selectDtype(dtype, name, device, configDtype);
  // allSettled: when one part fails, the parts that did load are freed before the error surfaces.
  const settled = await Promise.allSettled([
    AutoTokenizer.from_pretrained(model, hubOptions),
    ...sessionNames.map(async (name) => {
      const file = onnxFileName(name, chosen[name]);
      const [bytes, sessionOptions] = await Promise.all([
        getModelFile(model, file, hubOptions),
        withExternalData(session_options, model, file, name, externalDataSetting(use_external_data_format, config, device), hubOptions),
      ]);
      return createSession(bytes, { device, name: `${model}/${file}`, progress_callback, sessionOptions });
    }),
  ]);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    for (const r of settled) if (r.status === 'fulfilled') await (r.value.dispose?.() ?? r.value.release?.());
    throw failed.reason;
  }
  const [tokenizer, ...sessions] = settled.map((r) => r.value);
  const pipe = new PipelineClass({
    task, model, config, tokenizer, device,
    sessions: Object.fromEntries(sessionNames.map((n, i) => [n, sessions[i]])),
    dtype: chosen,
  });
  progress_callback?.({ status: 'ready', task, model });
  return pipe;
}
