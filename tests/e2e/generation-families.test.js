// The generation families of tests/fixtures/generate_generation_families.py (Marian, NLLB, mBART,
// mBART-50, Llama GQA as decoder_model_merged) in Chromium through the browser bundle: the ids
// Python transformers' generate() recorded (expected/generation-families.json), on device 'wasm'
// for every repo (greedy and beam search), and greedy on 'webgpu' (SwiftShader) for the merged
// decoder-only layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, checkPrerequisites, startServer, launchBrowser, openPage, closeAll } from './helpers.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-families.json'), 'utf8'));

let server, browser;
before(async () => {
  checkPrerequisites();
  server = await startServer({ isolate: true });
  browser = await launchBrowser(['--enable-unsafe-webgpu']);
}, { timeout: 90_000 });
after(async () => closeAll(browser, server));

/** Greedy and (unless greedyOnly) one beam setting per repo, first prompt. */
function jobs(filter, greedyOnly = false) {
  const out = [];
  for (const [name, m] of Object.entries(expected.models)) {
    if (!filter(m)) continue;
    for (const c of m.cases.filter((x) => x.name === 'greedy' || (!greedyOnly && x.name === 'beam4_ngram2_ret3'))) {
      const o = c.outputs[0];
      out.push({ repo: Object.values(m.repos)[0].repo_id, task: m.seq2seq ? 'text2text-generation' : 'text-generation',
        name: `${name}/${c.name}`, input_ids: o.input_ids, kwargs: o.kwargs, sequences: o.sequences });
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
      for (const job of work) {
        try {
          if (!pipes.has(job.repo)) pipes.set(job.repo, await pipeline(job.task, job.repo, { dtype: 'fp32', device }));
          const got = await pipes.get(job.repo).generativeModel.generate(job.input_ids, { options: job.kwargs });
          out.push({ name: job.name, sequences: got.sequences.map((s) => Array.from(s)) });
        } catch (err) {
          out.push({ name: job.name, error: String(err?.message ?? err) });
        }
      }
      for (const p of pipes.values()) await p.dispose();
      return out;
    }, { device, work });
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    return results;
  } finally {
    await context.close();
  }
}

test('Chromium wasm: Marian, NLLB, mBART, mBART-50, merged Llama ids equal Python transformers', { timeout: 300_000 }, async () => {
  const work = jobs(() => true);
  const results = await runInPage('wasm', work);
  assert.equal(results.length, work.length);
  results.forEach((r, i) => {
    assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
    assert.deepEqual(r.sequences, work[i].sequences, r.name);
  });
});

test('Chromium WebGPU (SwiftShader): decoder_model_merged (use_cache_branch) ids equal Python transformers', { timeout: 300_000 }, async () => {
  const work = jobs((m) => !m.seq2seq, true); // SwiftShader is slow; generation.test.js has beams on WebGPU
  const results = await runInPage('webgpu', work);
  assert.equal(results.length, work.length);
  results.forEach((r, i) => {
    assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
    assert.deepEqual(r.sequences, work[i].sequences, r.name);
  });
});
