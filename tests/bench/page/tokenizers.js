// Tokenizer bench page: one library per page load (?lib=wasmpipe|transformersjs|hftokenizers).
// The driver (tests/bench/tokenizers.js) hands over the corpus, then calls window.tokBench.run()
// once per tokenizer. Load time starts from the fetched bytes (decode + parse + build); encode is
// what users call (`tokenizer.encode(text)`, ids with special tokens).
const lib = new URLSearchParams(location.search).get('lib');
// 'wasmpipe-baseline': another build of wasmpipe (BENCH_BASELINE_DIST, served at /dist-baseline/).
const wasmpipeDist = { wasmpipe: '/dist/', 'wasmpipe-baseline': '/dist-baseline/' }[lib];
const corpus = { paragraphs: [], sentences: [], bytes: 0, sentenceBytes: 0 };

const text = (bytes) => new TextDecoder().decode(bytes);
async function fetchFiles(name) {
  const get = (file) => fetch(`/fixtures/${name}/${file}`).then((r) => (r.ok ? r.arrayBuffer() : null));
  const [json, config] = await Promise.all([get('tokenizer.json'), get('tokenizer_config.json')]);
  return { json: new Uint8Array(json), config: config ? JSON.parse(text(config)) : {} };
}

let libModule;
async function loadLibrary() {
  if (wasmpipeDist) {
    libModule = await import(`${wasmpipeDist}wasmpipe.js`);
    // Instantiate the core once, outside every timed load (a tiny tokenizer.json does it).
    const warm = await libModule.PreTrainedTokenizer.from_json(
      '{"model":{"type":"WordLevel","vocab":{"a":0},"unk_token":"a"}}', {});
    warm.dispose();
    // transformers.js bundles its chat template engine (@huggingface/jinja) into the module
    // imported below, outside the timed loads; wasmpipe loads its own as a separate chunk the first
    // time a tokenizer has a chat template (Llama-3 has one). Load it here too, so that neither
    // library's timed load includes importing its template engine.
    await libModule.loadChatTemplateEngine();
  } else if (lib === 'transformersjs') {
    libModule = await import('/tjs/transformers.min.js');
  } else if (lib === 'hftokenizers') {
    libModule = await import('/hftok/tokenizers.min.mjs');
  } else {
    throw new Error(`unknown lib ${lib}`);
  }
}

// Each library's "build a tokenizer from tokenizer.json bytes + config" (what its loader does
// after the download): transformers.js picks the class from tokenizer_class like AutoTokenizer.
async function build(json, config) {
  if (wasmpipeDist) return libModule.PreTrainedTokenizer.from_json(json, config);
  const parsed = JSON.parse(text(json));
  if (lib === 'hftokenizers') return new libModule.Tokenizer(parsed, config);
  const cls = libModule[config.tokenizer_class?.replace(/Fast$/, '')] ?? libModule.PreTrainedTokenizer;
  return new cls(parsed, config);
}
const encodeIds = (tok, s) => (lib === 'hftokenizers' ? tok.encode(s).ids : tok.encode(s));

// 32-bit FNV-1a over the ids (and their count): one number per text to compare across libraries.
function hashIds(ids) {
  let h = 0x811c9dc5 ^ ids.length;
  for (let i = 0; i < ids.length; i++) h = Math.imul(h ^ Number(ids[i]), 0x01000193);
  return h >>> 0;
}

// The fastest of `trials` timeLoop runs: per-call costs of a few µs drown in scheduling noise on a
// loaded machine, and the minimum is what the code costs when it is not interrupted.
function bestLoop(fn, trials = 7, minMs = 40) {
  let best = Infinity;
  for (let i = 0; i < trials; i++) best = Math.min(best, timeLoop(fn, minMs));
  return best;
}

function timeLoop(fn, minMs = 200) {
  // Repeats fn until minMs elapsed (at least once); returns ms per repetition.
  let reps = 0;
  const t0 = performance.now();
  let t;
  do { fn(); reps++; t = performance.now(); } while (t - t0 < minMs);
  return (t - t0) / reps;
}

