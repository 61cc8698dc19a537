// Batched generation (batch_size > 1) on the tiny T5 / BART (merged + split layouts) / GPT-2 /
// Llama fixtures against what Python transformers' generate() gives for the same padded batch
// (tests/fixtures/expected/generation-batch.json, from generate_generation.py): seq2seq pads the
// encoder input on the tokenizer's side, decoder-only pads on the left with attention_mask and
// position_ids from the mask. Greedy, repetition penalty, beam search 2-4 with
// num_return_sequences; the Python summarization pipeline with batch_size; bad input in a batch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { generateBatch, padBatch } from '../../js/generation/batch.js';
import { padTokenId } from '../../js/pipelines/generation-batching.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const fixtures = path.join(ROOT, 'tests/fixtures/expected');
const expected = JSON.parse(readFileSync(path.join(fixtures, 'generation-batch.json'), 'utf8'));
const single = JSON.parse(readFileSync(path.join(fixtures, 'generation.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

// Python's batch was padded with pad_token = eos_token where the tokenizer had none (the generator's
// batch_tokenizer; GPT-2): the same here, as transformers' error message advises. Without it a
// batch is refused (tests/js/generation-no-pad.test.js).
const padLikePython = (tokenizer) => {
  if (tokenizer.pad_token == null) tokenizer.pad_token = tokenizer.eos_token;
  return tokenizer;
};
const taskOf = (name) => (single.models[name].seq2seq ? 'text2text-generation' : 'text-generation');
const unpadded = (b) => b.input_ids.map((row, i) => row.filter((_, j) => b.attention_mask[i][j] === 1));

function assertScores(got, want, where) {
  assert.equal(got.length, want.length, `${where}: number of scores`);
  got.forEach((s, i) => assert.ok(Math.abs(s - want[i]) <= 1e-4 * Math.max(1, Math.abs(want[i])), `${where}: score #${i} ${s} vs ${want[i]}`));
}

for (const [name, b] of Object.entries(expected.models)) {
  for (const [repoName, repo] of Object.entries(single.models[name].repos)) {
    test(`${repoName}: batched generate() of ${b.input_ids.length} padded prompts equals Python (${b.cases.length} settings)`, async () => {
      const pipe = await pipeline(taskOf(name), repo.repo_id, { dtype: 'fp32' });
      try {
        // Our tokenizer + padding give Python's padded batch (ids, mask, side).
        const ids = expected.prompts.map((p) => pipe.tokenizer.encode(p));
        const padId = padTokenId(padLikePython(pipe.tokenizer), 'test');
        assert.equal(padId, b.pad_token_id);
        const side = single.models[name].seq2seq ? pipe.tokenizer.padding_side : 'left';
        assert.equal(side, b.padding_side);
        const padded = padBatch(ids, padId, side);
        assert.deepEqual(Array.from(padded.ids, Number), b.input_ids.flat(), 'padded input_ids');
        assert.deepEqual(Array.from(padded.mask, Number), b.attention_mask.flat(), 'attention_mask');
        // Count decoder runs: one batch loop, not one per prompt.
        let runs = 0;
        const run = pipe.generativeModel.run;
        pipe.generativeModel.run = (n, ...rest) => { if (n !== 'encoder_model') runs += 1; return run(n, ...rest); };
        for (const c of b.cases) {
          runs = 0;
          const got = await generateBatch(pipe.generativeModel, unpadded(b), { padId, padSide: side, options: c.kwargs });
          const where = `${repoName}/${c.name}`;
          assert.deepEqual(got.sequences.map((s) => Array.from(s)), c.sequences, `${where}: sequences`);
          if (c.sequences_scores) assertScores(Array.from(got.scores), c.sequences_scores, where);
          assert.equal(runs, got.steps, `${where}: decoder runs`);
          assert.ok(got.steps <= c.sequences[0].length, `${where}: ${got.steps} steps`);
        }
      } finally {
        await pipe.dispose();
      }
    });
  }
}

test('tiny-t5: summarization with batch_size 2 on 3 inputs equals Python\'s pipeline (and batch_size 1 stays unbatched)', async () => {
  const [p] = expected.models['tiny-t5'].pipelines;
  const pipe = await pipeline(p.task, single.models['tiny-t5'].repos['tiny-t5'].repo_id, { dtype: 'fp32' });
  try {
    assert.deepEqual(await pipe(p.input, p.kwargs), p.output);
    // batch_size 1: each input alone, as Python's pipeline does by default.
    const { batch_size, ...rest } = p.kwargs;
    const alone = [];
    for (const text of p.input) alone.push((await pipe(text, rest))[0]);
    assert.deepEqual(await pipe(p.input, rest), alone);
  } finally {
    await pipe.dispose();
  }
});

test('tiny-gpt2 / tiny-llama: text-generation with batch_size decodes Python\'s batched greedy ids per input', async () => {
  for (const name of ['tiny-gpt2', 'tiny-llama']) {
    const b = expected.models[name];
    const greedy = b.cases.find((c) => c.name === 'greedy');
    const pipe = await pipeline('text-generation', single.models[name].repos[name].repo_id, { dtype: 'fp32' });
    padLikePython(pipe.tokenizer);
    try {
      const got = await pipe(expected.prompts, { ...greedy.kwargs, batch_size: 3, return_full_text: false });
      // Python's pipeline postprocessing: decode(row) minus decode(prompt), pads skipped as special.
      const dec = (ids) => pipe.tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: true });
      const want = greedy.sequences.map((seq, i) => [{ generated_text: dec(seq).slice(dec(unpadded(b)[i]).length) }]);
      assert.deepEqual(got, want, name);
      const tensors = await pipe(expected.prompts, { ...greedy.kwargs, batch_size: 2, return_tensors: true });
      assert.equal(tensors.length, 3);
      // The lone last input (batch of 1) gives its unbatched result; rows carry no left padding.
      assert.deepEqual(tensors[2][0].generated_token_ids.slice(0, unpadded(b)[2].length), unpadded(b)[2]);
      // A real batch returns its rows padded, left padding included, as the Python pipeline does
      // (its pad_collate_fn pads the prompts; postprocess returns generate()'s rows as they are).
      const padded = await pipe(expected.prompts, { ...greedy.kwargs, batch_size: 3, return_tensors: true });
      assert.deepEqual(padded.map((r) => r[0].generated_token_ids), greedy.sequences, `${name}: return_tensors`);
      // Sampling in a batch: top_k 1 is greedy; a seed repeats exactly.
      const sampled = await pipe(expected.prompts, { ...greedy.kwargs, do_sample: true, top_k: 1, seed: 3, batch_size: 3, return_full_text: false });
      assert.deepEqual(sampled, want, `${name}: top_k 1`);
      const opts = { max_new_tokens: 6, do_sample: true, temperature: 1.5, seed: 42, batch_size: 3, num_return_sequences: 2 };
      const first = await pipe(expected.prompts, opts);
      assert.equal(first.length, 3);
      first.forEach((r) => assert.equal(r.length, 2));
      assert.deepEqual(await pipe(expected.prompts, opts), first, `${name}: seeded sampling repeats`);
    } finally {
      await pipe.dispose();
    }
  }
});

test('bad input in a batch: empty string, over-long prompts, batch_size; the pipeline stays usable', async () => {
  const summarizer = await pipeline('summarization', single.models['tiny-bart'].repos['tiny-bart'].repo_id, { dtype: 'fp32' });
  const generator = await pipeline('text-generation', single.models['tiny-gpt2'].repos['tiny-gpt2'].repo_id, { dtype: 'fp32' });
  padLikePython(generator.tokenizer);
  try {
    const ok = { num_beams: 2, max_length: 10, min_length: 0 };
    // '' is <s></s> for BART (not empty): accepted alone (as in Python) and so in a batch.
    assert.equal((await summarizer('', ok)).length, 1);
    assert.equal((await summarizer(['Hello world', ''], { ...ok, batch_size: 2 })).length, 2);
    await assert.rejects(summarizer(['Hello world', null], { ...ok, batch_size: 2 }), (e) => e instanceof TypeError && /inputs\[1\]/.test(e.message));
    await assert.rejects(generator(['Hello', ''], { max_new_tokens: 3, do_sample: false, batch_size: 2 }),
      (e) => e.code === 'INVALID_ARGUMENT' && /inputs\[1\] is empty/.test(e.message));
    for (const bad of [0, -1, 1.5, '2']) {
      await assert.rejects(summarizer(['a', 'b'], { ...ok, batch_size: bad }), (e) => e.code === 'INVALID_ARGUMENT' && /batch_size/.test(e.message));
    }
    // Longer than BART's 128 positions, next to a short input: cut with the same warning as alone.
    const longText = Array(20).fill('The committee met on Tuesday to review the quarterly budget and discuss new hiring plans.').join(' ');
    const warnings = [];
    const saved = console.warn;
    console.warn = (msg) => warnings.push(String(msg));
    let out;
    try {
      out = await summarizer([longText, 'Hello'], { ...ok, batch_size: 2 });
    } finally {
      console.warn = saved;
    }
    assert.equal(warnings.filter((w) => /truncated/.test(w)).length, 1, warnings.join('\n'));
    assert.equal(out.length, 2);
    // Decoder-only: a padded batch longer than max_length is refused as a single prompt is (Python raises).
    const gpt2 = single.models['tiny-gpt2'].cases.find((c) => c.name === 'greedy_max_length');
    const refused = gpt2.outputs.find((o) => o.error);
    const padId = padTokenId(generator.tokenizer, 'test');
    const shortIds = generator.tokenizer.encode('Hi');
    await assert.rejects(generateBatch(generator.generativeModel, [shortIds, refused.input_ids], { padId, options: gpt2.kwargs }),
      (e) => e.code === 'INVALID_ARGUMENT' && /max_length/.test(e.message), `Python: ${refused.error}`);
    await assert.rejects(generateBatch(generator.generativeModel, [shortIds, []], { padId, options: gpt2.kwargs }),
      (e) => e.code === 'INVALID_ARGUMENT' && /input 1 of the batch is empty/.test(e.message));
    // Still usable.
    assert.equal((await summarizer(['Hello world', 'Hi'], { ...ok, batch_size: 2 })).length, 2);
    assert.equal((await generator(['Hello', 'Hi there'], { max_new_tokens: 2, do_sample: false, batch_size: 2 })).length, 2);
  } finally {
    await summarizer.dispose();
    await generator.dispose();
  }
});
