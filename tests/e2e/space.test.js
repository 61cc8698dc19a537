// The sentiment-analysis static Space in Chromium: classification through the UI equals Node's,
// progress events, Cache API on reload, threads with/without cross-origin isolation, CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  MODEL, TEXT, checkPrerequisites, startServer, launchBrowser, openPage, waitForState, readResults,
  spaceUrl, nodeReference, assertSameResults, byScore, modelGets, modelFilePaths, closeAll, ROOT,
} from './helpers.js';

let server, plainServer, browser, reference;

before(async () => {
  checkPrerequisites();
  [server, plainServer] = await Promise.all([startServer({ isolate: true }), startServer({ isolate: false })]);
  browser = await launchBrowser();
  reference = byScore(await nodeReference(server));
}, { timeout: 90_000 });

after(async () => {
  await closeAll(browser, server, plainServer);
});

/** Loads the Space, types TEXT, clicks Classify, returns what the page shows and recorded. */
async function classifyInSpace(page, url, text = TEXT) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await waitForState(page, ['ready', 'error']);
  const err = await page.locator('#error').textContent();
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready', `the Space did not load: ${err}`);
  await page.fill('#text', text);
  await page.click('#run');
  await page.locator('#results li').first().waitFor({ timeout: 30_000 });
  await waitForState(page, 'ready');
  return {
    results: await readResults(page),
    recorded: await page.evaluate(() => structuredClone(window.wasmpipeSpace)),
  };
}

let firstRun = null; // what the first test's page recorded, checked by the progress test

test('Space classifies through the UI exactly like Node (fp32, 1e-5)', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    const { results, recorded } = await classifyInSpace(page, spaceUrl(server, { dtype: 'fp32' }));
    firstRun = { recorded, progressNow: await page.getAttribute('#progress', 'aria-valuenow') };
    assertSameResults(results, reference, 1e-5, 'Space vs Node');
    // The visible text carries the label and a percentage, not just data attributes.
    assert.ok(results.every((r) => r.text.includes(r.label) && /\d+(\.\d)?%/.test(r.text)), `rendered rows: ${JSON.stringify(results)}`);
    assert.equal(recorded.model, MODEL);
    assert.equal(recorded.host, `${server.url}/`);
    assert.equal(await page.locator('#error').isHidden(), true, 'an error is shown after a successful run');
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
  } finally {
    await context.close();
  }
});

test('Space progress: initiate → download → progress → done for onnx/model.onnx, then ready', { timeout: 10_000 }, () => {
  assert.ok(firstRun, 'the first Space run did not complete (see the test above)');
  const { recorded, progressNow } = firstRun;
  const onnx = recorded.events.filter((e) => e.file === 'onnx/model.onnx');
  const statuses = onnx.map((e) => e.status);
  for (const s of ['initiate', 'download', 'progress', 'done']) assert.ok(statuses.includes(s), `no '${s}' event for onnx/model.onnx: ${statuses}`);
  assert.ok(statuses.indexOf('initiate') < statuses.indexOf('progress') && statuses.lastIndexOf('progress') < statuses.indexOf('done'), `event order: ${statuses}`);
  const lastProgress = onnx.filter((e) => e.status === 'progress').at(-1);
  assert.equal(lastProgress.progress, 100, 'the model download did not end at 100%');
  assert.ok(lastProgress.loaded > 0 && lastProgress.loaded === lastProgress.total, `loaded/total: ${JSON.stringify(lastProgress)}`);
  assert.equal(recorded.events.at(-1).status, 'ready', 'the last event is not ready');
  assert.ok(recorded.events.some((e) => e.file === 'config.json' && e.status === 'done'), 'no config.json events');
  assert.equal(progressNow, '100', 'the progress bar did not end full');
});

// Python transformers + onnxruntime outputs recorded by tests/fixtures/generate.py.
function pythonExpected(dtype) {
  const file = path.join(ROOT, 'tests/fixtures/expected/text-classification.json');
  const all = JSON.parse(fs.readFileSync(file, 'utf8'));
  const entry = Object.values(all.models).find((m) => m.repo_id === MODEL);
  assert.ok(entry, `no recorded outputs for ${MODEL} in ${file}`);
  return entry.single
    .filter((e) => e.text.trim() !== '') // the page refuses empty input
    .map((e) => ({
      text: e.text,
      expected: byScore(e.onnx[dtype].scores.map((score, i) => ({ label: entry.id2label[i], score }))),
    }));
}

