// A minimal transformers.js-compatible Tensor: a typed array plus its dimensions.
export class Tensor {
  /** @param {string} type @param {ArrayLike<any>} data @param {number[]} dims */
  constructor(type, data, dims) {
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== data.length) {
      throw new Error(`Tensor: ${data.length} values do not fill dims [${dims.join(', ')}] (${size} needed).`);
    }
    this.type = type;
    this.data = data;
    this.dims = dims;
  }
  get size() { return this.data.length; }
  /** Nested plain arrays (bigints stay bigints, as in transformers.js). */
  tolist() {
    const build = (offset, depth) => {
      if (depth === this.dims.length) return this.data[offset];
      const stride = this.dims.slice(depth + 1).reduce((a, b) => a * b, 1);
      return Array.from({ length: this.dims[depth] }, (_, i) => build(offset + i * stride, depth + 1));
    };
    return this.dims.length === 0 ? this.data[0] : build(0, 0);
  }
}

/**
 * A model output's values as float32, for the core: float32 as it is; float16 (model_fp16.onnx, as
 * Hub repos ship it) widened exactly, from the half-float bits onnxruntime-web hands out as a
 * Uint16Array, or from the values of a Float16Array where the runtime has one (Chrome >= 135).
 * Any other type is a clear NOT_IMPLEMENTED naming the output (`what`: pipeline and output name).
 */
export function floatData(tensor, what) {
  if (tensor.type === 'float32') return tensor.data;
  if (tensor.type === 'float16') return tensor.data instanceof Uint16Array ? f16ToF32(tensor.data) : Float32Array.from(tensor.data);
  const err = new Error(`${what}: the model returned ${tensor.type} values; only float32 and float16 outputs are supported (use dtype 'fp32', 'fp16' or 'q8').`);
  err.code = 'NOT_IMPLEMENTED';
  throw err;
}

/** float16 bit patterns (Uint16Array, as onnxruntime-web hands them out) widened exactly to float32. */
export function f16ToF32(bits) {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const s = h & 0x8000 ? -1 : 1;
    const e = (h >> 10) & 0x1f;
    const f = h & 0x3ff;
    out[i] = e === 0 ? s * 2 ** -14 * (f / 1024) : e === 31 ? (f ? NaN : s * Infinity) : s * 2 ** (e - 15) * (1 + f / 1024);
  }
  return out;
}
