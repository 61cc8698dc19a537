// The raw path of the full encodings (wasm/bindings/tokenizer_raw_full.cpp): tokenizer() with
// options and encodeWithOffsets() without Embind, and tokenize()'s tokens-only path (tokenizeOnly:
// wasm/bindings/tokenizer_raw_tokens.cpp). The options go in as uint32 words and the texts as UTF-8
// (TextEncoder.encodeInto: a lone surrogate becomes U+FFFD, as in HF's Rust binding, with UTF-16
// offsets unchanged since U+FFFD is one unit too), into the input buffer of the handle's RawEncoder
// (js/tokenizer-raw.js); the encodings come back as int32 records and the tokens' UTF-8, decoded
// with one TextDecoder call.
import { unwrap } from './core.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder(); // lossy: invalid bytes become U+FFFD
const ADD_SPECIAL_TOKENS = 1; // flag bits and option words: the same values as tokenizer_raw_full.cpp
const HAS_PAIR = 2;
const BATCH = 4;
const OPTION_WORDS = 22;
const TEMPLATE_WORDS = 14; // where the template words start (kTemplateMode)
const MAX_TEMPLATE_IDS = 4;
const OFF = 1;
const SET = 2;
const STRATEGIES = new Map([['longest_first', 0], ['only_first', 1], ['only_second', 2]]);

function invalid(message) {
  const err = new Error(message);
  err.code = 'INVALID_ARGUMENT';
  return err;
}

function uint32(value, what) {
  if (!Number.isInteger(value) || value < 0 || value > 0xFFFFFFFF) {
    throw invalid(`${what} must be a non-negative integer of at most 4294967295, got ${JSON.stringify(value)}`);
  }
  return value;
}

function int32(value, what) {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7FFFFFFF) {
    throw invalid(`${what} must be a 32-bit integer, got ${JSON.stringify(value)}`);
  }
  return value >>> 0;
}

function isLeft(direction, what) {
  if (direction === undefined || direction === 'right') return 0;
  if (direction === 'left') return 1;
  throw invalid(`${what}.direction must be 'right' or 'left', got ${JSON.stringify(direction)}`);
}

// The option words (tokenizer_raw_full.cpp's OptionWord order) of `truncation` and `padding`:
// undefined = the tokenizer's own, null/false = off, else the objects of resolveSettings().
function optionWords(truncation, padding, padTokenBytes) {
  const w = new Array(OPTION_WORDS).fill(0);
  if (truncation === null || truncation === false) {
    w[0] = OFF;
  } else if (truncation !== undefined) {
    if (truncation.max_length === undefined || truncation.max_length === null) throw invalid('truncation.max_length is required');
    const strategy = STRATEGIES.get(truncation.strategy ?? 'longest_first');
    if (strategy === undefined) {
      throw invalid(`truncation.strategy must be 'longest_first', 'only_first' or 'only_second', got ${JSON.stringify(truncation.strategy)}`);
    }
    w[0] = SET;
    w[1] = uint32(truncation.max_length, 'truncation.max_length');
    w[2] = uint32(truncation.stride ?? 0, 'truncation.stride');
    w[3] = strategy;
    w[4] = isLeft(truncation.direction, 'truncation');
  }
  if (padding === null || padding === false) {
    w[5] = OFF;
  } else if (padding !== undefined) {
    const strategy = padding.strategy ?? 'longest';
    if (strategy !== 'longest' && strategy !== 'max_length') {
      throw invalid(`padding.strategy must be 'longest' or 'max_length', got ${JSON.stringify(strategy)}`);
    }
    w[5] = SET;
    w[6] = strategy === 'longest' ? 1 : 0;
    if (strategy === 'max_length') {
      if (padding.max_length === undefined || padding.max_length === null) throw invalid("padding.max_length is required with strategy 'max_length'");
      w[7] = uint32(padding.max_length, 'padding.max_length');
    }
    w[8] = uint32(padding.pad_to_multiple_of ?? 0, 'padding.pad_to_multiple_of');
    w[9] = isLeft(padding.direction, 'padding');
    if (padding.pad_id !== undefined && padding.pad_id !== null) { w[10] |= 1; w[11] = int32(padding.pad_id, 'padding.pad_id'); }
    if (padding.pad_type_id !== undefined && padding.pad_type_id !== null) {
      w[10] |= 2;
      w[12] = int32(padding.pad_type_id, 'padding.pad_type_id');
    }
    if (typeof padding.pad_token === 'string') { w[10] |= 4; w[13] = padTokenBytes; }
  }
  return w;
}

