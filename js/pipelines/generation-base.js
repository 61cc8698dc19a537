// What the generative pipelines share: loading config + generation_config + tokenizer and the
// ONNX sessions of whichever layout the repo has, splitting call options into pipeline options
// and generation options, and running the C++-driven generation loop (js/generation/model.js).
import { AutoConfig } from '../config.js';
import { AutoTokenizer } from '../tokenizer.js';
import { getModelFile, getModelJSON } from '../hub/index.js';
import { createSession, prepareBackend } from '../backend/onnx.js';
import { DEVICES, onnxFileName, selectDtype } from '../backend/dtypes.js';
import { externalDataSetting, withExternalData } from '../backend/external-data.js';
import { getCore } from '../core.js';
import { Pipeline } from './base.js';
import { GenerativeModel } from '../generation/model.js';

const SUPPORTED_OPTIONS = new Set(['device', 'dtype', 'revision', 'progress_callback', 'cache_dir', 'local_files_only', 'session_options', 'use_external_data_format']);
const ENCODER_DECODER_TYPES = new Set(['t5', 'mt5', 'longt5', 'bart', 'mbart', 'marian', 'm2m_100', 'nllb', 'pegasus', 'blenderbot', 'blenderbot-small', 'led', 'mvp', 'plbart']);

// Session files in order of preference (HUB_CONVENTIONS.md).
const LAYOUTS = {
  seq2seq: [['encoder_model', 'decoder_model_merged'], ['encoder_model', 'decoder_model', 'decoder_with_past_model']],
  decoder: [['model'], ['decoder_model_merged']],
};

export class GenerationPipeline extends Pipeline {
  /** Whether the task needs an encoder-decoder model (subclasses set it). */
  static encoderDecoder = false;

  constructor(parts) {
    super(parts);
    this.generationConfig = parts.generationConfig;
    this.generativeModel = new GenerativeModel({
      config: parts.config, generationConfig: parts.generationConfig, sessions: parts.sessions,
      run: (name, feeds, fetches) => this.run(name, feeds, fetches),
    });
  }

  /** Serialized like Pipeline.run, with optional output names to fetch. */
  run(sessionName, feeds, fetches) {
    const session = this.sessions[sessionName];
    const result = this._queue.then(() => (fetches ? session.run(feeds, fetches) : session.run(feeds)));
    this._queue = result.catch(() => {});
    return result;
  }

  /**
   * Splits call options: those named in `pipelineKeys` stay in JS, the rest go to the C++
   * generation config (which rejects unknown names with a clear error).
   */
  splitOptions(options, pipelineKeys) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new TypeError(`${this.task}: options must be an object.`);
    }
    const pipelineOptions = {};
    const generation = {};
    for (const [key, value] of Object.entries(options)) {
      if (value === undefined) continue;
      if (pipelineKeys.includes(key)) pipelineOptions[key] = value;
      else generation[key] = value;
    }
    if (generation.generation_config && typeof generation.generation_config === 'object') {
      const extra = generation.generation_config; // transformers.js style: options in a nested object
      delete generation.generation_config;
      for (const [key, value] of Object.entries(extra)) if (!(key in generation)) generation[key] = value;
    }
    if (generation.pad_token_id === undefined) {
      const pad = pipelinePadTokenId(this.generationConfig, this.config, this.tokenizer);
      if (pad !== null) generation.pad_token_id = pad;
    }
    return { pipelineOptions, generation };
  }
}

/**
 * transformers' Pipeline.__init__: where the model's generation config (generation_config.json, or
 * config.json for a repo without one) has no pad_token_id, the tokenizer's pad token fills it in, so
 * finished rows of a batch are padded with it rather than with eos (generate's own fallback).
 * @returns {number|null} the pad_token_id to pass as a generation option, or null (keep the config's)
 */
export function pipelinePadTokenId(generationConfig, config, tokenizer) {
  const own = generationConfig ? generationConfig.pad_token_id : config?.pad_token_id;
  if (own !== undefined && own !== null) return null;
  return tokenizer.pad_token_id ?? null;
}

/** The tokenizer's model_max_length, or null where it sets none (transformers' 1e30 "no limit"). */
export function tokenizerMaxLength(tokenizer) {
  const n = tokenizer.model_max_length;
  return Number.isInteger(n) && n > 0 && n < 1e9 ? n : null;
}

/** Awaits all the promises; throws the first failure in array order (not in time order). */
async function inOrder(promises) {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => r.value);
}

async function readConfig(model, hubOptions) {
  const config = await AutoConfig.from_pretrained(model, hubOptions);
  return { config, isSeq2Seq: config.is_encoder_decoder ?? ENCODER_DECODER_TYPES.has(config.model_type) };
}

