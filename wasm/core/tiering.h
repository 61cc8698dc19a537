// Long loops that run once per load (a 9 MB tokenizer.json: ~400k vocabulary entries and merges)
// as many calls of a small function instead of one long call. V8 runs a WebAssembly function in
// its baseline compiler's code (Liftoff, ~1.6x slower here) until the function has executed its
// tier-up budget (--wasm-tiering-budget: ~13 MB of code in Chromium 156), and a running call never
// switches to the optimized code (no on-stack replacement for wasm): a loop in one call stays in
// baseline code to its end, while a chunk function switches once its budget is spent and the
// background compile is done. Measured: the first Llama-3 load of a page still takes ~2x the next
// ones (most of the work runs before the budget is spent), so this is a small help, not a cure.
// Natively it costs nothing.
#pragma once
#include <algorithm>
#include <cstddef>

namespace wasmpipe {

// One call of body(begin, end) as its own (not inlined) function: V8's unit of tier-up.
template <class Body>
[[gnu::noinline]] void run_chunk(Body& body, size_t begin, size_t end) {
  body(begin, end);
}

// body(begin, end) over [0, n) in chunks of `chunk` items, in order.
template <class Body>
void in_chunks(size_t n, size_t chunk, Body&& body) {
  for (size_t begin = 0; begin < n; begin += chunk) run_chunk(body, begin, std::min(n, begin + chunk));
}

// Calls step() until it returns false, `chunk` steps per (not inlined) call.
template <class Step>
[[gnu::noinline]] bool run_steps(Step& step, size_t chunk) {
  for (size_t i = 0; i < chunk; ++i)
    if (!step()) return false;
  return true;
}
template <class Step>
void while_steps(size_t chunk, Step&& step) {
  while (run_steps(step, chunk)) {
  }
}

}  // namespace wasmpipe
