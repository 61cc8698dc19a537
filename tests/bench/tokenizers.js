// Tokenizer benchmark (part of npm run bench): encode throughput, load time, per-call overhead and
// batch vs single encode of wasmpipe against transformers.js and @huggingface/tokenizers in one
// headless Chromium run, and against HF's Rust binding (`tokenizers`) in Node. Same corpus (the
// shared corpus' paragraphs) and same tokenizer.json files for everyone; ids are compared across
// implementations for every measured text (a benchmark of wrong output is worthless).
// Writes build/bench/tokenizers.md and returns its text. Ratios, never a pass/fail timing.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tk from 'tokenizers';
import { startHubServer } from '../server/hub-server.js';
import { ROOT, TOKENIZER_FIXTURES, corpusParagraphs } from '../js/helpers/paths.js';
import { PreTrainedTokenizer } from '../../js/tokenizer.js';
import { getCore } from '../../js/core.js';

export const TOKENIZERS = ['bert-base-uncased', 'gpt2', 'meta-llama__Meta-Llama-3-8B', 'Xenova__gpt-4o', 't5-small'];
const BROWSER_LIBS = ['wasmpipe', 'transformersjs', 'hftokenizers'];
// BENCH_BASELINE_DIST=/path/to/another/dist: that wasmpipe build runs too (A/B of a change), as
// 'wasmpipe-baseline', and a table compares its per-call costs with this tree's.
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST ?? null;
const PER_CALL_KEYS = ['sentenceUs', 'emptyUs', 'callSingleUs', 'callBatchUs', 'tokenizeUs', 'offsetsSingleUs', 'offsetsBatchUs', 'encodeWithOffsetsUs'];
// The wasm heap a loaded tokenizer takes, measured for these whatever else runs: a large BPE and a
// Unigram (whose trie is its largest structure).
const HEAP_TOKENIZERS = ['meta-llama__Meta-Llama-3-8B', 't5-small'];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const f = (x, d = 1) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(d));
const MiB = (b) => (b / 1048576).toFixed(1);

/** One short sentence per ~paragraph: what a per-call (boundary) overhead is measured on. */
export function sentencesOf(paragraphs, count) {
  const all = paragraphs.flatMap((p) => p.split(/(?<=[.!?。！？])\s+/u)).map((s) => s.trim())
    .filter((s) => s.length >= 20 && s.length <= 300);
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, i) => i % step === 0).slice(0, count);
}

function hashIds(ids) { // same as the page's
  let h = 0x811c9dc5 ^ ids.length;
  for (let i = 0; i < ids.length; i++) h = Math.imul(h ^ Number(ids[i]), 0x01000193);
  return h >>> 0;
}
const files = (name) => {
  const dir = path.join(TOKENIZER_FIXTURES, name);
  const cfg = path.join(dir, 'tokenizer_config.json');
  return { json: readFileSync(path.join(dir, 'tokenizer.json')), config: existsSync(cfg) ? JSON.parse(readFileSync(cfg, 'utf8')) : {} };
};

// ---- Node: wasmpipe vs the Rust binding ----------------------------------------------------------
async function nodeBench(name, paragraphs, sentences, bytes) {
  const { json, config } = files(name);
  const jsonText = json.toString('utf8');
  let t = performance.now();
  const ours = await PreTrainedTokenizer.from_json(new Uint8Array(json), config);
  const loadMs = performance.now() - t;
  t = performance.now();
  const rust = tk.Tokenizer.fromString(jsonText);
  const rustLoadMs = performance.now() - t;
  try {
    // Rust's ids are the reference: every paragraph and sentence must match.
    const want = await rust.encodeBatch(paragraphs, { addSpecialTokens: true });
    let mismatches = 0, first = null;
    paragraphs.forEach((p, i) => {
      const got = ours.encode(p);
      const w = want[i].getIds();
      if (got.length !== w.length || got.some((x, k) => x !== w[k])) { mismatches++; first ??= i; }
    });
    const wantSentences = await rust.encodeBatch(sentences, { addSpecialTokens: true });
    sentences.forEach((s, i) => { if (hashIds(ours.encode(s)) !== hashIds(wantSentences[i].getIds())) mismatches++; });
    const hashes = want.map((e) => hashIds(e.getIds()));
    const sentenceHashes = wantSentences.map((e) => hashIds(e.getIds()));

    t = performance.now();
    for (const p of paragraphs) ours.encode(p);
    const oursMs = performance.now() - t;
    t = performance.now();
    for (const p of paragraphs) await rust.encode(p, null, { addSpecialTokens: true }); // one at a time
    const rustMs = performance.now() - t;
    t = performance.now();
    await rust.encodeBatch(paragraphs, { addSpecialTokens: true }); // rayon: every core
    const rustBatchMs = performance.now() - t;
    t = performance.now();
    for (const s of sentences) ours.encode(s);
    const oursSentUs = ((performance.now() - t) / sentences.length) * 1e3;
    t = performance.now();
    for (const s of sentences) await rust.encode(s, null, { addSpecialTokens: true });
    const rustSentUs = ((performance.now() - t) / sentences.length) * 1e3;
    return {
      name, loadMs, rustLoadMs, mismatches, firstMismatch: first, hashes, sentenceHashes,
      mbPerS: bytes / 1e6 / (oursMs / 1e3), rustMbPerS: bytes / 1e6 / (rustMs / 1e3),
      rustBatchMbPerS: bytes / 1e6 / (rustBatchMs / 1e3), oursSentUs, rustSentUs,
    };
  } finally {
    ours.dispose();
  }
}