for (const [dtype, file, tol, tolText] of [['fp32', 'fp32', 1e-5, '1e-5'], ['q8', 'quantized', 1e-4, '1e-4']]) {
  test(`Space matches the recorded Python outputs for every fixture input (${dtype}, ${tolText})`, { timeout: 90_000 }, async () => {
    const cases = pythonExpected(file);
    const context = await browser.newContext();
    try {
      const { page } = await openPage(context);
      await page.goto(spaceUrl(server, { dtype }), { waitUntil: 'domcontentloaded' });
      await waitForState(page, ['ready', 'error']);
      assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready', await page.locator('#error').textContent());
      const failures = [];
      for (const [i, { text, expected }] of cases.entries()) {
        await page.fill('#text', text);
        await page.click('#run');
        await page.waitForFunction((n) => window.wasmpipeSpace.runs === n || window.wasmpipeSpace.error, i + 1, { timeout: 30_000 });
        const err = await page.evaluate(() => window.wasmpipeSpace.error);
        if (err) {
          failures.push(`${JSON.stringify(text.slice(0, 40))}: page error ${err}`);
          continue;
        }
        try {
          assertSameResults(await readResults(page), expected, tol, `input ${i} ${JSON.stringify(text.slice(0, 40))}`);
        } catch (e) {
          failures.push(e.message);
        }
      }
      assert.deepEqual(failures, [], `${failures.length} of ${cases.length} inputs differ from Python`);
    } finally {
      await context.close();
    }
  });
}

test('a reload is served from the Cache API: no new model-file requests', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page } = await openPage(context);
    const url = spaceUrl(server, { dtype: 'fp32' });
    server.stats.reset();
    const first = await classifyInSpace(page, url);
    const firstGets = modelGets(server.stats);
    const onnxPath = `/${MODEL}/resolve/main/onnx/model.onnx`;
    assert.ok(firstGets.includes(`GET ${onnxPath}`), `the first load did not fetch the model from the server: ${firstGets}`);

    server.stats.reset();
    await page.reload({ waitUntil: 'domcontentloaded' });
    const second = await classifyInSpace(page, url);
    // Files that exist in the repo must not be fetched again (404s for optional files may be retried).
    const existing = new Set(modelFilePaths().map((f) => `GET /${MODEL}/resolve/main/${f}`));
    const refetched = modelGets(server.stats).filter((r) => existing.has(r) || r.startsWith('GET /cdn/'));
    assert.deepEqual(refetched, [], `the reload fetched model files again: ${refetched.join(', ')}`);
    // ...and the page still works, with the same answer.
    assertSameResults(second.results, first.results, 0, 'after reload');
    const onnxEvents = second.recorded.events.filter((e) => e.file === 'onnx/model.onnx').map((e) => e.status);
    assert.ok(!onnxEvents.includes('download'), `the reload downloaded the model: ${onnxEvents}`);
    // The cache holds the model under its resolve URL.
    const cached = await page.evaluate(async () => {
      const keys = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) keys.push(req.url);
      return keys;
    });
    assert.ok(cached.includes(`${server.url}${onnxPath}`), `Cache Storage lacks the model: ${cached}`);
    // ONNX Runtime's 14 MB wasm is downloaded with progress events once, then served from the cache.
    const ortWasm = 'ort-wasm-simd-threaded.wasm'; // the CPU build serves device 'wasm'
    assert.ok(first.recorded.events.some((e) => e.file === ortWasm && e.status === 'progress'), 'no progress events for ORT wasm');
    assert.ok(cached.some((u) => u.endsWith(`/dist/${ortWasm}`)), `Cache Storage lacks ${ortWasm}: ${cached}`);
    const ortRefetched = server.stats.requests.filter((r) => r.includes(ortWasm));
    assert.deepEqual(ortRefetched, [], 'the reload fetched the ORT wasm again');
  } finally {
    await context.close();
  }
});

