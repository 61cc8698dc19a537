// Go/no-go prototype (tests/bench/threads-proto/README.md): does splitting a beam step's per-row
// work (max, sum of exps, best candidates of 4 rows x 50257 floats) between the page's thread and
// one pool worker pay off, the worker's wake-up included? A bench module, not the core: its state
// is global because there is exactly one of it per page.
#include <emscripten.h>
#include <emscripten/threading.h>
#include <pthread.h>
#include <wasm_simd128.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "generation/logits_processors.h"  // max_and_sum_exp: the core's own row scan

namespace {
constexpr size_t kKeep = 8;  // 2 x num_beams candidates per row
struct RowResult {
  float lse;
  float top[kKeep];
  int32_t idx[kKeep];
};

std::vector<float> g_logits;
size_t g_rows = 4, g_vocab = 50257;
RowResult g_res[16];

// One row: log-sum-exp, then the row's best kKeep log-probs (blocks of 16 below the cutoff skipped,
// as BeamSearch::scan_row does).
void row_work(size_t r) {
  const float* row = g_logits.data() + r * g_vocab;
  const auto e = wasmpipe::generation::max_and_sum_exp(row, g_vocab);
  RowResult& out = g_res[r];
  out.lse = static_cast<float>(e.max + std::log(e.sum));
  size_t n = 0;
  float cut = -INFINITY;
  auto consider = [&](size_t t) {
    const float s = row[t] - out.lse;
    if (n == kKeep && !(s > out.top[n - 1])) return;
    size_t p = n < kKeep ? n++ : kKeep - 1;
    for (; p > 0 && s > out.top[p - 1]; --p) {
      out.top[p] = out.top[p - 1];
      out.idx[p] = out.idx[p - 1];
    }
    out.top[p] = s;
    out.idx[p] = static_cast<int32_t>(t);
    if (n == kKeep) cut = out.top[n - 1] + out.lse;
  };
  size_t t = 0;
  for (; t + 16 <= g_vocab; t += 16) {
    const v128_t c = wasm_f32x4_splat(cut);
    const v128_t hit = wasm_v128_or(wasm_v128_or(wasm_f32x4_ge(wasm_v128_load(row + t), c), wasm_f32x4_ge(wasm_v128_load(row + t + 4), c)),
                                    wasm_v128_or(wasm_f32x4_ge(wasm_v128_load(row + t + 8), c), wasm_f32x4_ge(wasm_v128_load(row + t + 12), c)));
    if (!wasm_v128_any_true(hit)) continue;
    for (size_t j = t; j < t + 16; ++j) consider(j);
  }
  for (; t < g_vocab; ++t) consider(t);
}

// Step hand-off. g_gen: the step number the worker waits for; g_sleeping: set while it sleeps in
// Atomics.wait (the page's thread then has to notify it; a spinning worker needs no notify).
std::atomic<uint32_t> g_gen{0}, g_done{0}, g_split{2}, g_sleeping{0};
std::atomic<int32_t> g_spin{0}, g_steal{0};
// Stealing: rows go one at a time to whichever thread claims first. g_claim = (step << 4) | next
// row, so a worker that wakes after its step is over claims nothing of the next one.
std::atomic<uint32_t> g_claim{0}, g_completed{0}, g_worker_rows{0};

int claim(uint32_t gen) {
  uint32_t w = g_claim.load(std::memory_order_acquire);
  for (;;) {
    if ((w >> 4) != (gen & 0x0fffffff) || (w & 15) >= g_rows) return -1;
    if (g_claim.compare_exchange_weak(w, w + 1, std::memory_order_acq_rel)) return static_cast<int>(w & 15);
  }
}

void drain(uint32_t gen, bool worker) {
  for (int r; (r = claim(gen)) >= 0;) {
    row_work(static_cast<size_t>(r));
    if (worker) g_worker_rows.fetch_add(1);
    g_completed.fetch_add(1, std::memory_order_acq_rel);
  }
}

void* worker_main(void*) {
  for (uint32_t seen = 0;;) {
    uint32_t g;
    while ((g = g_gen.load(std::memory_order_acquire)) == seen) {
      if (g_spin.load(std::memory_order_relaxed)) continue;
      g_sleeping.store(1);
      emscripten_futex_wait(&g_gen, seen, INFINITY);
      g_sleeping.store(0);
    }
    seen = g;
    if (g_steal.load()) {
      drain(g, true);
      continue;
    }
    for (size_t r = g_split.load(); r < g_rows; ++r) row_work(r);
    g_done.store(g, std::memory_order_release);
  }
}

pthread_t g_thread;

uint32_t next_step() {
  const uint32_t g = g_gen.load() + 1;
  g_completed.store(0);
  g_claim.store((g & 0x0fffffff) << 4, std::memory_order_release);
  g_gen.store(g);  // seq_cst: before the read of g_sleeping (the worker sets it before it re-reads g_gen)
  if (g_sleeping.load()) emscripten_futex_wake(&g_gen, 1);
  return g;
}
}  // namespace

