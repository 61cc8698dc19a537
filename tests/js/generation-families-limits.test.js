// Generation at the edges of a model's input (tests/fixtures/generate_generation_limits.py), against
// Python transformers 4.57:
// - a seq2seq input longer than the model reads (T5 past model_max_length 512, BART past 128
//   learned positions, mBART-50 translation past 64): not cut unless truncation is asked for, as
//   Python's pipelines (default DO_NOT_TRUNCATE): T5 runs on the whole input (Python's ids, one
//   warning, as Python's tokenizer logs); past a learned position table Python fails (IndexError),
//   so wasmpipe cuts as truncation: true does and warns (truncation: false: a clear error);
//   truncation: true cuts as Python (same encoder ids, same output ids), silently;
// - a GPT-2 prompt longer than n_positions: Python fails (IndexError); wasmpipe cuts it on the left
//   as handle_long_generation='hole' does with model_max_length = n_positions (Python's ids for
//   that cut) and warns; 'hole' asked cuts at the tokenizer's model_max_length (Python's ids when
//   that is n_positions), silently; more edges in generation-position-limits.test.js;
// - a graph with onnx-community's num_logits_to_keep input gets 1 fed (logits for one position)
//   and gives tiny-llama's Python ids.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from '../../js/index.js';
import { ROOT } from './helpers/paths.js';
import { useLocalHub } from './helpers/server.js';

const limits = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-families-limits.json'), 'utf8'));
const generation = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));

let hub;
before(async () => { hub = await useLocalHub(); });
after(async () => hub?.close());

/** Runs fn with console.warn captured; returns [result or error, warnings]. */
async function withWarnings(fn) {
  const warnings = [];
  const saved = console.warn;
  console.warn = (...args) => warnings.push(args.join(' '));
  try {
    return [await fn().catch((err) => err), warnings];
  } finally {
    console.warn = saved;
  }
}

/** Records the input_ids every session of the pipeline is fed, per session name. */
function recordFeeds(pipe) {
  const fed = {};
  for (const [name, session] of Object.entries(pipe.sessions)) {
    const run = session.run.bind(session);
    session.run = async (feeds, ...rest) => {
      (fed[name] ??= []).push(feeds);
      return run(feeds, ...rest);
    };
  }
  return fed;
}

const ids = (rows, key) => rows.map((r) => r[key]);

for (const c of limits.truncation.filter((x) => x.task !== 'text-generation')) {
  test(`${c.model} ${c.task}: ${c.full_input_ids.length} input tokens: kept whole as Python (or cut with a warning where Python fails), truncation: true cuts to ${c.truncated_input_ids.length}`, async () => {
    const pipe = await pipeline(c.task, `wasmpipe-test/${c.model}`, { dtype: 'fp32' });
    try {
      const fed = recordFeeds(pipe);
      const call = { ...c.kwargs, ...(c.languages ?? {}), return_tensors: true };
      delete call.forced_bos_token_id; // the pipeline forces tgt_lang's token itself
      const key = `${pipe.constructor.outputKey.replace('_text', '')}_token_ids`;
      const encoderIds = () => Array.from(fed.encoder_model.at(-1).input_ids.data, Number);

      // Not asked, or truncation: false (Python's default DO_NOT_TRUNCATE): Python's ids where the
      // model reads any length (T5, with one warning per pipeline), else a clear error.
      for (const truncation of [undefined, false, 'do_not_truncate']) {
        const [whole, warnings] = await withWarnings(() => pipe(c.text, { ...call, truncation }));
        if (c.untruncated_error && truncation !== undefined) {
          // truncation: false asked for the whole input, which Python fails on: a clear error.
          assert.equal(whole.code, 'INVALID_ARGUMENT', `Python: ${c.untruncated_error}; got ${whole}`);
          assert.match(whole.message, /reads at most \d+ \(config.json max_position_embeddings\), and truncation: false keeps it whole/);
        } else if (c.untruncated_error) {
          // Not asked: where Python fails (IndexError), the input is cut as truncation: true cuts
          // it (model_max_length <= the table here, so Python's truncation: true ids), with a warning.
          assert.ok(c.model_max_length <= c.max_position_embeddings, 'fixture: model_max_length within the table');
          assert.ok(!(whole instanceof Error), String(whole?.stack));
          assert.deepEqual(ids(whole, key), c.pipeline_truncation_true, 'not asked, past the table: output ids');
          assert.deepEqual(encoderIds(), c.truncated_input_ids, 'not asked, past the table: encoder input ids');
          assert.equal(warnings.length, 1, warnings.join('\n'));
          assert.match(warnings[0], new RegExp(`has ${c.full_input_ids.length} tokens, more than the ${c.max_position_embeddings} positions .*IndexError.*truncated to ${c.truncated_input_ids.length} tokens`));
        } else {
          assert.ok(!(whole instanceof Error), String(whole?.stack));
          assert.deepEqual(ids(whole, key), c.pipeline_truncation_false, `truncation: ${truncation}: output ids`);
          assert.deepEqual(encoderIds(), c.full_input_ids, `truncation: ${truncation}: encoder input ids`);
          assert.equal(warnings.length, truncation === undefined ? 1 : 0, warnings.join('\n'));
          if (warnings.length) assert.match(warnings[0], new RegExp(`\\(${c.full_input_ids.length} > ${c.model_max_length}\\); the input is kept whole`));
        }
      }

      // truncation: true (and its TruncationStrategy name): Python's cut, silently.
      for (const truncation of [true, 'longest_first']) {
        const [same, quiet] = await withWarnings(() => pipe(c.text, { ...call, truncation }));
        assert.deepEqual(ids(same, key), c.pipeline_truncation_true, `truncation: ${truncation}`);
        assert.deepEqual(encoderIds(), c.truncated_input_ids, 'encoder input ids');
        assert.deepEqual(quiet, []);
      }
      await assert.rejects(pipe(c.text, { ...call, truncation: 'sideways' }), (e) => e.code === 'INVALID_ARGUMENT' && /truncation must be/.test(e.message));
      // ... and the pipeline still works.
      assert.deepEqual(ids(await pipe(c.text, { ...call, truncation: true }), key), c.pipeline_truncation_true);
    } finally {
      await pipe.dispose();
    }
  });
}

