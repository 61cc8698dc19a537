// The decoder's KV cache between steps: ORT's present.* outputs become the next step's
// past_key_values.* inputs as they are (no copy). Rows are gathered only when beam search moves
// them (or the first step's single row grows into beams); the encoder's cross-attention cache
// rows are identical for one prompt, so they are expanded once and never reordered.

/** Layer/head geometry for empty first-step pasts, from config.json (HUB_CONVENTIONS.md). */
export function cacheGeometry(config) {
  const t = config.model_type;
  const num = (...keys) => keys.map((k) => config[k]).find((v) => Number.isInteger(v));
  if (t === 't5' || t === 'mt5' || t === 'longt5') {
    return { heads: num('num_heads'), headDim: num('d_kv'), encoderHeads: num('num_heads') };
  }
  if (t === 'gpt2') {
    const heads = num('n_head');
    return { heads, headDim: num('n_embd') / heads };
  }
  if (config.is_encoder_decoder) {
    const heads = num('decoder_attention_heads', 'num_attention_heads');
    const enc = num('encoder_attention_heads', 'num_attention_heads') ?? heads;
    const d = num('d_model', 'hidden_size');
    return { heads, headDim: d / heads, encoderHeads: enc, encoderHeadDim: d / enc };
  }
  const attn = num('num_attention_heads', 'n_head');
  const heads = num('num_key_value_heads', 'multi_query_group_num') ?? attn;
  const headDim = num('head_dim') ?? num('hidden_size', 'n_embd') / attn;
  return { heads, headDim };
}

/** Empty past (past_len 0) for an input, dims from the graph when it declares them. */
export function emptyPast(ort, session, name, rows, geometry, type) {
  const meta = session.inputMetadata?.find?.((m) => m.name === name);
  const shape = meta?.shape;
  const isEncoder = name.includes('.encoder.');
  let heads = isEncoder ? (geometry.encoderHeads ?? geometry.heads) : geometry.heads;
  let headDim = isEncoder ? (geometry.encoderHeadDim ?? geometry.headDim) : geometry.headDim;
  if (Array.isArray(shape) && shape.length === 4) {
    if (Number.isInteger(shape[1])) heads = shape[1];
    if (Number.isInteger(shape[3])) headDim = shape[3];
  }
  if (!Number.isInteger(heads) || !Number.isInteger(headDim)) {
    throw new Error(`Cannot size the empty KV cache input '${name}': config.json lacks head counts / sizes ` +
      `(model_type '${geometry.modelType ?? 'unknown'}').`);
  }
  const dataType = type ?? (meta?.type === 'float16' ? 'float16' : 'float32');
  const data = dataType === 'float16' ? new Uint16Array(0) : new Float32Array(0);
  return new ort.Tensor(dataType, data, [rows, heads, 0, headDim]);
}

/** CPU data of a tensor; a GPU tensor is downloaded and its buffer released. */
export async function cpuData(tensor) {
  if (tensor.location === 'cpu' || tensor.location === undefined) return tensor.data;
  return tensor.getData(true);
}

/** Releases a tensor's GPU buffer (CPU tensors need nothing). */
export function release(tensor) {
  if (tensor && tensor.location && tensor.location !== 'cpu' && tensor.location !== 'cpu-pinned') tensor.dispose();
}

/**
 * A tensor with its batch rows gathered: out row r = in row rows[r] (a CPU tensor). With
 * `buffers` (a Map) the result is a view of buffers.get(key), grown when too small, so beam
 * reorders allocate only when the cache outgrows it: the caller must not need the previous
 * result under that key any more (ORT copied it into its memory when it ran).
 */
export async function gatherRows(ort, tensor, rows, buffers = null, key = null) {
  const [batch, ...rest] = tensor.dims;
  const rowSize = rest.reduce((a, b) => a * b, 1);
  const src = await cpuData(tensor);
  const size = rows.length * rowSize;
  let out;
  if (buffers) {
    let buffer = buffers.get(key);
    // A new buffer also when the source is the buffer itself (rows would overwrite each other).
    if (!buffer || buffer.constructor !== src.constructor || buffer.length < size || buffer.buffer === src.buffer) {
      buffer = new src.constructor(Math.max(size, 2 * (buffer?.length ?? 0)));
      buffers.set(key, buffer);
    }
    out = buffer.subarray(0, size);
  } else {
    out = new src.constructor(size);
  }
  for (let r = 0; r < rows.length; r++) {
    const s = rows[r];
    if (s < 0 || s >= batch) throw new Error(`internal: cache row ${s} out of range (batch ${batch})`);
    out.set(src.subarray(s * rowSize, (s + 1) * rowSize), r * rowSize);
  }
  return new ort.Tensor(tensor.type, out, [rows.length, ...rest]);
}

/** Repeats a one-row tensor `rows` times (encoder states for beams / return sequences). */
export async function expandRows(ort, tensor, rows) {
  if (tensor.dims[0] === rows) return tensor;
  return gatherRows(ort, tensor, new Int32Array(rows));
}

/** Input-name prefix of the cache fed back to the decoder (its outputs are present.*). */
export const PAST = 'past_key_values.';

/**
 * After a decoder step: each present.* output becomes the next step's past_key_values.* (the
 * tensor it replaces is released: GPU buffers are ours to free), every other output but logits
 * is released, and encoder cross-attention presents are dropped once the cache holds them.
 */
export function keepPresents(out, cache, encoderCacheReady) {
  for (const name of Object.keys(out)) {
    if (!name.startsWith('present')) {
      if (name !== 'logits') release(out[name]);
      continue;
    }
    if (name.includes('.encoder.') && encoderCacheReady) { release(out[name]); continue; }
    const pastName = PAST + name.slice(name.indexOf('.') + 1);
    release(cache.get(pastName));
    cache.set(pastName, out[name]);
  }
}
