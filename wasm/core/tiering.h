// Long loops that run once per load (a 9 MB tokenizer.json: ~400k vocabulary entries and merges)
// as many calls of a small function instead of one long call. V8 runs a WebAssembly function in
// its baseline compiler's code (Liftoff, ~2x slower) until the function has used up its tier-up
// budget, and a running call never switches to the optimized code (there is no on-stack
// replacement for wasm): a loop that runs in one call stays in baseline code to the end, which
// made the first tokenizer load of a page about twice as slow as the next ones. A chunk function
// called a few hundred times is optimized after its first calls. Natively this costs nothing.
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
