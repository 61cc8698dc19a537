// Memory statistics of the wasm module, for benchmarks and leak checks: how big the linear memory
// has grown (it never shrinks) and how many bytes malloc currently hands out.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>
#include <malloc.h>

namespace {

emscripten::val heap_stats() {
  const struct mallinfo m = mallinfo();
  emscripten::val out = emscripten::val::object();
  out.set("heapBytes", emscripten::val(static_cast<double>(emscripten_get_heap_size())));
  out.set("liveBytes", emscripten::val(static_cast<double>(m.uordblks)));
  out.set("freeBytes", emscripten::val(static_cast<double>(m.fordblks)));
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_memory) { emscripten::function("heapStats", &heap_stats); }
