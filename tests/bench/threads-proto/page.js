// Interleaves 1-thread and 2-thread beam steps (4 x 50257 floats) with a stand-in for ORT's run()
// (runMs of work on the page's thread) before each step; per variant: the step's wall time, the
// stand-in's time (slowed when a spinning worker takes the CPU) and the rows the worker did.
import createProto from './proto.mjs';

const q = new URLSearchParams(location.search);
const rounds = Number(q.get('rounds') ?? 20), steps = Number(q.get('steps') ?? 20), runMs = Number(q.get('runMs') ?? 1);
const only = q.get('only') ? q.get('only').split(',') : null;
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[s.length >> 1], min: s[0], p90: s[Math.floor(s.length * 0.9)], mean: s.reduce((a, b) => a + b, 0) / s.length };
};
try {
  const M = await createProto();
  M._setup(4, 50257, 1);
  M._start_worker();
  await new Promise((r) => setTimeout(r, 100));
  let iters = 100000;
  for (let i = 0; i < 5; i++) iters = Math.round((iters * runMs) / M._fake_run(iters));
  const same = [M._same_as_st(2), M._same_as_st(1), M._same_as_st(3), M._same_as_st(0)];
  // name: [worker spins between steps, step]
  const all = {
    st: [0, () => M._step_st()],
    split: [0, () => M._step_split(2)],
    splitSpin: [1, () => M._step_split(2)],
    steal: [0, () => M._step_steal()],
    stealSpin: [1, () => M._step_steal()],
  };
  const variants = Object.entries(all).filter(([k]) => !only || only.includes(k));
  const res = Object.fromEntries(variants.map(([k]) => [k, { step: [], run: [], workerRows: 0 }]));
  for (let r = 0; r < rounds; r++) {
    for (const [v, [spin, step]] of variants) {
      M._set_spin(spin);
      M._fake_run(iters);
      step(); // the worker settles into this variant's waiting state
      M._worker_rows();
      for (let s = 0; s < steps; s++) {
        res[v].run.push(M._fake_run(iters));
        const t0 = performance.now();
        step();
        res[v].step.push(performance.now() - t0);
      }
      res[v].workerRows += M._worker_rows();
    }
    await new Promise((r) => setTimeout(r, 0));
  }
  M._set_spin(0);
  const out = { iters, same, crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency };
  for (const [v, x] of Object.entries(res)) out[v] = { step: stat(x.step), run: stat(x.run), workerRowsPerStep: x.workerRows / x.step.length };
  window.benchResult = out;
} catch (e) {
  window.benchResult = { error: String(e?.stack ?? e) };
}
