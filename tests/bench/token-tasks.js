// npm run bench (second part): token-classification, fill-mask and zero-shot-classification,
// wasmpipe vs transformers.js in the same Chromium run (1 thread, fp32, fixture models): median
// time per call and the share of it spent outside ONNX Runtime's session.run() (tokenization,
// pre/post-processing, copies). Prints a markdown table; never pass/fail.
import { median, withBench } from './harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIBS = ['wasmpipe', 'transformersjs'];

const results = Object.fromEntries(LIBS.map((l) => [l, []]));
// Cross-origin isolated: 5 µs timers (100 µs otherwise, as coarse as a whole tiny-model run()).
await withBench({ isolate: true }, async ({ runPage }) => {
  for (let round = 0; round < ROUNDS; round++) {
    for (const lib of LIBS) results[lib].push((await runPage('token-tasks.html', { lib })).tasks);
  }
});

console.log(`\n## Token-level pipelines, fp32, Chromium headless, 1 thread (median of ${ROUNDS} page loads)\n`);
console.log('| task (model) | wasmpipe ms/call | outside run() | transformers.js ms/call | outside run() | transformers.js / wasmpipe | outside run() ms, wasmpipe / transformers.js (target <= 0.33) |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
results.wasmpipe[0].forEach(({ task, model }, i) => {
  const [a, b] = LIBS.map((l) => ({
    call: median(results[l].map((r) => r[i].perCall)),
    outside: median(results[l].map((r) => r[i].outside)),
  }));
  const pct = (x) => `${(100 * x).toFixed(0)}%`;
  const outside = (l) => median(results[l].map((r) => r[i].perCall * r[i].outside)); // ms per call outside run()
  const [oa, ob] = LIBS.map(outside);
  console.log(`| ${task} (${model}) | ${a.call.toFixed(2)} | ${pct(a.outside)} | ${b.call.toFixed(2)} | ${pct(b.outside)} | ${(b.call / a.call).toFixed(2)}x | ${oa.toFixed(3)} / ${ob.toFixed(3)} = ${(oa / ob).toFixed(2)} |`);
});
console.log('\nFastest block of each page load (least disturbed by other processes), median over page loads:\n');
console.log('| task (model) | wasmpipe ms/call | outside run() ms | transformers.js ms/call | outside run() ms | outside run(), wasmpipe / transformers.js (target <= 0.33) |');
console.log('|---|---:|---:|---:|---:|---:|');
results.wasmpipe[0].forEach(({ task, model }, i) => {
  const [a, b] = LIBS.map((l) => ({
    call: median(results[l].map((r) => r[i].fastest.perCall)),
    outsideMs: median(results[l].map((r) => r[i].fastest.perCall * r[i].fastest.outside)),
  }));
  console.log(`| ${task} (${model}) | ${a.call.toFixed(2)} | ${a.outsideMs.toFixed(3)} | ${b.call.toFixed(2)} | ${b.outsideMs.toFixed(3)} | ${(a.outsideMs / b.outsideMs).toFixed(2)} |`);
});
console.log('\nOutside run() per call (each call timed alone: a load spike rarely lands in one 0.05-1 ms stretch), 10th / 25th percentile of each page load, median over page loads:\n');
console.log('| task (model) | wasmpipe p10 / p25 ms | transformers.js p10 / p25 ms | wasmpipe / transformers.js, p10 / p25 (target <= 0.33) |');
console.log('|---|---:|---:|---:|');
results.wasmpipe[0].forEach(({ task, model }, i) => {
  const [a, b] = LIBS.map((l) => Object.fromEntries(['p10', 'p25'].map((p) => [p, median(results[l].map((r) => r[i].outsideCall[p]))])));
  console.log(`| ${task} (${model}) | ${a.p10.toFixed(3)} / ${a.p25.toFixed(3)} | ${b.p10.toFixed(3)} / ${b.p25.toFixed(3)} | ${(a.p10 / b.p10).toFixed(2)} / ${(a.p25 / b.p25).toFixed(2)} |`);
});
console.log('\nzero-shot: wasmpipe runs the 5 (text, hypothesis) pairs as one batch; transformers.js runs one session per label.');
