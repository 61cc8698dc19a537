// Tokenizers: a thin, transformers.js-shaped wrapper over the C++ Tokenizer in the wasm core.
import { getCore, unwrap } from './core.js';
import { getModelFile, getModelJSON } from './hub/index.js';
import { Callable } from './callable.js';
import { Tensor } from './tensor.js';
import { loadSentencePieceTokenizer } from './sentencepiece.js';

const decoder = new TextDecoder();
// Frees the C++ object if a tokenizer is garbage-collected without dispose().
const registry = new FinalizationRegistry((handle) => { try { handle.delete(); } catch { /* already freed */ } });

function checkText(text, what) {
  if (typeof text !== 'string') {
    throw new TypeError(`${what} must be a string, got ${text === null ? 'null' : typeof text}.`);
  }
}

export class PreTrainedTokenizer extends Callable {
  /** @param {any} handle the C++ Tokenizer (owned by this object) */
  constructor(handle, tokenizerConfig = {}) {
    super();
    this._handle = handle;
    this.config = tokenizerConfig;
    registry.register(this, handle, this);
    const special = (name) => handle.specialToken(name);
    this.pad_token = special('pad_token');
    this.unk_token = special('unk_token');
    this.cls_token = special('cls_token');
    this.sep_token = special('sep_token');
    this.mask_token = special('mask_token');
    this.pad_token_id = this.pad_token === undefined ? undefined : handle.tokenToId(this.pad_token);
    this.model_max_length = handle.modelMaxLength();
  }

  get handle() {
    if (!this._handle) throw new Error('This tokenizer was disposed; load it again with AutoTokenizer.from_pretrained().');
    return this._handle;
  }

  /**
   * tokenizer(text | text[], { text_pair, add_special_tokens, padding, truncation, max_length,
   * return_tensor }) -> { input_ids, attention_mask, token_type_ids } as int64 Tensors [batch, seq]
   * (or plain number arrays with return_tensor: false).
   */
  _call(text, { text_pair = null, add_special_tokens = true, padding = false, truncation = null,
    max_length = null, return_tensor = true } = {}) {
    const batched = Array.isArray(text);
    const texts = batched ? text : [text];
    texts.forEach((t, i) => checkText(t, batched ? `text[${i}]` : 'text'));
    let pairs = null;
    if (text_pair !== null && text_pair !== undefined) {
      pairs = Array.isArray(text_pair) ? text_pair : [text_pair];
      pairs.forEach((t, i) => checkText(t, `text_pair[${i}]`));
    }
    // The core always returns a rectangular batch (padded to the longest, or to max_length).
    const out = this.encodeForModel(texts, pairs, {
      add_special_tokens, truncation: truncation ?? max_length !== null, max_length, padding,
    });
    const [rows, seq] = out.dims;
    const lengths = Array.from({ length: rows }, (_, i) =>
      out.attention_mask.subarray(i * seq, (i + 1) * seq).reduce((n, m) => n + Number(m), 0));
    if (!padding && return_tensor && new Set(lengths).size > 1) {
      throw new Error('Unable to create a tensor from inputs of different lengths: pass padding: true (and truncation: true).');
    }
    const result = {};
    for (const name of ['input_ids', 'attention_mask', 'token_type_ids']) {
      if (return_tensor) {
        result[name] = new Tensor('int64', out[name], out.dims);
      } else {
        // Plain arrays without padding (unless it was asked for), like transformers.js.
        const list = lengths.map((n, i) => Array.from(out[name].subarray(i * seq, i * seq + (padding ? seq : n)), Number));
        result[name] = batched ? list : list[0];
      }
    }
    return result;
  }

  /**
   * The model's int64 inputs for a batch, as subarrays of one buffer: {input_ids, attention_mask,
   * token_type_ids, dims: [batch, seq]}. max_length null = the tokenizer's model_max_length.
   */
  encodeForModel(texts, pairs, { add_special_tokens = true, truncation = true, max_length = null, padding = true } = {}) {
    if (max_length !== null && (!Number.isInteger(max_length) || max_length <= 0)) {
      throw new TypeError(`max_length must be a positive integer, got ${max_length}.`);
    }
    const r = unwrap(this.handle.encodeForModel(texts, pairs, add_special_tokens, !!truncation, max_length ?? 0,
      padding === 'max_length'), 'tokenizer');
    const n = r.batch * r.seq;
    return {
      input_ids: r.data.subarray(0, n),
      attention_mask: r.data.subarray(n, 2 * n),
      token_type_ids: r.data.subarray(2 * n, 3 * n),
      dims: [r.batch, r.seq],
    };
  }

