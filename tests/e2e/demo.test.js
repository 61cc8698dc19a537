// The demo site's sentiment box: classifies like Node, reports progress/backend/timing, shows a
// readable error for a bad model id and keeps working for a good one afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  MODEL, TEXT, checkPrerequisites, startServer, launchBrowser, openPage, waitForState, readResults,
  nodeReference, assertSameResults, byScore, closeAll,
} from './helpers.js';

let server, browser, reference;

before(async () => {
  checkPrerequisites();
  server = await startServer({ isolate: true });
  browser = await launchBrowser();
  reference = byScore(await nodeReference(server));
}, { timeout: 90_000 });

after(async () => {
  await closeAll(browser, server);
});

async function submit(page, { model, text = TEXT, dtype = 'fp32', device = 'wasm' }) {
  await page.fill('#model', model);
  await page.selectOption('#host', 'local');
  await page.selectOption('#device', device);
  await page.selectOption('#dtype', dtype);
  await page.fill('#text', text);
  await page.click('#run');
  return waitForState(page, ['done', 'error']);
}

test('demo: sentiment box works, bad model id shows a readable error, good model works after', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    await page.goto(`${server.url}/demo/`, { waitUntil: 'domcontentloaded' });
    await waitForState(page, ['idle', 'error']);
    assert.equal(await page.locator('#error').isHidden(), true, `demo start error: ${await page.locator('#error').textContent()}`);
    // Served by our server, the local fixture is the default model.
    assert.equal(await page.inputValue('#model'), MODEL);
    assert.equal(await page.inputValue('#host'), 'local');

    assert.equal(await submit(page, { model: MODEL }), 'done', `first run failed: ${await page.locator('#error').textContent()}`);
    assertSameResults(await readResults(page), reference, 1e-5, 'demo vs Node');
    assert.equal(await page.locator('#downloads .dl[data-file="onnx/model.onnx"].done').count(), 1, 'no finished progress row for onnx/model.onnx');
    assert.match(await page.locator('#timing').textContent(), /loaded in [\d.]+ s · classified in [\d.]+ ms/);
    assert.match(await page.locator('#backend').textContent(), /onnxruntime-web \d+\.\d+\.\d+ · wasm · \d+ threads? · cross-origin isolated/);

    // A model id that does not exist: readable error in #error, no stale results.
    assert.equal(await submit(page, { model: 'wasmpipe-test/does-not-exist' }), 'error');
    const msg = await page.locator('#error').textContent();
    assert.equal(await page.locator('#error').isVisible(), true);
    assert.match(msg, /Model "wasmpipe-test\/does-not-exist" was not found/);
    assert.equal(await page.locator('#downloads .dl.failed').count(), 1, 'the failed config.json download is not marked failed');
    assert.doesNotMatch(msg, /\[object |undefined/);
    assert.equal(await page.locator('#results li').count(), 0, 'results of the previous run are still shown');

    // A malformed id is refused before any request.
    await page.fill('#model', 'https://evil.example/x');
    await page.click('#run');
    assert.match(await page.locator('#error').textContent(), /is not a model id/);

    // The good model again: works, error gone.
    assert.equal(await submit(page, { model: MODEL, text: 'What a dreadful, boring film.' }), 'done', await page.locator('#error').textContent());
    assert.equal(await page.locator('#error').isHidden(), true, 'the old error is still shown');
    const again = await readResults(page);
    assert.equal(again.length, reference.length);
    assert.deepEqual(new Set(again.map((r) => r.label)), new Set(reference.map((r) => r.label)));
    const sum = again.reduce((s, r) => s + r.score, 0);
    assert.ok(Math.abs(sum - 1) < 1e-5, `softmax scores do not sum to 1: ${sum}`);
    // Same text as the first run, model reused (no second load), same answer.
    assert.equal(await submit(page, { model: MODEL }), 'done');
    assertSameResults(await readResults(page), reference, 1e-5, 'demo rerun vs Node');
    assert.match(await page.locator('#timing').textContent(), /Model already loaded/);
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'CSP violations on the demo page');
  } finally {
    await context.close();
  }
});

test('demo: the Hub model either loads or shows a readable error (e.g. offline)', { timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page } = await openPage(context);
    await page.goto(`${server.url}/demo/`, { waitUntil: 'domcontentloaded' });
    await waitForState(page, 'idle');
    await page.fill('#model', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');
    await page.dispatchEvent('#model', 'change');
    assert.equal(await page.inputValue('#host'), 'hub', 'picking the Hub default did not switch the source to huggingface.co');
    await page.click('#run');
    const state = await waitForState(page, ['done', 'error'], 80_000);
    if (state === 'error') {
      const msg = await page.locator('#error').textContent();
      assert.match(msg, /Xenova\/distilbert-base-uncased-finetuned-sst-2-english/);
      assert.match(msg, /huggingface\.co/);
      assert.doesNotMatch(msg, /\[object |undefined/);
    } else {
      assert.ok((await readResults(page)).some((r) => r.label === 'POSITIVE'));
    }
  } finally {
    await context.close();
  }
});
