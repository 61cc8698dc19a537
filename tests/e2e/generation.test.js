// Generation in Chromium through the browser bundle (dist/wasmpipe.js): the fixture models give
// the ids Python transformers' generate() recorded (tests/fixtures/expected/generation.json), on
// device 'wasm' for every repo (merged and split layouts) and on 'webgpu' (SwiftShader) for the
// decoder-only ones (KV cache kept on the GPU between steps: preferredOutputLocation 'gpu-buffer').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, checkPrerequisites, startServer, launchBrowser, openPage, closeAll } from './helpers.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));
const CASES = ['greedy', 'greedy_no_repeat_2', 'beam3_lp2_early', 'beam4_never_lp05', 'beam4_ngram2_ret3'];

let server, browser;
before(async () => {
  checkPrerequisites();
  server = await startServer({ isolate: true });
  browser = await launchBrowser(['--enable-unsafe-webgpu']);
}, { timeout: 90_000 });
after(async () => closeAll(browser, server));

/** [{repo, task, name, input_ids, kwargs, sequences}] for the chosen cases, first prompt. */
function jobs(filter, cases = CASES) {
  const out = [];
  for (const [name, m] of Object.entries(expected.models)) {
    for (const [repoName, repo] of Object.entries(m.repos)) {
      if (!filter(m, repoName)) continue;
      for (const c of m.cases.filter((x) => cases.includes(x.name))) {
        const o = c.outputs[0];
        out.push({ repo: repo.repo_id, task: m.seq2seq ? 'text2text-generation' : 'text-generation', name: `${repoName}/${c.name}`,
          input_ids: o.input_ids, kwargs: c.kwargs, sequences: o.sequences });
      }
    }
  }
  return out;
}

async function runInPage(device, work) {
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    await page.goto(`${server.url}/demo/`, { waitUntil: 'domcontentloaded' });
    const results = await page.evaluate(async ({ device, work }) => {
      const { pipeline, env } = await import('/dist/wasmpipe.js');
      Object.assign(env, { remoteHost: `${location.origin}/`, allowLocalModels: false, allowRemoteModels: true });
      const pipes = new Map();
      const out = [];
      const locations = new Set();
      for (const job of work) {
        try {
          if (!pipes.has(job.repo)) {
            const pipe = await pipeline(job.task, job.repo, { dtype: 'fp32', device });
            for (const session of Object.values(pipe.sessions)) { // record where outputs live
              const run = session.run.bind(session);
              session.run = async (...args) => {
                const result = await run(...args);
                for (const t of Object.values(result)) locations.add(t.location);
                return result;
              };
            }
            pipes.set(job.repo, pipe);
          }
          const got = await pipes.get(job.repo).generativeModel.generate(job.input_ids, { options: job.kwargs });
          out.push({ name: job.name, sequences: got.sequences.map((s) => Array.from(s)) });
        } catch (err) {
          out.push({ name: job.name, error: String(err?.message ?? err) });
        }
      }
      for (const p of pipes.values()) await p.dispose();
      return { out, locations: [...locations] };
    }, { device, work });
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    return results;
  } finally {
    await context.close();
  }
}

test('Chromium wasm: generated ids equal Python transformers (every repo and layout)', { timeout: 300_000 }, async () => {
  const work = jobs(() => true);
  const { out: results } = await runInPage('wasm', work);
  results.forEach((r, i) => {
    assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
    assert.deepEqual(r.sequences, work[i].sequences, r.name);
  });
});

test('Chromium WebGPU (SwiftShader): decoder-only ids equal Python transformers', { timeout: 300_000 }, async () => {
  // SwiftShader is slow: one greedy and one beam setting per model.
  const work = jobs((m) => !m.seq2seq, ['greedy', 'beam4_ngram2_ret3']);
  const { out: results, locations } = await runInPage('webgpu', work);
  assert.ok(locations.includes('gpu-buffer'), `the KV cache should stay on the GPU; output locations: ${locations}`);
  results.forEach((r, i) => {
    assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
    assert.deepEqual(r.sequences, work[i].sequences, r.name);
  });
});

test('Chromium wasm: a padded batch (batch_size 3) gives Python\'s batched ids (BART split beam 4, Llama greedy left-padded)', { timeout: 180_000 }, async () => {
  const batch = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-batch.json'), 'utf8'));
  const bart = batch.models['tiny-bart'].cases.find((c) => c.name === 'beam4_false_ret3');
  const llama = batch.models['tiny-llama'];
  const greedy = llama.cases.find((c) => c.name === 'greedy');
  const work = [
    { repo: expected.models['tiny-bart'].repos['tiny-bart-split'].repo_id, task: 'text2text-generation', kwargs: bart.kwargs },
    { repo: expected.models['tiny-llama'].repos['tiny-llama'].repo_id, task: 'text-generation', kwargs: greedy.kwargs },
  ];
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    await page.goto(`${server.url}/demo/`, { waitUntil: 'domcontentloaded' });
    const results = await page.evaluate(async ({ work, prompts }) => {
      const { pipeline, env } = await import('/dist/wasmpipe.js');
      Object.assign(env, { remoteHost: `${location.origin}/`, allowLocalModels: false, allowRemoteModels: true });
      const out = [];
      for (const job of work) {
        const pipe = await pipeline(job.task, job.repo, { dtype: 'fp32', device: 'wasm' });
        try {
          const got = await pipe(prompts, { ...job.kwargs, batch_size: 3, return_tensors: true });
          out.push(got.map((rows) => rows.map((r) => Array.from(r.generated_token_ids))));
        } catch (err) {
          out.push({ error: String(err?.message ?? err) });
        } finally {
          await pipe.dispose();
        }
      }
      return out;
    }, { work, prompts: batch.prompts });
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    const per = bart.kwargs.num_return_sequences;
    assert.deepEqual(results[0], [0, 1, 2].map((i) => bart.sequences.slice(i * per, (i + 1) * per)), 'tiny-bart-split batch');
    // A real batch's text-generation rows come back as generate() gave them, left padding included,
    // as the Python pipeline returns them (its pad_collate_fn pads the prompts).
    assert.deepEqual(results[1], greedy.sequences.map((s) => [s]), 'tiny-llama batch');
  } finally {
    await context.close();
  }
});