extern "C" {
EMSCRIPTEN_KEEPALIVE void setup(int rows, int vocab, int seed) {
  g_rows = static_cast<size_t>(rows);
  g_vocab = static_cast<size_t>(vocab);
  g_logits.resize(g_rows * g_vocab);
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  for (float& x : g_logits) x = normal(rng);
}
EMSCRIPTEN_KEEPALIVE int start_worker() { return pthread_create(&g_thread, nullptr, worker_main, nullptr); }
// spin: the worker spins between steps instead of sleeping in Atomics.wait.
EMSCRIPTEN_KEEPALIVE void set_spin(int spin) {
  g_spin.store(spin);
  emscripten_futex_wake(&g_gen, 1);  // a sleeping worker re-reads the mode
}
EMSCRIPTEN_KEEPALIVE double worker_rows() { return g_worker_rows.exchange(0); }
EMSCRIPTEN_KEEPALIVE float step_st() {
  for (size_t r = 0; r < g_rows; ++r) row_work(r);
  return g_res[0].top[0];
}
// Fixed split: this thread rows [0, split), the worker [split, rows); waits for the worker.
EMSCRIPTEN_KEEPALIVE float step_split(int split) {
  g_steal.store(0);
  g_split.store(static_cast<uint32_t>(split));
  const uint32_t g = next_step();
  for (size_t r = 0; r < static_cast<size_t>(split); ++r) row_work(r);
  while (g_done.load(std::memory_order_acquire) != g) {
  }
  return g_res[0].top[0];
}
// Stealing: a worker that is late (asleep, descheduled) takes fewer rows or none.
EMSCRIPTEN_KEEPALIVE float step_steal() {
  g_steal.store(1);
  const uint32_t g = next_step();
  drain(g, false);
  while (g_completed.load(std::memory_order_acquire) != g_rows) {
  }
  return g_res[0].top[0];
}
// 1 when the split (split > 0) or stealing (split == 0) step gives the 1-thread step's bits.
EMSCRIPTEN_KEEPALIVE int same_as_st(int split) {
  step_st();
  RowResult a[16];
  std::memcpy(a, g_res, sizeof(RowResult) * g_rows);
  if (split == 0) step_steal();
  else step_split(split);
  return std::memcmp(a, g_res, sizeof(RowResult) * g_rows) == 0 ? 1 : 0;
}
// Stands in for ORT's run() between steps: fixed work on this thread; returns the ms it took.
EMSCRIPTEN_KEEPALIVE double fake_run(int iters) {
  const double t0 = emscripten_get_now();
  volatile float sink = 1.0f;
  float a = sink;
  for (int i = 0; i < iters; ++i) a = a * 1.0000001f + 1e-7f;
  sink = a;
  return emscripten_get_now() - t0;
}
}