test('tiny-gpt2: a prompt past n_positions (Python: IndexError) is cut as \'hole\' cuts at n_positions, with a warning; \'hole\' asked cuts silently', async () => {
  const c = limits.truncation.find((x) => x.model === 'tiny-gpt2');
  const pipe = await pipeline('text-generation', 'wasmpipe-test/tiny-gpt2', { dtype: 'fp32' });
  try {
    const call = { ...c.kwargs, return_tensors: true };
    const code = async (p) => p.then(() => 'resolved', (e) => e.code);
    const warnedCut = (warnings) => {
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], new RegExp(`has ${c.full_input_ids.length} tokens, more than the ${c.n_positions} positions .*IndexError.*last ${c.hole_input_ids.length} tokens`));
    };
    // Not asked (Python: IndexError at the first step): Python's 'hole' ids with model_max_length =
    // n_positions, and a warning saying so.
    const fedAuto = recordFeeds(pipe);
    const [auto, autoWarnings] = await withWarnings(() => pipe(c.text, call));
    assert.ok(!(auto instanceof Error), String(auto?.stack));
    assert.deepEqual(Array.from(fedAuto.model[0].input_ids.data, Number), c.hole_input_ids, 'prompt ids fed');
    assert.deepEqual(ids(auto, 'generated_token_ids'), c.pipeline_hole);
    warnedCut(autoWarnings);
    // 'hole' cuts at the tokenizer's model_max_length: 1024 here, so it cuts nothing and the
    // prompt is still past the table (Python: IndexError): the same cut and warning.
    assert.equal(pipe.tokenizer.model_max_length, c.model_max_length);
    const [holeWide, holeWideWarnings] = await withWarnings(() => pipe(c.text, { ...call, handle_long_generation: 'hole' }));
    assert.deepEqual(ids(holeWide, 'generated_token_ids'), c.pipeline_hole);
    warnedCut(holeWideWarnings);
    // With model_max_length = n_positions (as the generator sets it): Python's ids.
    const fed = recordFeeds(pipe);
    pipe.tokenizer.model_max_length = c.n_positions;
    const [asked, quiet] = await withWarnings(() => pipe(c.text, { ...call, handle_long_generation: 'hole' }));
    assert.deepEqual(Array.from(fed.model[0].input_ids.data, Number), c.hole_input_ids, 'prompt ids fed');
    assert.deepEqual(ids(asked, 'generated_token_ids'), c.pipeline_hole);
    assert.deepEqual(quiet, []);
    // Text output: the whole prompt, then the new text (Python's return_full_text with 'hole').
    const [text] = await withWarnings(() => pipe(c.text, { ...c.kwargs, handle_long_generation: 'hole' }));
    assert.ok(text[0].generated_text.startsWith(c.text) && text[0].generated_text.length > c.text.length, text[0].generated_text);

    assert.equal(await code(pipe(c.text, { ...call, handle_long_generation: 'middle' })), 'INVALID_ARGUMENT');
    assert.equal(await code(pipe(c.text, { ...call, max_new_tokens: c.n_positions, handle_long_generation: 'hole' })), 'INVALID_ARGUMENT'); // no room left
    assert.deepEqual(ids(await pipe(c.text, { ...call, handle_long_generation: 'hole' }), 'generated_token_ids'), c.pipeline_hole);
  } finally {
    await pipe.dispose();
  }
});

test('num_logits_to_keep (onnx-community graphs): fed 1, logits for one position, Python\'s tiny-llama ids', async () => {
  const v = limits.logits_to_keep;
  assert.ok(v.onnx_inputs.includes('num_logits_to_keep'));
  const pipe = await pipeline('text-generation', v.repo_id, { dtype: 'fp32' });
  try {
    const dims = [];
    const fed = [];
    const session = pipe.sessions.model;
    const run = session.run.bind(session);
    session.run = async (feeds, ...rest) => {
      fed.push(feeds.num_logits_to_keep);
      const result = await run(feeds, ...rest);
      dims.push([feeds.input_ids.dims[1], result.logits.dims[1]]);
      return result;
    };
    const llama = generation.models['tiny-llama'];
    let compared = 0;
    for (const c of llama.cases.filter((x) => ['greedy', 'beam4_ngram2_ret3'].includes(x.name))) {
      for (const o of c.outputs) {
        const got = await pipe.generativeModel.generate(o.input_ids, { options: c.kwargs });
        assert.deepEqual(got.sequences.map((s) => Array.from(s)), o.sequences, `${c.name}: ${o.prompt}`);
        compared += 1;
      }
    }
    assert.ok(compared >= 4);
    assert.ok(fed.every((t) => t && t.type === 'int64' && t.dims.length === 0 && t.data[0] === 1n), 'num_logits_to_keep fed as int64 scalar 1');
    const prompts = dims.filter(([n]) => n > 1);
    assert.ok(prompts.length >= 2 && dims.every(([, kept]) => kept === 1), `[input positions, logits positions]: ${JSON.stringify(dims.slice(0, 3))}`);
  } finally {
    await pipe.dispose();
  }
});
