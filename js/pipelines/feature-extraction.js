// feature-extraction (embeddings): tokenize (C++), run the model (ORT), pool and normalize (C++).
import { Pipeline } from './base.js';
import { getCore, loadedCore, unwrap } from '../core.js';
import { textFeeds } from '../backend/onnx.js';
import { Tensor, floatData } from '../tensor.js';

const WHAT = 'feature-extraction';
const OPTIONS = new Set(['pooling', 'normalize', 'quantize', 'precision']);

export class FeatureExtractionPipeline extends Pipeline {
  async dispose() {
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
    this._extractor ??= core.FeatureExtractor.create();
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
    // Inputs go straight into the core's buffers (views of wasm memory: each is filled before the
    // next core call), and the pooled view is copied out at once: three boundary crossings.
    const ex = this._extractor;
    unwrap(ex.hiddenBuffer(states.length), WHAT).set(states);
    const mask = encoded.attention_mask;
    unwrap(ex.maskBuffer(mask.length), WHAT).set(new Uint8Array(mask.buffer, mask.byteOffset, mask.byteLength));
    const data = unwrap(ex.poolBuffers(batch, seq, dim, pooling, !!normalize), WHAT).slice();
    const r = { data, dims: pooling === 'none' ? [batch, seq, dim] : [batch, data.length / batch] };
    if (!quantize) return new Tensor('float32', r.data, r.dims);
    // Binary embeddings (transformers.js' quantize / sentence-transformers' quantize_embeddings).
    const packed = unwrap(this._extractor.quantize(r.data, r.dims[1], precision), WHAT);
    return new Tensor(precision === 'binary' ? 'int8' : 'uint8', packed, [r.dims[0], r.dims[1] / 8]);
  }
}