  /** @returns {number[]} token ids of one text (and optional pair) */
  encode(text, { text_pair = null, add_special_tokens = true } = {}) {
    checkText(text, 'text');
    if (text_pair !== null) checkText(text_pair, 'text_pair');
    return Array.from(unwrap(this.handle.encodeIds(text, text_pair, add_special_tokens), 'encode'));
  }

  /** Full encoding: ids, tokens, type_ids, attention_mask, special_tokens_mask, word_ids, offsets (UTF-16). */
  encodeWithOffsets(text, { text_pair = null, add_special_tokens = true } = {}) {
    checkText(text, 'text');
    if (text_pair !== null) checkText(text_pair, 'text_pair');
    return unwrap(this.handle.encode(text, text_pair, add_special_tokens), 'encode');
  }

  /** @returns {string[]} tokens of a text, without special tokens */
  tokenize(text, { pair = null, add_special_tokens = false } = {}) {
    return this.encodeWithOffsets(text, { text_pair: pair, add_special_tokens }).tokens;
  }

  decode(ids, { skip_special_tokens = false, clean_up_tokenization_spaces = null } = {}) {
    if (ids instanceof Tensor) ids = ids.data;
    if (!ids || typeof ids.length !== 'number') throw new TypeError('decode expects an array of token ids.');
    const arr = Int32Array.from(ids, (x, i) => {
      const n = Number(x);
      if (!Number.isInteger(n)) throw new TypeError(`decode: ids[${i}] is not an integer (${x}).`);
      return n;
    });
    const cleanup = clean_up_tokenization_spaces ?? this.handle.cleanUpTokenizationSpaces();
    return unwrap(this.handle.decode(arr, skip_special_tokens, cleanup), 'decode');
  }

  batch_decode(batch, options) {
    if (batch instanceof Tensor) batch = batch.tolist();
    return batch.map((ids) => this.decode(ids, options));
  }

  convert_tokens_to_ids(tokens) {
    const one = (t) => this.handle.tokenToId(t) ?? this.handle.tokenToId(this.unk_token);
    return Array.isArray(tokens) ? tokens.map(one) : one(tokens);
  }

  get vocab_size() { return this.handle.vocabSize(); }

  /** Frees the C++ tokenizer now instead of waiting for garbage collection. */
  dispose() {
    if (!this._handle) return;
    registry.unregister(this);
    this._handle.delete();
    this._handle = null;
  }
}

export class AutoTokenizer {
  /**
   * Loads tokenizer.json (+ tokenizer_config.json) or, for repos without it, vocab.txt, else the
   * SentencePiece files (js/sentencepiece.js).
   * @returns {Promise<PreTrainedTokenizer>}
   */
  static async from_pretrained(modelId, options = {}) {
    // The core compiles while the files download.
    const [core, json, config] = await Promise.all([
      getCore(),
      getModelFile(modelId, 'tokenizer.json', { ...options, fatal: false }),
      getModelJSON(modelId, 'tokenizer_config.json', { ...options, fatal: false }),
    ]);
    const configText = config ? JSON.stringify(config) : '';
    if (json) {
      const handle = unwrap(core.Tokenizer.fromJSON(decoder.decode(json), configText), `tokenizer.json of '${modelId}'`);
      return new PreTrainedTokenizer(handle, config ?? {});
    }
    const vocab = await getModelFile(modelId, 'vocab.txt', { ...options, fatal: false });
    if (vocab) {
      const handle = unwrap(core.Tokenizer.fromVocabTxt(decoder.decode(vocab), configText), `vocab.txt of '${modelId}'`);
      return new PreTrainedTokenizer(handle, config ?? {});
    }
    const spm = await loadSentencePieceTokenizer(core, modelId, config, options);
    if (spm) return new PreTrainedTokenizer(spm, config ?? {});
    const err = new Error(`No tokenizer found for '${modelId}': it has neither tokenizer.json, vocab.txt nor ` +
      `SentencePiece files (tokenizer.model, spiece.model, spm.model, sentencepiece.bpe.model, source.spm). ` +
      `(Other legacy formats — vocab.json + merges.txt — are not supported yet.)`);
    err.code = 'NOT_IMPLEMENTED';
    throw err;
  }
}
