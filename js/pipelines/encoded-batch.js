// Shared by the token-level pipelines: encode a batch in the C++ core (the encodings stay there for
// post-processing), run the model, and free the C++ batch when done.
import { getCore, loadedCore, unwrap } from '../core.js';
import { textFeeds } from '../backend/onnx.js';
import { copyModelInputs } from './task-io.js';

/**
 * Encodes texts (and pairs), runs `pipe`'s model and calls `post(batch, outputs, handle, core)`.
 * truncation: 'none' | 'longest_first' | 'only_first', at maxLength tokens (0: the tokenizer's
 * model_max_length).
 * `check(batch, handle, core)` may reject the encoded input before the model runs.
 */
export async function runEncoded(pipe, texts, pairs, truncation, post, check = null, maxLength = 0) {
  const core = loadedCore() ?? await getCore(); // no await hop once it is loaded
  const handle = pipe.tokenizer.handle;
  // Lists cross into the core as JSON (one boundary crossing; see wasm/bindings/token_tasks.cpp).
  let buffer = null;
  const batch = unwrap(core.EncodedBatch.create(handle, JSON.stringify(texts), pairs ? JSON.stringify(pairs) : '', truncation, maxLength), pipe.task);
  try {
    check?.(batch, handle, core);
    const ptr = unwrap(batch.modelInputs(handle), pipe.task);
    // Copied into a buffer of the pipeline's pool (one per call in flight: ORT reads the feeds
    // during run(), which may wait behind another call's).
    const pool = (pipe._inputBuffers ??= []);
    const copied = copyModelInputs(core, ptr, texts.length, batch.longest(), pool.pop() ?? null);
    buffer = copied.buffer;
    const inputs = copied.inputs;
    const outputs = await pipe.run('model', textFeeds(pipe.sessions.model, inputs));
    return post(batch, outputs, handle, core);
  } finally {
    batch.delete();
    if (buffer) pipe._inputBuffers.push(buffer);
  }
}

const bitsBox = new Uint32Array(1);
const floatBox = new Float32Array(bitsBox.buffer);

/** A float32 the core sent as its IEEE-754 bit pattern (exact, as a JS number). */
export function floatFromBits(bits) {
  bitsBox[0] = bits;
  return floatBox[0];
}

/** The input as a list of strings; `batched` says whether an array was given. */
export function textList(task, inputs) {
  const batched = Array.isArray(inputs);
  const items = batched ? inputs : [inputs];
  items.forEach((t, i) => {
    if (typeof t !== 'string') {
      throw new TypeError(`${task}: ${batched ? `inputs[${i}]` : 'the input'} must be a string, got ${t === null ? 'null' : typeof t}.`);
    }
  });
  return { batched, items };
}

/**
 * Options are checked, never silently dropped: Python options wasmpipe lacks throw NOT_IMPLEMENTED,
 * anything else is a TypeError naming the supported ones.
 */
export function checkOptions(task, options, supported, notImplemented = []) {
  if (options === null || options === undefined) return;
  if (typeof options !== 'object') throw new TypeError(`${task}: options must be an object.`);
  for (const key of Object.keys(options)) {
    if (supported.includes(key)) continue;
    if (notImplemented.includes(key)) {
      const err = new Error(`${task}: option '${key}' is not implemented in wasmpipe yet.`);
      err.code = 'NOT_IMPLEMENTED';
      throw err;
    }
    throw new TypeError(`${task}: unknown option '${key}'. Supported: ${supported.join(', ')}.`);
  }
}

export function invalidArgument(message) {
  const err = new Error(message);
  err.code = 'INVALID_ARGUMENT';
  return err;
}
