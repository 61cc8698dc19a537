// Tokenizers: a thin, transformers.js-shaped wrapper over the C++ Tokenizer in the wasm core.
import { getCore, loadedCore, unwrap } from './core.js';
import { getModelFile, getModelJSON, getModelText } from './hub/index.js';
import { applyChatTemplate, loadChatTemplateEngine, readChatTemplates } from './chat_template.js';
import { loadVocabMerges } from './tokenizer_legacy.js';
import { loadSpecialTokensMap } from './special_tokens_map.js';
import { withClassDefaultsAndModelType } from './tokenizer_class_defaults.js';
import { Callable } from './callable.js';
import { Tensor } from './tensor.js';
import { buildOutputs, resolveSettings } from './tokenizer-options.js';
import { loadSentencePieceTokenizer } from './sentencepiece.js';
import { RawEncoder } from './tokenizer-raw.js';
import { encodeFull, tokenizeOnly } from './tokenizer-raw-full.js';
import { decodeIds } from './tokenizer-raw-decode.js';
import { callWithTarget } from './tokenizer-target.js';
import { withLanguagePostProcessor } from './tokenizer-language.js';

const decoder = new TextDecoder();
// Frees the C++ object if a tokenizer is garbage-collected without dispose().
const registry = new FinalizationRegistry((handle) => { try { handle.delete(); } catch { /* already freed */ } });

// Tokenizer classes whose outputs include token_type_ids by default (transformers.js 4.3.1).
const TOKEN_TYPE_CLASSES = new Set(['BertTokenizer', 'AlbertTokenizer', 'DebertaTokenizer', 'DebertaV2Tokenizer',
  'ElectraTokenizer', 'MobileBertTokenizer', 'ConvBertTokenizer', 'RoFormerTokenizer', 'HerbertTokenizer', 'XLMTokenizer',
  'SqueezeBertTokenizer']);

function checkSide(value, what) {
  if (value !== 'left' && value !== 'right') throw new TypeError(`${what} must be 'left' or 'right', got ${JSON.stringify(value)}.`);
  return value;
}

function checkText(text, what) {
  if (typeof text !== 'string') {
    throw new TypeError(`${what} must be a string, got ${text === null ? 'null' : typeof text}.`);
  }
}

function invalidArgument(message) {
  const err = new Error(message);
  err.code = 'INVALID_ARGUMENT';
  return err;
}

function checkTextList(list, what) {
  if (!Array.isArray(list)) throw invalidArgument(`tokenizer: ${what} must be an array of strings`);
  list.forEach((t, i) => {
    if (typeof t !== 'string') throw invalidArgument(`tokenizer: ${what}[${i}] must be a string, got ${t === null ? 'null' : typeof t}`);
  });
}

export class PreTrainedTokenizer extends Callable {
  /** @param {any} handle the C++ Tokenizer (owned by this object) */
  constructor(handle, tokenizerConfig = {}, chatTemplateFile = null) {
    super();
    this._handle = handle;
    this._raw = null; // the RawEncoder of encode(), made on first use
    this.config = tokenizerConfig;
    registry.register(this, handle, this);
    this.chat_template = readChatTemplates(tokenizerConfig, chatTemplateFile);
    const special = (name) => handle.specialToken(name);
    this.pad_token = special('pad_token');
    this.unk_token = special('unk_token');
    this.cls_token = special('cls_token');
    this.sep_token = special('sep_token');
    this.mask_token = special('mask_token');
    this.bos_token = special('bos_token');
    this.eos_token = special('eos_token');
    this.additional_special_tokens = (tokenizerConfig.additional_special_tokens ?? [])
      .map((t) => (typeof t === 'string' ? t : t?.content)).filter((t) => typeof t === 'string');
    this.pad_token_id = this.pad_token === undefined ? undefined : handle.tokenToId(this.pad_token);
    this.model_max_length = handle.modelMaxLength();
    // transformers(.js) defaults: the config's sides, else the tokenizer class's.
    const cls = String(tokenizerConfig.tokenizer_class ?? '').replace(/Fast$/, '');
    this.padding_side = tokenizerConfig.padding_side ?? (cls === 'LlamaTokenizer' ? 'left' : 'right');
    this.truncation_side = tokenizerConfig.truncation_side ?? 'right';
    this.return_token_type_ids = Array.isArray(tokenizerConfig.model_input_names)
      ? tokenizerConfig.model_input_names.includes('token_type_ids')
      : cls ? TOKEN_TYPE_CLASSES.has(cls) : true;  // no class named: keep them (BERT-style vocab.txt repos)
  }

