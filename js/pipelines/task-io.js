// The numbers-only calls of the token-task runners (wasm/bindings/token_tasks_io.cpp): texts go
// into the runner's input buffer with TextEncoder.encodeInto (lone surrogates become U+FFFD, as
// in the tokenizer's raw path), model inputs and result records are read straight out of wasm
// memory.
import { unwrap } from '../core.js';

const encoder = new TextEncoder();
const utf8 = new TextDecoder();

/** A runner call's count, or its error thrown (the call returned -1). */
export function checked(runner, result, context) {
  if (result < 0) unwrap(runner.lastError(), context);
  return result;
}

// A buffer's address, or the error of the call that could not make it (address 0).
function address(runner, ptr, context) {
  if (ptr === 0) unwrap(runner.lastError(), context);
  return ptr;
}

/** Writes `texts` into the runner's input buffer: uint32 UTF-8 byte lengths, then the UTF-8. */
export function writeTexts(core, runner, texts, context) {
  let units = 0;
  for (const s of texts) units += s.length;
  const header = 4 * texts.length;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
  const end = header + 3 * units;
  const ptr = address(runner, runner.input(end), context);
  const heap = core.HEAPU8; // taken after input(): it may have grown wasm memory
  const lengths = core.HEAPU32;
  let at = ptr + header;
  texts.forEach((s, i) => {
    const written = s.length === 0 ? 0 : encoder.encodeInto(s, heap.subarray(at, ptr + end)).written;
    lengths[(ptr >>> 2) + i] = written;
    at += written;
  });
}

/** {input_ids, attention_mask, token_type_ids, dims} of the runner's [3][rows][seq] int64 inputs. */
export function modelInputs(core, runner, rows, seq) {
  const ptr = runner.modelInputs();
  const n = rows * seq;
  const data = new BigInt64Array(core.HEAPU8.buffer.slice(ptr, ptr + 24 * n));
  return { input_ids: data.subarray(0, n), attention_mask: data.subarray(n, 2 * n), token_type_ids: data.subarray(2 * n), dims: [rows, seq] };
}

/** Copies float32 logits into the runner's logits buffer. */
export function writeLogits(core, runner, logits, context) {
  const ptr = address(runner, runner.logits(logits.length), context);
  new Float32Array(core.HEAPU8.buffer, ptr, logits.length).set(logits);
}

/** The uint32 records a runner call wrote (`count` of them, or -1 for its error): a view, read it
 * before the next call into the core. */
export function records(core, runner, count, context) {
  checked(runner, count, context);
  return new Uint32Array(core.HEAPU8.buffer, runner.records(), count);
}

/** UTF-8 text from wasm memory (invalid bytes become U+FFFD, as Python's lossy decode). */
export function utf8At(core, ptr, bytes) {
  return utf8.decode(core.HEAPU8.subarray(ptr, ptr + bytes));
}

/**
 * A pipeline's runners: a call takes one for its whole duration (its buffers hold the call's
 * encodings until the logits come back), so calls made without awaiting the last one each get
 * their own. `state` is per runner (the strings it last received).
 */
export class RunnerPool {
  constructor(create) {
    this._create = create;
    this._idle = [];
    this._all = [];
  }

  take() {
    if (this._idle.length) return this._idle.pop();
    const entry = { runner: this._create(), state: {} };
    this._all.push(entry);
    return entry;
  }

  give(entry) {
    this._idle.push(entry);
  }

  delete() {
    for (const { runner } of this._all) runner.delete();
    this._all = [];
    this._idle = [];
  }
}
