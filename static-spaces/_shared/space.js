// What every static Space shares: the query parameters, finding the model (this server or the Hub),
// loading the library and the pipeline with a progress bar, errors, the backend line, and running
// the task from the button or the keyboard. Each Space's app.js says only what is its own.
// The source is static-spaces/_shared/space.js; scripts/build.sh copies it into every Space folder
// (git-ignored there), so that each folder deploys alone as a plain static Space.
// Runs under CSP script-src 'self' 'wasm-unsafe-eval': no inline code, and model output only ever
// reaches the page through textContent / text nodes.

import { scoreRow } from './score-row.js';

const HUB_HOST = 'https://huggingface.co/';
const DEVICES = ['wasm', 'webgpu'];
const DTYPES = ['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'];
const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/;

export const $ = (id) => document.getElementById(id);
// The result row of the classification-like Spaces (its own file: the demo uses it too).
export { scoreRow };
// The elements every Space has (#model, a select of models, is optional).
const ui = {
  model: $('model'), progress: $('progress'), status: $('status'), error: $('error'), run: $('run'), backend: $('backend'),
};

// What happened, for people debugging and for the end-to-end tests (plain data only).
const state = {
  phase: 'starting', // starting → loading → ready → running → ready | error
  model: null,
  host: null,
  device: 'wasm',
  dtype: 'auto',
  events: [], // the pipeline's progress events
  backend: null,
  results: null,
  runs: 0, // completed runs
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

function describeError(err) {
  let msg = err?.message ?? String(err);
  if (err?.code === 'NETWORK_ERROR' && state.host === HUB_HOST) {
    msg = `Could not reach the Hugging Face Hub to download "${state.model}" (are you offline, or is huggingface.co blocked?).\n\nDetails: ${msg}`;
  }
  return msg;
}

function params(exampleModel) {
  const q = new URLSearchParams(location.search);
  const device = q.get('device') ?? 'wasm';
  const dtype = q.get('dtype') ?? 'auto';
  const model = q.get('model');
  const host = q.get('host') ?? 'auto';
  const problems = [];
  if (!['auto', 'local', 'hub'].includes(host)) problems.push(`Unknown host "${host}" (use auto, local or hub).`);
  if (!DEVICES.includes(device)) problems.push(`Unknown device "${device}" (use ${DEVICES.join(' or ')}).`);
  if (!DTYPES.includes(dtype)) problems.push(`Unknown dtype "${dtype}" (use one of ${DTYPES.join(', ')}).`);
  if (model !== null && !REPO_ID.test(model)) problems.push(`"${model}" is not a model id like "${exampleModel}".`);
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

// The model menu (where the page has one): the models this server has, then the Hub default.
function fillModelSelect(local, hubModel, selected) {
  const options = [...local.map((id) => ({ id, label: `${id} (this server)` })), { id: hubModel, label: `${hubModel} (Hub)` }];
  if (!options.some((o) => o.id === selected)) options.unshift({ id: selected, label: selected });
  ui.model.replaceChildren();
  for (const { id, label } of options) {
    const opt = document.createElement('option');
    opt.value = id;
    opt.textContent = label;
    opt.selected = id === selected;
    ui.model.append(opt);
  }
  ui.model.disabled = options.length < 2;
  ui.model.addEventListener('change', () => {
    const q = new URLSearchParams(location.search);
    q.set('model', ui.model.value);
    q.delete('host');
    location.search = q.toString();
  });
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

function renderBackend(info) {
  state.backend = info;
  const threads = `${info.numThreads ?? '?'} thread${info.numThreads === 1 ? '' : 's'}`;
  const iso = info.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated';
  ui.backend.textContent = `${state.device} · ${threads} · ${iso} · ORT ${info.ortVersion ?? '?'}`;
}

// ---- the generation Spaces (translation, summarization) -------------------------------------
// Their pages have #search (model's own settings, greedy, 2 or 4 beams), #max-new-tokens, #stop and
// #output; what differs is the task's options and output key.
const SEARCH = {
  default: {}, // the model's generation_config.json decides (often beam search)
  greedy: { num_beams: 1, do_sample: false },
  beam2: { num_beams: 2, do_sample: false },
  beam4: { num_beams: 4, do_sample: false },
};
let stopRun = null; // aborts the running generation (the #stop button)

/**
 * One generation with the page's controls: greedy search shows the text in #output as it is
 * generated (a streamer needs one sequence, as in transformers); #stop ends it early, keeping what
 * was generated. `options`: the task's own pipeline options; `key`: its output's text field; `done`:
 * the status verb of a finished run ("Translated").
 * @returns {Promise<{text: string, stopped: boolean, streamed: string[], search: string,
 *   show: () => void, summary: (ms: number) => string}>}
 */
export async function generateFromControls(pipe, input, options, key, done) {
  const search = $('search').value, maxNewTokens = $('max-new-tokens').value;
  const stop = $('stop'), output = $('output');
  if (!stop.dataset.wired) {
    stop.addEventListener('click', () => stopRun?.());
    stop.dataset.wired = 'true';
  }
  const controller = new AbortController();
  const streamed = [];
  const show = (text) => {
    output.textContent = text;
    output.hidden = false;
  };
  const call = { ...options, ...SEARCH[search], signal: controller.signal };
  if (maxNewTokens) call.max_new_tokens = Number(maxNewTokens);
  if (search === 'greedy') {
    call.callback_function = (piece) => {
      streamed.push(piece);
      output.append(piece); // a text node per piece: nothing already shown is rewritten
      output.hidden = false;
    };
  }
  output.textContent = '';
  stopRun = () => controller.abort();
  stop.disabled = false;
  try {
    const result = await pipe(input, call);
    const text = result[0][key];
    const stopped = controller.signal.aborted;
    const summary = (ms) => (stopped ? `Stopped after ${ms.toFixed(0)} ms: this is what was generated until then.` : `${done} in ${ms.toFixed(0)} ms.`);
    return { text, stopped, streamed, search, show: () => show(text), summary };
  } finally {
    stop.disabled = true;
    stopRun = null;
  }
}

// ---- the Space ------------------------------------------------------------------------------
/**
 * Starts a Space; what it did is in window.wasmpipeSpace.
 * - task, hubModel: the pipeline task and the model used on the Hub by default;
 * - localModels: test models wasmpipe's own server serves (npm start, the e2e tests), used when served here;
 * - busy / failed: the status while running and after a failed run;
 * - inputs: where Ctrl+Enter runs (plain Enter too in a one-line <input>);
 * - check(): what is wrong with the inputs (shown as an error, nothing runs), or null;
 * - ready(pipe): after the model loaded;
 * - run(pipe, lib): the task on the page's inputs (timed) → { results (plain data), render(),
 *   summary(ms) (the status after it; default "Done in … ms.") }.
 */
export function startSpace(spec) {
  main(spec).catch((err) => {
    setPhase('error', 'Something went wrong.');
    showError(err?.message ?? String(err));
  });
}

async function main({ task, hubModel, localModels, busy, failed = 'Failed.', inputs, check, ready, run }) {
  const { device, dtype, model: requested, host: hostParam, problems } = params(hubModel);
  Object.assign(state, { device, dtype });
  if (problems.length) {
    setPhase('error', 'Check the page address.');
    showError(problems.join(' '));
    return;
  }

  setPhase('starting', 'Looking for the model…');
  const local = (await Promise.all(localModels.map(async (m) => ((await servedHere(m)) ? m : null)))).filter(Boolean);
  const model = requested ?? (hostParam === 'hub' ? hubModel : local[0] ?? hubModel);
  // host=auto: this origin when it serves the model, else the Hub.
  const isLocal = hostParam === 'local' || (hostParam === 'auto' && (local.includes(model) || (await servedHere(model))));
  const host = isLocal ? new URL('/', location.origin).href : HUB_HOST;
  Object.assign(state, { model, host });
  if (ui.model) fillModelSelect(local, hubModel, model);

  const libUrl = new URL(document.querySelector('meta[name="wasmpipe-library"]')?.content || '../../dist/wasmpipe.js', location.href).href;
  let lib;
  try {
    lib = await import(libUrl);
  } catch (err) {
    setPhase('error', 'The library did not load.');
    showError(`Could not load the wasmpipe library from ${libUrl}: ${err?.message ?? err}. (Built with "npm run build"? See README.md.)`);
    return;
  }
  lib.env.allowLocalModels = false;
  lib.env.remoteHost = host;

  setPhase('loading', `Loading ${model}…`);
  const t0 = performance.now();
  let pipe;
  try {
    pipe = await lib.pipeline(task, model, { device, ...(dtype === 'auto' ? {} : { dtype }), progress_callback: onProgress });
  } catch (err) {
    setPhase('error', 'The model did not load.');
    showError(describeError(err));
    return;
  }
  state.timings.load = performance.now() - t0;
  ui.progress.style.setProperty('--value', '100%');
  ui.progress.setAttribute('aria-valuenow', '100');
  ui.progress.classList.add('complete');
  renderBackend(lib.backendInfo());
  ready?.(pipe);
  setPhase('ready', `Ready: ${model} loaded in ${(state.timings.load / 1000).toFixed(1)} s.`);
  ui.run.disabled = false;

  async function runOnce() {
    const problem = check();
    if (problem) {
      showError(problem);
      return;
    }
    clearError();
    ui.run.disabled = true;
    setPhase('running', busy);
    try {
      const t = performance.now();
      const { results, render, summary } = await run(pipe, lib);
      state.timings.run = performance.now() - t;
      state.results = results;
      state.runs++;
      render();
      setPhase('ready', summary ? summary(state.timings.run) : `Done in ${state.timings.run.toFixed(1)} ms.`);
    } catch (err) {
      setPhase('ready', failed);
      showError(describeError(err));
    } finally {
      ui.run.disabled = false;
    }
  }
  ui.run.addEventListener('click', runOnce);
  for (const el of inputs) {
    el.addEventListener('keydown', (e) => {
      const submit = e.key === 'Enter' && (e.ctrlKey || e.metaKey || el.tagName === 'INPUT');
      if (submit && !ui.run.disabled) {
        e.preventDefault();
        runOnce();
      }
    });
  }
}