test('threads: isolated page runs >1 ORT threads, non-isolated 1 thread, same results', { timeout: 120_000 }, async () => {
  // This machine may have 2 cores (the library uses ceil(cores/2) threads, at most 4): report 4
  // cores so the isolated page takes the multi-threaded path whatever the CI box has.
  const isolated = await browser.newContext();
  const plain = await browser.newContext();
  try {
    const a = await openPage(isolated, { hardwareConcurrency: 4 });
    const b = await openPage(plain, { hardwareConcurrency: 4 });
    const [ra, rb] = [
      await classifyInSpace(a.page, spaceUrl(server, { dtype: 'fp32' })),
      await classifyInSpace(b.page, spaceUrl(plainServer, { dtype: 'fp32' })),
    ];
    assert.equal(ra.recorded.backend.crossOriginIsolated, true, 'COOP/COEP server: page is not crossOriginIsolated');
    assert.ok(ra.recorded.backend.numThreads > 1, `COOP/COEP server: numThreads ${ra.recorded.backend.numThreads}, expected > 1`);
    assert.equal(await a.page.evaluate(() => typeof SharedArrayBuffer), 'function');
    assert.equal(rb.recorded.backend.crossOriginIsolated, false, 'server without COOP/COEP: page claims isolation');
    assert.equal(rb.recorded.backend.numThreads, 1, 'server without COOP/COEP: expected 1 thread');
    assert.match(await a.page.locator('#backend').textContent(), /\d+ threads · cross-origin isolated/);
    assertSameResults(ra.results, reference, 1e-5, 'threaded vs Node');
    assertSameResults(rb.results, reference, 1e-5, 'single-thread vs Node');
    assertSameResults(ra.results, rb.results, 1e-5, 'threaded vs single-thread');
  } finally {
    await closeAll(isolated, plain);
  }
});

test('CSP: the Space runs (threaded) with no policy violations and no page errors', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  try {
    // 4 reported cores → ORT starts worker threads, so worker creation is under the CSP too.
    const { page, log } = await openPage(context, { hardwareConcurrency: 4 });
    const res = await page.goto(spaceUrl(server, { dtype: 'fp32' }), { waitUntil: 'domcontentloaded' });
    assert.equal(res.status(), 200);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/, `unexpected CSP: ${csp}`);
    await waitForState(page, 'ready');
    await page.fill('#text', 'Terrible. I want my money back.');
    await page.click('#run');
    await page.locator('#results li').first().waitFor({ timeout: 30_000 });
    assert.ok((await page.evaluate(() => window.wasmpipeSpace.backend.numThreads)) > 1, 'ran single-threaded');
    const violations = await page.evaluate(() => window.__cspViolations);
    assert.deepEqual(violations, [], `CSP violations: ${JSON.stringify(violations)}`);
    const cspConsole = log.consoleErrors.filter((m) => /Content Security Policy|Refused to/i.test(m));
    assert.deepEqual(cspConsole, [], 'CSP errors in the console');
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    // The meta CSP really applies (so "no violations" above means something): inline script is refused.
    const inline = await page.evaluate(async () => {
      window.__inlineRan = false;
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return { ran: window.__inlineRan, violations: window.__cspViolations.map((v) => v.directive) };
    });
    assert.deepEqual(inline, { ran: false, violations: ['script-src-elem'] }, 'the CSP meta tag is not enforced');
  } finally {
    await context.close();
  }
});

test('Space shows a readable error for a model that does not exist', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page } = await openPage(context);
    await page.goto(`${spaceUrl(server, { model: 'wasmpipe-test/no-such-model' })}&host=local`, { waitUntil: 'domcontentloaded' });
    await waitForState(page, 'error');
    const msg = await page.locator('#error').textContent();
    assert.equal(await page.locator('#error').isVisible(), true);
    assert.match(msg, /"wasmpipe-test\/no-such-model" was not found/);
    assert.equal(await page.locator('#run').isDisabled(), true);
  } finally {
    await context.close();
  }
});

test('Space: the Hub default either loads or shows a readable error (e.g. offline)', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page } = await openPage(context);
    await page.goto(`${server.url}/spaces/sentiment-analysis/?host=hub`, { waitUntil: 'domcontentloaded' });
    const state = await waitForState(page, ['ready', 'error'], 60_000);
    const recorded = await page.evaluate(() => structuredClone(window.wasmpipeSpace));
    assert.equal(recorded.model, 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');
    assert.equal(recorded.host, 'https://huggingface.co/');
    if (state === 'error') {
      const msg = await page.locator('#error').textContent();
      assert.equal(await page.locator('#error').isVisible(), true);
      assert.match(msg, /Xenova\/distilbert-base-uncased-finetuned-sst-2-english/);
      assert.match(msg, /huggingface\.co/);
      assert.doesNotMatch(msg, /\[object |undefined/);
    } else {
      assert.equal(await page.locator('#run').isEnabled(), true);
    }
  } finally {
    await context.close();
  }
});
