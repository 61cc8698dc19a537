// Generation speed for one library per page load (?lib=wasmpipe|transformersjs&cases=<JSON>&n=48&reps=5;
// &dist=/dist-base/ loads wasmpipe from another served build, for A/B runs; &warm=2 untimed
// full-length calls per case and mode, all before the first timed one):
// for each case {model, seq2seq, prompt, modes}, `reps` timed generate() calls of exactly n new
// tokens (min_new_tokens = max_new_tokens) on the prompt's ids, with ORT's session.run() wrapped to
// add up the time spent inside it. Per call: tokens (decoder steps) per second and the time per
// step outside run() (the library's own loop: logits handling, search, cache, tensors). Medians.
const params = new URLSearchParams(location.search);
const lib = params.get('lib');
const dist = params.get('dist') ?? '/dist/';
const cases = JSON.parse(params.get('cases'));
const N = Number(params.get('n') ?? 48);
const REPS = Number(params.get('reps') ?? 5);
const WARM = Number(params.get('warm') ?? 2);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Wraps each session's run() to add up the time spent inside it and count the calls. */
function meterRuns(sessions) {
  const meter = { ms: 0, calls: 0 };
  for (const s of sessions) {
    const run = s.run.bind(s);
    s.run = async (...args) => {
      const t = performance.now();
      try { return await run(...args); } finally { meter.ms += performance.now() - t; meter.calls += 1; }
    };
  }
  return meter;
}

async function wasmpipe() {
  const m = await import(`${dist}wasmpipe.js`);
  Object.assign(m.env, { remoteHost: `${location.origin}/`, allowLocalModels: false, useBrowserCache: false });
  m.env.backends.onnx.wasm.numThreads = 1;
  return async ({ model, seq2seq, prompt }) => {
    const pipe = await m.pipeline(seq2seq ? 'text2text-generation' : 'text-generation', model, { dtype: 'fp32', device: 'wasm' });
    return {
      sessions: Object.values(pipe.sessions),
      generate: async (mode, n) => {
        const options = { do_sample: false, num_beams: mode === 'beam4' ? 4 : 1, max_new_tokens: n, min_new_tokens: n };
        if (mode === 'beam4') Object.assign(options, { early_stopping: false, length_penalty: 1 });
        const r = await pipe.generativeModel.generate(prompt, { options });
        return Array.from(r.sequences[0], Number);
      },
      dispose: () => pipe.dispose(),
    };
  };
}

async function transformersjs() {
  const m = await import('/tjs/transformers.min.js');
  Object.assign(m.env, { remoteHost: `${location.origin}/`, allowLocalModels: false, useBrowserCache: false });
  m.env.backends.onnx.wasm.wasmPaths = `${location.origin}/ort/`;
  m.env.backends.onnx.wasm.numThreads = 1;
  return async ({ model, seq2seq, prompt }) => {
    const Auto = seq2seq ? m.AutoModelForSeq2SeqLM : m.AutoModelForCausalLM;
    const net = await Auto.from_pretrained(model, { dtype: 'fp32', device: 'wasm' });
    const inputs = new m.Tensor('int64', BigInt64Array.from(prompt, BigInt), [1, prompt.length]);
    const attention_mask = new m.Tensor('int64', new BigInt64Array(prompt.length).fill(1n), [1, prompt.length]);
    return {
      sessions: Object.values(net.sessions),
      generate: async (mode, n) => {
        if (mode !== 'greedy') throw new Error(`transformers.js has no '${mode}' mode here (no beam search)`);
        const out = await net.generate({ inputs, attention_mask, max_new_tokens: n, min_new_tokens: n, do_sample: false, num_beams: 1 });
        return Array.from(out.tolist()[0], Number);
      },
      dispose: () => net.dispose(),
    };
  };
}

try {
  const load = await (lib === 'wasmpipe' ? wasmpipe() : transformersjs());
  const runners = [];
  for (const c of cases) runners.push(await load(c));
  // Warm-up, the same for both libraries: every case and mode runs WARM untimed full-length calls
  // before any case is timed, then a pause lets V8's background tier-up finish. A per-case
  // warm-up is not enough: the page's first case then runs partly on baseline (Liftoff /
  // Sparkplug) code and pays for it alone. Seen on a loaded machine: wasmpipe's beam-4 time outside
  // run() per step was 2.83 ms for GPT-2 timed first and 0.54 ms for GPT-2 timed after Llama.
  for (const [i, c] of cases.entries()) {
    for (const mode of c.modes) for (let w = 0; w < WARM; w++) await runners[i].generate(mode, N);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const out = [];
  for (const [i, c] of cases.entries()) {
    const runner = runners[i];
    const meter = meterRuns(runner.sessions);
    for (const mode of c.modes) {
      const reps = [];
      let ids = null;
      for (let r = 0; r < REPS; r++) {
        const before = { ms: meter.ms, calls: meter.calls };
        const t = performance.now();
        ids = await runner.generate(mode, N);
        const total = performance.now() - t;
        const inRun = meter.ms - before.ms;
        reps.push({ total, inRun, calls: meter.calls - before.calls });
      }
      out.push({
        model: c.model, mode, n: N, ids,
        runCalls: reps[0].calls,
        tokensPerS: median(reps.map((x) => N / (x.total / 1000))),
        msPerToken: median(reps.map((x) => x.total / N)),
        outsideMsPerToken: median(reps.map((x) => (x.total - x.inRun) / N)),
        outsideMinMsPerToken: Math.min(...reps.map((x) => (x.total - x.inRun) / N)), // least disturbed by load
      });
    }
  }
  for (const runner of runners) await runner.dispose();
  window.benchResult = { lib, crossOriginIsolated: self.crossOriginIsolated, results: out };
} catch (err) {
  window.benchResult = { lib, error: String(err?.stack ?? err) };
}
document.getElementById('status').textContent = 'done';
