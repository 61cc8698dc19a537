// wasmpipe demo: a sentiment box with model/device/dtype choice, per-file download progress,
// label bars, timings and the backend in use. Runs under CSP script-src 'self' 'wasm-unsafe-eval':
// no inline code, and model output reaches the page only through textContent.

// The Spaces' result row (static-spaces/_shared/, which the servers publish at /spaces/).
import { scoreRow } from '../spaces/_shared/score-row.js';

const HUB_HOST = 'https://huggingface.co/';
const HUB_DEFAULT_MODEL = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';
const LOCAL_MODELS = ['wasmpipe-test/tiny-bert-sst2', 'wasmpipe-test/tiny-distilbert-sst2', 'wasmpipe-test/tiny-bert-multilabel', 'wasmpipe-test/tiny-bert-5class-vocab-only'];
const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('form'), text: $('text'), model: $('model'), host: $('host'), presets: $('model-presets'),
  hint: $('model-hint'), device: $('device'), dtype: $('dtype'), run: $('run'), error: $('error'),
  downloads: $('downloads'), results: $('results'), timing: $('timing'), backend: $('backend'), status: $('status'),
};

// Plain-data record of what happened (handy in devtools, read by the e2e tests).
const state = { phase: 'starting', localModels: [], events: [], results: null, backend: null, error: null, timings: {}, loaded: null };
window.wasmpipeDemo = state;

let lib = null;
let current = null; // { key, classify }

function setPhase(phase, message = '') {
  state.phase = phase;
  document.body.dataset.state = phase;
  ui.status.textContent = message;
}

function showError(message) {
  state.error = message;
  ui.error.textContent = message;
  ui.error.hidden = false;
}

function clearError() {
  state.error = null;
  ui.error.textContent = '';
  ui.error.hidden = true;
}

function readableError(err, { model, host }) {
  const msg = err?.message ?? String(err);
  if (err?.code === 'NETWORK_ERROR' && host === HUB_HOST) {
    return `Could not reach the Hugging Face Hub to load "${model}": this machine may be offline or huggingface.co blocked. ` +
      `Pick a model served by this server instead.\n\nDetails: ${msg}`;
  }
  if (err?.code === 'FILE_NOT_FOUND') return `Model "${model}" lacks a file this pipeline needs (another dtype may exist).\n\n${msg}`;
  return msg; // the library's messages already say what failed and what to do
}

// Does this origin serve the model in Hub layout? HEAD, so it never counts as a download.
async function servedHere(model) {
  try {
    const res = await fetch(`/${model}/resolve/main/config.json`, { method: 'HEAD', cache: 'no-store' });
    return res.ok && !/text\/html/i.test(res.headers.get('content-type') ?? '');
  } catch {
    return false;
  }
}

// ---- per-file download progress --------------------------------------------------------------
const rows = new Map(); // file → { row, fill, info }

function progressRow(file) {
  let r = rows.get(file);
  if (r) return r;
  const row = document.createElement('div');
  row.className = 'dl';
  row.dataset.file = file;
  const name = document.createElement('span');
  name.className = 'dl-name';
  name.textContent = file;
  const bar = document.createElement('span');
  bar.className = 'dl-bar';
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-label', `Download of ${file}`);
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  const fill = document.createElement('span');
  fill.className = 'dl-fill';
  bar.append(fill);
  const info = document.createElement('span');
  info.className = 'dl-info';
  info.textContent = 'waiting';
  row.append(name, bar, info);
  ui.downloads.append(row);
  r = { row, bar, fill, info };
  rows.set(file, r);
  return r;
}

