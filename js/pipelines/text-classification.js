// text-classification / sentiment-analysis: tokenize (C++), run the model (ORT), score (C++).
import { Pipeline } from './base.js';
import { floatData } from '../tensor.js';
import { getCore, unwrap } from '../core.js';
import { textFeeds } from '../backend/onnx.js';

/** Normalizes the accepted inputs: string, {text, text_pair}, or an array of either. */
function parseInputs(inputs) {
  const batched = Array.isArray(inputs);
  const items = batched ? inputs : [inputs];
  const texts = [], pairs = [];
  items.forEach((item, i) => {
    const where = batched ? `inputs[${i}]` : 'the input';
    if (typeof item === 'string') {
      texts.push(item); pairs.push(null);
    } else if (item && typeof item === 'object' && typeof item.text === 'string') {
      if (item.text_pair !== undefined && typeof item.text_pair !== 'string') {
        throw new TypeError(`text-classification: ${where}.text_pair must be a string.`);
      }
      texts.push(item.text); pairs.push(item.text_pair ?? null);
    } else {
      throw new TypeError(`text-classification: ${where} must be a string or {text, text_pair}, got ${item === null ? 'null' : typeof item}.`);
    }
  });
  const hasPairs = pairs.some((p) => p !== null);
  if (hasPairs && pairs.some((p) => p === null)) {
    throw new TypeError('text-classification: mix of single texts and text pairs in one batch: call them separately.');
  }
  return { batched, texts, pairs: hasPairs ? pairs : null };
}

function parseTopK(top_k) {
  if (top_k === undefined) return 1;
  if (top_k === null || top_k === 0) return 0; // all labels
  if (!Number.isInteger(top_k) || top_k < 0) {
    throw new TypeError(`text-classification: top_k must be a positive integer, 0 or null (all labels), got ${top_k}.`);
  }
  // More than any model's labels, and more than the core's 32-bit top_k holds (it would wrap).
  return top_k > 0xFFFFFFFF ? 0 : top_k;
}

export class TextClassificationPipeline extends Pipeline {
  async dispose() {
    this._classifier?.delete();
    this._classifier = null;
    await super.dispose();
  }

  /**
   * @param {string|string[]|{text:string,text_pair?:string}|Array} inputs
   * @param {{top_k?: number|null, function_to_apply?: 'softmax'|'sigmoid'|'none'}} options
   */
  async _call(inputs, { top_k, function_to_apply = '' } = {}) {
    const { batched, texts, pairs } = parseInputs(inputs);
    const k = parseTopK(top_k);
    if (texts.length === 0) return [];
    const core = await getCore();
    const maxLength = this.tokenizer.model_max_length ?? this.config.max_position_embeddings;
    const encoded = this.tokenizer.encodeForModel(texts, pairs, {
      add_special_tokens: true, truncation: maxLength !== undefined, max_length: maxLength ?? null, padding: true,
    });
    const out = await this.run('model', textFeeds(this.sessions.model, encoded));
    const logits = out.logits;
    if (!logits || logits.dims.length !== 2) {
      throw new Error(`text-classification: the model returned no [batch, labels] 'logits' output (got ${Object.keys(out).join(', ')}).`);
    }
    const [batch, numLabels] = logits.dims;
    if (this._classifier?.numLabels() !== numLabels) {
      this._classifier?.delete();
      this._classifier = unwrap(core.TextClassifier.create(this.configText, numLabels), 'text-classification');
    }
    const results = unwrap(this._classifier.classify(floatData(logits, 'text-classification (logits)'), batch, k, function_to_apply), 'text-classification');
    // Output shapes exactly as transformers.js.
    if (k === 1) return results.map((r) => r[0]);
    return batched ? results : results[0];
  }
}
