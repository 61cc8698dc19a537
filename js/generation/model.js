// A generative model: its ONNX sessions and generate(), which runs one prompt as a batch of one
// through the batched loop (batch.js) while the C++ generator makes every decision (logits
// processors, greedy / sampling / beam search, stopping).
import { getCore, unwrap } from '../core.js';
import { ortOf } from '../backend/onnx.js';
import { generateBatch } from './batch.js';
import { cacheGeometry } from './kv-cache.js';

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
    return unwrap(core.BatchGenerator.resolveConfig(this.generationConfigText, this.configText, task,
      pipelineDefaults ? JSON.stringify(pipelineDefaults) : '', JSON.stringify(options ?? {})), 'generation');
  }

  /**
   * Generates for one prompt.
   * @param {ArrayLike<number>} inputIds the encoder input (seq2seq) or the prompt (decoder-only)
   * @param {{task?: string, pipelineDefaults?: object, options?: object, decoderPrompt?: number[],
   *          signal?: AbortSignal, onStep?: (gen: {nextTokens: () => BigInt64Array}) => void}} call
   * @returns {Promise<{sequences: Int32Array[], scores: Float32Array, steps: number, aborted: boolean}>}
   *   full rows as HF returns them
   */
  async generate(inputIds, call = {}) {
    const { sequences, scores, steps, aborted } = await generateBatch(this, [inputIds], call);
    return { sequences, scores, steps, aborted };
  }
}