// The template words (kTemplateMode ...): prefix $A [$B] suffix in place of the post-processor.
function templateWords(w, template) {
  if (template === undefined || template === null) return;
  const { prefix, suffix, pair_type_id: pairType = 0 } = template;
  if (prefix.length + suffix.length > MAX_TEMPLATE_IDS) throw invalid(`template: at most ${MAX_TEMPLATE_IDS} special tokens`);
  w[TEMPLATE_WORDS] = SET;
  w[TEMPLATE_WORDS + 1] = uint32(pairType, 'template.pair_type_id');
  w[TEMPLATE_WORDS + 2] = prefix.length;
  w[TEMPLATE_WORDS + 3] = suffix.length;
  [...prefix, ...suffix].forEach((id, i) => { w[TEMPLATE_WORDS + 4 + i] = uint32(id, 'template id'); });
}

/**
 * Full encodings of `texts` (strings) and `pairs` (null or one string per text): an array of
 * {ids, type_ids (Int32Array), attention_mask, special_tokens_mask (Uint8Array), word_ids
 * (Int32Array, -1 = none), sequence_ids (Int8Array), tokens (string[]), offsets (Uint32Array, flat
 * [start0, end0, ...] in UTF-16 units), overflowing (encodings)}. batch: encode the texts together
 * (padded to the longest, like Rust's encode_batch); else one text alone. truncation / padding:
 * undefined = the tokenizer's own, null = off, else resolveSettings()'s objects. context: the
 * call named in errors. template: {prefix, suffix (special token ids), pair_type_id} put in place of
 * the post-processor for this call (a language class's target side: js/tokenizer-target.js).
 * @param {import('./tokenizer-raw.js').RawEncoder} raw the tokenizer's RawEncoder (its input buffer)
 */
export function encodeFull(raw, texts, pairs, { addSpecialTokens = true, batch = true, truncation, padding, template = null,
  context = 'tokenizer' } = {}) {
  const count = texts.length;
  const lists = pairs === null ? [texts] : [texts, pairs];
  let units = 0;
  for (const list of lists) for (const s of list) units += s.length;
  const padToken = typeof padding?.pad_token === 'string' ? padding.pad_token : '';
  const header = 4 * (OPTION_WORDS + count * lists.length);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
  const view = raw._inputView(header + 3 * (units + padToken.length));
  let at = header;
  const stringBytes = [];
  for (const list of lists) {
    for (const s of list) {
      const written = s.length === 0 ? 0 : encoder.encodeInto(s, view.subarray(at)).written;
      stringBytes.push(written);
      at += written;
    }
  }
  const padBytes = padToken.length === 0 ? 0 : encoder.encodeInto(padToken, view.subarray(at)).written;
  const core = raw.core;
  const words = core.HEAPU32; // taken after _inputView, which may have grown memory
  const slot = raw.inputPtr >>> 2;
  const options = optionWords(truncation, padding, padBytes);
  templateWords(options, template);
  words.set(options, slot);
  words.set(stringBytes, slot + OPTION_WORDS);
  const flags = (addSpecialTokens ? ADD_SPECIAL_TOKENS : 0) | (pairs === null ? 0 : HAS_PAIR) | (batch ? BATCH : 0);
  const n = core._wasmpipe_tokenizer_encode_full(raw.address, count, flags);
  if (n < 0) unwrap(core.tokenizerLastError(raw.handle), context);
  // Copies out of the heap as it is after the call (encoding may have grown wasm memory).
  const recordsAt = core._wasmpipe_tokenizer_records(raw.address) >>> 2;
  const records = core.HEAP32.slice(recordsAt, recordsAt + n);
  const tokenPtr = core._wasmpipe_tokenizer_token_bytes(raw.address);
  const tokenBytes = core.HEAPU8.subarray(tokenPtr, tokenPtr + core._wasmpipe_tokenizer_token_bytes_size(raw.address));
  const reader = { records, at: 2, bytes: tokenBytes, byteAt: 0, text: records[1] === 1 ? decoder.decode(tokenBytes) : null, unitAt: 0 };
  const out = new Array(records[0]);
  for (let i = 0; i < out.length; i++) out[i] = readEncoding(reader);
  raw._releaseLarge(Math.max(4 * n, tokenBytes.length));
  return out;
}