window.tokBench = {
  lib,
  async setCorpus(paragraphs, sentences) {
    corpus.paragraphs = paragraphs;
    corpus.sentences = sentences;
    const enc = new TextEncoder();
    corpus.bytes = paragraphs.reduce((n, p) => n + enc.encode(p).length, 0);
    corpus.sentenceBytes = sentences.reduce((n, p) => n + enc.encode(p).length, 0);
    await loadLibrary();
    return { bytes: corpus.bytes };
  },

  async run(name, { verify = false, batch = 32, heap = false } = {}) {
    const { json, config } = await fetchFiles(name);
    const t0 = performance.now();
    const tok = await build(json, config);
    const loadMs = performance.now() - t0;
    const r = { lib, name, loadMs, jsonBytes: json.length };
    try {
      // Warm-up (and, when asked, the ids of every paragraph as hashes).
      const hashes = [];
      for (const p of corpus.paragraphs) {
        const ids = encodeIds(tok, p);
        if (verify) hashes.push(hashIds(ids));
      }
      if (verify) r.hashes = hashes;
      // The fastest of 3 timed passes, for every library alike: the first tokenizer on a page
      // otherwise runs part of its pass before V8 has tiered the code up (wasm and JS), and one
      // pass of a few ms is at the mercy of the scheduler.
      let tokens = 0;
      r.encodeMs = Infinity;
      for (let pass = 0; pass < 3; pass++) {
        const t1 = performance.now();
        tokens = 0;
        for (const p of corpus.paragraphs) tokens += encodeIds(tok, p).length;
        r.encodeMs = Math.min(r.encodeMs, performance.now() - t1);
      }
      r.tokens = tokens;
      r.mbPerS = corpus.bytes / 1e6 / (r.encodeMs / 1e3);
      // Per-call cost on single sentences, and on the empty string (pure call overhead).
      const S = corpus.sentences;
      r.sentenceUs = (bestLoop(() => { for (const s of S) encodeIds(tok, s); }) / S.length) * 1e3;
      r.emptyUs = (bestLoop(() => { for (let i = 0; i < 1000; i++) encodeIds(tok, ''); }) / 1000) * 1e3;
      if (verify) r.sentenceHashes = S.map((s) => hashIds(encodeIds(tok, s)));
      // tokenizer(text) one at a time vs tokenizer(batch, {padding: true}): time per text.
      if (lib !== 'hftokenizers') {
        const attempt = (key, fn) => {
          try { r[key] = (bestLoop(fn) / S.length) * 1e3; } catch (err) { r[`${key}Error`] = String(err.message ?? err); }
        };
        attempt('callSingleUs', () => { for (const s of S) tok(s); });
        attempt('callBatchUs', () => {
          for (let i = 0; i < S.length; i += batch) tok(S.slice(i, i + batch), { padding: true, truncation: true, max_length: 512 });
        });
        // The full-encoding calls (tokens / offsets, not only ids): one sentence per call, and
        // offsets for a batch (per text). A library without the output gets an error, not a time.
        attempt('tokenizeUs', () => { for (const s of S) tok.tokenize(s); });
        const offsets = { return_offsets_mapping: true, return_tensor: false };
        const withOffsets = (out) => {
          if (!out.offset_mapping) throw new Error('no offset_mapping in the output');
          return out;
        };
        attempt('offsetsSingleUs', () => { for (const s of S) withOffsets(tok(s, offsets)); });
        attempt('offsetsBatchUs', () => {
          for (let i = 0; i < S.length; i += batch) withOffsets(tok(S.slice(i, i + batch), { ...offsets, padding: true }));
        });
        if (wasmpipeDist) attempt('encodeWithOffsetsUs', () => { for (const s of S) tok.encodeWithOffsets(s); });
      }
    } finally {
      tok.dispose?.();
    }
    return r;
  },

  // wasmpipe only, on a fresh page: the core's heap before and after loading one tokenizer.
  async heap(name) {
    const { default: createCore } = await import('/dist/wasmpipe-core.mjs');
    const core = await createCore({ locateFile: (f) => `/dist/${f}` });
    const { json, config } = await fetchFiles(name);
    const before = core.heapStats();
    const t = core.Tokenizer.fromJSON(json, JSON.stringify(config));
    if (t instanceof Error) throw t;
    const after = core.heapStats();
    t.delete();
    const freed = core.heapStats();
    return { name, jsonBytes: json.length, before, after, freed };
  },
};
document.getElementById('status').textContent = 'loaded';