  get handle() {
    if (!this._handle) throw new Error('This tokenizer was disposed; load it again with AutoTokenizer.from_pretrained().');
    return this._handle;
  }

  /**
   * tokenizer(text | text[], options) -> { input_ids, attention_mask, token_type_ids, ... } as int64
   * Tensors [batch, seq] (or plain arrays with return_tensor: false). Options and outputs are
   * transformers' (see types/index.d.ts): text_pair, add_special_tokens, padding, truncation,
   * max_length, stride, pad_to_multiple_of, padding_side, truncation_side, return_tensor,
   * return_token_type_ids, return_attention_mask, return_overflowing_tokens,
   * return_offsets_mapping, return_special_tokens_mask, return_length; text_target, text_pair_target
   * (`labels`, or the target encoding alone with text null: js/tokenizer-target.js).
   */
  _call(text, options = {}) {
    // text_target (and text_pair_target): labels / the target encoding, as transformers (js/tokenizer-target.js).
    if (options.text_target != null || options.text_pair_target != null) return callWithTarget(this, text, options);
    const { text_pair = null, add_special_tokens = true, return_tensor = true, return_token_type_ids = null,
      return_attention_mask = true, return_overflowing_tokens = false, return_offsets_mapping = false,
      return_special_tokens_mask = false, return_length = false } = options;
    const batched = Array.isArray(text);
    const texts = batched ? text : [text];
    if (batched && texts.length === 0) throw new TypeError('text must be a string or a non-empty array of strings.');
    texts.forEach((t, i) => checkText(t, batched ? `text[${i}]` : 'text'));
    let pairs = null;
    if (text_pair !== null && text_pair !== undefined) {
      if (Array.isArray(text_pair) !== batched) {
        throw new TypeError(batched ? 'text_pair must be an array like text.' : 'text_pair must be a string when text is a string.');
      }
      pairs = batched ? text_pair : [text_pair];
      if (pairs.length !== texts.length) throw new TypeError(`text_pair must have one entry per text (${texts.length}), got ${pairs.length}.`);
      pairs.forEach((t, i) => checkText(t, `text_pair[${i}]`));
    }
    const settings = resolveSettings(this, options);
    // Marian / M2M100 (Python-only in transformers) return their overflow as overflowing_tokens and
    // num_truncated_tokens, without windows, and have no offsets: the core makes none of these.
    if ((return_overflowing_tokens || return_offsets_mapping || settings.truncation?.stride) && this.handle.slowTruncation()) {
      const err = new Error(`tokenizer: ${this.config?.tokenizer_class ?? 'this tokenizer'} is a Python-only tokenizer in transformers: ` +
        'return_overflowing_tokens, stride and return_offsets_mapping are not implemented for it.');
      err.code = 'NOT_IMPLEMENTED';
      throw err;
    }
    const extras = return_overflowing_tokens || return_offsets_mapping || return_special_tokens_mask || return_length;
    const fast = !extras && this._modelInputsPath(settings);
    if (fast) {
      // The common case (padded, right side, the tokenizer's pad token): one int64 buffer from the core.
      const out = this.encodeForModel(texts, pairs, { add_special_tokens, ...fast });
      const result = {};
      const names = ['input_ids'];
      if (return_attention_mask) names.push('attention_mask');
      if (return_token_type_ids ?? this.return_token_type_ids) names.push('token_type_ids');
      const [rows, seq] = out.dims;
      // Without padding asked, the core still pads on the right: rows are cut back to their lengths.
      const lengths = settings.padding ? new Array(rows).fill(seq) : Array.from(out.lengths);
      if (return_tensor && lengths.some((n) => n !== seq)) {
        const err = new Error('Unable to create a tensor from inputs of different lengths: pass padding: true ' +
          '(and truncation: true), or return_tensor: false.');
        err.code = 'INVALID_ARGUMENT';
        throw err;
      }
      for (const name of names) {
        if (return_tensor) {
          result[name] = new Tensor('int64', out[name], out.dims);
        } else {
          const list = lengths.map((n, i) => Array.from(out[name].subarray(i * seq, i * seq + n), Number));
          result[name] = batched ? list : list[0];
        }
      }
      return result;
    }
    const encodings = encodeFull(this._rawEncoder(), texts, pairs, {
      addSpecialTokens: !!add_special_tokens, truncation: settings.truncation, padding: settings.padding,
    });
    return buildOutputs(encodings, {
      batched, return_tensor, return_token_type_ids: return_token_type_ids ?? this.return_token_type_ids,
      return_attention_mask, return_overflowing_tokens, return_offsets_mapping, return_special_tokens_mask, return_length,
    });
  }