// One encoding (and its overflowing parts) from the records at reader.at (see append_encoding).
function readEncoding(r) {
  const { records } = r;
  const n = records[r.at];
  const overflowCount = records[r.at + 1];
  let p = r.at + 2;
  const take = (length) => { const part = records.subarray(p, p + length); p += length; return part; };
  const e = {
    ids: take(n).slice(),
    type_ids: take(n).slice(),
    attention_mask: Uint8Array.from(take(n)),
    special_tokens_mask: Uint8Array.from(take(n)),
    word_ids: take(n).slice(),
    sequence_ids: Int8Array.from(take(n)),
    offsets: new Uint32Array(take(2 * n)),
    tokens: new Array(n),
    overflowing: new Array(overflowCount),
  };
  readTokens(r, take(n), take(n), e.tokens);
  r.at = p;
  for (let i = 0; i < overflowCount; i++) e.overflowing[i] = readEncoding(r);
  return e;
}

// tokens[i] for the UTF-8 byte and UTF-16 lengths of each token (append_token_strings' records),
// read from the reader's decoded text (or, when a token is not valid UTF-8, its bytes).
function readTokens(r, byteLengths, unitLengths, tokens) {
  for (let i = 0; i < tokens.length; i++) {
    if (r.text !== null) {
      // Every token is valid UTF-8: slices of the one decoded string.
      tokens[i] = r.text.slice(r.unitAt, r.unitAt + unitLengths[i]);
      r.unitAt += unitLengths[i];
    } else {
      tokens[i] = decoder.decode(r.bytes.subarray(r.byteAt, r.byteAt + byteLengths[i]));
    }
    r.byteAt += byteLengths[i];
  }
}

/**
 * The tokens (string[]) of `text` and `pair` (a string or null), never truncated nor padded:
 * tokenize()'s raw path (wasm/bindings/tokenizer_raw_tokens.cpp), without the ids, masks and
 * offsets of encodeFull.
 * @param {import('./tokenizer-raw.js').RawEncoder} raw the tokenizer's RawEncoder (its input buffer)
 */
export function tokenizeOnly(raw, text, pair, addSpecialTokens) {
  const header = pair === null ? 4 : 8;
  const view = raw._inputView(header + 3 * (text.length + (pair === null ? 0 : pair.length)));
  const textBytes = text.length === 0 ? 0 : encoder.encodeInto(text, view.subarray(header)).written;
  const pairBytes = pair === null || pair.length === 0 ? 0 : encoder.encodeInto(pair, view.subarray(header + textBytes)).written;
  const core = raw.core;
  const slot = raw.inputPtr >>> 2;
  core.HEAPU32[slot] = textBytes; // HEAPU32 taken after _inputView, which may have grown memory
  if (pair !== null) core.HEAPU32[slot + 1] = pairBytes;
  const n = core._wasmpipe_tokenizer_tokenize(raw.address, (addSpecialTokens ? ADD_SPECIAL_TOKENS : 0) | (pair === null ? 0 : HAS_PAIR));
  if (n < 0) unwrap(core.tokenizerLastError(raw.handle), 'tokenize');
  // Views of the heap as it is after the call (encoding may have grown wasm memory).
  const recordsAt = core._wasmpipe_tokenizer_records(raw.address) >>> 2;
  const records = core.HEAP32.subarray(recordsAt, recordsAt + n);
  const tokenPtr = core._wasmpipe_tokenizer_token_bytes(raw.address);
  const bytes = core.HEAPU8.subarray(tokenPtr, tokenPtr + core._wasmpipe_tokenizer_token_bytes_size(raw.address));
  const count = records[1];
  const tokens = new Array(count);
  const reader = { bytes, byteAt: 0, text: records[0] === 1 ? decoder.decode(bytes) : null, unitAt: 0 };
  readTokens(reader, records.subarray(2, 2 + count), records.subarray(2 + count, 2 + 2 * count), tokens);
  raw._releaseLarge(Math.max(4 * n, bytes.length));
  return tokens;
}
