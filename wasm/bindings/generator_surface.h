// The per-step Embind surface of a generator (generation.cpp registers it for BatchGenerator): ids
// to and from JS, and the methods the JS loop calls every step (feed [rows, vocab] logits, read the
// next ids as a BigInt64Array ready for ORT, and the KV-cache rows to gather). Every C++ exception
// comes back as a returned JS Error with a .code (guarded).
#pragma once
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bindings/guarded.h"
#include "core/error.h"

namespace wasmpipe::bindings {

// A copy of v as a BigInt64Array.
inline emscripten::val int64_array(const std::vector<int64_t>& v) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(v.data());
  emscripten::val copy = emscripten::val(emscripten::typed_memory_view(v.size() * sizeof(int64_t), bytes)).call<emscripten::val>("slice");
  return emscripten::val::global("BigInt64Array").new_(copy["buffer"]);
}

// Ids from an Int32Array or an array of numbers.
inline std::vector<int64_t> ids_from_js(const emscripten::val& array) {
  const size_t n = array["length"].as<size_t>();
  std::vector<int32_t> tmp(n);
  emscripten::val(emscripten::typed_memory_view(n, tmp.data())).call<void>("set", array);
  return {tmp.begin(), tmp.end()};
}

// G: a generator with step / done / rows / next_tokens / source_rows / sequences / sequence_scores.
template <class G>
class JsGeneratorSurface {
 public:
  explicit JsGeneratorSurface(G g) : gen_(std::move(g)) {}

  // logits: the last position's logits of every row ([rows, vocab] contiguous Float32Array),
  // copied once into a buffer this object owns. Answers whether generation is over.
  emscripten::val step(emscripten::val logits, size_t rows) {
    return guarded([&] {
      const size_t n = logits["length"].as<size_t>();
      if (rows == 0 || n % rows != 0) {
        throw Error(ErrorCode::InvalidArgument, "logits length " + std::to_string(n) + " is not a multiple of rows " +
                                                    std::to_string(rows));
      }
      buffer_.resize(n);  // grows once; later steps reuse it
      emscripten::val(emscripten::typed_memory_view(n, buffer_.data())).call<void>("set", logits);
      gen_.step(buffer_.data(), rows, n / rows);
      return emscripten::val(gen_.done());
    });
  }

  bool done() const { return gen_.done(); }
  void stop_now() { gen_.stop_now(); }
  size_t rows() const { return gen_.rows(); }
  emscripten::val next_tokens() const { return int64_array(gen_.next_tokens()); }
  // The cache rows to gather for the next step, or null when the rows did not move.
  emscripten::val source_rows() const {
    if (gen_.source_rows_identity()) return emscripten::val::null();
    const auto& s = gen_.source_rows();
    return emscripten::val(emscripten::typed_memory_view(s.size(), s.data())).call<emscripten::val>("slice");
  }
  emscripten::val sequences() const {
    emscripten::val out = emscripten::val::array();
    std::vector<int32_t> ids;
    for (const auto& row : gen_.sequences()) {
      ids.assign(row.begin(), row.end());
      out.call<void>("push", emscripten::val(emscripten::typed_memory_view(ids.size(), ids.data())).call<emscripten::val>("slice"));
    }
    return out;
  }
  emscripten::val scores() const {
    const auto s = gen_.sequence_scores();
    return emscripten::val(emscripten::typed_memory_view(s.size(), s.data())).call<emscripten::val>("slice");
  }
  const G& generator() const { return gen_; }

 private:
  G gen_;
  std::vector<float> buffer_;
};

// Registers the JS class `name` with the shared methods; the caller chains its own.
template <class G>
emscripten::class_<JsGeneratorSurface<G>> register_generator_surface(const char* name) {
  using S = JsGeneratorSurface<G>;
  emscripten::class_<S> c(name);
  c.function("step", &S::step)
      .function("done", &S::done)
      .function("stopNow", &S::stop_now)
      .function("rows", &S::rows)
      .function("nextTokens", &S::next_tokens)
      .function("sourceRows", &S::source_rows)
      .function("sequences", &S::sequences)
      .function("scores", &S::scores);
  return c;
}

}  // namespace wasmpipe::bindings
