// Semantic-search Space: loads wasmpipe and a sentence-embedding model, embeds the sentences
// (feature-extraction, mean pooling + normalize), ranks them against the query (semantic_search).
// Runs under CSP script-src 'self' 'wasm-unsafe-eval': no inline code, and text only ever reaches
// the page through textContent.

const HUB_HOST = 'https://huggingface.co/';
const HUB_DEFAULT_MODEL = 'Xenova/all-MiniLM-L6-v2';
// Test models served by wasmpipe's own server (npm start / the e2e tests).
const LOCAL_MODELS = ['wasmpipe-test/all-MiniLM-L6-v2'];
const DEVICES = ['wasm', 'webgpu'];
const DTYPES = ['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'];
const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

const $ = (id) => document.getElementById(id);
const ui = {
  model: $('model'), progress: $('progress'), status: $('status'), error: $('error'),
  query: $('query'), corpus: $('corpus'), run: $('run'), results: $('results'), backend: $('backend'),
};

// What happened, for people debugging and for the end-to-end tests (plain data only).
const state = {
  phase: 'starting', // starting → loading → ready → running → ready | error
  model: null,
  host: null,
  device: 'wasm',
  dtype: 'auto',
  events: [],
  backend: null,
  results: null,
  runs: 0, // completed searches
  timings: {},
  error: null,
};
window.wasmpipeSpace = state;

function setPhase(phase, message) {
  state.phase = phase;
  document.body.dataset.state = phase;
  if (message !== undefined) ui.status.textContent = message;
}

function showError(message) {
  state.error = message;
  ui.progress.classList.toggle('failed', state.phase === 'error');
  ui.error.textContent = message;
  ui.error.hidden = false;
}

function clearError() {
  state.error = null;
  ui.error.hidden = true;
  ui.error.textContent = '';
}

function describeError(err, { host, model }) {
  let msg = err?.message ?? String(err);
  if (err?.code === 'NETWORK_ERROR' && host === HUB_HOST) {
    msg = `Could not reach the Hugging Face Hub to download "${model}" (are you offline, or is huggingface.co blocked?).\n\nDetails: ${msg}`;
  }
  return msg;
}

function params() {
  const q = new URLSearchParams(location.search);
  const device = q.get('device') ?? 'wasm';
  const dtype = q.get('dtype') ?? 'auto';
  const model = q.get('model');
  const host = q.get('host') ?? 'auto';
  const problems = [];
  if (!['auto', 'local', 'hub'].includes(host)) problems.push(`Unknown host "${host}" (use auto, local or hub).`);
  if (!DEVICES.includes(device)) problems.push(`Unknown device "${device}" (use ${DEVICES.join(' or ')}).`);
  if (!DTYPES.includes(dtype)) problems.push(`Unknown dtype "${dtype}" (use one of ${DTYPES.join(', ')}).`);
  if (model !== null && !REPO_ID.test(model)) problems.push(`"${model}" is not a model id like "Xenova/all-MiniLM-L6-v2".`);
  return { device, dtype, model, host, problems };
}

// Does this origin serve the model in Hub layout? (wasmpipe's server does; a real Space does not.)
// HEAD, so it is never mistaken for a download of the file.
async function servedHere(model) {
  if (/\.hf\.space$|(^|\.)huggingface\.co$/.test(location.hostname)) return false;
  try {
    const res = await fetch(new URL(`/${model}/resolve/main/config.json`, location.origin), { method: 'HEAD', cache: 'no-store' });
    return res.ok && !/text\/html/i.test(res.headers.get('content-type') ?? '');
  } catch {
    return false;
  }
}

function fillModelSelect(options, selected) {
  ui.model.replaceChildren();
  for (const { id, label } of options) {
    const opt = document.createElement('option');
    opt.value = id;
    opt.textContent = label;
    opt.selected = id === selected;
    ui.model.append(opt);
  }
  ui.model.disabled = options.length < 2;
}

// ---- progress -------------------------------------------------------------------------------
const files = new Map(); // file → {loaded, total, done}

function onProgress(e) {
  state.events.push({ status: e.status, file: e.file ?? null, progress: e.progress ?? null, loaded: e.loaded ?? null, total: e.total ?? null });
  if (e.status === 'ready') return;
  const f = files.get(e.file) ?? { loaded: 0, total: 0, done: false };
  if (e.status === 'progress') Object.assign(f, { loaded: e.loaded ?? 0, total: e.total ?? 0 });
  if (e.status === 'done') f.done = true;
  files.set(e.file, f);
  renderProgress(e.status === 'progress' || e.status === 'download' ? e.file : null);
}

function renderProgress(activeFile) {
  let loaded = 0, total = 0, pending = 0;
  for (const f of files.values()) {
    loaded += f.loaded;
    total += Math.max(f.total, f.loaded);
    if (!f.done) pending++;
  }
  const pct = total ? Math.min(100, (100 * loaded) / total) : 0;
  ui.progress.setAttribute('aria-valuenow', pct.toFixed(0));
  ui.progress.style.setProperty('--value', `${pct}%`);
  ui.progress.dataset.loaded = String(loaded);
  ui.progress.dataset.total = String(total);
  if (pending && activeFile) ui.status.textContent = `Downloading ${activeFile}… ${formatBytes(loaded)} / ${formatBytes(total)}`;
}

