// feature-extraction's per-call pooling as plain wasm exports called with numbers (the pattern of
// tokenizer_raw.cpp): JS writes the model's hidden states and attention mask straight into the
// pooler's buffers, pools, and copies the result out of wasm memory (js/pipelines/feature-extraction.js).
// After ONNX Runtime's run() every cache is cold, and the first Embind call then cost 15-20 µs
// in Chromium (its JS glue, typed_memory_view vals, std::string arguments): as much as the rest
// of the pipeline's work outside run() for a short sentence.
//
// Errors: a call returns -1 (or a null address) and keeps the message, which lastError() turns
// into the usual Error object with `.code`. Pooling names cross once, through poolingCode().
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bindings/guarded.h"
#include "core/checked_size.h"
#include "core/error.h"
#include "pipelines/feature_extraction.h"

using emscripten::val;
using namespace wasmpipe;

namespace {

class FeaturePooler {
 public:
  static val create() { return val(FeaturePooler()); }
  uintptr_t address() { return reinterpret_cast<uintptr_t>(this); }
  val last_error() const { return error_.js(); }
  // The Pooling value of a transformers.js pooling name, or an Error naming the valid ones.
  val pooling_code(const std::string& name) {
    return bindings::guarded([&] { return val(static_cast<int32_t>(parse_pooling(name))); });
  }

  template <class F>
  int32_t checked(F&& f) {
    return error_.run(std::forward<F>(f));
  }

  std::vector<float> hidden, out;
  std::vector<int64_t> mask;
  std::vector<size_t> dims;

 private:
  bindings::KeptError error_;
};

// `v` resized to `n` values; its address, or null when out of memory (see lastError).
template <class T>
T* sized(FeaturePooler& p, std::vector<T>& v, size_t n) {
  const int32_t ok = p.checked([&] {
    checked_resize(v, n, "feature-extraction: pooler buffer");
    v.reserve(1);  // a non-null address, also for no values
    return 0;
  });
  return ok < 0 ? nullptr : v.data();
}

}  // namespace

extern "C" {

// Room for `n` float32 hidden states [batch, seq, dim]. Growing it may grow wasm memory: JS takes
// its views of the heap after this call.
EMSCRIPTEN_KEEPALIVE float* wasmpipe_pooler_hidden(FeaturePooler* p, size_t n) { return sized(*p, p->hidden, n); }

// Room for the int64 attention mask [batch, seq] (`n` values).
EMSCRIPTEN_KEEPALIVE int64_t* wasmpipe_pooler_mask(FeaturePooler* p, size_t n) { return sized(*p, p->mask, n); }

// Pools the buffers (pooling: a poolingCode() value). Returns the number of pooled floats, which
// wasmpipe_pooler_out() points at until the next call, or -1.
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_pooler_pool(FeaturePooler* p, size_t batch, size_t seq, size_t dim,
                                                  int32_t pooling, int32_t normalize) {
  return p->checked([&] {
    if (pooling < 0 || pooling > static_cast<int32_t>(Pooling::LastToken)) {
      throw Error(ErrorCode::InvalidArgument, "feature-extraction: unknown pooling code " + std::to_string(pooling));
    }
    pool_hidden_states(p->hidden, p->mask, batch, seq, dim, static_cast<Pooling>(pooling), normalize != 0, p->out,
                       p->dims);
    return static_cast<int32_t>(p->out.size());
  });
}

EMSCRIPTEN_KEEPALIVE const float* wasmpipe_pooler_out(FeaturePooler* p) { return p->out.data(); }

}  // extern "C"

EMSCRIPTEN_BINDINGS(wasmpipe_feature_pooling_raw) {
  emscripten::class_<FeaturePooler>("FeaturePooler")
      .class_function("create", &FeaturePooler::create)
      .function("address", &FeaturePooler::address)
      .function("lastError", &FeaturePooler::last_error)
      .function("poolingCode", &FeaturePooler::pooling_code);
}