  // encodeForModel's options when it gives exactly what `settings` ask for, else null.
  // Without padding, its rows are cut back to their lengths (see _call).
  _modelInputsPath({ truncation, padding }) {
    if (padding && padding.pad_to_multiple_of) return null;
    // 'max_length' padding without truncation leaves longer rows whole (ragged): not one buffer.
    if (padding?.strategy === 'max_length' && !truncation) return null;
    if (truncation && (truncation.strategy !== 'longest_first' || truncation.stride || truncation.direction !== 'right')) return null;
    const max_length = truncation?.max_length ?? padding?.max_length ?? null;
    if (max_length === 0 || (truncation && padding?.max_length !== undefined && padding.max_length !== truncation.max_length)) return null;
    return {
      truncation: !!truncation, max_length, padding: padding?.strategy === 'max_length' ? 'max_length' : true,
      // Without padding asked, rows are padded on the right with any id, then cut back (see _call).
      pad_id: padding?.pad_id ?? null, padding_side: padding?.direction ?? 'right',
    };
  }

  /** The pad token used by padding: pad_token, else eos_token (like transformers.js). */
  resolvedPadToken() {
    for (const token of [this.pad_token, this.eos_token]) {
      if (token === undefined || token === null) continue;
      const id = this.handle.tokenToId(token);
      if (id !== undefined) return { token, id };
    }
    return null;
  }

  get padding_side() { return this._padding_side; }
  set padding_side(value) { this._padding_side = checkSide(value, 'padding_side'); }
  get truncation_side() { return this._truncation_side; }
  set truncation_side(value) { this._truncation_side = checkSide(value, 'truncation_side'); }

  /**
   * The model's int64 inputs for a batch, as subarrays of one buffer: {input_ids, attention_mask,
   * token_type_ids, dims: [batch, seq], lengths (Int32Array, tokens per text before padding)}. max_length null = the tokenizer's model_max_length.
   */
  encodeForModel(texts, pairs, { add_special_tokens = true, truncation = true, max_length = null, padding = true,
    pad_id = null, padding_side = 'right' } = {}) {
    // The core takes a 32-bit length: a larger one would wrap (2 ** 32 + 5 -> 5), so it is refused
    // as the full path (encode_options.cpp) refuses it.
    if (max_length !== null && (!Number.isInteger(max_length) || max_length <= 0 || max_length > 0xFFFFFFFF)) {
      throw new TypeError(`max_length must be a positive integer of at most 4294967295, got ${max_length}.`);
    }
    // The core takes an int32 id (-1 = the config's pad token): a larger one would wrap to it.
    if (pad_id !== null && (!Number.isInteger(pad_id) || pad_id < 0 || pad_id > 0x7FFFFFFF)) {
      throw new TypeError(`pad_id must be a non-negative integer of at most 2147483647 or null, got ${pad_id}.`);
    }
    checkTextList(texts, 'texts');
    if (pairs !== null && pairs !== undefined) {
      checkTextList(pairs, 'text_pair');
      if (pairs.length !== texts.length) {
        throw invalidArgument(`tokenizer: text_pair must have one entry per text (${texts.length}), got ${pairs.length}`);
      }
    }
    const r = this._rawEncoder().encodeForModel(texts, pairs ?? null, {
      addSpecialTokens: !!add_special_tokens, truncation: !!truncation, maxLength: Math.min(max_length ?? 0, 0xffffffff), // a size_t
      padToMaxLength: padding === 'max_length', padId: pad_id ?? -1,
      padLeft: checkSide(padding_side, 'padding_side') === 'left',
    });
    const n = r.batch * r.seq;
    return {
      input_ids: r.data.subarray(0, n),
      attention_mask: r.data.subarray(n, 2 * n),
      token_type_ids: r.data.subarray(2 * n, 3 * n),
      dims: [r.batch, r.seq],
      lengths: r.lengths, // tokens per text before padding
    };
  }

  /**
   * @returns {number[]} token ids of one text (and optional pair). Without padding / truncation
   * options it uses the tokenizer's own settings (tokenizer.json); with any, tokenizer()'s rules.
   */
  encode(text, options) {
    checkText(text, 'text');
    // The common call, encode(text), skips the options' destructuring (a per-call allocation).
    if (options === undefined) return this._rawEncoder().encode(text, null, true);
    const { text_pair = null, add_special_tokens = true, ...rest } = options;
    if (text_pair !== null) checkText(text_pair, 'text_pair');
    const keys = Object.keys(rest).filter((k) => rest[k] !== undefined && k !== 'return_token_type_ids');
    if (keys.length) {
      return this._call(text, { ...rest, text_pair, add_special_tokens, return_tensor: false }).input_ids;
    }
    return this._rawEncoder().encode(text, text_pair, !!add_special_tokens);
  }

