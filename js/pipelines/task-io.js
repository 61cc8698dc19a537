// The numbers-only calls of the token-task runners (wasm/bindings/token_tasks_io.cpp: plain wasm
// exports called with the runner's addresses): texts go into the runner's input buffer with
// TextEncoder.encodeInto (lone surrogates become U+FFFD, as in the tokenizer's raw path), model
// inputs and result records are read straight out of wasm memory.
import { unwrap } from '../core.js';

const encoder = new TextEncoder();
const utf8 = new TextDecoder();

/** A runner call's count, or its error thrown (the call returned -1). */
export function checked(task, result, context) {
  if (result < 0) unwrap(task.runner.lastError(), context);
  return result;
}

// A buffer's address, or the error of the call that could not make it (address 0).
function address(task, ptr, context) {
  if (ptr === 0) unwrap(task.runner.lastError(), context);
  return ptr;
}

/** Writes `texts` into the runner's input buffer: uint32 UTF-8 byte lengths, then the UTF-8. */
export function writeTexts(core, task, texts, context) {
  let units = 0;
  for (const s of texts) units += s.length;
  const header = 4 * texts.length;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
  const end = header + 3 * units;
  const ptr = address(task, core._wasmpipe_task_input(task.io, end), context);
  const heap = core.HEAPU8; // taken after the call: it may have grown wasm memory
  const lengths = core.HEAPU32;
  let at = ptr + header;
  texts.forEach((s, i) => {
    const written = writeUtf8(s, heap, at, ptr + end);
    lengths[(ptr >>> 2) + i] = written;
    at += written;
  });
}

// The UTF-8 of `s` at heap[at..end): its byte count. ASCII is copied by a plain loop: for the
// short texts of a pipeline call, TextEncoder.encodeInto's own cost (a view and a call into the
// browser, ~1.5 µs in Chromium) is several times the copy; the rest goes through encodeInto.
function writeUtf8(s, heap, at, end) {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) break;
    heap[at + i] = c;
  }
  return i === n ? n : i + encoder.encodeInto(s.slice(i), heap.subarray(at + i, end)).written;
}

/**
 * {input_ids, attention_mask, token_type_ids, dims} of the [3][rows][seq] int64 model inputs at
 * `ptr` in wasm memory, copied into `buffer` (a BigInt64Array the caller keeps between calls; a
 * larger one is made when it is too small): no new ArrayBuffer per call, which costs ~3 µs in
 * Chromium. ONNX Runtime reads the feeds only during run(), so the buffer is free again after it.
 * Returns {buffer, inputs}.
 */
export function copyModelInputs(core, ptr, rows, seq, buffer) {
  const n = rows * seq;
  if (!(buffer?.length >= 3 * n)) buffer = new BigInt64Array(Math.max(3 * n, 2 * (buffer?.length ?? 0)));
  buffer.set(new BigInt64Array(core.HEAPU8.buffer, ptr, 3 * n));
  const inputs = { input_ids: buffer.subarray(0, n), attention_mask: buffer.subarray(n, 2 * n), token_type_ids: buffer.subarray(2 * n, 3 * n), dims: [rows, seq] };
  return { buffer, inputs };
}

/** The runner's model inputs (copyModelInputs), in a buffer the entry keeps while the call holds it. */
export function modelInputs(core, task, rows, seq) {
  const { buffer, inputs } = copyModelInputs(core, core._wasmpipe_task_model_inputs(task.io), rows, seq, task.inputs);
  task.inputs = buffer;
  return inputs;
}

/** Copies float32 logits into the runner's logits buffer. */
export function writeLogits(core, task, logits, context) {
  writeFloatsAt(core, logitsBuffer(core, task, logits.length, context), 0, logits);
}

/**
 * The address of the runner's logits buffer, sized for `n` floats, for logits that come in parts
 * (writeFloatsAt). It stays valid while the call holds the runner (its RunnerPool entry), also
 * across awaits: wasm memory may grow meanwhile, which replaces the heap's views, not addresses.
 */
export function logitsBuffer(core, task, n, context) {
  return address(task, core._wasmpipe_task_logits(task.io, n), context);
}

/** Writes float32 `values` at float index `offset` of the buffer at `ptr`. */
export function writeFloatsAt(core, ptr, offset, values) {
  new Float32Array(core.HEAPU8.buffer, ptr + 4 * offset, values.length).set(values);
}

/** The uint32 records a runner call wrote (`count` of them, or -1 for its error): a view, read it
 * before the next call into the core. */
export function records(core, task, count, context) {
  checked(task, count, context);
  return new Uint32Array(core.HEAPU8.buffer, core._wasmpipe_task_records(task.io), count);
}

/** The address of the UTF-8 bytes the last call's records point into. */
export function recordBytes(core, task) {
  return core._wasmpipe_task_bytes(task.io);
}

/** UTF-8 text from wasm memory (invalid bytes become U+FFFD, as Python's lossy decode). */
export function utf8At(core, ptr, bytes) {
  return utf8.decode(core.HEAPU8.subarray(ptr, ptr + bytes));
}

/**
 * Reads many short UTF-8 strings out of the `bytes` bytes at `ptr` as (byte offset, byte length)
 * -> string, what utf8At gives for each. When all of it is ASCII (most words), it becomes one
 * string, sliced (byte and UTF-16 offsets agree): no TextDecoder call per word, each of which
 * costs about a microsecond in browsers; a few hundred bytes are read by String.fromCharCode,
 * cheaper than even one TextDecoder call.
 */
export function utf8Slicer(core, ptr, bytes) {
  const heap = core.HEAPU8;
  for (let i = ptr, end = ptr + bytes; i < end; i++) {
    if (heap[i] > 0x7f) return (offset, length) => utf8At(core, ptr + offset, length);
  }
  const text = bytes <= ASCII_CHUNK ? String.fromCharCode.apply(null, heap.subarray(ptr, ptr + bytes)) : utf8.decode(heap.subarray(ptr, ptr + bytes));
  return (offset, length) => text.slice(offset, offset + length);
}

// The most bytes passed to String.fromCharCode at once (its arguments sit on the stack).
const ASCII_CHUNK = 1024;

/**
 * A pipeline's runners: a call takes one for its whole duration (its buffers hold the call's
 * encodings until the logits come back), so calls made without awaiting the last one each get
 * their own. An entry ("task" above) is {runner, at: its address, io: its buffers' address,
 * state}: `state` is per runner (the strings it last received).
 */
export class RunnerPool {
  constructor(create) {
    this._create = create;
    this._idle = [];
    this._all = [];
  }

  take() {
    if (this._idle.length) return this._idle.pop();
    const runner = this._create();
    const entry = { runner, at: runner.address(), io: runner.io(), state: {} };
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
