// npm run bench, part 2: question-answering and feature-extraction, wasmpipe vs transformers.js
// in the same Chromium run: median ms per call and the share of it outside ORT's run(). Prints
// markdown tables (never a pass/fail timing). Run after scripts/build.sh.
import { median, withBench } from './harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIBS = ['wasmpipe', 'transformersjs'];
// BENCH_MODELS=a,b runs only the cases whose model name contains one of them (quick runs).
const CASES = [
  { task: 'question-answering', model: 'wasmpipe-test/tiny-distilbert-squad', dtype: 'fp32' },
  { task: 'feature-extraction', model: 'wasmpipe-test/tiny-bert-encoder', dtype: 'fp32' },
  { task: 'feature-extraction', model: 'wasmpipe-test/all-MiniLM-L6-v2', dtype: 'q8' },
].filter((c) => !process.env.BENCH_MODELS || process.env.BENCH_MODELS.split(',').some((m) => c.model.includes(m)));
const f = (x, d = 2) => (x === undefined ? '–' : x.toFixed(d));
const pct = (x) => `${(100 * x).toFixed(0)}%`;

const results = [];
// Cross-origin isolated (5 µs timers instead of 100 µs, as coarse as a whole tiny-model call), and
// the pages set one ORT thread for both libraries.
await withBench({ isolate: true }, async ({ runPage }) => {
  for (const c of CASES) {
    const byLib = Object.fromEntries(LIBS.map((l) => [l, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const lib of LIBS) byLib[lib].push(await runPage('pipelines.html', { lib, task: c.task, model: c.model, dtype: c.dtype }));
    }
    results.push({ ...c, byLib });
  }
});

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

console.log('\nOutside run() per call (each call timed alone: a load spike rarely lands in one short stretch), 10th / 25th percentile of each page load, median over page loads:\n');
console.log('| pipeline | model | input | wasmpipe p10 / p25 ms | transformers.js p10 / p25 ms | wasmpipe / tjs, p10 / p25 (target <= 0.33) |');
console.log('|---|---|---|---:|---:|---:|');
for (const { task, model, dtype, byLib } of results) {
  const keys = task === 'question-answering' ? [['short', 'question + 120-word context']] : [['single', '1 sentence, mean+normalize'], ['batch', '4 sentences, mean+normalize']];
  for (const [key, label] of keys) {
    const [a, b] = LIBS.map((l) => Object.fromEntries(['p10', 'p25'].map((p) => [p, median(byLib[l].map((r) => r[key].outsideCall[p]))])));
    console.log(`| ${task} | ${model} (${dtype}) | ${label} | ${f(a.p10, 3)} / ${f(a.p25, 3)} | ${f(b.p10, 3)} / ${f(b.p25, 3)} | ${f(a.p10 / b.p10)} / ${f(a.p25 / b.p25)} |`);
  }
}