  // The raw encode path (js/tokenizer-raw.js), made on first use: it owns the handle's I/O buffers.
  _rawEncoder() {
    return (this._raw ??= new RawEncoder(loadedCore(), this.handle));
  }

  /** Full encoding: ids, tokens, type_ids, attention_mask, special_tokens_mask, word_ids, offsets (UTF-16). */
  encodeWithOffsets(text, { text_pair = null, add_special_tokens = true } = {}) {
    checkText(text, 'text');
    if (text_pair !== null) checkText(text_pair, 'text_pair');
    const [e] = encodeFull(this._rawEncoder(), [text], text_pair === null ? null : [text_pair],
      { addSpecialTokens: !!add_special_tokens, batch: false, context: 'encode' });
    const { offsets } = e;
    const pairs = new Array(e.ids.length);
    for (let i = 0; i < pairs.length; i++) pairs[i] = [offsets[2 * i], offsets[2 * i + 1]];
    return { ids: e.ids, type_ids: e.type_ids, attention_mask: e.attention_mask, special_tokens_mask: e.special_tokens_mask,
      word_ids: e.word_ids, sequence_ids: e.sequence_ids, tokens: e.tokens, offsets: pairs };
  }

  /** @returns {string[]} tokens of a text, without special tokens */
  tokenize(text, { pair = null, add_special_tokens = false } = {}) {
    checkText(text, 'text');
    if (pair !== null) checkText(pair, 'pair');
    // Never truncated nor padded, whatever tokenizer.json sets (as in transformers).
    return tokenizeOnly(this._rawEncoder(), text, pair, !!add_special_tokens);
  }

  decode(ids, { skip_special_tokens = false, clean_up_tokenization_spaces = null } = {}) {
    if (ids instanceof Tensor) ids = ids.data;
    if (!ids || typeof ids.length !== 'number') throw new TypeError('decode expects an array of token ids.');
    // null: the tokenizer's own clean_up_tokenization_spaces.
    return decodeIds(this._rawEncoder(), ids, !!skip_special_tokens, clean_up_tokenization_spaces ?? null);
  }

  batch_decode(batch, options) {
    if (batch instanceof Tensor) batch = batch.tolist();
    return batch.map((ids) => this.decode(ids, options));
  }

  /** Token strings of ids (undefined for an id outside the vocabulary; Marian / M2M100: the unk token, as Python). */
  convert_ids_to_tokens(ids) {
    const one = (id) => this.handle.idToToken(Number(id));
    if (ids instanceof Tensor) ids = ids.data;
    return typeof ids === 'number' || typeof ids === 'bigint' ? one(ids) : Array.from(ids, one);
  }

  convert_tokens_to_ids(tokens) {
    const one = (t) => this.handle.tokenToId(t) ?? this.handle.tokenToId(this.unk_token);
    return Array.isArray(tokens) ? tokens.map(one) : one(tokens);
  }

  get vocab_size() { return this.handle.vocabSize(); }

  /** The content of a special token attribute ('bos_token', 'eos_token', ...), or undefined. */
  special_token(name) { return this.handle.specialToken(name); }

  /**
   * Renders a conversation with the model's chat template and (tokenize: true, the default)
   * tokenizes it, like transformers.js: options add_generation_prompt, tokenize, chat_template
   * (a template name or string), tools, documents, return_dict, return_tensor, padding,
   * truncation, max_length, tokenizer_kwargs; other options are template variables.
   */
  apply_chat_template(conversation, options = {}) { return applyChatTemplate(this, conversation, options); }

  /**
   * Builds a tokenizer from the contents of a tokenizer.json (its UTF-8 bytes — the fastest —, its
   * text, or the parsed object) and the parsed tokenizer_config.json.
   * @returns {Promise<PreTrainedTokenizer>}
   */
  static async from_json(tokenizerJSON, tokenizerConfig = {}) {
    const core = await getCore();
    let json = tokenizerJSON;
    if (json instanceof ArrayBuffer) json = new Uint8Array(json);
    else if (ArrayBuffer.isView(json) && !(json instanceof Uint8Array)) json = new Uint8Array(json.buffer, json.byteOffset, json.byteLength);
    else if (json !== null && typeof json === 'object' && !(json instanceof Uint8Array)) json = JSON.stringify(json);
    if (typeof json !== 'string' && !(json instanceof Uint8Array)) {
      throw new TypeError('from_json expects the tokenizer.json contents as bytes, a string or an object.');
    }
    const configText = tokenizerConfig ? JSON.stringify(tokenizerConfig) : '';
    startChatEngine(tokenizerConfig);
    const handle = unwrap(core.Tokenizer.fromJSON(withLanguagePostProcessor(json, tokenizerConfig), configText), 'tokenizer.json');
    return withChatEngine(new this(handle, tokenizerConfig ?? {}));
  }

