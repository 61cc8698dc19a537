// Generation settings with Hugging Face GenerationConfig names and defaults, resolved the way
// transformers 4.57's generate() resolves them: the model's generation_config.json (or, when the
// repo has none, the generation keys of config.json), then the pipeline task's
// config.task_specific_params, then the call options.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmpipe::generation {

enum class EarlyStopping { False, True, Never };

struct GenerationConfig {
  // Lengths. max_length/min_length count the whole decoder sequence (prompt included for
  // decoder-only models; decoder_start_token included for seq2seq).
  int64_t max_length = 20;
  bool max_length_is_default = true;  // not set by the call options (HF's has_default_max_length)
  std::optional<int64_t> max_new_tokens;
  int64_t min_length = 0;
  bool min_length_is_default = true;
  std::optional<int64_t> min_new_tokens;
  std::optional<int64_t> max_position_embeddings;  // from config.json: caps the default max_length

  // Strategy.
  bool do_sample = false;
  int num_beams = 1;
  int num_return_sequences = 1;
  float length_penalty = 1.0f;
  EarlyStopping early_stopping = EarlyStopping::False;

  // Logits processors.
  float repetition_penalty = 1.0f;
  int no_repeat_ngram_size = 0;
  std::vector<std::vector<int64_t>> bad_words_ids;
  std::vector<int64_t> suppress_tokens;
  std::vector<int64_t> begin_suppress_tokens;
  bool has_begin_suppress_tokens = false;
  std::optional<int64_t> forced_bos_token_id;
  std::vector<int64_t> forced_eos_token_id;  // int or list in HF

  // Sampling warpers.
  float temperature = 1.0f;
  int top_k = 50;
  float top_p = 1.0f;
  std::optional<float> min_p;
  std::optional<uint64_t> seed;

  // Special tokens.
  std::vector<int64_t> eos_token_id;
  bool is_eos(int64_t id) const { return std::find(eos_token_id.begin(), eos_token_id.end(), id) != eos_token_id.end(); }
  std::optional<int64_t> pad_token_id;
  std::optional<int64_t> bos_token_id;
  std::optional<int64_t> decoder_start_token_id;

  // Text-level options the pipelines read (kept here so one parser validates everything).
  std::string prefix;  // task_specific_params[task].prefix or config.prefix
};

// Resolves the configuration. Every argument is JSON text; an empty string means "no such file".
// `task` selects config.task_specific_params[task] ("" = none); `pipeline_defaults` are the
// pipeline's own defaults (HF's _default_generation_config, "" for a plain generate()). Unknown
// call options are an InvalidArgument error naming the option; malformed files are InvalidFile.
GenerationConfig resolve_generation_config(std::string_view generation_config_json, std::string_view config_json,
                                           std::string_view task, std::string_view pipeline_defaults,
                                           std::string_view options_json);

// HF's _prepare_generated_length + validation for one call: input_len is the decoder input length
// (the prompt for decoder-only models, 1 for seq2seq). Fills max_length/min_length in place and
// throws InvalidArgument for impossible combinations (num_return_sequences > num_beams, ...).
void prepare_lengths(GenerationConfig& config, int64_t input_len);

}  // namespace wasmpipe::generation
