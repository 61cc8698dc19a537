// npm run bench: wasmpipe against transformers.js in the same run, same browser, same inputs.
// Prints markdown tables of ratios (never a pass/fail timing). Run after scripts/build.sh.
// BENCH_ONLY=pipeline|tokenizers runs one section (default both); the tokenizer section
// (tokenizers.js) also writes build/bench/tokenizers.md. BENCH_TOKENIZERS=a,b limits it,
// BENCH_PARAGRAPHS=N uses the first N corpus paragraphs (quick runs); BENCH_BASELINE_DIST=dir also
// runs the wasmpipe build in dir (an A/B of a change, same Chromium run).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { STATIC, median, withBench } from './harness.js';

const MODEL = process.env.BENCH_MODEL ?? 'wasmpipe-test/tiny-bert-sst2';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIBS = (process.env.BENCH_LIBS ?? 'wasmpipe,transformersjs').split(',');
const SECTIONS = (process.env.BENCH_ONLY ?? 'pipeline,tokenizers').split(',');
const fmt = (x, d = 1) => x.toFixed(d);

// What a page really downloads: every finished request for code (.js/.mjs/.wasm, not the model),
// with its size read from the served file (gzip computed from the same bytes).
function trackDownloads(page) {
  const paths = new Set();
  page.on('requestfinished', (req) => {
    const p = new URL(req.url()).pathname;
    if (/\.(m?js|wasm)$/.test(p)) paths.add(p);
  });
  return () => {
    const files = [...paths].flatMap((p) => {
      const prefix = Object.keys(STATIC).find((k) => p.startsWith(k));
      if (!prefix) return [];
      const bytes = readFileSync(path.join(STATIC[prefix], p.slice(prefix.length)));
      return [{ p, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length }];
    });
    return {
      codeFiles: files.map((f) => `${f.p} (${(f.raw / 1024).toFixed(0)} KiB)`),
      codeRaw: files.reduce((n, f) => n + f.raw, 0),
      codeGzip: files.reduce((n, f) => n + f.gz, 0),
    };
  };
}

async function pipelineBench() {
  const results = Object.fromEntries(LIBS.map((l) => [l, []]));
  await withBench({ isolate: false }, async ({ runPage }) => { // no COOP/COEP: both libraries run ORT on one thread
    for (let round = 0; round < ROUNDS; round++) {
      for (const lib of LIBS) { // alternate libraries so drift affects both alike; cold contexts
        const onPage = (page) => { const downloads = trackDownloads(page); return () => ({ downloads: downloads() }); };
        const r = await runPage('index.html', { lib, model: MODEL }, { timeout: 120_000, onPage });
        results[lib].push(r);
        if (process.env.BENCH_VERBOSE) console.log(lib, JSON.stringify({ import: r.tImport, pipeline: r.tPipeline, first: r.loadAndFirst, events: r.events }));
      }
    }
  });

  const summary = Object.fromEntries(LIBS.map((l) => [l, {
    load: median(results[l].map((r) => r.loadAndFirst)),
    call: median(results[l].map((r) => r.median)),
    label: results[l][0].first[0].label,
  }]));
  const [a, b] = LIBS.map((l) => summary[l]);
  console.log(`\n## Text classification, ${MODEL}, fp32, Chromium headless, 1 thread (median of ${ROUNDS} cold page loads)\n`);
  console.log('| | wasmpipe | transformers.js | transformers.js / wasmpipe |');
  console.log('|---|---:|---:|---:|');
  console.log(`| load + first call (ms) | ${fmt(a.load)} | ${fmt(b.load)} | ${fmt(b.load / a.load, 2)}x |`);
  console.log(`| median per call (ms) | ${fmt(a.call, 2)} | ${fmt(b.call, 2)} | ${fmt(b.call / a.call, 2)}x |`);
  console.log(`| top label | ${a.label} | ${b.label} | ${a.label === b.label ? 'same' : 'DIFFERENT'} |`);
  console.log('\n## Code a page downloads (JS + wasm, excluding the model), device wasm\n');
  console.log('| library | raw (KiB) | gzip -9 (KiB) | files |');
  console.log('|---|---:|---:|---|');
  for (const l of LIBS) {
    const d = results[l][0].downloads;
    console.log(`| ${l} | ${fmt(d.codeRaw / 1024)} | ${fmt(d.codeGzip / 1024)} | ${d.codeFiles.join(', ')} |`);
  }
  console.log(`\nratio transformers.js / wasmpipe, raw: ${fmt(results[LIBS[1]][0].downloads.codeRaw / results[LIBS[0]][0].downloads.codeRaw, 2)}x`);
}


if (SECTIONS.includes('pipeline')) await pipelineBench();
if (SECTIONS.includes('tokenizers')) {
  const { runTokenizerBench, TOKENIZERS } = await import('./tokenizers.js');
  const r = await runTokenizerBench({
    rounds: ROUNDS,
    tokenizers: process.env.BENCH_TOKENIZERS ? process.env.BENCH_TOKENIZERS.split(',') : TOKENIZERS,
    paragraphLimit: Number(process.env.BENCH_PARAGRAPHS ?? 0),
    verbose: !!process.env.BENCH_VERBOSE,
  });
  console.log(`\n${r.markdown}`);
  if (r.mismatches.length) {
    console.error(`wasmpipe's ids differ from Rust's: ${r.mismatches.join('; ')}`);
    process.exitCode = 1;
  }
}
