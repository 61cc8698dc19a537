// Embind surface of batched generation (generation/batch_generator.h): the same contract as
// generation.cpp's Generator, with one prompt per batch entry. Rows are prompt-major; the JS loop
// feeds [rows, vocab] logits and gets back next ids (BigInt64Array) and cache rows to gather.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bindings/guarded.h"
#include "core/error.h"
#include "generation/batch_generator.h"
#include "generation/generation_config.h"

using emscripten::val;
using namespace wasmpipe;
using namespace wasmpipe::generation;
using wasmpipe::bindings::guarded;

namespace {

val to_bigint64(const std::vector<int64_t>& v) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(v.data());
  val copy = val(emscripten::typed_memory_view(v.size() * sizeof(int64_t), bytes)).call<val>("slice");
  return val::global("BigInt64Array").new_(copy["buffer"]);
}

// prompts: an array of Int32Array / number arrays (one per batch entry).
std::vector<std::vector<int64_t>> prompts_from_js(const val& prompts) {
  if (!prompts.isArray()) throw Error(ErrorCode::InvalidArgument, "prompts must be an array of id arrays");
  const size_t batch = prompts["length"].as<size_t>();
  std::vector<std::vector<int64_t>> out(batch);
  std::vector<int32_t> tmp;
  for (size_t i = 0; i < batch; ++i) {
    const val row = prompts[i];
    const size_t n = row["length"].as<size_t>();
    tmp.resize(n);
    val(emscripten::typed_memory_view(n, tmp.data())).call<void>("set", row);
    out[i].assign(tmp.begin(), tmp.end());
  }
  return out;
}

class JsBatchGenerator {
 public:
  explicit JsBatchGenerator(BatchGenerator g) : gen_(std::move(g)) {}

  static val create(const std::string& generation_config, const std::string& config, const std::string& task,
                    const std::string& pipeline_defaults, const std::string& options, val prompts, size_t vocab) {
    return guarded([&] {
      GenerationConfig c = resolve_generation_config(generation_config, config, task, pipeline_defaults, options);
      return val(JsBatchGenerator(BatchGenerator(c, prompts_from_js(prompts), vocab)));
    });
  }

  val step(val logits, size_t rows) {
    return guarded([&] {
      const size_t n = logits["length"].as<size_t>();
      if (rows == 0 || n % rows != 0) {
        throw Error(ErrorCode::InvalidArgument, "logits length " + std::to_string(n) + " is not a multiple of rows " +
                                                    std::to_string(rows));
      }
      buffer_.resize(n);  // grows once; later steps reuse it
      val(emscripten::typed_memory_view(n, buffer_.data())).call<void>("set", logits);
      gen_.step(buffer_.data(), rows, n / rows);
      return val(gen_.done());
    });
  }

  bool done() const { return gen_.done(); }
  size_t rows() const { return gen_.rows(); }
  size_t batch_size() const { return gen_.batch_size(); }
  size_t rows_per_prompt() const { return gen_.rows_per_prompt(); }
  val next_tokens() const { return to_bigint64(gen_.next_tokens()); }
  val source_rows() const {
    if (gen_.source_rows_identity()) return val::null();
    const auto& s = gen_.source_rows();
    return val(emscripten::typed_memory_view(s.size(), s.data())).call<val>("slice");
  }
  val sequences() const {
    val out = val::array();
    for (const auto& row : gen_.sequences()) {
      std::vector<int32_t> ids(row.begin(), row.end());
      out.call<void>("push", val(emscripten::typed_memory_view(ids.size(), ids.data())).call<val>("slice"));
    }
    return out;
  }
  val scores() const {
    const auto s = gen_.sequence_scores();
    return val(emscripten::typed_memory_view(s.size(), s.data())).call<val>("slice");
  }

 private:
  BatchGenerator gen_;
  std::vector<float> buffer_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_generation_batch) {
  emscripten::class_<JsBatchGenerator>("BatchGenerator")
      .class_function("create", &JsBatchGenerator::create)
      .function("step", &JsBatchGenerator::step)
      .function("done", &JsBatchGenerator::done)
      .function("rows", &JsBatchGenerator::rows)
      .function("batchSize", &JsBatchGenerator::batch_size)
      .function("rowsPerPrompt", &JsBatchGenerator::rows_per_prompt)
      .function("nextTokens", &JsBatchGenerator::next_tokens)
      .function("sourceRows", &JsBatchGenerator::source_rows)
      .function("sequences", &JsBatchGenerator::sequences)
      .function("scores", &JsBatchGenerator::scores);
}
