// Sizes from callers that cannot be allocated are refused with INVALID_ARGUMENT before anything is
// allocated or indexed (wasm/generation/sequence_capacity.h, core/checked_size.h): on wasm32 a
// max_length of (2^32 + 2) / 3 with 3 beams made rows x max_length wrap to 2 ids and the generator
// wrote far past that buffer ("memory access out of bounds", which took the module down). The next
// call must still work. The oracle is the arithmetic: these buffers need more than 4 GiB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getCore, unwrap } from '../../js/core.js';

const config = JSON.stringify({ vocab_size: 10, model_type: 'gpt2', eos_token_id: 9 });
const create = (core, options, vocab = 10) =>
  core.BatchGenerator.create('', config, '', '', JSON.stringify(options), [Int32Array.of(5, 6)], vocab);

function assertRefused(result, pattern, where) {
  assert.ok(result instanceof Error, `${where}: refused`);
  assert.equal(result.code, 'INVALID_ARGUMENT', `${where}: ${result.message}`);
  assert.match(result.message, pattern, where);
}

// Beam search over a 10-token vocabulary: 3 steps from uniform logits end at max_length.
function beamsStillWork(core, where) {
  const gen = unwrap(create(core, { num_beams: 3, max_length: 5, do_sample: false }));
  try {
    let steps = 0;
    for (let done = false; !done; steps++) done = unwrap(gen.step(new Float32Array(10 * (steps ? 3 : 1)), steps ? 3 : 1));
    assert.equal(steps, 3, where);
    assert.deepEqual(gen.sequences().map((s) => s.length), [5], where);
  } finally {
    gen.delete();
  }
}

test('a max_length whose token buffers cannot fit is INVALID_ARGUMENT, and the next call works', async () => {
  const core = await getCore();
  const cases = [
    [{ num_beams: 3, max_length: (2 ** 32 + 2) / 3 }, 'beams: rows x max_length wraps on wasm32'],
    [{ num_beams: 2, max_length: 2 ** 31 }, 'beams: 2^31 fits size_t, the buffers do not'],
    [{ num_beams: 4, max_length: 2 ** 53 }, 'beams: max_length past 32 bits'],
    [{ do_sample: true, num_return_sequences: 3, max_length: (2 ** 32 + 2) / 3 }, 'sampling rows wrap too'],
    [{ max_length: 2 ** 31 }, 'greedy: one row of 2^31 ids'],
  ];
  for (const [options, where] of cases) {
    assertRefused(create(core, options), new RegExp(`max_length ${options.max_length} is too large .*max_new_tokens`), where);
    beamsStillWork(core, `after ${where}`);
  }
});

test('num_beams x vocabulary that does not fit in size_t is INVALID_ARGUMENT', async () => {
  const core = await getCore();
  assertRefused(create(core, { num_beams: 3, max_length: 4 }, 2 ** 31 + 100), /num_beams x vocabulary/, 'vocabulary 2^31 + 100');
  beamsStillWork(core, 'after the vocabulary');
});
