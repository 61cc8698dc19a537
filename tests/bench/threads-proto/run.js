// node tests/bench/threads-proto/run.js [runMs=1] [rounds=20] [variants=st,split,steal,stealSpin]
// Builds nothing (run build.sh first). Serves the prototype cross-origin isolated, runs it in
// headless Chromium and prints per variant the step's median / min / mean / p90 (ms), the mean
// of the stand-in run() and the rows the worker did per step, with the machine's load around it.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { startHubServer } from '../../server/hub-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const [runMs = '1', rounds = '20', only = 'st,split,steal,stealSpin'] = process.argv.slice(2);
const server = await startHubServer({ port: 0, isolate: true, modelRoots: [], staticRoots: { '/proto/': here } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const loadBefore = loadavg()[0];
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/proto/index.html?${new URLSearchParams({ runMs, rounds, only })}`);
  await page.waitForFunction(() => window.benchResult, null, { timeout: 300_000, polling: 100 });
  const r = await page.evaluate(() => window.benchResult);
  if (r.error) throw new Error(r.error);
  const f = (x) => x.toFixed(3);
  console.log(`runMs ${runMs}, ${rounds} rounds; load ${loadBefore.toFixed(2)} -> ${loadavg()[0].toFixed(2)}; bit-identical (split 2/1/3, steal): ${r.same}; isolated ${r.crossOriginIsolated}, ${r.hardwareConcurrency} cores`);
  for (const v of only.split(',')) {
    const { step: s, run, workerRowsPerStep } = r[v];
    console.log(`  ${v.padEnd(9)} step median ${f(s.median)} min ${f(s.min)} mean ${f(s.mean)} p90 ${f(s.p90)} | run() mean ${f(run.mean)} | worker rows/step ${workerRowsPerStep.toFixed(2)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
