// A generative model: its ONNX sessions and the loop that feeds ONNX Runtime while the C++
// Generator makes every decision (logits processors, greedy / sampling / beam search, stopping).
// Per step, JS copies the last position's logits into the core once and gets back the next input
// ids and, when beams moved, the cache rows to gather.
import { getCore, unwrap } from '../core.js';
import { ortOf } from '../backend/onnx.js';
import { PAST, cacheGeometry, cpuData, emptyPast, expandRows, gatherRows, keepPresents, release } from './kv-cache.js';


export function f16ToF32(bits) {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const f = h & 0x3ff;
    out[i] = e === 0 ? s * 2 ** -14 * (f / 1024) : e === 31 ? (f ? NaN : s * Infinity) : s * 2 ** (e - 15) * (1 + f / 1024);
  }
  return out;
}

/** The last position's logits of every row, as one contiguous Float32Array [rows, vocab]. */
export async function lastLogitsRows(logits) {
  const [rows, seq, vocab] = logits.dims.length === 3 ? logits.dims : [logits.dims[0], 1, logits.dims[1]];
  let data = await cpuData(logits);
  if (logits.type === 'float16') data = f16ToF32(data);
  else if (logits.type !== 'float32') throw new Error(`Unsupported logits type '${logits.type}' (expected float32 or float16).`);
  if (seq === 1) return { data, rows, vocab };
  if (rows === 1) return { data: data.subarray((seq - 1) * vocab, seq * vocab), rows, vocab };
  const out = new Float32Array(rows * vocab);
  for (let r = 0; r < rows; r++) out.set(data.subarray((r * seq + seq - 1) * vocab, (r * seq + seq) * vocab), r * vocab);
  return { data: out, rows, vocab };
}

export class GenerativeModel {
  /**
   * @param {{config: object, generationConfig: object|null, sessions: Record<string, any>,
   *          run: (name: string, feeds: object, fetches?: string[]) => Promise<object>}} parts
   *   sessions: {encoder_model?, decoder_model_merged?} | {decoder_model, decoder_with_past_model}
   *   | {model}; run serializes session runs (the pipeline's queue).
   */
  constructor({ config, generationConfig, sessions, run }) {
    this.config = config;
    this.configText = JSON.stringify(config);
    this.generationConfigText = generationConfig ? JSON.stringify(generationConfig) : '';
    this.sessions = sessions;
    this.run = run;
    this.isEncoderDecoder = !!sessions.encoder_model;
    this.geometry = { ...cacheGeometry(config), modelType: config.model_type };
    const first = sessions.decoder_model_merged ?? sessions.decoder_model ?? sessions.model;
    this.ort = ortOf(first);
  }

  /** The resolved generation settings (files, task params, pipeline defaults, call options). */
  async resolveConfig(task, pipelineDefaults, options) {
    const core = await getCore();
    return unwrap(core.Generator.resolveConfig(this.generationConfigText, this.configText, task,
      pipelineDefaults ? JSON.stringify(pipelineDefaults) : '', JSON.stringify(options ?? {})), 'generation');
  }