const formatBytes = (n) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} kB` : `${n} B`);

function onProgress(e) {
  state.events.push({ status: e.status, file: e.file ?? null, progress: e.progress ?? null, loaded: e.loaded ?? null, total: e.total ?? null });
  if (e.status === 'ready' || !e.file) return;
  const r = progressRow(e.file);
  if (e.status === 'download') r.info.textContent = 'downloading…';
  if (e.status === 'progress') {
    const pct = Math.max(0, Math.min(100, e.progress ?? 0));
    r.fill.style.width = `${pct}%`;
    r.bar.setAttribute('aria-valuenow', pct.toFixed(0));
    r.info.textContent = e.total ? `${formatBytes(e.loaded)} / ${formatBytes(e.total)}` : formatBytes(e.loaded ?? 0);
  }
  if (e.status === 'done') {
    r.row.classList.add('done');
    if (r.info.textContent === 'waiting' || r.info.textContent === 'downloading…') r.info.textContent = 'not in repo';
  }
}

// A load that throws sends no 'done' for the files still in flight: mark them failed.
function failPendingDownloads() {
  for (const r of rows.values()) {
    if (r.row.classList.contains('done')) continue;
    r.row.classList.add('failed');
    r.info.textContent = 'failed';
  }
}

function resetDownloads() {
  rows.clear();
  ui.downloads.replaceChildren();
}

// ---- results ------------------------------------------------------------------------------------
function renderResults(output) {
  ui.results.replaceChildren();
  [...output].sort((a, b) => b.score - a.score).forEach(({ label, score }, i) => {
    const li = scoreRow(label, score, score.toFixed(4));
    li.className = i === 0 ? 'result top' : 'result';
    li.dataset.label = String(label);
    li.dataset.score = String(score);
    ui.results.append(li);
  });
}

function renderBackend(device) {
  const info = lib.backendInfo();
  state.backend = info;
  const threads = `${info.numThreads ?? '?'} thread${info.numThreads === 1 ? '' : 's'}`;
  const iso = info.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated (1 thread)';
  ui.backend.textContent = `Backend: onnxruntime-web ${info.ortVersion ?? '?'} · ${device} · ${threads} · ${iso}`;
}

// ---- loading and running ------------------------------------------------------------------------
async function getClassifier({ model, host, device, dtype }) {
  const key = JSON.stringify([model, host, device, dtype]);
  if (current?.key === key) return { classify: current.classify, loadMs: null };
  if (current) {
    const old = current;
    current = null;
    await old.classify.dispose?.().catch(() => {});
  }
  resetDownloads();
  lib.env.remoteHost = host;
  setPhase('loading', `Loading ${model}…`);
  const t0 = performance.now();
  const classify = await lib.pipeline('sentiment-analysis', model, {
    device,
    ...(dtype === 'auto' ? {} : { dtype }),
    progress_callback: onProgress,
  });
  const loadMs = performance.now() - t0;
  current = { key, classify };
  state.loaded = { model, host, device, dtype: classify.dtype ?? dtype };
  renderBackend(device);
  return { classify, loadMs };
}

async function onSubmit(ev) {
  ev.preventDefault();
  if (ui.run.disabled) return;
  clearError();
  const text = ui.text.value;
  const model = ui.model.value.trim();
  const host = ui.host.value === 'local' ? new URL('/', location.origin).href : HUB_HOST;
  const device = ui.device.value;
  const dtype = ui.dtype.value;
  if (!text.trim()) return showError('Type some text to classify.');
  if (!REPO_ID.test(model)) return showError(`"${model}" is not a model id. Use the form "organization/name", e.g. ${HUB_DEFAULT_MODEL}.`);
  if (!lib) return showError('The wasmpipe library is not loaded (see the message above).');

  ui.run.disabled = true;
  ui.results.replaceChildren();
  ui.timing.textContent = '';
  try {
    const { classify, loadMs } = await getClassifier({ model, host, device, dtype });
    setPhase('running', 'Classifying…');
    const t0 = performance.now();
    const output = await classify(text, { top_k: null });
    const runMs = performance.now() - t0;
    state.results = output.map(({ label, score }) => ({ label, score }));
    state.timings = { load: loadMs, run: runMs };
    renderResults(output);
    ui.timing.textContent = (loadMs !== null ? `Model loaded in ${(loadMs / 1000).toFixed(2)} s · ` : 'Model already loaded · ') +
      `classified in ${runMs.toFixed(1)} ms`;
    setPhase('done', '');
  } catch (err) {
    failPendingDownloads();
    showError(readableError(err, { model, host }));
    setPhase('error', '');
  } finally {
    ui.run.disabled = false;
  }
}

function choosePreset() {
  const m = ui.model.value.trim();
  if (state.localModels.includes(m)) ui.host.value = 'local';
  else if (m === HUB_DEFAULT_MODEL) ui.host.value = 'hub';
  ui.hint.textContent = ui.host.value === 'hub'
    ? 'Downloaded from huggingface.co (needs internet), then cached in the browser.'
    : 'Served by this page\'s server in Hub layout (/{model}/resolve/main/…).';
}

async function main() {
  ui.run.disabled = true;
  if (!globalThis.navigator?.gpu) {
    const opt = ui.device.querySelector('option[value="webgpu"]');
    opt.disabled = true;
    opt.textContent = 'webgpu (not available in this browser)';
  }
  state.localModels = (await Promise.all(LOCAL_MODELS.map(async (m) => ((await servedHere(m)) ? m : null)))).filter(Boolean);
  for (const id of [...state.localModels, HUB_DEFAULT_MODEL]) {
    const opt = document.createElement('option');
    opt.value = id;
    opt.label = state.localModels.includes(id) ? 'this server' : 'huggingface.co';
    ui.presets.append(opt);
  }
  if (!state.localModels.length) ui.host.querySelector('option[value="local"]').textContent = 'this server (no models found)';
  ui.model.value = state.localModels[0] ?? HUB_DEFAULT_MODEL;
  ui.host.value = state.localModels.length ? 'local' : 'hub';
  choosePreset();
  ui.model.addEventListener('change', choosePreset);
  ui.host.addEventListener('change', choosePreset);
  ui.form.addEventListener('submit', onSubmit);
  ui.text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) ui.form.requestSubmit();
  });

  const libUrl = new URL(document.querySelector('meta[name="wasmpipe-library"]')?.content || '/dist/wasmpipe.js', location.href).href;
  try {
    lib = await import(libUrl);
    lib.env.allowLocalModels = false;
  } catch (err) {
    setPhase('error', '');
    showError(`Could not load the wasmpipe library from ${libUrl}: ${err?.message ?? err}. Run "npm run build" and serve with "npm start".`);
    return;
  }
  ui.run.disabled = false;
  setPhase('idle', '');
}

main().catch((err) => showError(err?.message ?? String(err)));
