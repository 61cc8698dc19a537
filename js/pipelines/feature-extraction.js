// feature-extraction (embeddings): tokenize (C++), run the model (ORT), pool and normalize (C++).
import { Pipeline } from './base.js';
import { getCore, loadedCore, unwrap } from '../core.js';
import { textFeeds } from '../backend/onnx.js';
import { Tensor, floatData } from '../tensor.js';

const WHAT = 'feature-extraction';
const OPTIONS = new Set(['pooling', 'normalize', 'quantize', 'precision']);

export class FeatureExtractionPipeline extends Pipeline {
  async dispose() {
    await this._queue;
    this._pooler?.delete();
    this._pooler = null;
    this._poolerAt = null; // the address of the deleted pooler: a later create() must not reuse it
    this._extractor?.delete();
    this._extractor = null;
    await super.dispose();
  }

  /**
   * @param {string|string[]} texts
   * @param {{pooling?: 'none'|'mean'|'cls'|'first_token'|'eos'|'last_token', normalize?: boolean,
   *   quantize?: boolean, precision?: 'binary'|'ubinary'}} options
   * @returns {Promise<Tensor>} float32 [batch, dim] (pooled) or [batch, seq, dim] (pooling 'none');
   *   with quantize, int8 ('binary') / uint8 ('ubinary') [batch, dim / 8]
   */
  async _call(texts, options = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError(`${WHAT}: options must be an object.`);
    for (const key of Object.keys(options)) {
      if (!OPTIONS.has(key)) throw new TypeError(`${WHAT}: unknown option '${key}'. Supported: ${[...OPTIONS].join(', ')}.`);
    }
    const { pooling = 'none', normalize = false, quantize = false, precision = 'binary' } = options;
    if (quantize && pooling === 'none') {
      throw new TypeError(`${WHAT}: quantize needs pooled embeddings [batch, dim]: pass pooling (e.g. 'mean').`);
    }
    if (typeof pooling !== 'string') throw new TypeError(`${WHAT}: pooling must be a string such as 'mean'.`);
    const list = Array.isArray(texts) ? texts : [texts];
    list.forEach((t, i) => {
      if (typeof t !== 'string') {
        throw new TypeError(`${WHAT}: ${Array.isArray(texts) ? `texts[${i}]` : 'the input'} must be a string, got ${t === null ? 'null' : typeof t}.`);
      }
    });
    if (list.length === 0) throw new TypeError(`${WHAT}: no texts to embed (got an empty array).`);
    const core = loadedCore() ?? await getCore(); // no await hop once it is loaded
    const pooler = (this._pooler ??= core.FeaturePooler.create());
    this._poolerAt ??= pooler.address();
    if (pooling !== this._poolingName) { // most calls repeat the last pooling: its name crosses once
      this._poolingCode = unwrap(pooler.poolingCode(pooling), WHAT);
      this._poolingName = pooling;
    }
    const poolingCode = this._poolingCode;
    const maxLength = this.tokenizer.model_max_length ?? this.config.max_position_embeddings;
    const encoded = this.tokenizer.encodeForModel(list, null, {
      add_special_tokens: true, truncation: maxLength !== undefined, max_length: maxLength ?? null, padding: true,
    });
    const out = await this.run('model', textFeeds(this.sessions.model, encoded));
    const hidden = out.last_hidden_state ?? out.logits ?? out.token_embeddings;
    if (!hidden || hidden.dims.length !== 3) {
      throw new Error(`${WHAT}: the model returned no [batch, seq, hidden] output (got ${Object.keys(out).join(', ')}).`);
    }
    const [batch, seq, dim] = hidden.dims;
    // fp16 models (model_fp16.onnx) return float16 hidden states: widened to float32 (exact), and
    // pooled in float32 like Python's numpy pooling of the same output.
    const states = floatData(hidden, `${WHAT} (hidden states)`);
    // Inputs go straight into the pooler's buffers (each view taken after the call that sized it:
    // growing wasm memory replaces the heap), and the pooled values are copied out at once; plain
    // wasm exports, no Embind on this path (wasm/bindings/feature_pooling_raw.cpp).
    const at = this._poolerAt;
    const mask = encoded.attention_mask;
    const hiddenAt = core._wasmpipe_pooler_hidden(at, states.length);
    if (hiddenAt === 0) unwrap(pooler.lastError(), WHAT);
    new Float32Array(core.HEAPU8.buffer, hiddenAt, states.length).set(states);
    const maskAt = core._wasmpipe_pooler_mask(at, mask.length);
    if (maskAt === 0) unwrap(pooler.lastError(), WHAT);
    new BigInt64Array(core.HEAPU8.buffer, maskAt, mask.length).set(mask);
    const n = core._wasmpipe_pooler_pool(at, batch, seq, dim, poolingCode, normalize ? 1 : 0);
    if (n < 0) unwrap(pooler.lastError(), WHAT);
    const outAt = core._wasmpipe_pooler_out(at);
    const data = new Float32Array(core.HEAPU8.buffer.slice(outAt, outAt + 4 * n));
    const r = { data, dims: pooling === 'none' ? [batch, seq, dim] : [batch, n / batch] };
    if (!quantize) return new Tensor('float32', r.data, r.dims);
    // Binary embeddings (transformers.js' quantize / sentence-transformers' quantize_embeddings).
    this._extractor ??= core.FeatureExtractor.create();
    const packed = unwrap(this._extractor.quantize(r.data, r.dims[1], precision), WHAT);
    return new Tensor(precision === 'binary' ? 'int8' : 'uint8', packed, [r.dims[0], r.dims[1] / 8]);
  }
}