/** Loads a generative pipeline: config, generation_config.json, tokenizer, sessions. */
export async function loadGenerationPipeline(PipelineClass, task, model, options) {
  for (const key of Object.keys(options)) {
    if (!SUPPORTED_OPTIONS.has(key)) {
      throw new Error(`pipeline('${task}'): unknown option '${key}'. Supported: ${[...SUPPORTED_OPTIONS].join(', ')}.`);
    }
  }
  const { device = 'wasm', dtype = null, revision = 'main', progress_callback = null, session_options = {}, use_external_data_format = null } = options;
  if (session_options === null || typeof session_options !== 'object' || Array.isArray(session_options)) {
    throw new TypeError(`pipeline('${task}'): session_options must be an object of ONNX Runtime InferenceSession options.`);
  }
  if (!DEVICES.includes(device)) throw new Error(`Unknown device '${device}': use one of ${DEVICES.join(', ')}.`);
  const hubOptions = { revision, progress_callback };
  getCore().catch(() => {});
  prepareBackend(device, progress_callback).catch(() => {});
  const { config, isSeq2Seq } = await readConfig(model, hubOptions);
  if (isSeq2Seq !== PipelineClass.encoderDecoder) {
    const err = new Error(PipelineClass.encoderDecoder
      ? `pipeline('${task}'): '${model}' (model_type '${config.model_type}') is not an encoder-decoder model; ${task} needs one (T5, BART, Marian, M2M100, NLLB, mBART, ...).`
      : `pipeline('${task}'): '${model}' (model_type '${config.model_type}') is an encoder-decoder model: use pipeline('text2text-generation') for it.`);
    err.code = 'INVALID_ARGUMENT';
    throw err;
  }
  const configDtype = config['transformers.js_config']?.dtype;
  const sessions = {};
  const chosen = {};
  const loaded = [];
  const tokenizerPromise = AutoTokenizer.from_pretrained(model, hubOptions);
  const generationConfigPromise = getModelJSON(model, 'generation_config.json', { ...hubOptions, fatal: false });
  const externalData = {}; // session name -> Promise of its session options (data files fetched)
  try {
    // Each layout's files are fetched together, and a graph's external data files as soon as the
    // graph is there. Errors surface in layout order, as a one-by-one load raises them.
    let layout = null;
    const files = {};
    const setting = () => externalDataSetting(use_external_data_format, config, device);
    for (const candidate of LAYOUTS[isSeq2Seq ? 'seq2seq' : 'decoder']) {
      const todo = candidate.filter((name) => files[name] === undefined);
      for (const name of todo) chosen[name] = selectDtype(dtype, name, device, configDtype);
      const got = await inOrder(todo.map(async (name) => {
        const file = onnxFileName(name, chosen[name]);
        const bytes = await getModelFile(model, file, { ...hubOptions, fatal: false });
        if (bytes !== null) {
          externalData[name] = (async () => withExternalData(session_options, model, file, name, setting(), hubOptions))();
          externalData[name].catch(() => {}); // awaited below only if this layout is chosen
        }
        return bytes;
      }));
      todo.forEach((name, i) => { files[name] = got[i]; });
      if (candidate.every((name) => files[name] !== null)) { layout = candidate; break; }
    }
    if (!layout) {
      const looked = LAYOUTS[isSeq2Seq ? 'seq2seq' : 'decoder']
        .map((l) => l.map((n) => onnxFileName(n, chosen[n] ?? selectDtype(dtype, n, device, configDtype))).join(' + ')).join(', or ');
      const err = new Error(`pipeline('${task}'): '${model}' has no ONNX files for generation (looked for ${looked}). ` +
        `Use an Optimum export made with a '-with-past' task (e.g. the Xenova/* or onnx-community/* repos).`);
      err.code = 'INVALID_FILE';
      throw err;
    }
    // Sessions are created one after another (ORT's WebGPU EP refuses to create two at once);
    // their data files are already downloading, all together.
    for (const name of layout) {
      const sessionOptions = await externalData[name];
      // WebGPU: decoder outputs (logits, KV cache) stay on the GPU; the loop feeds the cache back
      // without a round trip and downloads only the logits.
      if (device === 'webgpu' && name !== 'encoder_model') sessionOptions.preferredOutputLocation = 'gpu-buffer';
      const file = onnxFileName(name, chosen[name]);
      const session = await createSession(files[name], { device, name: `${model}/${file}`, progress_callback, sessionOptions });
      loaded.push(session);
      sessions[name] = session;
    }
    const decoder = sessions.decoder_model_merged ?? sessions.decoder_with_past_model ?? sessions.model;
    if (!decoder.inputNames.some((n) => n.startsWith('past_key_values.')) || !decoder.outputNames.includes('logits')) {
      const err = new Error(`pipeline('${task}'): '${model}' ${layout.at(-1)}.onnx has no KV-cache inputs (past_key_values.*) ` +
        `or no 'logits' output: it is not a generation export (use Optimum with a '-with-past' task).`);
      err.code = 'INVALID_FILE';
      throw err;
    }
    const [tokenizer, generationConfig] = await Promise.all([tokenizerPromise, generationConfigPromise]);
    const pipe = new PipelineClass({ task, model, config, tokenizer, sessions, device, dtype: chosen, generationConfig });
    progress_callback?.({ status: 'ready', task, model });
    return pipe;
  } catch (err) {
    for (const s of loaded) await s.release?.();
    tokenizerPromise.then((t) => t.dispose(), () => {});
    generationConfigPromise.catch(() => {});
    throw err;
  }
}
