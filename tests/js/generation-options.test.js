// Generation options without a case in expected/generation.json, against Python transformers'
// generate() on the same ONNX files (tests/fixtures/generate_generation_options.py, run through
// optimum's ORTModel): eos_token_id as a list (greedy, and beam search with scores), min_length
// masking every id of that list, decoder_start_token_id as a call option.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-options.json'), 'utf8'));
let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

for (const [name, m] of Object.entries(expected.models)) {
  const cases = [...new Set(m.outputs.map((o) => o.case))];
  test(`${name}: ${cases.join(', ')} ids (and beam scores) equal Python's generate()`, async () => {
    const pipe = await pipeline(m.seq2seq ? 'text2text-generation' : 'text-generation', m.repo_id, { dtype: 'fp32' });
    try {
      for (const o of m.outputs) {
        const where = `${name}/${o.case} ${JSON.stringify(o.prompt)}`;
        const got = await pipe.generativeModel.generate(o.input_ids, { options: o.kwargs });
        assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, `${where}: sequences`);
        (o.sequences_scores ?? []).forEach((want, i) => assert.ok(Math.abs(got.scores[i] - want) <= 1e-4 * Math.max(1, Math.abs(want)),
          `${where}: score #${i} ${got.scores[i]} vs ${want}`));
      }
    } finally {
      await pipe.dispose();
    }
  });
}

test('callback_function receives the new text piece by piece; the pieces add up to Python\'s pipeline output', async () => {
  const single = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8')).models;
  const lm = await pipeline('text-generation', single['tiny-llama'].repos['tiny-llama'].repo_id, { dtype: 'fp32' });
  const s2s = await pipeline('text2text-generation', single['tiny-bart'].repos['tiny-bart'].repo_id, { dtype: 'fp32' });
  try {
    // Outputs of several words (SentencePiece for Llama, byte-level BPE for BART): several pieces.
    const words = (p) => (p.output[0].generated_text.match(/ /g) ?? []).length >= 3;
    // Like Python's TextStreamer, the pieces decode the new tokens on their own: a SentencePiece
    // decoder drops the word-start space of the first one (Llama), a byte-level one keeps it (BART).
    const cases = [
      [lm, single['tiny-llama'].pipelines.find((p) => p.kwargs.return_full_text === false && typeof p.input === 'string' && words(p)), true],
      [s2s, single['tiny-bart'].pipelines.find((p) => p.task === 'text2text-generation' && words(p)), false],
    ];
    for (const [pipe, p, dropsSpace] of cases) {
      const pieces = [];
      const got = await pipe(p.input, { ...p.kwargs, callback_function: (t) => pieces.push(t) });
      assert.deepEqual(got, p.output, `${p.task} output`);
      assert.ok(pieces.length > 1, `${p.task}: ${pieces.length} pieces`);
      const text = p.output[0].generated_text;
      assert.equal(pieces.join(''), dropsSpace ? text.replace(/^ /, '') : text, `${p.task}: pieces`);
    }
    const [, lmCase] = cases[0];
    await assert.rejects(lm(lmCase.input, { ...lmCase.kwargs, callback_function: 'print' }), TypeError);
    const both = { ...lmCase.kwargs, callback_function: () => {}, streamer: { put() {}, end() {} } };
    await assert.rejects(lm(lmCase.input, both), (e) => e.code === 'INVALID_ARGUMENT' && /not both/.test(e.message));
    await assert.rejects(s2s('hello', { num_beams: 2, callback_function: () => {} }), (e) => e.code === 'INVALID_ARGUMENT');
    assert.deepEqual(await lm(lmCase.input, lmCase.kwargs), lmCase.output, 'still usable');
  } finally {
    await lm.dispose();
    await s2s.dispose();
  }
});

/** Generates each 'beam3_new3' prompt with max_new_tokens 12, aborted after 3 steps. */
async function abortedBeams(name, check) {
  const m = expected.models[name];
  const pipe = await pipeline(m.seq2seq ? 'text2text-generation' : 'text-generation', m.repo_id, { dtype: 'fp32' });
  try {
    for (const o of m.outputs.filter((x) => x.case === 'beam3_new3')) {
      const ctrl = new AbortController();
      let steps = 0;
      const got = await pipe.generativeModel.generate(o.input_ids, {
        options: { ...o.kwargs, max_new_tokens: 12 }, signal: ctrl.signal,
        onStep: () => { if (++steps === o.kwargs.max_new_tokens) ctrl.abort(); },
      });
      assert.equal(got.aborted, true);
      check(got, o, `${name} ${JSON.stringify(o.prompt)}`);
    }
  } finally {
    await pipe.dispose();
  }
}

// BART is left out: its forced_eos_token_id puts EOS last when max_length ends a run, which a stop
// from outside (Python: a StoppingCriteria) does not (checked: its ids then differ by that EOS).
const ABORT_MODELS = ['tiny-t5', 'tiny-gpt2'];
test('an AbortSignal during beam search returns the beams where it stopped: Python\'s ids at that length', async () => {
  for (const name of ABORT_MODELS) {
    await abortedBeams(name, (got, o, where) => assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, where));
  }
});

// Python stops beam search from outside through a StoppingCriteria: the candidates of that step
// count as finished (score / generated_len ** length_penalty) and compete with the finished set.
// An abort does the same (BeamSearch::finish_now), so the scores are Python's.
test('an AbortSignal during beam search: beam scores as Python\'s finalized ones', async () => {
  for (const name of ABORT_MODELS) {
    await abortedBeams(name, (got, o, where) => o.sequences_scores.forEach((want, i) =>
      assert.ok(Math.abs(got.scores[i] - want) <= 1e-4 * Math.max(1, Math.abs(want)), `${where}: score #${i} ${got.scores[i]} vs ${want}`)));
  }
});

// min_p 1 keeps only the most probable token (HF's MinPLogitsWarper: p < min_p * p_max goes), so
// sampling gives Python's greedy ids whatever the seed: min_p reaches the sampler.
test('do_sample with min_p 1 gives Python\'s greedy ids', async () => {
  const m = expected.models['tiny-gpt2'];
  const lm = await pipeline('text-generation', m.repo_id, { dtype: 'fp32' });
  try {
    for (const o of m.outputs.filter((x) => x.case === 'greedy')) {
      for (const seed of [1, 2]) {
        const got = await lm.generativeModel.generate(o.input_ids, { options: { ...o.kwargs, do_sample: true, top_k: 0, min_p: 1, seed } });
        assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, `seed ${seed}`);
      }
      const loose = await lm.generativeModel.generate(o.input_ids, { options: { ...o.kwargs, do_sample: true, top_k: 0, min_p: 0, temperature: 5, seed: 1 } });
      assert.notDeepEqual(loose.sequences.map((s) => Array.from(s)), o.sequences, 'without min_p, sampling at temperature 5 leaves the greedy path');
    }
  } finally {
    await lm.dispose();
  }
});

test('translation_xx_to_yy on M2M100 takes src_lang / tgt_lang from the task name, as Python\'s pipeline', async () => {
  for (const p of expected.task_languages) {
    const pipe = await pipeline(p.task, p.repo_id, { dtype: 'fp32' });
    try {
      assert.deepEqual(await pipe(p.input, p.kwargs), p.output, p.task);
    } finally {
      await pipe.dispose();
    }
  }
});
