// npm run bench, part 2: question-answering and feature-extraction, wasmpipe vs transformers.js
// in the same Chromium run: median ms per call and the share of it outside ORT's run(). Prints
// markdown tables (never a pass/fail timing). Run after scripts/build.sh.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHubServer } from '../server/hub-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIBS = ['wasmpipe', 'transformersjs'];
const CASES = [
  { task: 'question-answering', model: 'wasmpipe-test/tiny-distilbert-squad', dtype: 'fp32' },
  { task: 'feature-extraction', model: 'wasmpipe-test/tiny-bert-encoder', dtype: 'fp32' },
  { task: 'feature-extraction', model: 'wasmpipe-test/all-MiniLM-L6-v2', dtype: 'q8' },
];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const f = (x, d = 2) => (x === undefined ? '–' : x.toFixed(d));
const pct = (x) => `${(100 * x).toFixed(0)}%`;

const server = await startHubServer({
  port: 0,
  isolate: false, // one ORT thread for both libraries
  modelRoots: [path.join(ROOT, 'tests/fixtures/models')],
  staticRoots: {
    '/bench/': path.join(ROOT, 'tests/bench/page'),
    '/dist/': path.join(ROOT, 'dist'),
    '/tjs/': path.join(ROOT, 'node_modules/@huggingface/transformers/dist'),
    '/ort/': path.join(ROOT, 'node_modules/onnxruntime-web/dist'),
  },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
try {
  for (const c of CASES) {
    const byLib = Object.fromEntries(LIBS.map((l) => [l, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const lib of LIBS) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const q = new URLSearchParams({ lib, task: c.task, model: c.model, dtype: c.dtype });
        await page.goto(`${server.url}/bench/pipelines.html?${q}`);
        await page.waitForFunction(() => window.benchResult, null, { timeout: 300_000 });
        const r = await page.evaluate(() => window.benchResult);
        await context.close();
        if (r.error) throw new Error(`${lib} ${c.task}: ${r.error}`);
        byLib[lib].push(r);
      }
    }
    results.push({ ...c, byLib });
  }
} finally {
  await browser.close();
  await server.close();
}

const pick = (rs, key) => ({
  median: median(rs.map((r) => r[key].median)),
  outside: median(rs.map((r) => r[key].outsideShare)),
  outsideMs: median(rs.map((r) => r[key].median * r[key].outsideShare)), // ms per call outside run()
});
console.log(`\n## Pipelines, Chromium headless, device wasm, 1 thread (median of ${ROUNDS} page loads)\n`);
console.log('| pipeline | model | input | wasmpipe ms/call | outside run() | transformers.js ms/call | outside run() | tjs / wasmpipe | outside run() ms, wasmpipe / tjs (target <= 0.33) |');
console.log('|---|---|---|---:|---:|---:|---:|---:|---:|');
for (const { task, model, dtype, byLib } of results) {
  const keys = task === 'question-answering' ? [['short', 'question + 120-word context']] : [['single', '1 sentence, mean+normalize'], ['batch', '4 sentences, mean+normalize']];
  for (const [key, label] of keys) {
    const a = pick(byLib.wasmpipe, key), b = pick(byLib.transformersjs, key);
    console.log(`| ${task} | ${model} (${dtype}) | ${label} | ${f(a.median)} | ${pct(a.outside)} | ${f(b.median)} | ${pct(b.outside)} | ${f(b.median / a.median)}x | ${f(a.outsideMs, 3)} / ${f(b.outsideMs, 3)} = ${f(a.outsideMs / b.outsideMs)} |`);
  }
  if (task === 'question-answering') {
    const a = byLib.wasmpipe.map((r) => r.long), b = byLib.transformersjs.map((r) => r.long);
    console.log(`| ${task} | ${model} (${dtype}) | 5,000-word context | ${f(median(a.map((x) => x.ms)), 0)} (all windows) | ${pct(1 - median(a.map((x) => x.runMs / x.ms)))} | ${f(median(b.map((x) => x.ms)), 0)} (truncated to 512 tokens) | ${pct(1 - median(b.map((x) => x.runMs / x.ms)))} | not comparable | – |`);
  }
}