  /** Frees the C++ tokenizer now instead of waiting for garbage collection. */
  dispose() {
    if (!this._handle) return;
    registry.unregister(this);
    this._handle.delete();
    this._handle = null;
    this._raw = null; // it points into the freed handle
  }
}

export class AutoTokenizer {
  /**
   * Loads tokenizer.json (+ tokenizer_config.json) or, for repos without it, vocab.txt, else
   * vocab.json + merges.txt, else the SentencePiece files (js/sentencepiece.js).
   * chat_template.jinja, when the repo has one, is the chat template.
   * @returns {Promise<PreTrainedTokenizer>}
   */
  static async from_pretrained(modelId, options = {}) {
    return withChatEngine(await loadTokenizer(modelId, options));
  }
}

/**
 * Starts loading the chat template engine when the config or the repo's chat_template.jinja has a
 * template, without waiting: the engine's import (its own chunk in the browser: a fetch and a
 * compile) then overlaps the tokenizer build instead of following it. withChatEngine awaits the
 * engine and reports its errors.
 */
function startChatEngine(config, jinjaFile = null) {
  if ((config?.chat_template ?? null) !== null || (jinjaFile ?? null) !== null) loadChatTemplateEngine().catch(() => {});
}

/** The tokenizer, once the chat template engine is loaded if it has a chat template (js/chat_template.js). */
async function withChatEngine(tokenizer) {
  if (tokenizer.chat_template !== null && tokenizer.chat_template !== undefined) await loadChatTemplateEngine();
  return tokenizer;
}

async function loadTokenizer(modelId, options) {
  // The core compiles while the files download; the chat template engine loads meanwhile too.
  const configFiles = Promise.all([
    getModelJSON(modelId, 'tokenizer_config.json', { ...options, fatal: false }),
    getModelText(modelId, 'chat_template.jinja', { ...options, fatal: false }),
  ]);
  configFiles.then(([cfg, jinjaFile]) => startChatEngine(cfg, jinjaFile), () => {});
  // special_tokens_map.json (where transformers reads it) while tokenizer.json downloads.
  const mappedConfig = configFiles.then(([cfg]) => loadSpecialTokensMap(modelId, cfg, options));
  mappedConfig.catch(() => {});
  const [core, json, [config, chatTemplate]] = await Promise.all([
    getCore(),
    getModelFile(modelId, 'tokenizer.json', { ...options, fatal: false }),
    configFiles,
  ]);
  if (json) {
    const { config: coreConfig, modelType } = await withClassDefaultsAndModelType(await mappedConfig, modelId, options);
    // The bytes go to the core as they are (no decode to a JS string and re-encode).
    const handle = unwrap(core.Tokenizer.fromJSON(withLanguagePostProcessor(json, coreConfig, modelType), coreConfig ? JSON.stringify(coreConfig) : ''),
      `tokenizer.json of '${modelId}'`);
    return new PreTrainedTokenizer(handle, coreConfig ?? {}, chatTemplate);
  }
  const vocab = await getModelFile(modelId, 'vocab.txt', { ...options, fatal: false });
  if (vocab) {
    const mapped = await mappedConfig;
    const handle = unwrap(core.Tokenizer.fromVocabTxt(decoder.decode(vocab), mapped ? JSON.stringify(mapped) : ''), `vocab.txt of '${modelId}'`);
    return new PreTrainedTokenizer(handle, mapped ?? {}, chatTemplate);
  }
  const bpe = await loadVocabMerges(core, modelId, config, options);
  if (bpe) return new PreTrainedTokenizer(bpe.handle, bpe.config, chatTemplate);
  const spm = await loadSentencePieceTokenizer(core, modelId, config, options);
  if (spm) return new PreTrainedTokenizer(spm, config ?? {}, chatTemplate);
  const err = new Error(`No tokenizer found for '${modelId}': it has neither tokenizer.json, vocab.txt, ` +
    `vocab.json + merges.txt nor SentencePiece files (tokenizer.model, spiece.model, spm.model, ` +
    `sentencepiece.bpe.model, source.spm + vocab.json).`);
  err.code = 'NOT_IMPLEMENTED';
  throw err;
}
