// More generative families (tests/fixtures/generate_generation_families.py): Marian (opus-mt-zh-en's
// real tokenizer), NLLB (M2M100 model + NllbTokenizerFast), M2M100 (slow M2M100Tokenizer), mBART (MBartTokenizerFast and
// MBart50TokenizerFast) and a Llama-style GQA model as decoder_model_merged.onnx (Marian, NLLB, M2M100, mBART also as the split
// decoder_model + decoder_with_past_model pair), loaded through
// the local Hub server, against Python transformers: generate() ids and beam scores, the encoder
// inputs the multilingual tokenizers build for src_lang, translation / text-generation pipeline
// outputs, and greedy ids of transformers.js on the same ONNX files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForSeq2SeqLM, AutoModelForCausalLM, Tensor } from '@huggingface/transformers';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useHubAndTransformersJs } from './helpers/transformersjs.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-families.json'), 'utf8'));
let hub;
before(async () => {
  hub = await useHubAndTransformersJs();
});
// One pipeline per repo and task, shared by the tests (loading dominates their time).
const loaded = new Map();
const load = (task, repo) => {
  const key = `${task} ${repo}`;
  if (!loaded.has(key)) loaded.set(key, pipeline(task, repo, { dtype: 'fp32' }));
  return loaded.get(key);
};
after(async () => {
  for (const p of loaded.values()) await (await p).dispose();
  await hub?.close();
});

const taskOf = (m) => (m.seq2seq ? 'translation' : 'text-generation');
const repoOf = (m) => Object.values(m.repos)[0].repo_id;

/** generate() of every recorded case on one repo of the model (each layout must give the same ids). */
async function checkGenerate(name, m, repoId) {
  const pipe = await load(taskOf(m), repoId);
  let compared = 0;
  for (const c of m.cases) {
    for (const o of c.outputs) {
      const where = `${name}/${c.name} ${JSON.stringify(o.prompt)}`;
      const got = await pipe.generativeModel.generate(o.input_ids, { options: o.kwargs });
      assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, `${where}: sequences`);
      if (o.sequences_scores) {
        got.scores.forEach((s, i) => assert.ok(Math.abs(s - o.sequences_scores[i]) <= 1e-4 * Math.max(1, Math.abs(o.sequences_scores[i])),
          `${where}: score #${i} ${s} vs ${o.sequences_scores[i]}`));
      }
      compared += 1;
    }
  }
  assert.equal(compared, m.stats.runs);
}

for (const [name, m] of Object.entries(expected.models)) {
  test(`${name}: generate() ids and scores equal Python transformers (${m.cases.length} settings)`, async () => {
    await checkGenerate(name, m, repoOf(m));
  });

  // Other layouts of the same weights (tiny-m2m100-split, tiny-mbart-split: decoder_model + decoder_with_past_model)
  for (const [repoName, repo] of Object.entries(m.repos).slice(1)) {
    test(`${repoName}: generate() ids and scores equal Python transformers (${m.cases.length} settings)`, async () => {
      const pipe = await load(taskOf(m), repo.repo_id);
      assert.deepEqual(Object.keys(pipe.sessions).sort(), ['decoder_model', 'decoder_with_past_model', 'encoder_model'], 'the split layout');
      await checkGenerate(repoName, m, repo.repo_id);
    });
  }

  test(`${name}: pipeline outputs equal Python transformers' pipelines`, async () => {
    if (m.language_inputs) {
      // The encoder input and forced first token for each src_lang / tgt_lang, as the Python
      // tokenizer's set_src_lang_special_tokens / _build_translation_inputs build them.
      const pipe = await load('translation', repoOf(m));
      const tokenizerConfig = pipe.tokenizer.config;
      try {
        for (const li of m.language_inputs) {
          // legacy_behaviour: what a tokenizer_config.json with "legacy_behaviour": true gives
          pipe.tokenizer.config = li.legacy_behaviour ? { ...tokenizerConfig, legacy_behaviour: true } : tokenizerConfig;
          const generation = {};
          const settings = pipe.translationSettings({ src_lang: li.src_lang, tgt_lang: li.tgt_lang }, generation);
          const where = `${name} ${li.src_lang}${li.legacy_behaviour ? ' legacy_behaviour' : ''}`;
          assert.deepEqual(settings.encode(li.text), li.input_ids, `${where} input ids`);
          assert.equal(generation.forced_bos_token_id, li.forced_bos_token_id, `${where} forced BOS`);
        }
      } finally {
        pipe.tokenizer.config = tokenizerConfig;
      }
    }
    for (const p of m.pipelines) {
      const got = await (await load(p.task, repoOf(m)))(p.input, p.kwargs);
      assert.deepEqual(got, p.output, `${p.task} ${JSON.stringify(p.kwargs)} on ${JSON.stringify(p.input)}`);
    }
  });

  test(`${name}: greedy ids equal transformers.js`, async () => {
    const Auto = m.seq2seq ? AutoModelForSeq2SeqLM : AutoModelForCausalLM;
    // transformers.js loads onnx/model.onnx for decoder-only models unless told the file name.
    const file = m.seq2seq ? {} : { model_file_name: 'decoder_model_merged' };
    const theirs = await Auto.from_pretrained(repoOf(m), { dtype: 'fp32', device: 'cpu', ...file });
    const ours = await load(taskOf(m), repoOf(m));
    try {
      for (const o of m.cases[0].outputs) {
        const ids = o.input_ids;
        const input = new Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]);
        const mask = new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]);
        const options = { max_new_tokens: 10, do_sample: false, num_beams: 1 };
        if (o.kwargs.forced_bos_token_id !== undefined) options.forced_bos_token_id = o.kwargs.forced_bos_token_id;
        const want = await theirs.generate({ inputs: input, attention_mask: mask, ...options });
        const got = await ours.generativeModel.generate(ids, { options });
        assert.deepEqual(Array.from(got.sequences[0]), want.tolist()[0].map(Number), `${name}: ${JSON.stringify(o.prompt)}`);
      }
    } finally {
      await theirs.dispose();
    }
  });
}

