// A/B of two wasmpipe builds in one headless Chromium run: this tree's dist/ against another
// build's dist/ (BENCH_BASE_DIST, e.g. a checkout of main), per model the time per decoder step
// outside ORT's run() for greedy and beam-4, pages alternating between the builds every round so
// that load drift hits both; medians over rounds. Same page as generation.js (tjs not loaded).
// Usage: BENCH_BASE_DIST=/path/to/other/dist node tests/bench/generation-ab.js
//        [BENCH_ROUNDS=4 BENCH_GEN_TOKENS=48 BENCH_GEN_REPS=5]
import path from 'node:path';
import { STATIC, median, withBench } from './harness.js';
import { MODELS, casesFor } from './generation.js';

const base = process.env.BENCH_BASE_DIST;
if (!base) throw new Error('set BENCH_BASE_DIST to the dist/ folder of the build to compare against');
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const tokens = Number(process.env.BENCH_GEN_TOKENS ?? 48);
const reps = Number(process.env.BENCH_GEN_REPS ?? 5);
const cases = casesFor(MODELS, ['greedy', 'beam4']);
const BUILDS = { base: '/dist-base/', this: '/dist/' };
STATIC['/dist-base/'] = path.resolve(base);

const raw = { base: [], this: [] };
await withBench({ isolate: true }, async ({ runPage }) => {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? ['this', 'base'] : ['base', 'this'];
    for (const build of order) {
      const r = await runPage('generation.html', { lib: 'wasmpipe', dist: BUILDS[build], n: tokens, reps, cases: JSON.stringify(cases) });
      if (r.pageErrors.length) throw new Error(`${build}: uncaught page errors: ${r.pageErrors.join('; ')}`);
      raw[build].push(r.results);
    }
  }
});
const pick = (build, model, mode) => raw[build].map((round) => round.find((x) => x.model === model && x.mode === mode));
const lines = [`## wasmpipe A/B, ${tokens} new tokens, ms per step outside run(): median of ${rounds} page loads x ${reps} calls, and the least of them (min: what a loaded machine disturbs least)`, '',
  '| model | mode | base | this | this / base | base (min) | this (min) | this / base (min) | same ids |', '|---|---|---:|---:|---:|---:|---:|---:|---|'];
for (const c of cases) {
  for (const mode of c.modes) {
    const [b, t] = [pick('base', c.model, mode), pick('this', c.model, mode)];
    const [mb, mt] = [median(b.map((x) => x.outsideMsPerToken)), median(t.map((x) => x.outsideMsPerToken))];
    const [nb, nt] = [Math.min(...b.map((x) => x.outsideMinMsPerToken)), Math.min(...t.map((x) => x.outsideMinMsPerToken))];
    const same = JSON.stringify(b[0].ids) === JSON.stringify(t[0].ids) ? 'same' : 'DIFFERENT';
    lines.push(`| ${c.model.split('/').pop()} | ${mode} | ${mb.toFixed(3)} | ${mt.toFixed(3)} | ${(mt / mb).toFixed(2)} | ${nb.toFixed(3)} | ${nt.toFixed(3)} | ${(nt / nb).toFixed(2)} | ${same} |`);
  }
}
console.log(lines.join('\n'));
