// One library per page load (?lib=wasmpipe|wasmpipe-ortdirect|transformersjs): load + first call, then per-call times.
const params = new URLSearchParams(location.search);
const lib = params.get('lib');
const model = params.get('model');
const dtype = params.get('dtype') ?? 'fp32';
const runs = Number(params.get('runs') ?? 50);
const text = 'I love learning AI! The documentation is clear and the examples work on the first try.';

async function load() {
  if (lib.startsWith('wasmpipe')) {
    const m = await import('/dist/wasmpipe.js');
    Object.assign(m.env, { remoteHost: `${location.origin}/`, allowLocalModels: false, useBrowserCache: false });
    // ORT fetches its wasm itself (a wasmPaths object), not through our hub loader: the files of the
    // CPU build that device 'wasm' loads.
    if (lib === 'wasmpipe-ortdirect') m.env.backends.onnx.wasm.wasmPaths = { wasm: `${location.origin}/dist/ort-wasm-simd-threaded.wasm`, mjs: `${location.origin}/dist/ort-wasm-simd-threaded.mjs` };
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
  const tImport = performance.now() - t0;
  const events = [];
  const classify = await pipeline('text-classification', model, { dtype, device: 'wasm',
    progress_callback: (e) => events.push(`${(performance.now() - t0).toFixed(0)} ${e.status} ${e.file ?? ''}`) });
  const tPipeline = performance.now() - t0;
  const first = await classify(text);
  const loadAndFirst = performance.now() - t0;
  // Timer resolution is coarse (100 µs without isolation): time blocks of calls, take the median block.
  const blocks = [];
  for (let b = 0; b < 10; b++) {
    const t = performance.now();
    for (let i = 0; i < runs; i++) await classify(text);
    blocks.push((performance.now() - t) / runs);
  }
  blocks.sort((a, b) => a - b);
  window.benchResult = { lib, loadAndFirst, tImport, tPipeline, median: blocks[blocks.length >> 1], first, events: events.filter((e) => !e.includes(' progress ')) };
} catch (err) {
  window.benchResult = { lib, error: String(err?.stack ?? err) };
}
document.getElementById('status').textContent = 'done';
