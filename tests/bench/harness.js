// What the Chromium benches share: the hub server with the bench pages, the bundle, transformers.js
// and ORT's files; one headless Chromium; and one page load per measurement that hands back
// window.benchResult (a page that fails sets benchResult.error, which is thrown here; uncaught
// page errors come back as benchResult.pageErrors).
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHubServer } from '../server/hub-server.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** URL prefix -> folder served to the bench pages. */
export const STATIC = {
  '/bench/': path.join(ROOT, 'tests/bench/page'),
  '/dist/': path.join(ROOT, 'dist'),
  '/tjs/': path.join(ROOT, 'node_modules/@huggingface/transformers/dist'),
  '/ort/': path.join(ROOT, 'node_modules/onnxruntime-web/dist'),
};

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Starts the server and the browser, runs `fn({server, browser, runPage})`, and closes both.
 * isolate: COOP/COEP headers (cross-origin isolation: 5 µs timers instead of 100 µs; pages that
 * want one ORT thread then set numThreads = 1 themselves).
 */
export async function withBench({ isolate = false } = {}, fn) {
  const server = await startHubServer({
    port: 0,
    isolate,
    modelRoots: [path.join(ROOT, 'tests/fixtures/models')],
    staticRoots: STATIC,
  });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: LAUNCH_ARGS, timeout: 30_000 });
    /** Loads /bench/<page>?<query> in a fresh context (no HTTP cache) and returns its benchResult. */
    const runPage = async (page, query, { timeout = 300_000, onPage = null } = {}) => {
      const context = await browser.newContext();
      try {
        const p = await context.newPage();
        const errors = [];
        p.on('pageerror', (err) => errors.push(err.message));
        const after = onPage?.(p);
        await p.goto(`${server.url}/bench/${page}?${new URLSearchParams(query)}`);
        await p.waitForFunction(() => window.benchResult, null, { timeout, polling: 100 });
        const r = await p.evaluate(() => window.benchResult);
        if (r.error) throw new Error(`${page} ${JSON.stringify(query)}: ${r.error}`);
        r.pageErrors = errors;
        if (after) Object.assign(r, after());
        return r;
      } finally {
        await context.close();
      }
    };
    return await fn({ server, browser, runPage });
  } finally {
    await browser?.close();
    await server.close();
  }
}
