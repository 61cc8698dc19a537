// The raw encode call (wasm/bindings/tokenizer_raw.cpp): tokenizer.encode() without Embind on the
// hot path. The text goes into the handle's wasm input buffer with TextEncoder.encodeInto (lone
// surrogates become U+FFFD, as in HF's Rust binding), one wasm export call encodes it, and the ids
// are copied out of wasm memory into a plain Array.
import { unwrap } from './core.js';

const encoder = new TextEncoder();
const ADD_SPECIAL_TOKENS = 1; // flag bits: the same values as tokenizer_raw.cpp
const HAS_PAIR = 2;
const TRUNCATION = 4;
const PAD_TO_MAX_LENGTH = 8;
const PAD_LEFT = 16;
const MIN_INPUT = 4096;

export class RawEncoder {
  /** @param {any} core the Embind module; @param {any} handle a live core Tokenizer */
  constructor(core, handle) {
    this.core = core;
    this.handle = handle;
    this.address = core.tokenizerAddress(handle);
    this.inputPtr = 0;
    this.inputBytes = 0;
    this.input = null; // Uint8Array view of the input buffer; re-taken whenever memory grew
    // The C++ scratch limit (kScratchKeepBytes): a call whose buffers grew past it frees them after.
    this.keepBytes = core._wasmpipe_scratch_keep_bytes();
  }

  // After a call whose input or output took more than keepBytes: frees those buffers (a 200k-char
  // text would otherwise keep ~600 KB of input buffer for the handle's life).
  _releaseLarge(outputBytes) {
    if (this.inputBytes <= this.keepBytes && outputBytes <= this.keepBytes) return;
    this.core._wasmpipe_tokenizer_release_large(this.address);
    if (this.inputBytes > this.keepBytes) {
      this.inputPtr = 0;
      this.inputBytes = 0;
      this.input = null;
    }
  }

  // Room for `bytes` bytes of input; a view of them (wasm memory may have grown since last time).
  _inputView(bytes) {
    if (bytes > this.inputBytes) {
      const size = Math.max(MIN_INPUT, bytes, 2 * this.inputBytes);
      const ptr = this.core._wasmpipe_tokenizer_input(this.address, size);
      if (!ptr) {
        // The core freed the old buffer before the allocation failed: none is held any more.
        this.inputPtr = 0;
        this.inputBytes = 0;
        this.input = null;
        unwrap(this.core.tokenizerLastError(this.handle), 'encode');
      }
      this.inputPtr = ptr;
      this.inputBytes = size;
      this.input = null;
    }
    const heap = this.core.HEAPU8;
    if (this.input === null || this.input.buffer !== heap.buffer) {
      this.input = heap.subarray(this.inputPtr, this.inputPtr + this.inputBytes);
    }
    return this.input;
  }

  /** Token ids of `text` (and `pair`, a string or null) as a plain Array of numbers. */
  encode(text, pair, addSpecialTokens) {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    const view = this._inputView(3 * (text.length + (pair === null ? 0 : pair.length)));
    const textBytes = text.length === 0 ? 0 : encoder.encodeInto(text, view).written;
    let pairBytes = 0;
    let flags = addSpecialTokens ? ADD_SPECIAL_TOKENS : 0;
    if (pair !== null) {
      flags |= HAS_PAIR;
      if (pair.length !== 0) pairBytes = encoder.encodeInto(pair, view.subarray(textBytes)).written;
    }
    const core = this.core;
    const n = core._wasmpipe_tokenizer_encode_ids(this.address, textBytes, pairBytes, flags);
    if (n < 0) unwrap(core.tokenizerLastError(this.handle), 'encode');
    // HEAP32 is read after the call: encoding may have grown (and so replaced) wasm memory.
    const heap = core.HEAP32;
    const at = core._wasmpipe_tokenizer_ids(this.address) >>> 2;
    const ids = new Array(n); // sized once: ~3x faster than push() in V8 (BERT encode: ~8% of a call)
    for (let i = 0; i < n; i++) ids[i] = heap[at + i];
    this._releaseLarge(4 * n);
    return ids;
  }

  /**
   * The model's int64 inputs of a batch (texts: strings; pairs: null or one string per text):
   * {data: BigInt64Array [3][batch][seq] (input_ids, attention_mask, token_type_ids), batch, seq,
   * lengths: Int32Array (tokens per text before padding)}. maxLength 0 = the tokenizer's
   * model_max_length; padId -1 = its pad token.
   */
  encodeForModel(texts, pairs, { addSpecialTokens, truncation, maxLength, padToMaxLength, padId, padLeft }) {
    const count = texts.length;
    const lists = pairs === null ? [texts] : [texts, pairs];
    let units = 0;
    for (const list of lists) for (const s of list) units += s.length;
    const header = 4 * count * lists.length; // uint32 byte length of each string, then the strings
    const view = this._inputView(header + 3 * units);
    const core = this.core;
    const lengths = core.HEAPU32;
    let slot = this.inputPtr >>> 2;
    let at = header;
    for (const list of lists) {
      for (const s of list) {
        const written = s.length === 0 ? 0 : encoder.encodeInto(s, view.subarray(at)).written;
        lengths[slot++] = written;
        at += written;
      }
    }
    const flags = (addSpecialTokens ? ADD_SPECIAL_TOKENS : 0) | (pairs === null ? 0 : HAS_PAIR) |
      (truncation ? TRUNCATION : 0) | (padToMaxLength ? PAD_TO_MAX_LENGTH : 0) | (padLeft ? PAD_LEFT : 0);
    const seq = core._wasmpipe_tokenizer_encode_for_model(this.address, count, flags, maxLength, padId);
    if (seq < 0) unwrap(core.tokenizerLastError(this.handle), 'tokenizer');
    // Copies out of the heap as it is after the call (encoding may have grown wasm memory).
    const ptr = core._wasmpipe_tokenizer_model_inputs(this.address);
    const data = new BigInt64Array(core.HEAPU8.buffer.slice(ptr, ptr + 24 * count * seq));
    const at32 = core._wasmpipe_tokenizer_lengths(this.address) >>> 2;
    const counts = core.HEAP32.slice(at32, at32 + count);
    this._releaseLarge(data.byteLength);
    return { data, batch: count, seq, lengths: counts };
  }
}
