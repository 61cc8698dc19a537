// The generation families of tests/fixtures/generate_generation_families.py (Marian, NLLB, M2M100, mBART,
// mBART-50, Llama GQA as decoder_model_merged) in Chromium through the browser bundle: the ids
// Python transformers' generate() recorded (expected/generation-families.json), on device 'wasm'
// for every repo (greedy and beam search), and on 'webgpu' (SwiftShader) for the merged
// decoder-only layout, NLLB, Marian, and the seq2seq T5 / BART repos of expected/generation.json in both layouts
// (encoder_model + decoder_model_merged, and decoder_model + decoder_with_past_model), with
// the WebGPU execution provider's node placement checked from ONNX Runtime's own log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, checkPrerequisites, startServer, launchBrowser, openPage, closeAll } from './helpers.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation-families.json'), 'utf8'));
const single = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));

let server, browser;
before(async () => {
  checkPrerequisites();
  server = await startServer({ isolate: true });
  browser = await launchBrowser(['--enable-unsafe-webgpu']);
}, { timeout: 90_000 });
after(async () => closeAll(browser, server));

/** Greedy and (unless greedyOnly) one beam setting per repo (every layout), first prompt. */
function jobs(filter, greedyOnly = false, source = expected) {
  const out = [];
  for (const [name, m] of Object.entries(source.models)) {
    if (!filter(m, name)) continue;
    for (const [repoName, repo] of Object.entries(m.repos)) {
      for (const c of m.cases.filter((x) => x.name === 'greedy' || (!greedyOnly && x.name === 'beam4_ngram2_ret3'))) {
        const o = c.outputs[0];
        out.push({ repo: repo.repo_id, task: m.seq2seq ? 'text2text-generation' : 'text-generation',
          name: `${repoName}/${c.name}`, input_ids: o.input_ids, kwargs: o.kwargs ?? c.kwargs, sequences: o.sequences });
      }
    }
  }
  return out;
}

/**
 * Runs the jobs in one page. On 'webgpu' the sessions are created with ONNX Runtime's verbose
 * log, whose "Node(s) placed on [EP]. Number of nodes: N" lines say where each session's nodes
 * run (WebGpuExecutionProvider = WebGPU); the lines come back as `placements`, one list per session.
 */
async function runInPage(device, work) {
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    const placements = [];
    page.on('console', (msg) => {
      const m = /Node\(s\) placed on \[(\w+)\]\. Number of nodes: (\d+)/.exec(msg.text());
      if (m) placements.push([m[1], Number(m[2])]);
    });
    await page.goto(`${server.url}/demo/`, { waitUntil: 'domcontentloaded' });
    const results = await page.evaluate(async ({ device, work }) => {
      const { pipeline, env } = await import('/dist/wasmpipe.js');
      Object.assign(env, { remoteHost: `${location.origin}/`, allowLocalModels: false, allowRemoteModels: true });
      const pipes = new Map();
      const out = [];
      for (const job of work) {
        try {
          if (!pipes.has(job.repo)) {
            const session_options = device === 'webgpu' ? { logSeverityLevel: 0 } : {};
            const pipe = await pipeline(job.task, job.repo, { dtype: 'fp32', device, session_options });
            const locations = new Set();
            for (const session of Object.values(pipe.sessions)) { // where the decoder's outputs live
              const run = session.run.bind(session);
              session.run = async (...args) => {
                const result = await run(...args);
                for (const t of Object.values(result)) locations.add(t.location);
                return result;
              };
            }
            pipes.set(job.repo, { pipe, locations, sessions: Object.keys(pipe.sessions) });
          }
          const { pipe, locations, sessions } = pipes.get(job.repo);
          const start = performance.now();
          const got = await pipe.generativeModel.generate(job.input_ids, { options: job.kwargs });
          out.push({ name: job.name, sequences: got.sequences.map((s) => Array.from(s)), locations: [...locations], sessions,
            ms: Math.round(performance.now() - start) });
        } catch (err) {
          out.push({ name: job.name, error: String(err?.message ?? err) });
        }
      }
      for (const p of pipes.values()) await p.pipe.dispose();
      return out;
    }, { device, work });
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    return { results, placements };
  } finally {
    await context.close();
  }
}

test('Chromium wasm: Marian, NLLB, M2M100, mBART, mBART-50, merged Llama ids equal Python transformers', { timeout: 300_000 }, async () => {
  const work = jobs(() => true);
  const { results } = await runInPage('wasm', work);
  assert.equal(results.length, work.length);
  results.forEach((r, i) => {
    assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
    assert.deepEqual(r.sequences, work[i].sequences, r.name);
  });
});

test('Chromium WebGPU (SwiftShader): T5 / BART / NLLB (merged and split decoders), Marian, M2M100, mBART and merged Llama ids equal Python transformers', { timeout: 420_000 }, async (t) => {
  // SwiftShader is slow (mostly compiling each graph's shaders on first use): greedy for every
  // repo and layout, beam search (cache rows reordered on the GPU) for one.
  const beams = ['tiny-t5'];
  const work = [
    ...jobs((m) => m.seq2seq, false, single).filter((j) => j.name.endsWith('/greedy') || beams.includes(j.name.split('/')[0])),
    ...jobs((m) => !m.seq2seq, true), // decoder_model_merged (use_cache_branch)
    // NLLB (M2M100 model, forced BOS language token), merged and split: greedy.
    ...jobs((m, name) => name === 'tiny-nllb', true),
    // Marian (65001-id vocabulary, bad_words_ids, forced EOS), merged: greedy (~8 s of SwiftShader;
    // the split layout another ~10 s, so it runs on wasm above and in Node only).
    ...jobs((m, name) => name === 'tiny-marian', true).filter((j) => j.name === 'tiny-marian/greedy'),
    // M2M100 (merged) and mBART (split) greedy: each load compiles its graphs' shaders (seconds here)
    ...jobs((m, name) => name === 'tiny-m2m100' || name === 'tiny-mbart', true)
      .filter((j) => ['tiny-m2m100/greedy', 'tiny-mbart-split/greedy'].includes(j.name)),
  ];
  const { results, placements } = await runInPage('webgpu', work);
  assert.equal(results.length, work.length);
  results.forEach((r, i) => {
    assert.equal(r.error, undefined, `${r.name}: ${r.error}`);
    assert.deepEqual(r.sequences, work[i].sequences, r.name);
    // The decoder's outputs (logits, KV cache) stay on the GPU: the webgpu EP ran the decoder.
    assert.ok(r.locations.includes('gpu-buffer'), `${r.name}: output locations ${r.locations}`);
  });
  // Every session placed its nodes on WebGPU (WebGpuExecutionProvider); ONNX Runtime keeps shape
  // computations (Shape/Gather/Concat/... on int64) on the CPU by design: those may be there too,
  // but never a whole session.
  const sessionsPerRepo = new Map(results.map((r, i) => [work[i].repo, r.sessions.length]));
  const sessionCount = [...sessionsPerRepo.values()].reduce((a, b) => a + b, 0);
  const onGpu = placements.filter(([ep, n]) => ep === 'WebGpuExecutionProvider' && n > 0);
  t.diagnostic(`node placements, per session in load order: ${JSON.stringify(placements)}`);
  t.diagnostic(`generate() ms: ${results.map((r) => `${r.name} ${r.ms}`).join(', ')}`);
  assert.equal(onGpu.length, sessionCount, `sessions with nodes on WebGPU: ${JSON.stringify(placements)}`);
  assert.ok(placements.every(([ep]) => ep === 'WebGpuExecutionProvider' || ep === 'CPUExecutionProvider'), JSON.stringify(placements));
});
