// Fill-mask Space: loads wasmpipe and a masked language model, lists the best words for each mask.
// Runs under CSP script-src 'self' 'wasm-unsafe-eval': no inline code, and model output only ever
// reaches the page through textContent / text nodes.

const HUB_HOST = 'https://huggingface.co/';
const HUB_DEFAULT_MODEL = 'Xenova/bert-base-uncased';
const LOCAL_DEFAULT_MODEL = 'wasmpipe-test/fill-mask-bert'; // served by wasmpipe's own server (npm start, tests)
const DEVICES = ['wasm', 'webgpu'];
const DTYPES = ['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'];
const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

const $ = (id) => document.getElementById(id);
const ui = {
  topk: $('topk'), mask: $('mask'), progress: $('progress'), status: $('status'), error: $('error'), text: $('text'),
  run: $('run'), results: $('results'), backend: $('backend'),
};

// What happened, for people debugging and for the end-to-end tests (plain data only).
const state = { phase: 'starting', model: null, host: null, device: 'wasm', dtype: 'auto', backend: null, results: null, runs: 0, timings: {}, error: null };
window.wasmpipeSpace = state;

function setPhase(phase, message) {
  state.phase = phase;
  document.body.dataset.state = phase;
  if (message !== undefined) ui.status.textContent = message;
}

function showError(message) {
  state.error = message;
  ui.error.textContent = message;
  ui.error.hidden = false;
}

function clearError() {
  state.error = null;
  ui.error.hidden = true;
  ui.error.textContent = '';
}

function params() {
  const q = new URLSearchParams(location.search);
  const device = q.get('device') ?? 'wasm';
  const dtype = q.get('dtype') ?? 'auto';
  const model = q.get('model');
  const problems = [];
  if (!DEVICES.includes(device)) problems.push(`Unknown device "${device}" (use ${DEVICES.join(' or ')}).`);
  if (!DTYPES.includes(dtype)) problems.push(`Unknown dtype "${dtype}" (use one of ${DTYPES.join(', ')}).`);
  if (model !== null && !REPO_ID.test(model)) problems.push(`"${model}" is not a model id like "${HUB_DEFAULT_MODEL}".`);
  return { device, dtype, model, problems };
}

// Does this origin serve the model in Hub layout? (wasmpipe's server does; a real Space does not.)
async function servedHere(model) {
  if (/\.hf\.space$|(^|\.)huggingface\.co$/.test(location.hostname)) return false;
  try {
    const res = await fetch(new URL(`/${model}/resolve/main/config.json`, location.origin), { method: 'HEAD', cache: 'no-store' });
    return res.ok && !/text\/html/i.test(res.headers.get('content-type') ?? '');
  } catch {
    return false;
  }
}

const files = new Map(); // file -> {loaded, total}
function onProgress(e) {
  if (e.status !== 'progress') return;
  files.set(e.file, { loaded: e.loaded ?? 0, total: e.total ?? 0 });
  let loaded = 0, total = 0;
  for (const f of files.values()) loaded += f.loaded, total += Math.max(f.total, f.loaded);
  const pct = total ? Math.min(100, (100 * loaded) / total) : 0;
  ui.progress.setAttribute('aria-valuenow', pct.toFixed(0));
  ui.progress.style.setProperty('--value', `${pct}%`);
  ui.status.textContent = `Downloading ${e.file}…`;
}

function candidateRow(c) {
  const li = document.createElement('li');
  Object.assign(li.dataset, { token: String(c.token), tokenStr: String(c.token_str), score: String(c.score), sequence: String(c.sequence) });
  const word = document.createElement('span');
  word.className = 'label';
  word.textContent = String(c.token_str);
  const bar = document.createElement('span');
  bar.className = 'bar';
  const fill = document.createElement('span');
  fill.className = 'fill';
  fill.style.width = `${Math.max(0, Math.min(1, c.score)) * 100}%`;
  bar.append(fill);
  const value = document.createElement('span');
  value.className = 'score';
  value.textContent = `${(c.score * 100).toFixed(1)}%`;
  const sequence = document.createElement('span');
  sequence.className = 'sequence';
  sequence.textContent = String(c.sequence);
  li.append(word, bar, value, sequence);
  return li;
}

