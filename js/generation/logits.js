// The decoder's logits as the C++ generator wants them: the last position of every row, float32,
// one contiguous [rows, vocab] array (a view of ORT's output whenever it already is one).
import { cpuData } from './kv-cache.js';
import { f16ToF32 } from '../tensor.js';

/** The last position's logits of every row, as one contiguous Float32Array [rows, vocab]. */
export async function lastLogitsRows(logits) {
  const [rows, seq, vocab] = logits.dims.length === 3 ? logits.dims : [logits.dims[0], 1, logits.dims[1]];
  let data = await cpuData(logits);
  // float16: half-float bits (Uint16Array), or a Float16Array of values where the runtime has one.
  if (logits.type === 'float16') data = data instanceof Uint16Array ? f16ToF32(data) : Float32Array.from(data);
  else if (logits.type !== 'float32') throw new Error(`Unsupported logits type '${logits.type}' (expected float32 or float16).`);
  if (seq === 1) return { data, rows, vocab };
  if (rows === 1) return { data: data.subarray((seq - 1) * vocab, seq * vocab), rows, vocab };
  const out = new Float32Array(rows * vocab);
  for (let r = 0; r < rows; r++) out.set(data.subarray((r * seq + seq - 1) * vocab, (r * seq + seq) * vocab), r * vocab);
  return { data: out, rows, vocab };
}
