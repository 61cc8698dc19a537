// Generation bench (part of npm run bench): on the tiny fixture models (GPT-2 and Llama decoder-only, T5 and
// BART with the merged decoder), in one headless Chromium run, tokens per second and the time per
// token spent outside ONNX Runtime's run() (the library's own per-step loop) for wasmpipe greedy and
// beam-4 against transformers.js greedy (it has no beam search). Pages alternate libraries per
// round; medians over rounds. Cross-origin isolated pages (5 µs timers) with one ORT thread each.
// The greedy ids of both libraries are compared (a benchmark of different output is worthless).
// Writes build/bench/generation.md and returns its text. Ratios, never a pass/fail timing.
// Usage: node tests/bench/generation.js [BENCH_ROUNDS=3 BENCH_GEN_TOKENS=48 BENCH_GEN_REPS=5]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, median, withBench } from './harness.js';

const expected = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/expected/generation.json'), 'utf8'));
export const MODELS = ['tiny-gpt2', 'tiny-t5', 'tiny-bart', 'tiny-llama'];
const LIBS = { wasmpipe: ['greedy', 'beam4'], transformersjs: ['greedy'] };
const f = (x, d = 3) => (x === undefined ? '–' : x.toFixed(d));

/** Page cases: each model's first recorded prompt (the generator's real tokenizer ids). */
export function casesFor(models, modes) {
  return models.map((name) => {
    const m = expected.models[name];
    if (!m) throw new Error(`no model '${name}' in tests/fixtures/expected/generation.json`);
    return { model: m.repos[name].repo_id, seq2seq: m.seq2seq, prompt: m.cases[0].outputs[0].input_ids, modes };
  });
}

/**
 * @param {{rounds?: number, tokens?: number, reps?: number, models?: string[], out?: string|null}} o
 * @returns {Promise<{markdown: string, rows: object[], raw: object}>}
 */
export async function runGenerationBench({ rounds = 3, tokens = 48, reps = 5, models = MODELS, out = path.join(ROOT, 'build/bench/generation.md') } = {}) {
  const raw = Object.fromEntries(Object.keys(LIBS).map((l) => [l, []]));
  let isolated = true;
  await withBench({ isolate: true }, async ({ runPage }) => {
    for (let round = 0; round < rounds; round++) {
      for (const [lib, modes] of Object.entries(LIBS)) { // alternate libraries so drift hits both
        const r = await runPage('generation.html', { lib, n: tokens, reps, cases: JSON.stringify(casesFor(models, modes)) });
        if (r.pageErrors.length) throw new Error(`${lib}: uncaught page errors: ${r.pageErrors.join('; ')}`);
        isolated &&= r.crossOriginIsolated;
        raw[lib].push(r.results);
      }
    }
  });
  const pick = (lib, model, mode) => {
    const rs = raw[lib].map((round) => round.find((x) => x.model === model && x.mode === mode));
    return {
      tokensPerS: median(rs.map((x) => x.tokensPerS)),
      msPerToken: median(rs.map((x) => x.msPerToken)),
      outside: median(rs.map((x) => x.outsideMsPerToken)),
      ids: rs[0].ids,
      runCalls: rs[0].runCalls,
    };
  };
  const rows = [];
  const lines = [
    `## Generation, ${tokens} new tokens, fp32, Chromium headless, device wasm, 1 ORT thread (median of ${rounds} page loads × ${reps} calls)`,
    '',
    '| model | runner | tokens/s | ms/token | ms/token outside run() | outside run(): tjs / this | greedy ids vs tjs |',
    '|---|---|---:|---:|---:|---:|---|',
  ];
  for (const name of models) {
    const model = expected.models[name].repos[name].repo_id;
    const tjs = pick('transformersjs', model, 'greedy');
    for (const [lib, mode, label] of [['wasmpipe', 'greedy', 'wasmpipe greedy'], ['wasmpipe', 'beam4', 'wasmpipe beam-4'], ['transformersjs', 'greedy', 'transformers.js greedy']]) {
      const r = pick(lib, model, mode);
      const same = mode !== 'greedy' ? '–' : lib === 'transformersjs' ? 'reference' : (JSON.stringify(r.ids) === JSON.stringify(tjs.ids) ? 'same' : 'DIFFERENT');
      rows.push({ name, lib, mode, ...r, outsideRatio: tjs.outside / r.outside, sameIds: same });
      lines.push(`| ${name} | ${label} | ${f(r.tokensPerS, 0)} | ${f(r.msPerToken)} | ${f(r.outside)} | ${lib === 'transformersjs' ? '1.00x' : `${f(tjs.outside / r.outside, 2)}x`} | ${same} |`);
    }
  }
  lines.push('', 'tokens/s counts decoder steps (beam-4: one token for each of 4 beams per step). "outside run()" = wall time of generate() minus the time inside ORT session.run() (encoder included), per new token.');
  if (!isolated) lines.push('', 'WARNING: pages were not cross-origin isolated (coarse 100 µs timers).');
  const markdown = lines.join('\n') + '\n';
  if (out) {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, markdown);
  }
  return { markdown, rows, raw };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runGenerationBench({
    rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    tokens: Number(process.env.BENCH_GEN_TOKENS ?? 48),
    reps: Number(process.env.BENCH_GEN_REPS ?? 5),
  });
  console.log(`\n${r.markdown}`);
  const differ = r.rows.filter((x) => x.sameIds === 'DIFFERENT');
  if (differ.length) {
    console.error(`wasmpipe's greedy ids differ from transformers.js: ${differ.map((x) => x.name).join(', ')}`);
    process.exitCode = 1;
  }
}
