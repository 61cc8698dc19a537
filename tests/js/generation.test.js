// Generation on the tiny random-weight T5 / BART / GPT-2 fixtures (tests/fixtures/
// generate_generation.py), loaded through the local Hub server, against the ids Python
// transformers' generate() produced on the same weights: greedy and beam search with many
// settings, the merged decoder and the split decoder/decoder_with_past layouts; pipeline outputs;
// bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline, TextStreamer } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

const taskOf = (m) => (m.seq2seq ? 'text2text-generation' : 'text-generation');

for (const [name, m] of Object.entries(expected.models)) {
  for (const [repoName, repo] of Object.entries(m.repos)) {
    test(`${repoName}: generate() ids equal Python transformers (${m.cases.length} settings x ${expected.prompts.length} prompts)`, async () => {
      const pipe = await pipeline(taskOf(m), repo.repo_id, { dtype: 'fp32' });
      let compared = 0;
      try {
        for (const c of m.cases) {
          for (const o of c.outputs) {
            const where = `${name}/${c.name} ${JSON.stringify(o.prompt)}`;
            const run = () => pipe.generativeModel.generate(o.input_ids, { options: c.kwargs });
            if (o.error) {
              await assert.rejects(run, (err) => err.code === 'INVALID_ARGUMENT', `${where}: Python refused (${o.error})`);
              continue;
            }
            const got = await run();
            assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, `${where}: sequences`);
            if (o.sequences_scores) {
              got.scores.forEach((s, i) => assert.ok(Math.abs(s - o.sequences_scores[i]) <= 1e-4 * Math.max(1, Math.abs(o.sequences_scores[i])),
                `${where}: score #${i} ${s} vs ${o.sequences_scores[i]}`));
            }
            compared += 1;
          }
        }
      } finally {
        await pipe.dispose();
      }
      assert.ok(compared >= m.cases.length, `${name}: compared ${compared}`);
    });
  }

  test(`${name}: pipeline outputs equal Python transformers' pipelines`, async () => {
    const repoId = Object.values(m.repos)[0].repo_id;
    const pipes = new Map();
    try {
      for (const p of m.pipelines) {
        if (!pipes.has(p.task)) pipes.set(p.task, await pipeline(p.task, repoId, { dtype: 'fp32' }));
        const pipe = pipes.get(p.task);
        if (p.chat && typeof pipe.tokenizer.apply_chat_template !== 'function') {
          // Chat templates arrive with tokenizer.apply_chat_template; until then: a clear error.
          await assert.rejects(pipe(p.input, p.kwargs), (e) => e.code === 'NOT_IMPLEMENTED');
          continue;
        }
        const got = await pipe(p.input, p.kwargs);
        if (p.kwargs.truncation) {
          // Without truncation: true the over-long input is cut too (Python would fail), with a warning.
          const { truncation, ...rest } = p.kwargs;
          const warnings = [];
          const saved = console.warn;
          console.warn = (msg) => warnings.push(msg);
          try {
            assert.deepEqual(await pipe(p.input, rest), p.output);
          } finally {
            console.warn = saved;
          }
          assert.match(warnings.join('\n'), /truncated/);
        }
        assert.deepEqual(got, p.output, `${p.task} ${JSON.stringify(p.kwargs)} on ${JSON.stringify(p.input)}`);
      }
      // A list of inputs: Python returns one flat list when each input gives one sequence.
      const singles = m.pipelines.filter((p) => typeof p.input === 'string' && !p.chat && !p.kwargs.truncation);
      const first = singles[0];
      const group = singles.filter((p) => p.task === first.task && JSON.stringify(p.kwargs) === JSON.stringify(first.kwargs));
      if (group.length > 1 && group.every((p) => p.output.length === 1)) {
        const got = await pipes.get(first.task)(group.map((p) => p.input), first.kwargs);
        assert.deepEqual(got, group.map((p) => (m.seq2seq ? p.output[0] : p.output)), `${first.task}: a list of ${group.length} inputs`);
      }
    } finally {
      for (const pipe of pipes.values()) await pipe.dispose();
    }
  });
}