// ---- Chromium: wasmpipe vs transformers.js vs @huggingface/tokenizers -----------------------------
async function browserBench({ tokenizers, paragraphs, sentences, rounds, verbose }) {
  const server = await startHubServer({
    port: 0,
    isolate: true, // cross-origin isolated: 5 µs timers instead of 100 µs
    staticRoots: {
      '/bench/': path.join(ROOT, 'tests/bench/page'),
      '/dist/': path.join(ROOT, 'dist'),
      ...(BASELINE_DIST ? { '/dist-baseline/': BASELINE_DIST } : {}),
      '/tjs/': path.join(ROOT, 'node_modules/@huggingface/transformers/dist'),
      '/hftok/': path.join(ROOT, 'node_modules/@huggingface/tokenizers/dist'),
      '/fixtures/': TOKENIZER_FIXTURES,
    },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const runs = []; // {lib, name, round, ...}
  const heap = []; // per HEAP_TOKENIZERS entry benchmarked, each on a fresh page
  const open = async (lib) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[${lib} page] ${e.message}`));
    await page.goto(`${server.url}/bench/tokenizers.html?lib=${lib}`);
    await page.waitForFunction(() => window.tokBench);
    return { context, page };
  };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const lib of [...BROWSER_LIBS, ...(BASELINE_DIST ? ['wasmpipe-baseline'] : [])]) { // alternate libraries so drift affects all alike
        const { context, page } = await open(lib);
        await page.evaluate(([p, s]) => window.tokBench.setCorpus(p, s), [paragraphs, sentences]);
        for (const name of tokenizers) {
          const r = await page.evaluate(([n, v]) => window.tokBench.run(n, { verify: v }), [name, round === 0]);
          if (verbose) console.log(lib, name, JSON.stringify({ ...r, hashes: undefined, sentenceHashes: undefined }));
          runs.push({ ...r, round });
        }
        await context.close();
      }
    }
    for (const name of HEAP_TOKENIZERS) {
      const { context, page } = await open('wasmpipe-heap'); // a fresh page: nothing else loaded
      heap.push(await page.evaluate((n) => window.tokBench.heap(n), name));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { runs, heap };
}

function countMismatches(a, b) {
  if (!a || !b) return undefined;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

/**
 * Runs the whole tokenizer bench. Options: rounds (page loads per library), tokenizers, paragraphs
 * (limit, for a quick smoke run), sentences (how many single sentences), out (markdown path).
 */
export async function runTokenizerBench({ rounds = 3, tokenizers = TOKENIZERS, paragraphLimit = 0, sentenceCount = 1000,
  out = path.join(ROOT, 'build/bench/tokenizers.md'), verbose = false } = {}) {
  let paragraphs = corpusParagraphs();
  if (paragraphLimit > 0) paragraphs = paragraphs.slice(0, paragraphLimit);
  const sentences = sentencesOf(paragraphs, sentenceCount);
  const bytes = paragraphs.reduce((n, p) => n + Buffer.byteLength(p), 0);

  const core = await getCore();
  const node = [];
  const nodeHeap = [];
  for (const name of HEAP_TOKENIZERS) {
    const before = core.heapStats();
    const t = await PreTrainedTokenizer.from_json(new Uint8Array(files(name).json), files(name).config);
    nodeHeap.push({ name, before, after: core.heapStats() });
    t.dispose();
  }
  for (const name of tokenizers) {
    const r = await nodeBench(name, paragraphs, sentences, bytes);
    if (verbose) console.log('node', name, JSON.stringify({ ...r, hashes: undefined, sentenceHashes: undefined }));
    node.push(r);
  }
  const { runs, heap } = await browserBench({ tokenizers, paragraphs, sentences, rounds, verbose });

  // ---- the tables ----
  const pick = (lib, name, key) => median(runs.filter((r) => r.lib === lib && r.name === name).map((r) => r[key]));
  const verified = (lib, name) => runs.find((r) => r.lib === lib && r.name === name && r.round === 0);
  const lines = [];
  const say = (s = '') => lines.push(s);
  say(`# Tokenizer benchmark`);
  say();
  say(`Corpus: ${paragraphs.length} paragraphs of ../shared/fixtures/corpus (${(bytes / 1e6).toFixed(2)} MB UTF-8), ` +
    `${sentences.length} single sentences (avg ${Math.round(sentences.reduce((n, s) => n + Buffer.byteLength(s), 0) / sentences.length)} bytes). ` +
    `Encode = \`tokenizer.encode(text)\` with special tokens, one text per call. Load = build from the tokenizer.json ` +
    `bytes already fetched (decode + parse + build; each library's module and chat template engine already imported). Chromium: median of ${rounds} fresh page loads per library; ` +
    `Node ${process.version}: one run.`);
  say();
  say('## Chromium headless: wasmpipe vs transformers.js 4.3.1 vs @huggingface/tokenizers 0.2.0');
  say();
  say('| tokenizer | encode MB/s wasmpipe | transformers.js | tokenizers.js | × transformers.js | × tokenizers.js | load ms wasmpipe | transformers.js | tokenizers.js | transformers.js / wasmpipe load | ids ≠ wasmpipe (transformers.js, tokenizers.js) |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const name of tokenizers) {
    const [w, t, h] = BROWSER_LIBS.map((l) => pick(l, name, 'mbPerS'));
    const [lw, lt, lh] = BROWSER_LIBS.map((l) => pick(l, name, 'loadMs'));
    const vw = verified('wasmpipe', name), vt = verified('transformersjs', name), vh = verified('hftokenizers', name);
    const n = node.find((r) => r.name === name);
    const rustHashes = n?.hashes;
    const wrong = countMismatches(vw?.hashes, rustHashes) + countMismatches(vw?.sentenceHashes, n?.sentenceHashes);
    const diff = (v) => `${countMismatches(vw?.hashes, v?.hashes)}/${paragraphs.length} + ${countMismatches(vw?.sentenceHashes, v?.sentenceHashes)}/${sentences.length}`;
    say(`| ${name} | ${f(w, 2)} | ${f(t, 2)} | ${f(h, 2)} | **${f(w / t, 1)}×** | ${f(w / h, 1)}× | ${f(lw, 0)} | ${f(lt, 0)} | ${f(lh, 0)} | **${f(lt / lw, 1)}×** | ${diff(vt)}, ${diff(vh)}${wrong ? ` — wasmpipe ≠ Rust on ${wrong}!` : ''} |`);
  }
  say();
  say('## Chromium: per-call overhead and batch vs single (µs per text, single sentences; fastest of 7 short trials)');
  say();
  say('| tokenizer | wasmpipe encode(s) | transformers.js | tokenizers.js | wasmpipe encode("") | transformers.js | tokenizers.js | wasmpipe tok(s) | wasmpipe tok(batch of 32) | transformers.js tok(s) | transformers.js tok(batch of 32) |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of tokenizers) {
    const g = (l, k) => f(pick(l, name, k), 2);
    say(`| ${name} | ${g('wasmpipe', 'sentenceUs')} | ${g('transformersjs', 'sentenceUs')} | ${g('hftokenizers', 'sentenceUs')} | ` +
      `${g('wasmpipe', 'emptyUs')} | ${g('transformersjs', 'emptyUs')} | ${g('hftokenizers', 'emptyUs')} | ` +
      `${g('wasmpipe', 'callSingleUs')} | ${g('wasmpipe', 'callBatchUs')} | ${g('transformersjs', 'callSingleUs')} | ${g('transformersjs', 'callBatchUs')} |`);
  }
  say();
  say('Full encodings (tokens and offsets, not only ids), µs per text on the same sentences: `tokenize(s)`, ' +
    '`tok(s, {return_offsets_mapping: true, return_tensor: false})` one sentence per call and for batches of 32 (padding: true), ' +
    'and wasmpipe\'s `encodeWithOffsets(s)`; n/a: the library has no such output.');
  say();
  say('| tokenizer | wasmpipe tokenize(s) | transformers.js | wasmpipe tok(s, offsets) | wasmpipe tok(batch of 32, offsets) | transformers.js tok(s, offsets) | transformers.js tok(batch of 32, offsets) | wasmpipe encodeWithOffsets(s) |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const name of tokenizers) {
    const g = (l, k) => f(pick(l, name, k), 2);
    say(`| ${name} | ${g('wasmpipe', 'tokenizeUs')} | ${g('transformersjs', 'tokenizeUs')} | ${g('wasmpipe', 'offsetsSingleUs')} | ` +
      `${g('wasmpipe', 'offsetsBatchUs')} | ${g('transformersjs', 'offsetsSingleUs')} | ${g('transformersjs', 'offsetsBatchUs')} | ${g('wasmpipe', 'encodeWithOffsetsUs')} |`);
  }
  if (BASELINE_DIST) {
    say();
    say(`## Chromium: per-call µs per text, this tree vs the baseline build (${BASELINE_DIST})`);
    say();
    say(`| tokenizer | ${PER_CALL_KEYS.map((k) => `${k} base → this`).join(' | ')} |`);
    say(`|---|${PER_CALL_KEYS.map(() => '---:').join('|')}|`);
    for (const name of tokenizers) {
      const cell = (k) => `${f(pick('wasmpipe-baseline', name, k), 2)} → ${f(pick('wasmpipe', name, k), 2)} (${f(pick('wasmpipe-baseline', name, k) / pick('wasmpipe', name, k), 2)}×)`;
      say(`| ${name} | ${PER_CALL_KEYS.map(cell).join(' | ')} |`);
    }
  }
  say();
  say(`## Node: wasmpipe vs the Rust binding \`tokenizers\` 0.23.2`);
  say();
  say('Rust `encode` is awaited one text at a time (each call runs on one libuv worker thread); `encodeBatch` ' +
    `spreads a batch over rayon's threads (${process.env.RAYON_NUM_THREADS ?? 'all'} of this machine's cores) — shown for reference, not single-thread.`);
  say();
  say('| tokenizer | encode MB/s wasmpipe | Rust encode | × Rust | Rust encodeBatch (threads) | load ms wasmpipe | Rust | Rust / wasmpipe load | µs/sentence wasmpipe | Rust | ids ≠ Rust |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of node) {
    say(`| ${r.name} | ${f(r.mbPerS, 2)} | ${f(r.rustMbPerS, 2)} | **${f(r.mbPerS / r.rustMbPerS, 1)}×** | ${f(r.rustBatchMbPerS, 2)} | ` +
      `${f(r.loadMs, 0)} | ${f(r.rustLoadMs, 0)} | ${f(r.rustLoadMs / r.loadMs, 1)}× | ${f(r.oursSentUs, 2)} | ${f(r.rustSentUs, 2)} | ${r.mismatches} |`);
  }
  if (heap.length || nodeHeap.length) {
    say();
    say('## wasm heap after loading a tokenizer');
    say();
    say('| tokenizer (tokenizer.json MiB) | where | linear memory before → after (MiB) | malloc live bytes added by the tokenizer (MiB) | live after delete (MiB) |');
    say('|---|---|---:|---:|---:|');
    for (const name of HEAP_TOKENIZERS) {
      const h = heap.find((x) => x.name === name), n = nodeHeap.find((x) => x.name === name);
      const label = `${name} (${MiB(files(name).json.length)})`;
      if (h) say(`| ${label} | Chromium, fresh page | ${MiB(h.before.heapBytes)} → ${MiB(h.after.heapBytes)} | ${MiB(h.after.liveBytes - h.before.liveBytes)} | ${MiB(h.freed.liveBytes - h.before.liveBytes)} |`);
      if (n) say(`| ${label} | Node | ${MiB(n.before.heapBytes)} → ${MiB(n.after.heapBytes)} | ${MiB(n.after.liveBytes - n.before.liveBytes)} | |`);
    }
  }
  const md = lines.join('\n') + '\n';
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, md);
  const bad = node.filter((r) => r.mismatches > 0).map((r) => `${r.name}: ${r.mismatches} texts (first paragraph ${r.firstMismatch})`);
  return { markdown: md, node, runs, heap, nodeHeap, mismatches: bad };
}