  /**
   * Generates for one prompt.
   * @param {ArrayLike<number>} inputIds the encoder input (seq2seq) or the prompt (decoder-only)
   * @param {{task?: string, pipelineDefaults?: object, options?: object, decoderPrompt?: number[],
   *          signal?: AbortSignal, onStep?: (tokens: BigInt64Array) => void}} call
   * @returns {Promise<{sequences: Int32Array[], scores: Float32Array}>} full rows as HF returns them
   */
  async generate(inputIds, { task = '', pipelineDefaults = null, options = {}, decoderPrompt = null, signal = null, onStep = null } = {}) {
    const core = await getCore();
    const ort = this.ort;
    const ids = BigInt64Array.from(inputIds, (x) => BigInt(x));
    let encoderStates = null;
    let encoderMask = null;
    let prompt;
    if (this.isEncoderDecoder) {
      if (ids.length === 0) throw Object.assign(new Error('generation: the input is empty (no tokens to encode).'), { code: 'INVALID_ARGUMENT' });
      const enc = this.sessions.encoder_model;
      const mask = new BigInt64Array(ids.length).fill(1n);
      const feeds = {};
      for (const name of enc.inputNames) {
        if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, [1, ids.length]);
        else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, [1, ids.length]);
        else throw new Error(`The encoder wants an input '${name}' that wasmpipe cannot provide.`);
      }
      const out = await this.run('encoder_model', feeds);
      encoderStates = out.last_hidden_state ?? out[enc.outputNames[0]];
      encoderMask = new ort.Tensor('int64', mask, [1, ids.length]);
      const resolved = await this.resolveConfig(task, pipelineDefaults, options);
      const start = resolved.decoder_start_token_id ?? resolved.bos_token_id;
      if (start === null || start === undefined) {
        throw new Error('generation: the model has no decoder_start_token_id (generation_config.json / config.json).');
      }
      prompt = decoderPrompt ?? [start];
    } else {
      prompt = Array.from(inputIds, Number);
    }
    const vocab = this.config.vocab_size;
    // The vocabulary size is checked against the first logits; create with the config's and
    // recreate if the graph's differs (e.g. padded embedding matrices).
    let gen = null;
    const makeGen = (v) => unwrap(core.Generator.create(this.generationConfigText, this.configText, task,
      pipelineDefaults ? JSON.stringify(pipelineDefaults) : '', JSON.stringify(options ?? {}), Int32Array.from(prompt), v), 'generation');
    if (Number.isInteger(vocab)) gen = makeGen(vocab);
    try {
      return await this._loop(() => gen, (v) => { gen?.delete(); gen = makeGen(v); return gen; }, prompt, ids, encoderStates, encoderMask, signal, onStep);
    } finally {
      gen?.delete();
    }
  }

  async _loop(getGen, remake, prompt, ids, encoderStates, encoderMask, signal, onStep) {
    const ort = this.ort;
    const cache = new Map(); // past_key_values.* name -> Tensor
    let rows = 1;
    let pastLen = 0;
    let tokens = this.isEncoderDecoder ? BigInt64Array.from(prompt, (x) => BigInt(x)) : ids;
    let step = 0;
    let encoderCacheReady = false;
    // One buffer of ones for every step's attention mask (a view per step, no allocation).
    let onesBuffer = new BigInt64Array(0);
    const ones = (count) => {
      if (onesBuffer.length < count) onesBuffer = new BigInt64Array(Math.max(count, 2 * onesBuffer.length)).fill(1n);
      return onesBuffer.subarray(0, count);
    };
    // Likewise one position_ids buffer, constant flag tensors, and one buffer per cache input
    // that beam reorders gather into (ORT copies feeds into its own memory during run()).
    let posBuffer = new BigInt64Array(0);
    const positions = (count, n) => {
      if (posBuffer.length < count * n) posBuffer = new BigInt64Array(Math.max(count * n, 2 * posBuffer.length));
      const pos = posBuffer.subarray(0, count * n);
      for (let r = 0; r < count; r++) for (let i = 0; i < n; i++) pos[r * n + i] = BigInt(pastLen + i);
      return pos;
    };
    const cacheBranch = [new ort.Tensor('bool', Uint8Array.of(0), [1]), new ort.Tensor('bool', Uint8Array.of(1), [1])];
    const keepOne = new ort.Tensor('int64', BigInt64Array.of(1n), []);
    const gatherBuffers = new Map();
    let fetches;
    try {
      for (;;) {
        if (signal?.aborted) break; // stop promptly; what was produced so far is returned
        const withPast = pastLen > 0;
        const sessionName = this.isEncoderDecoder
          ? (this.sessions.decoder_model_merged ? 'decoder_model_merged' : (withPast ? 'decoder_with_past_model' : 'decoder_model'))
          : (this.sessions.model ? 'model' : 'decoder_model_merged');
        const session = this.sessions[sessionName];
        const n = tokens.length / rows;
        const feeds = {};
        for (const name of session.inputNames) {
          if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', tokens, [rows, n]);
          else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', ones(rows * (pastLen + n)), [rows, pastLen + n]);
          else if (name === 'position_ids') feeds[name] = new ort.Tensor('int64', positions(rows, n), [rows, n]);
          else if (name === 'encoder_hidden_states') feeds[name] = encoderStates;
          else if (name === 'encoder_attention_mask') feeds[name] = encoderMask;
          else if (name === 'use_cache_branch') feeds[name] = cacheBranch[withPast ? 1 : 0];
          else if (name === 'num_logits_to_keep' || name === 'logits_to_keep') feeds[name] = keepOne;
          else if (name.startsWith(PAST)) feeds[name] = cache.get(name) ?? emptyPast(ort, session, name, rows, this.geometry);
          else throw new Error(`The decoder wants an input '${name}' that wasmpipe cannot provide (inputs: ${session.inputNames.join(', ')}).`);
        }
        // Once the cross-attention cache exists, skip fetching its (unchanged) copies.
        if (encoderCacheReady) fetches ??= session.outputNames.filter((o) => !o.includes('.encoder.'));
        const out = await this.run(sessionName, feeds, fetches);
        const logits = out.logits;
        if (!logits) throw new Error(`The decoder returned no 'logits' output (got ${Object.keys(out).join(', ')}).`);
        const last = await lastLogitsRows(logits);
        let gen = getGen();
        if (!gen || (step === 0 && last.vocab !== this.config.vocab_size)) gen = remake(last.vocab);
        const done = unwrap(gen.step(last.data, last.rows), 'generation');
        keepPresents(out, cache, encoderCacheReady);
        if (this.isEncoderDecoder && !encoderCacheReady) encoderCacheReady = [...cache.keys()].some((k) => k.includes('.encoder.'));
        pastLen += n;
        step += 1;
        onStep?.(gen);
        if (done) break;
        const nextRows = gen.rows();
        const sources = gen.sourceRows();
        if (sources) {
          for (const [name, tensor] of cache) {
            const moved = name.includes('.encoder.') ? await expandRows(ort, tensor, nextRows) : await gatherRows(ort, tensor, sources, gatherBuffers, name);
            if (moved !== tensor) release(tensor);
            cache.set(name, moved);
          }
        }
        if (encoderStates && encoderStates.dims[0] !== nextRows) {
          encoderStates = await expandRows(ort, encoderStates, nextRows);
          encoderMask = await expandRows(ort, encoderMask, nextRows);
        }
        rows = nextRows;
        tokens = gen.nextTokens();
      }
    } finally {
      for (const tensor of cache.values()) release(tensor); // GPU buffers (webgpu)
    }
    const gen = getGen() ?? remake(this.config.vocab_size);
    return { sequences: gen.sequences(), scores: gen.scores(), steps: step, aborted: !gen.done() };
  }
}
