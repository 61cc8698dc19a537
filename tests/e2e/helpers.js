// Shared pieces of the browser tests: the hub server with the pages, Chromium via playwright-core
// (the system /usr/bin/chromium; never `npx playwright install`), the Node reference outputs, and
// result comparison. Every wait has a hard timeout so a broken page fails instead of hanging.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startHubServer } from '../server/hub-server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MODEL_ROOT = path.join(ROOT, 'tests/fixtures/models');
export const MODEL = process.env.WASMPIPE_E2E_MODEL || 'wasmpipe-test/tiny-bert-sst2';
export const TEXT = "I love this library! It's fast, tiny, and private. Not bad at all :)";
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const WAIT_MS = 45_000; // longest single wait in a page (model load incl. the 27 MB WebGPU ORT wasm compile)

/** Fails early, with what to do, when the build or the fixture model is missing. */
export function checkPrerequisites(model = MODEL) {
  const missing = [];
  for (const f of ['dist/wasmpipe.js', 'dist/wasmpipe-core.mjs', 'dist/wasmpipe-core.wasm', 'dist/ort-wasm-simd-threaded.wasm',
    'dist/ort-wasm-simd-threaded.asyncify.wasm']) {
    if (!fs.existsSync(path.join(ROOT, f))) missing.push(`${f} (run: npm run build)`);
  }
  // The Spaces' shared files are copied into each Space folder by the build.
  for (const space of fs.readdirSync(path.join(ROOT, 'static-spaces'))) {
    if (!fs.existsSync(path.join(ROOT, 'static-spaces', space, 'index.html'))) continue;
    for (const f of fs.readdirSync(path.join(ROOT, 'static-spaces/_shared'))) {
      if (!fs.existsSync(path.join(ROOT, 'static-spaces', space, f))) missing.push(`static-spaces/${space}/${f} (run: npm run build)`);
    }
  }
  for (const f of ['config.json', 'onnx/model.onnx']) {
    if (!fs.existsSync(path.join(MODEL_ROOT, model, f))) missing.push(`tests/fixtures/models/${model}/${f} (the fixture model)`);
  }
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  assert.equal(missing.length, 0, `e2e prerequisites missing:\n  ${missing.join('\n  ')}`);
}

/** The hub server with the demo, the Spaces, the bundle and the fixture models. */
export function startServer({ isolate = true } = {}) {
  return startHubServer({
    port: 0,
    isolate,
    modelRoots: [MODEL_ROOT],
    staticRoots: {
      '/dist/': path.join(ROOT, 'dist'),
      '/spaces/': path.join(ROOT, 'static-spaces'),
      '/demo/': path.join(ROOT, 'demo'),
    },
  });
}

export function launchBrowser(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...LAUNCH_ARGS, ...extraArgs], timeout: 30_000 });
}

/**
 * A page that records everything that could hide a failure: uncaught errors, console errors,
 * CSP violations (listened for before any page script runs). `hardwareConcurrency` overrides
 * navigator.hardwareConcurrency (the library picks the thread count from it).
 */
export async function openPage(context, { hardwareConcurrency } = {}) {
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const log = { pageErrors: [], consoleErrors: [], csp: [] };
  page.on('pageerror', (err) => log.pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.consoleErrors.push(msg.text());
  });
  await page.addInitScript((hc) => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber });
    });
    if (hc) Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => hc, configurable: true });
  }, hardwareConcurrency ?? 0);
  return { page, log };
}

/** Wait until the page's body[data-state] is one of `states`; on timeout/error say what the page showed. */
export async function waitForState(page, states, timeout = WAIT_MS) {
  const want = [].concat(states);
  try {
    await page.waitForFunction((w) => w.includes(document.body?.dataset.state), want, { timeout, polling: 50 });
  } catch (err) {
    const shown = await page.evaluate(() => ({
      state: document.body?.dataset.state,
      status: document.getElementById('status')?.textContent,
      error: document.getElementById('error')?.textContent,
    })).catch(() => ({}));
    throw new Error(`page did not reach state ${want.join('|')} within ${timeout} ms; it shows ${JSON.stringify(shown)}`, { cause: err });
  }
  return page.evaluate(() => document.body.dataset.state);
}

/** The results list as rendered: [{label, score}] from data attributes (full precision). */
export function readResults(page) {
  return page.$$eval('#results li', (lis) => lis.map((li) => ({ label: li.dataset.label, score: Number(li.dataset.score), text: li.textContent })));
}

/** Space URL for a model/device/dtype on a server. */
export function spaceUrl(server, { model = MODEL, device, dtype } = {}) {
  const q = new URLSearchParams({ model });
  if (device) q.set('device', device);
  if (dtype) q.set('dtype', dtype);
  return `${server.url}/spaces/sentiment-analysis/?${q}`;
}

/**
 * What Node computes for the same model and input through js/index.js, downloading from `server`
 * (a fresh temp cache, so it really goes through the server like the page does).
 */
export async function nodeReference(server, { model = MODEL, text = TEXT, dtype = 'fp32' } = {}) {
  const { pipeline, env } = await import('../../js/index.js');
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasmpipe-e2e-cache-'));
  const saved = { remoteHost: env.remoteHost, allowLocalModels: env.allowLocalModels, cacheDir: env.cacheDir };
  Object.assign(env, { remoteHost: server.url + '/', allowLocalModels: false, cacheDir });
  try {
    const classify = await pipeline('sentiment-analysis', model, { device: 'wasm', dtype });
    try {
      return (await classify(text, { top_k: null })).map(({ label, score }) => ({ label, score }));
    } finally {
      await classify.dispose?.();
    }
  } finally {
    Object.assign(env, saved);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** Same labels in the same order, scores within `tol`. */
export function assertSameResults(actual, expected, tol, what = 'results') {
  assert.ok(Array.isArray(actual) && actual.length > 0, `${what}: no results (${JSON.stringify(actual)})`);
  assert.deepEqual(actual.map((r) => r.label), expected.map((r) => r.label), `${what}: labels/order differ: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
  actual.forEach((r, i) => {
    assert.ok(Number.isFinite(r.score), `${what}: score of ${r.label} is not a number (${r.score})`);
    const d = Math.abs(r.score - expected[i].score);
    assert.ok(d <= tol, `${what}: score of ${r.label} is ${r.score}, expected ${expected[i].score} (|diff| ${d} > ${tol})`);
  });
}

/** Results sorted by score (descending), as the pages render them. */
export const byScore = (rs) => [...rs].sort((a, b) => b.score - a.score);

/** The files of a fixture model that exist, as server paths, e.g. /org/name/resolve/main/onnx/model.onnx. */
export function modelFilePaths(model = MODEL) {
  const dir = path.join(MODEL_ROOT, model);
  const out = [];
  const walk = (rel) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk('');
  return out;
}

/** GET requests the server saw, as "GET /path" strings, that concern `model`'s files (incl. the LFS CDN). */
export function modelGets(stats, model = MODEL) {
  const enc = encodeURIComponent(model);
  return stats.requests.filter((r) => r.startsWith('GET ') &&
    (r.startsWith(`GET /${model}/resolve/`) || r.startsWith(`GET /cdn/${enc}/`)));
}

/** Close things in order, never letting one failure keep the rest open. */
export async function closeAll(...things) {
  for (const t of things) {
    try {
      await t?.close?.();
    } catch { /* already closed */ }
  }
}
