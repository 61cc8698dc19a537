// Embind surface of batched generation (generation/batch_generator.h): the same contract as
// generation.cpp's Generator, with one prompt per batch entry. Rows are prompt-major; the JS loop
// feeds [rows, vocab] logits and gets back next ids (BigInt64Array) and cache rows to gather.
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

// prompts: an array of Int32Array / number arrays (one per batch entry).
std::vector<std::vector<int64_t>> prompts_from_js(const val& prompts) {
  if (!prompts.isArray()) throw Error(ErrorCode::InvalidArgument, "prompts must be an array of id arrays");
  const size_t batch = prompts["length"].as<size_t>();
  std::vector<std::vector<int64_t>> out(batch);
  for (size_t i = 0; i < batch; ++i) out[i] = bindings::ids_from_js(prompts[i]);
  return out;
}

val create_batch_generator(const std::string& generation_config, const std::string& config, const std::string& task,
                           const std::string& pipeline_defaults, const std::string& options, val prompts, size_t vocab) {
  return guarded([&] {
    GenerationConfig c = resolve_generation_config(generation_config, config, task, pipeline_defaults, options);
    return val(JsBatchGenerator(BatchGenerator(c, prompts_from_js(prompts), vocab)));
  });
}

size_t batch_size(const JsBatchGenerator& g) { return g.generator().batch_size(); }
size_t rows_per_prompt(const JsBatchGenerator& g) { return g.generator().rows_per_prompt(); }

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_generation_batch) {
  bindings::register_generator_surface<BatchGenerator>("BatchGenerator")
      .class_function("create", &create_batch_generator)
      .function("batchSize", &batch_size)
      .function("rowsPerPrompt", &rows_per_prompt);
}
