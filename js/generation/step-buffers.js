// Buffers the generation loop (batch.js) refills every step instead of allocating: ORT copies its
// feeds into its own memory during run(), so once run() returns they are free for the next step.

/** A typed array that grows (doubling) and hands out views of its first `count` elements. */
export class Scratch {
  constructor(Type, fill = null) { this.Type = Type; this.fill = fill; this.data = new Type(0); }
  take(count) {
    if (this.data.length < count) {
      this.data = new this.Type(Math.max(count, 2 * this.data.length));
      if (this.fill !== null) this.data.fill(this.fill);
    }
    return this.data.subarray(0, count);
  }
}

/**
 * An int64 [rows, n] feed (input_ids, position_ids) whose ort.Tensor and data are kept while its
 * dims stay the same: every step after the first has dims [rows, 1], so steps refill one tensor.
 */
export class Int64Feed {
  constructor(ort) { this.ort = ort; this.tensor = null; }
  /** The tensor's data for dims [rows, n], to fill before the run (a new tensor only if dims changed). */
  take(rows, n) {
    const t = this.tensor;
    if (!t || t.dims[0] !== rows || t.dims[1] !== n) this.tensor = new this.ort.Tensor('int64', new BigInt64Array(rows * n), [rows, n]);
    return this.tensor.data;
  }
}
