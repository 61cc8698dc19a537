// A/B of two wasmpipe builds on the token-task pipelines (tests/bench/token-tasks.js' page), in one
// headless Chromium run: this tree's dist/ against another build's dist/ (BENCH_BASE_DIST, e.g. a
// checkout of main), with transformers.js in the same rounds for the target ratio. Pages alternate
// between the builds every round so that load drift hits both; per task the time per call outside
// ORT's run(), 10th / 25th percentile of the calls of each page load (what a loaded machine
// disturbs least), median over rounds.
// Usage: BENCH_BASE_DIST=/path/to/other/dist node tests/bench/token-tasks-ab.js [BENCH_ROUNDS=5]
import path from 'node:path';
import { STATIC, median, withBench } from './harness.js';

const base = process.env.BENCH_BASE_DIST;
if (!base) throw new Error('set BENCH_BASE_DIST to the dist/ folder of the build to compare against');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const PAGES = { base: { lib: 'wasmpipe', dist: '/dist-base/' }, this: { lib: 'wasmpipe', dist: '/dist/' }, tjs: { lib: 'transformersjs' } };
STATIC['/dist-base/'] = path.resolve(base);

const raw = { base: [], this: [], tjs: [] };
await withBench({ isolate: true }, async ({ runPage }) => {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? ['this', 'tjs', 'base'] : ['base', 'tjs', 'this'];
    for (const name of order) {
      const r = await runPage('token-tasks.html', PAGES[name]);
      if (r.pageErrors.length) throw new Error(`${name}: uncaught page errors: ${r.pageErrors.join('; ')}`);
      raw[name].push(r.tasks);
    }
  }
});
const at = (name, i, p) => median(raw[name].map((tasks) => tasks[i].outsideCall[p]));
const lines = [`## wasmpipe A/B, token tasks: ms per call outside run(), p10 / p25 of each page load, median of ${rounds} rounds`, '',
  '| task (model) | base p10 / p25 | this p10 / p25 | this / base p10 / p25 | transformers.js p10 / p25 | base / tjs p10 | this / tjs p10 / p25 |',
  '|---|---:|---:|---:|---:|---:|---:|'];
raw.this[0].forEach(({ task, model }, i) => {
  const [b10, b25, t10, t25, j10, j25] = [at('base', i, 'p10'), at('base', i, 'p25'), at('this', i, 'p10'), at('this', i, 'p25'), at('tjs', i, 'p10'), at('tjs', i, 'p25')];
  lines.push(`| ${task} (${model.split('/').pop()}) | ${b10.toFixed(3)} / ${b25.toFixed(3)} | ${t10.toFixed(3)} / ${t25.toFixed(3)} | ${(t10 / b10).toFixed(2)} / ${(t25 / b25).toFixed(2)} | ${j10.toFixed(3)} / ${j25.toFixed(3)} | ${(b10 / j10).toFixed(2)} | ${(t10 / j10).toFixed(2)} / ${(t25 / j25).toFixed(2)} |`);
});
console.log(lines.join('\n'));
