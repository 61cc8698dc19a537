// WebGPU on SwiftShader (headless Chromium with --enable-unsafe-webgpu): the Space on device
// 'webgpu' gives the same labels as Node's CPU run, scores within 1e-3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPrerequisites, startServer, launchBrowser, openPage, waitForState, readResults,
  spaceUrl, nodeReference, assertSameResults, byScore, closeAll, TEXT,
} from './helpers.js';

let server, browser, reference;

before(async () => {
  checkPrerequisites();
  server = await startServer({ isolate: true });
  browser = await launchBrowser(['--enable-unsafe-webgpu']);
  reference = byScore(await nodeReference(server));
}, { timeout: 90_000 });

after(async () => {
  await closeAll(browser, server);
});

test('WebGPU adapter exists and the Space classifies on webgpu like Node (fp32, 1e-3)', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { page, log } = await openPage(context);
    await page.goto(`${server.url}/spaces/sentiment-analysis/`, { waitUntil: 'domcontentloaded' });
    const adapter = await page.evaluate(async () => {
      if (!navigator.gpu) return { error: 'navigator.gpu is missing' };
      const a = await navigator.gpu.requestAdapter();
      if (!a) return { error: 'navigator.gpu.requestAdapter() returned null' };
      const info = a.info ?? {};
      return { vendor: info.vendor, architecture: info.architecture };
    });
    assert.ok(!adapter.error, `no WebGPU in headless Chromium (launched with --enable-unsafe-webgpu): ${adapter.error}. ` +
      'Expected a SwiftShader adapter; check the Chromium version/flags.');

    await page.goto(spaceUrl(server, { device: 'webgpu', dtype: 'fp32' }), { waitUntil: 'domcontentloaded' });
    await waitForState(page, ['ready', 'error'], 60_000);
    const err = await page.locator('#error').textContent();
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready', `webgpu load failed on ${JSON.stringify(adapter)}: ${err}`);
    await page.fill('#text', TEXT);
    await page.click('#run');
    await page.locator('#results li').first().waitFor({ timeout: 60_000 });
    await waitForState(page, 'ready');
    const results = await readResults(page);
    const recorded = await page.evaluate(() => structuredClone(window.wasmpipeSpace));
    assert.equal(recorded.device, 'webgpu');
    assert.equal(recorded.error, null, `error after run: ${recorded.error}`);
    assertSameResults(results, reference, 1e-3, `webgpu (${adapter.vendor}/${adapter.architecture}) vs Node`);
    assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
  } finally {
    await context.close();
  }
});
