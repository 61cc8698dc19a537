// One library per page load (?lib=wasmpipe|transformersjs): load + first call, then per-call times.
const params = new URLSearchParams(location.search);
const lib = params.get('lib');
const model = params.get('model');
const dtype = params.get('dtype') ?? 'fp32';
const runs = Number(params.get('runs') ?? 50);
const text = 'I love learning AI! The documentation is clear and the examples work on the first try.';

async function load() {
  if (lib === 'wasmpipe') {
    const m = await import('/dist/wasmpipe.js');
    Object.assign(m.env, { remoteHost: `${location.origin}/`, allowLocalModels: false, useBrowserCache: false });
    return m.pipeline;
  }
  const m = await import('/tjs/transformers.min.js');
  Object.assign(m.env, { remoteHost: `${location.origin}/`, allowLocalModels: false, useBrowserCache: false });
  m.env.backends.onnx.wasm.wasmPaths = `${location.origin}/ort/`;
  return m.pipeline;
}

try {
  const t0 = performance.now();
  const pipeline = await load();
  const classify = await pipeline('text-classification', model, { dtype, device: 'wasm' });
  const first = await classify(text);
  const loadAndFirst = performance.now() - t0;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await classify(text);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  window.benchResult = { lib, loadAndFirst, median: times[times.length >> 1], p90: times[Math.floor(times.length * 0.9)], first };
} catch (err) {
  window.benchResult = { lib, error: String(err?.stack ?? err) };
}
document.getElementById('status').textContent = 'done';
