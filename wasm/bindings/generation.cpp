// Embind surface of the generation core: one BatchGenerator (generation/batch_generator.h; a single
// prompt is a batch of one) that the JS loop (js/generation/batch.js) feeds with one Float32Array
// of [rows, vocab] logits per step (copied once into a buffer the generator owns) and that answers
// with the next input ids (BigInt64Array, ready for ORT) and the KV-cache rows to gather; and the
// resolved generation configuration for the pipelines. Like bindings.cpp, every C++ exception
// comes back as a returned JS Error with a .code.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bindings/generator_surface.h"
#include "bindings/guarded.h"
#include "core/error.h"
#include "generation/batch_generator.h"
#include "generation/generation_config.h"

using emscripten::val;
using namespace wasmpipe;
using namespace wasmpipe::generation;
using wasmpipe::bindings::guarded;

namespace {

using JsBatchGenerator = bindings::JsGeneratorSurface<BatchGenerator>;

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

// prompts: an array of Int32Array / number arrays (one per batch entry).
std::vector<std::vector<int64_t>> prompts_from_js(const val& prompts) {
  if (!prompts.isArray()) throw Error(ErrorCode::InvalidArgument, "prompts must be an array of id arrays");
  const size_t batch = prompts["length"].as<size_t>();
  std::vector<std::vector<int64_t>> out(batch);
  for (size_t i = 0; i < batch; ++i) out[i] = bindings::ids_from_js(prompts[i]);
  return out;
}

// All JSON arguments are text ("" = absent).
val create_batch_generator(const std::string& generation_config, const std::string& config, const std::string& task,
                           const std::string& pipeline_defaults, const std::string& options, val prompts, size_t vocab) {
  return guarded([&] {
    GenerationConfig c = resolve_generation_config(generation_config, config, task, pipeline_defaults, options);
    return val(JsBatchGenerator(BatchGenerator(c, prompts_from_js(prompts), vocab)));
  });
}

// The resolved configuration (before lengths are fixed to a prompt), for the JS pipeline layer.
val resolve_config(const std::string& generation_config, const std::string& config, const std::string& task,
                   const std::string& pipeline_defaults, const std::string& options) {
  return guarded([&] {
    return config_to_js(resolve_generation_config(generation_config, config, task, pipeline_defaults, options));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_generation) {
  bindings::register_generator_surface<BatchGenerator>("BatchGenerator")
      .class_function("create", &create_batch_generator)
      .class_function("resolveConfig", &resolve_config);
}