test('bad input: clear errors, and the pipeline keeps working', async () => {
  const t5 = expected.models['tiny-t5'];
  const gpt2 = expected.models['tiny-gpt2'];
  const s2s = await pipeline('text2text-generation', t5.repos['tiny-t5'].repo_id, { dtype: 'fp32' });
  const lm = await pipeline('text-generation', gpt2.repos['tiny-gpt2'].repo_id, { dtype: 'fp32' });
  try {
    const code = async (promise) => promise.then(() => 'resolved', (e) => e.code ?? e.name);
    assert.equal(await code(lm('', { max_new_tokens: 3, do_sample: false })), 'INVALID_ARGUMENT');
    // GPT-2's learned position table has n_positions (128) rows: a longer prompt is cut on the left
    // (generation-families-limits.test.js), but 130 new tokens leave no room for any of it.
    const long = await lm('word '.repeat(200), { max_new_tokens: 130, do_sample: false }).catch((e) => e);
    assert.equal(long.code, 'INVALID_ARGUMENT');
    assert.match(long.message, /more than the 128 positions this model reads \(config.json n_positions\), and 130 new tokens leave no room/);
    assert.equal(await code(s2s('hello', { max_new_tokens: 0 })), 'INVALID_ARGUMENT');
    assert.equal(await code(s2s('hello', { max_new_tokens: -2 })), 'INVALID_ARGUMENT');
    assert.equal(await code(s2s('hello', { num_beams: 2, num_return_sequences: 3 })), 'INVALID_ARGUMENT');
    assert.equal(await code(s2s('hello', { num_beams: 'many' })), 'INVALID_ARGUMENT');
    assert.equal(await code(s2s('hello', { no_such_option: 1 })), 'INVALID_ARGUMENT');
    assert.equal(await code(s2s(42)), 'TypeError');
    const err = await s2s('hello', { max_new_tokens: 0 }).catch((e) => e);
    assert.match(err.message, /max_new_tokens must be greater than 0/);
    // Still usable, same answer as a fresh call.
    const greedy = t5.cases.find((c) => c.name === 'greedy');
    const got = await s2s.generativeModel.generate(greedy.outputs[0].input_ids, { options: greedy.kwargs });
    assert.deepEqual(Array.from(got.sequences[0]), greedy.outputs[0].sequences[0]);
    // Models that cannot generate: a classifier (no decoder / no KV cache), and a seq2seq repo
    // without its decoder files.
    await assert.rejects(pipeline('summarization', 'wasmpipe-test/tiny-bert-sst2', { dtype: 'fp32' }),
      (e) => e.code === 'INVALID_ARGUMENT' && /not an encoder-decoder model/.test(e.message));
    await assert.rejects(pipeline('text-generation', 'wasmpipe-test/tiny-bert-sst2', { dtype: 'fp32' }),
      (e) => e.code === 'INVALID_FILE' && /no KV-cache inputs/.test(e.message));
    await assert.rejects(pipeline('text-generation', t5.repos['tiny-t5'].repo_id, { dtype: 'fp32' }),
      (e) => e.code === 'INVALID_ARGUMENT' && /text2text-generation/.test(e.message));
    await assert.rejects(pipeline('summarization', t5.repos['tiny-t5'].repo_id, { dtype: 'q4' }),
      (e) => e.code === 'INVALID_FILE' && /no ONNX files for generation/.test(e.message));
  } finally {
    await s2s.dispose();
    await lm.dispose();
  }
});