/** One list per mask (the pipeline returns a plain list for a single mask). */
function renderResults(output) {
  const perMask = Array.isArray(output[0]) ? output : [output];
  const blocks = [];
  perMask.forEach((candidates, i) => {
    if (perMask.length > 1) {
      const h = document.createElement('p');
      h.className = 'mask-group';
      h.textContent = `Mask ${i + 1}`;
      blocks.push(h);
    }
    const ol = document.createElement('ol');
    ol.dataset.mask = String(i);
    ol.append(...candidates.map(candidateRow));
    blocks.push(ol);
  });
  ui.results.replaceChildren(...blocks);
}

async function main() {
  const { device, dtype, model: requested, problems } = params();
  Object.assign(state, { device, dtype });
  if (problems.length) {
    setPhase('error', 'Check the page address.');
    showError(problems.join(' '));
    return;
  }
  setPhase('starting', 'Looking for the model…');
  const model = requested ?? ((await servedHere(LOCAL_DEFAULT_MODEL)) ? LOCAL_DEFAULT_MODEL : HUB_DEFAULT_MODEL);
  const host = (await servedHere(model)) ? new URL('/', location.origin).href : HUB_HOST;
  Object.assign(state, { model, host });

  const libUrl = new URL(document.querySelector('meta[name="wasmpipe-library"]')?.content || '../../dist/wasmpipe.js', location.href).href;
  let lib;
  try {
    lib = await import(libUrl);
  } catch (err) {
    setPhase('error', 'The library did not load.');
    showError(`Could not load the wasmpipe library from ${libUrl}: ${err?.message ?? err}. (Built with "npm run build"? See README.md.)`);
    return;
  }
  const { pipeline, env, backendInfo } = lib;
  env.allowLocalModels = false;
  env.remoteHost = host;

  setPhase('loading', `Loading ${model}…`);
  const t0 = performance.now();
  let fill;
  try {
    fill = await pipeline('fill-mask', model, { device, ...(dtype === 'auto' ? {} : { dtype }), progress_callback: onProgress });
  } catch (err) {
    setPhase('error', 'The model did not load.');
    showError(err?.message ?? String(err));
    return;
  }
  state.timings.load = performance.now() - t0;
  ui.progress.style.setProperty('--value', '100%');
  ui.progress.setAttribute('aria-valuenow', '100');
  ui.progress.classList.add('complete');
  const info = backendInfo();
  state.backend = info;
  ui.backend.textContent = `${device} · ${info.numThreads ?? '?'} thread(s) · ${info.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated'}`;
  const mask = fill.tokenizer.mask_token ?? '[MASK]';
  ui.mask.textContent = mask;
  if (mask !== '[MASK]') ui.text.value = ui.text.value.replaceAll('[MASK]', mask);
  setPhase('ready', `Ready: ${model} loaded in ${(state.timings.load / 1000).toFixed(1)} s.`);
  ui.run.disabled = false;

  async function run() {
    const text = ui.text.value;
    if (!text.trim()) {
      showError('Type some text first.');
      return;
    }
    clearError();
    ui.run.disabled = true;
    setPhase('running', 'Filling…');
    try {
      const t = performance.now();
      const output = await fill(text, { top_k: Number(ui.topk.value) });
      state.timings.run = performance.now() - t;
      state.results = structuredClone(output);
      state.runs++;
      renderResults(output);
      setPhase('ready', `Done in ${state.timings.run.toFixed(1)} ms.`);
    } catch (err) {
      setPhase('ready', 'Failed.');
      showError(err?.message ?? String(err));
    } finally {
      ui.run.disabled = false;
    }
  }
  ui.run.addEventListener('click', run);
  ui.text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !ui.run.disabled) run();
  });
}

main().catch((err) => {
  setPhase('error', 'Something went wrong.');
  showError(err?.message ?? String(err));
});