const formatBytes = (n) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} kB` : `${n} B`);

// ---- results --------------------------------------------------------------------------------
function renderResults(hits) {
  ui.results.replaceChildren();
  hits.forEach(({ text, score, corpus_id }, i) => {
    const li = document.createElement('li');
    li.className = i === 0 ? 'result top' : 'result';
    li.dataset.corpusId = String(corpus_id);
    li.dataset.score = String(score);
    const name = document.createElement('span');
    name.className = 'label';
    name.textContent = text;
    const bar = document.createElement('span');
    bar.className = 'bar';
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.width = `${Math.max(0, Math.min(1, score)) * 100}%`;
    bar.append(fill);
    const value = document.createElement('span');
    value.className = 'score';
    value.textContent = score.toFixed(3);
    li.append(name, bar, value);
    ui.results.append(li);
  });
}

function renderBackend(info) {
  state.backend = info;
  const threads = `${info.numThreads ?? '?'} thread${info.numThreads === 1 ? '' : 's'}`;
  const iso = info.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated';
  ui.backend.textContent = `${state.device} · ${threads} · ${iso} · ORT ${info.ortVersion ?? '?'}`;
}

// ---- main -----------------------------------------------------------------------------------
async function main() {
  const { device, dtype, model: requested, host: hostParam, problems } = params();
  Object.assign(state, { device, dtype });
  if (problems.length) {
    setPhase('error', 'Check the page address.');
    showError(problems.join(' '));
    return;
  }

  setPhase('starting', 'Looking for the model…');
  const local = (await Promise.all(LOCAL_MODELS.map(async (m) => ((await servedHere(m)) ? m : null)))).filter(Boolean);
  const model = requested ?? (hostParam === 'hub' ? HUB_DEFAULT_MODEL : local[0] ?? HUB_DEFAULT_MODEL);
  // host=auto: this origin when it serves the model, else the Hub.
  const isLocal = hostParam === 'local' || (hostParam === 'auto' && (local.includes(model) || (await servedHere(model))));
  const host = isLocal ? new URL('/', location.origin).href : HUB_HOST;
  Object.assign(state, { model, host });

  const choices = [...local.map((id) => ({ id, label: `${id} (this server)` })), { id: HUB_DEFAULT_MODEL, label: `${HUB_DEFAULT_MODEL} (Hub)` }];
  if (!choices.some((c) => c.id === model)) choices.unshift({ id: model, label: model });
  fillModelSelect(choices, model);
  ui.model.addEventListener('change', () => {
    const q = new URLSearchParams(location.search);
    q.set('model', ui.model.value);
    q.delete('host');
    location.search = q.toString();
  });

  const libUrl = new URL(document.querySelector('meta[name="wasmpipe-library"]')?.content || '../../dist/wasmpipe.js', location.href).href;
  let lib;
  try {
    lib = await import(libUrl);
  } catch (err) {
    setPhase('error', 'The library did not load.');
    showError(`Could not load the wasmpipe library from ${libUrl}: ${err?.message ?? err}. (Built with "npm run build"? See README.md.)`);
    return;
  }
  const { pipeline, env, backendInfo, semantic_search } = lib;
  env.allowLocalModels = false;
  env.remoteHost = host;

  setPhase('loading', `Loading ${model}…`);
  const t0 = performance.now();
  let embed;
  try {
    embed = await pipeline('feature-extraction', model, {
      device,
      ...(dtype === 'auto' ? {} : { dtype }),
      progress_callback: onProgress,
    });
  } catch (err) {
    setPhase('error', 'The model did not load.');
    showError(describeError(err, { host, model }));
    return;
  }
  state.timings.load = performance.now() - t0;
  ui.progress.style.setProperty('--value', '100%');
  ui.progress.setAttribute('aria-valuenow', '100');
  ui.progress.classList.add('complete');
  renderBackend(backendInfo());
  setPhase('ready', `Ready: ${model} loaded in ${(state.timings.load / 1000).toFixed(1)} s.`);
  ui.run.disabled = false;

  // The corpus is embedded once per distinct text, then each query costs one embedding.
  let corpus = { key: null, sentences: [], embeddings: null };
  async function run() {
    const query = ui.query.value.trim();
    const sentences = ui.corpus.value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (!query || sentences.length === 0) {
      showError('Type a query and at least one sentence.');
      return;
    }
    clearError();
    ui.run.disabled = true;
    setPhase('running', 'Searching…');
    try {
      const t = performance.now();
      const key = sentences.join('\n');
      if (corpus.key !== key) {
        corpus = { key, sentences, embeddings: await embed(sentences, { pooling: 'mean', normalize: true }) };
      }
      const q = await embed(query, { pooling: 'mean', normalize: true });
      const hits = semantic_search(q, corpus.embeddings, { top_k: sentences.length })
        .map((h) => ({ ...h, text: corpus.sentences[h.corpus_id] }));
      state.timings.run = performance.now() - t;
      state.results = hits;
      state.runs++;
      renderResults(hits);
      setPhase('ready', `Ranked ${sentences.length} sentences in ${state.timings.run.toFixed(1)} ms.`);
    } catch (err) {
      setPhase('ready', 'Search failed.');
      showError(describeError(err, { host, model }));
    } finally {
      ui.run.disabled = false;
    }
  }
  ui.run.addEventListener('click', run);
  for (const el of [ui.query, ui.corpus]) {
    el.addEventListener('keydown', (e) => {
      const submit = e.key === 'Enter' && (e.ctrlKey || e.metaKey || el === ui.query);
      if (submit && !ui.run.disabled) {
        e.preventDefault();
        run();
      }
    });
  }
}

main().catch((err) => {
  setPhase('error', 'Something went wrong.');
  showError(err?.message ?? String(err));
});