test('sampling: top_k=1 and a tiny top_p equal greedy; a seed repeats exactly; different seeds differ', async () => {
  const gpt2 = expected.models['tiny-gpt2'];
  const lm = await pipeline('text-generation', gpt2.repos['tiny-gpt2'].repo_id, { dtype: 'fp32' });
  try {
    const prompt = expected.prompts[0];
    const base = { max_new_tokens: 12, return_full_text: false };
    const [greedy] = await lm(prompt, { ...base, do_sample: false });
    assert.deepEqual(await lm(prompt, { ...base, do_sample: true, top_k: 1, seed: 3 }), [greedy]);
    assert.deepEqual(await lm(prompt, { ...base, do_sample: true, top_k: 0, top_p: 1e-6, seed: 3 }), [greedy]);
    const a = await lm(prompt, { ...base, do_sample: true, temperature: 1.5, top_k: 0, seed: 11, num_return_sequences: 3 });
    assert.equal(a.length, 3);
    assert.deepEqual(await lm(prompt, { ...base, do_sample: true, temperature: 1.5, top_k: 0, seed: 11, num_return_sequences: 3 }), a);
    const b = await lm(prompt, { ...base, do_sample: true, temperature: 1.5, top_k: 0, seed: 12, num_return_sequences: 3 });
    assert.notDeepEqual(b, a);
    // Beam sampling (do_sample with num_beams): seeded, and num_return_sequences hypotheses.
    const beamSample = { ...base, do_sample: true, num_beams: 3, num_return_sequences: 2, top_k: 0, seed: 5 };
    const c = await lm(prompt, beamSample);
    assert.equal(c.length, 2);
    assert.deepEqual(await lm(prompt, beamSample), c);
  } finally {
    await lm.dispose();
  }
});

test('streaming and abort: TextStreamer pieces add up to the output; an AbortSignal stops generation', async () => {
  const gpt2 = expected.models['tiny-gpt2'];
  const lm = await pipeline('text-generation', gpt2.repos['tiny-gpt2'].repo_id, { dtype: 'fp32' });
  try {
    const greedy = gpt2.cases.find((c) => c.name === 'greedy').outputs[1];
    const base = { max_new_tokens: 12, do_sample: false, return_full_text: false };
    const pieces = [];
    const streamer = new TextStreamer(lm.tokenizer, {
      skip_prompt: true, decode_kwargs: { clean_up_tokenization_spaces: true }, callback_function: (t) => pieces.push(t),
    });
    const [out] = await lm(greedy.prompt, { ...base, streamer });
    assert.ok(pieces.length > 1, `streamed in ${pieces.length} pieces`);
    assert.equal(pieces.join(''), out.generated_text);
    await assert.rejects(lm(greedy.prompt, { ...base, num_beams: 2, streamer }), (e) => e.code === 'INVALID_ARGUMENT');

    // Seq2seq: T5 text2text streams the decoder output the same way.
    const t5 = expected.models['tiny-t5'];
    const s2s = await pipeline('text2text-generation', t5.repos['tiny-t5'].repo_id, { dtype: 'fp32' });
    try {
      const t5pieces = [];
      const t5streamer = new TextStreamer(s2s.tokenizer, {
        skip_prompt: true, decode_kwargs: { clean_up_tokenization_spaces: false }, callback_function: (t) => t5pieces.push(t),
      });
      const [t5out] = await s2s(expected.prompts[1], { max_new_tokens: 10, num_beams: 1, streamer: t5streamer });
      assert.ok(t5pieces.length >= 1);
      assert.equal(t5pieces.join(''), t5out.generated_text);
    } finally {
      await s2s.dispose();
    }

    const early = new AbortController();
    early.abort();
    assert.deepEqual(await lm(greedy.prompt, { ...base, signal: early.signal }), [{ generated_text: '' }]);
    // Abort after three new tokens (the streamer sees the prompt first): exactly those come back.
    const ctrl = new AbortController();
    let puts = 0;
    const counter = { put: () => { if (++puts === 4) ctrl.abort(); }, end: () => {} };
    const [partial] = await lm(greedy.prompt, { ...base, signal: ctrl.signal, streamer: counter });
    const n = greedy.input_ids.length;
    const want = lm.tokenizer.decode(greedy.sequences[0].slice(0, n + 3), { skip_special_tokens: true, clean_up_tokenization_spaces: true })
      .slice(lm.tokenizer.decode(greedy.input_ids, { skip_special_tokens: true, clean_up_tokenization_spaces: true }).length);
    assert.equal(partial.generated_text, want);
  } finally {
    await lm.dispose();
  }
});
