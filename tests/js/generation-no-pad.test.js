// A list of prompts for a tokenizer without a pad token (GPT-2), against Python transformers' text-generation
// pipeline (tests/fixtures/expected/generation-no-pad.json, from generate_generation_no_pad.py): by
// default (batch_size 1) each prompt runs alone, unpadded, and the outputs equal Python's; batch_size > 1
// is refused before anything runs, as transformers' pad_collate_fn refuses it (no silent padding with
// eos); a lone string never batches. Also text2text-generation's refusal for a tokenizer without one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-no-pad.json'), 'utf8'));
let hub, pipe;
before(async () => {
  hub = await useLocalHub();
  pipe = await pipeline('text-generation', expected.meta.repo, { dtype: 'fp32' });
});
after(async () => {
  await pipe?.dispose();
  await hub?.close();
});

const refusal = (e) => e.code === 'INVALID_ARGUMENT' && /no pad_token/.test(e.message) && /batch_size 1/.test(e.message);

test('no pad token: a list of prompts of different lengths gives Python\'s per-prompt outputs (batch_size 1, the default)', async () => {
  assert.equal(pipe.tokenizer.pad_token ?? null, expected.meta.tokenizer_pad_token);
  for (const c of expected.calls) {
    const where = JSON.stringify(c.kwargs);
    // Each prompt alone: no decoder run ever sees more than one prompt's rows.
    const rows = new Set();
    const run = pipe.generativeModel.run;
    pipe.generativeModel.run = (n, feeds, ...rest) => {
      rows.add(Number(feeds.input_ids.dims[0]));
      return run(n, feeds, ...rest);
    };
    try {
      assert.deepEqual(await pipe(c.input, c.kwargs), c.output, `${where}: default batch_size`);
    } finally {
      pipe.generativeModel.run = run;
    }
    // (beam search runs the prompt once, then its beams)
    assert.ok([...rows].every((r) => r <= (c.kwargs.num_beams ?? 1)), `${where}: decoder batch rows ${[...rows]}`);
    assert.deepEqual(await pipe(c.input, { ...c.kwargs, batch_size: 1 }), c.output, `${where}: batch_size 1`);
    assert.deepEqual(await pipe(c.input[0], { ...c.kwargs, batch_size: 2 }), c.string_batch_size_2, `${where}: a string, batch_size 2`);
  }
});

test('no pad token: batch_size > 1 on a list is refused as in Python, before anything runs; the pipeline stays usable', async () => {
  const [c] = expected.calls;
  for (const [name, error] of Object.entries(c.errors)) assert.match(error, /without pad_token cannot do batching/, `Python, ${name}`);
  let runs = 0;
  const run = pipe.generativeModel.run;
  pipe.generativeModel.run = (...args) => { runs += 1; return run(...args); };
  try {
    await assert.rejects(pipe(c.input, { ...c.kwargs, batch_size: 2 }), refusal);
    await assert.rejects(pipe(c.input.slice(0, 1), { ...c.kwargs, batch_size: 2 }), refusal, 'a one-prompt list');
  } finally {
    pipe.generativeModel.run = run;
  }
  assert.equal(runs, 0, 'nothing ran');
  assert.deepEqual(await pipe(c.input, c.kwargs), c.output);
  // With the pad token set as the message advises, batching works (its results: generation-batch.test.js).
  pipe.tokenizer.pad_token = pipe.tokenizer.eos_token;
  try {
    assert.equal((await pipe(c.input, { ...c.kwargs, batch_size: 3 })).length, 3);
  } finally {
    pipe.tokenizer.pad_token = undefined;
  }
  await assert.rejects(pipe(c.input, { ...c.kwargs, batch_size: 3 }), refusal);
});

test('text2text-generation: a tokenizer without a pad token refuses batch_size > 1 the same way', async () => {
  const t5 = await pipeline('text2text-generation', 'wasmpipe-test/tiny-t5', { dtype: 'fp32' });
  try {
    const texts = expected.calls[0].input;
    const opts = { max_new_tokens: 4, num_beams: 1 };
    const alone = await t5(texts, opts);
    const savedToken = t5.tokenizer.pad_token;
    const savedId = t5.tokenizer.pad_token_id;
    t5.tokenizer.pad_token = undefined;
    t5.tokenizer.pad_token_id = undefined;
    try {
      await assert.rejects(t5(texts, { ...opts, batch_size: 2 }), (e) => refusal(e) && /^text2text-generation:/.test(e.message));
      assert.deepEqual(await t5(texts, opts), alone, 'batch_size 1 runs each input alone');
    } finally {
      t5.tokenizer.pad_token = savedToken;
      t5.tokenizer.pad_token_id = savedId;
    }
    assert.equal((await t5(texts, { ...opts, batch_size: 2 })).length, 3);
  } finally {
    await t5.dispose();
  }
});
