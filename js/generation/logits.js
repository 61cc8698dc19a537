// The decoder's logits as the C++ generator wants them: the last position of every row, float32,
// one contiguous [rows, vocab] array (a view of ORT's output whenever it already is one).
import { cpuData } from './kv-cache.js';
import { floatData } from '../tensor.js';

/** The last position's logits of every row, as one contiguous Float32Array [rows, vocab]. */
export async function lastLogitsRows(logits) {
  const [rows, seq, vocab] = logits.dims.length === 3 ? logits.dims : [logits.dims[0], 1, logits.dims[1]];
  // float16 (half-float bits, or a Float16Array of values) widened to float32 as every pipeline does.
  const data = floatData({ type: logits.type, data: await cpuData(logits) }, 'generation (decoder logits)');
  if (seq === 1) return { data, rows, vocab };
  if (rows === 1) return { data: data.subarray((seq - 1) * vocab, seq * vocab), rows, vocab };
  const out = new Float32Array(rows * vocab);
  for (let r = 0; r < rows; r++) out.set(data.subarray((r * seq + seq - 1) * vocab, (r * seq + seq) * vocab), r * vocab);
  return { data: out, rows, vocab };
}