test('multilingual translation: unknown or missing languages are clear errors; the pipeline keeps working', async () => {
  const nllb = expected.models['tiny-nllb'];
  const pipe = await load('translation', repoOf(nllb));
  const text = nllb.pipelines[0].input;
  await assert.rejects(pipe(text, { src_lang: 'eng_Latn', tgt_lang: 'xx_Zzzz' }),
    (e) => e.code === 'INVALID_ARGUMENT' && /unknown tgt_lang 'xx_Zzzz'/.test(e.message));
  await assert.rejects(pipe(text, { src_lang: 'english', tgt_lang: 'fra_Latn' }),
    (e) => e.code === 'INVALID_ARGUMENT' && /unknown src_lang 'english'/.test(e.message));
  // A vocabulary token that is not a language code is not accepted as one.
  await assert.rejects(pipe(text, { src_lang: 'eng_Latn', tgt_lang: '</s>' }),
    (e) => e.code === 'INVALID_ARGUMENT' && /unknown tgt_lang/.test(e.message));
  await assert.rejects(pipe(text, { src_lang: 'eng_Latn' }), (e) => e.code === 'INVALID_ARGUMENT' && /pass tgt_lang/.test(e.message));
  assert.deepEqual(await pipe(text, nllb.pipelines[0].kwargs), nllb.pipelines[0].output);
  // M2M100: codes without the __ __ (Python's get_lang_id raises KeyError for others); the error
  // lists exactly the codes Python's M2M100Tokenizer knows.
  const m2m = expected.models['tiny-m2m100'];
  const m2mPipe = await load('translation', repoOf(m2m));
  for (const tgt of ['xx', '__fr__', 'fra_Latn']) {
    await assert.rejects(m2mPipe(text, { src_lang: 'en', tgt_lang: tgt }), (e) => {
      assert.equal(e.code, 'INVALID_ARGUMENT');
      assert.match(e.message, new RegExp(`unknown tgt_lang '${tgt}'`));
      assert.deepEqual(/\(valid: ([^)]*)\)/.exec(e.message)?.[1].split(', '), m2m.language_codes, e.message);
      return true;
    });
  }
  await assert.rejects(m2mPipe(text, { tgt_lang: 'fr' }), (e) => e.code === 'INVALID_ARGUMENT' && /pass src_lang/.test(e.message));
  assert.deepEqual(await m2mPipe(m2m.pipelines[0].input, m2m.pipelines[0].kwargs), m2m.pipelines[0].output);
  const mbart = expected.models['tiny-mbart'];
  const mpipe = await load('translation', repoOf(mbart));
  await assert.rejects(mpipe('hello', { src_lang: 'en_XX', tgt_lang: 'eng_Latn' }),
    (e) => e.code === 'INVALID_ARGUMENT' && /unknown tgt_lang 'eng_Latn'/.test(e.message));
});
