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

#include "bindings/generator_surface.h"
#include "bindings/guarded.h"
#include "core/error.h"
#include "generation/generation_config.h"
#include "generation/generator.h"

using emscripten::val;
using namespace wasmpipe;
using namespace wasmpipe::generation;
using wasmpipe::bindings::guarded;

namespace {

using JsGenerator = bindings::JsGeneratorSurface<Generator>;

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

// All JSON arguments are text ("" = absent). prompt: Int32Array / array of decoder input ids.
val create_generator(const std::string& generation_config, const std::string& config, const std::string& task,
                     const std::string& pipeline_defaults, const std::string& options, val prompt, size_t vocab) {
  return guarded([&] {
    GenerationConfig c = resolve_generation_config(generation_config, config, task, pipeline_defaults, options);
    return val(JsGenerator(Generator(std::move(c), bindings::ids_from_js(prompt), vocab)));
  });
}

// The resolved configuration (before lengths are fixed to a prompt), for the JS pipeline layer.
val resolve_config(const std::string& generation_config, const std::string& config, const std::string& task,
                   const std::string& pipeline_defaults, const std::string& options) {
  return guarded([&] {
    return config_to_js(resolve_generation_config(generation_config, config, task, pipeline_defaults, options));
  });
}

double max_length(const JsGenerator& g) { return static_cast<double>(g.generator().max_length()); }

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_generation) {
  bindings::register_generator_surface<Generator>("Generator")
      .class_function("create", &create_generator)
      .class_function("resolveConfig", &resolve_config)
      .function("maxLength", &max_length);
}
