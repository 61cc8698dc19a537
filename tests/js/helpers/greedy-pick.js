// The token the wasm core's greedy search picks from one logits row: a one-step BatchGenerator (batch of one) over a
// vocabulary of row.length (the real SIMD argmax path of generation/row_scan.cpp).
import { unwrap } from '../../../js/core.js';

export function greedyPick(core, row) {
  const config = JSON.stringify({ vocab_size: row.length, model_type: 'gpt2' });
  const gen = unwrap(core.BatchGenerator.create('', config, '', '', JSON.stringify({ max_new_tokens: 1, do_sample: false }), [Int32Array.of(0)], row.length));
  try {
    unwrap(gen.step(row, 1));
    return Number(gen.nextTokens()[0]);
  } finally {
    gen.delete();
  }
}
