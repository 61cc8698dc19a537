// The raw path of tokenizer.decode() (wasm/bindings/tokenizer_raw_decode.cpp): the ids go into the
// input buffer of the handle's RawEncoder (js/tokenizer-raw.js) as int32, one export call decodes
// them, and the text's UTF-8 is read out of wasm memory with TextDecoder.
import { unwrap } from './core.js';

const decoder = new TextDecoder();
const SKIP_SPECIAL_TOKENS = 1; // flag bits: the same values as tokenizer_raw_decode.cpp
const CLEAN_UP = 2;
const CLEAN_UP_AS_CONFIGURED = 4;

/**
 * The text of `ids` (numbers or bigints; each must be an integer, stored as int32 like
 * Int32Array.from). cleanUp: true / false, or null for the tokenizer's clean_up_tokenization_spaces.
 * @param {import('./tokenizer-raw.js').RawEncoder} raw
 */
export function decodeIds(raw, ids, skipSpecialTokens, cleanUp) {
  const n = ids.length;
  raw._inputView(4 * n);
  const core = raw.core;
  const heap = core.HEAP32; // taken after _inputView, which may have grown memory
  const at = raw.inputPtr >>> 2;
  for (let i = 0; i < n; i++) {
    const x = Number(ids[i]);
    if (!Number.isInteger(x)) throw new TypeError(`decode: ids[${i}] is not an integer (${ids[i]}).`);
    heap[at + i] = x;
  }
  const flags = (skipSpecialTokens ? SKIP_SPECIAL_TOKENS : 0) |
    (cleanUp === null ? CLEAN_UP_AS_CONFIGURED : cleanUp ? CLEAN_UP : 0);
  const bytes = core._wasmpipe_tokenizer_decode(raw.address, n, flags);
  if (bytes < 0) unwrap(core.tokenizerLastError(raw.handle), 'decode');
  const ptr = core._wasmpipe_tokenizer_text(raw.address);
  const text = decoder.decode(core.HEAPU8.subarray(ptr, ptr + bytes));
  raw._releaseLarge(bytes);
  return text;
}
