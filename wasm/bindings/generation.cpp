// Embind surface of the generation core: a Generator object the JS loop driver feeds with one
// Float32Array of logits per step (copied once into a buffer the generator owns) and that
// answers with the next input ids (BigInt64Array, ready for ORT) and the KV-cache reorder rows.
// Like bindings.cpp, every C++ exception comes back as a returned JS Error with a .code.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bindings/guarded.h"
#include "core/error.h"
#include "generation/generation_config.h"
#include "generation/generator.h"

using emscripten::val;
using namespace wasmpipe;
using namespace wasmpipe::generation;
using wasmpipe::bindings::guarded;

namespace {


val int64_array(const std::vector<int64_t>& v) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(v.data());
  val copy = val(emscripten::typed_memory_view(v.size() * sizeof(int64_t), bytes)).call<val>("slice");
  return val::global("BigInt64Array").new_(copy["buffer"]);
}

std::vector<int64_t> ids_from_js(const val& array) {
  const size_t n = array["length"].as<size_t>();
  std::vector<int32_t> tmp(n);
  val(emscripten::typed_memory_view(n, tmp.data())).call<void>("set", array);
  return {tmp.begin(), tmp.end()};
}

val config_to_js(const GenerationConfig& c) {
  val o = val::object();
  auto ids = [](const std::vector<int64_t>& v) {
    val a = val::array();
    for (int64_t x : v) a.call<void>("push", val(static_cast<double>(x)));
    return a;
  };
  auto opt = [](const std::optional<int64_t>& v) { return v ? val(static_cast<double>(*v)) : val::null(); };
  o.set("max_length", val(static_cast<double>(c.max_length)));
  o.set("max_new_tokens", opt(c.max_new_tokens));
  o.set("num_beams", val(c.num_beams));
  o.set("num_return_sequences", val(c.num_return_sequences));
  o.set("do_sample", val(c.do_sample));
  o.set("eos_token_id", ids(c.eos_token_id));
  o.set("pad_token_id", opt(c.pad_token_id));
  o.set("bos_token_id", opt(c.bos_token_id));
  o.set("decoder_start_token_id", opt(c.decoder_start_token_id));
  o.set("forced_bos_token_id", opt(c.forced_bos_token_id));
  o.set("prefix", val(c.prefix));
  return o;
}

class JsGenerator {
 public:
  explicit JsGenerator(Generator g) : gen_(std::move(g)) {}

  // All JSON arguments are text ("" = absent). prompt: Int32Array / array of decoder input ids.
  static val create(const std::string& generation_config, const std::string& config, const std::string& task,
                    const std::string& pipeline_defaults, const std::string& options, val prompt, size_t vocab) {
    return guarded([&] {
      GenerationConfig c = resolve_generation_config(generation_config, config, task, pipeline_defaults, options);
      return val(JsGenerator(Generator(std::move(c), ids_from_js(prompt), vocab)));
    });
  }

  // The resolved configuration (before lengths are fixed to a prompt), for the JS pipeline layer.
  static val resolve(const std::string& generation_config, const std::string& config, const std::string& task,
                     const std::string& pipeline_defaults, const std::string& options) {
    return guarded([&] {
      return config_to_js(resolve_generation_config(generation_config, config, task, pipeline_defaults, options));
    });
  }

  // logits: the last position's logits of every row ([rows, vocab] contiguous Float32Array).
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
  double max_length() const { return static_cast<double>(gen_.max_length()); }
  val next_tokens() const { return int64_array(gen_.next_tokens()); }
  // The cache rows to gather for the next step, or null when the rows did not move.
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
  Generator gen_;
  std::vector<float> buffer_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_generation) {
  emscripten::class_<JsGenerator>("Generator")
      .class_function("create", &JsGenerator::create)
      .class_function("resolveConfig", &JsGenerator::resolve)
      .function("step", &JsGenerator::step)
      .function("done", &JsGenerator::done)
      .function("rows", &JsGenerator::rows)
      .function("maxLength", &JsGenerator::max_length)
      .function("nextTokens", &JsGenerator::next_tokens)
      .function("sourceRows", &JsGenerator::source_rows)
      .function("sequences", &JsGenerator::sequences)
      .function("scores", &JsGenerator::scores);
}
