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
