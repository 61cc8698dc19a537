#include "generation/generation_config.h"

#include <cmath>
#include <string>

#include "core/error.h"
#include "core/json.h"

namespace wasmpipe::generation {
namespace {

// Where a setting came from, for messages: files are InvalidFile, call options InvalidArgument.
struct Source {
  JsonPath at;
  bool is_call_option;

  [[noreturn]] void fail(std::string_view key, std::string_view what) const {
    const std::string where = (at / key).describe();
    if (is_call_option) throw Error(ErrorCode::InvalidArgument, "generation option " + std::string(key) + " " + std::string(what));
    throw Error(ErrorCode::InvalidFile, where + " " + std::string(what));
  }
};

int64_t read_int(const Json& v, std::string_view key, const Source& src, int64_t min_value) {
  if (!v.is_number_integer()) {
    if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()) return static_cast<int64_t>(v.get<double>());
    src.fail(key, std::string("must be an integer, got ") + json_type_name(v));
  }
  const int64_t x = v.get<int64_t>();
  if (x < min_value) src.fail(key, "must be >= " + std::to_string(min_value) + ", got " + std::to_string(x));
  return x;
}

float read_float(const Json& v, std::string_view key, const Source& src) {
  if (!v.is_number()) src.fail(key, std::string("must be a number, got ") + json_type_name(v));
  const double x = v.get<double>();
  if (!std::isfinite(x)) src.fail(key, "must be finite");
  return static_cast<float>(x);
}

bool read_bool(const Json& v, std::string_view key, const Source& src) {
  if (!v.is_boolean()) src.fail(key, std::string("must be true or false, got ") + json_type_name(v));
  return v.get<bool>();
}

std::vector<int64_t> read_id_list(const Json& v, std::string_view key, const Source& src) {
  std::vector<int64_t> out;
  if (v.is_number()) {
    out.push_back(read_int(v, key, src, 0));
    return out;
  }
  if (!v.is_array()) src.fail(key, std::string("must be a token id or a list of token ids, got ") + json_type_name(v));
  for (const auto& item : v) out.push_back(read_int(item, key, src, 0));
  return out;
}

// Applies the keys of `obj` that are generation settings. With `strict` (call options) any other
// key is an error; files carry many unrelated keys, which are skipped.
void apply(GenerationConfig& c, const Json& obj, const Source& src, bool strict) {
  if (!obj.is_object()) {
    if (src.is_call_option) throw Error(ErrorCode::InvalidArgument, "generation options must be an object");
    src.at.fail(std::string("must be a JSON object, got ") + json_type_name(obj));
  }
  for (const auto& [key, v] : obj.items()) {
    if (v.is_null()) {
      // null means "unset" in HF configs: keep the lower layer's value except where null is a value.
      if (key == "max_new_tokens") c.max_new_tokens.reset();
      else if (key == "min_new_tokens") c.min_new_tokens.reset();
      else if (key == "forced_bos_token_id") c.forced_bos_token_id.reset();
      else if (key == "forced_eos_token_id") c.forced_eos_token_id.clear();
      else if (key == "min_p") c.min_p.reset();
      else if (key == "top_k") c.top_k = 0;
      continue;
    }
    if (key == "max_length") {
      c.max_length = read_int(v, key, src, 1);
      if (src.is_call_option) c.max_length_is_default = false;
    } else if (key == "max_new_tokens") {
      if (!v.is_number()) src.fail(key, std::string("must be an integer, got ") + json_type_name(v));
      const int64_t n = read_int(v, key, src, INT64_MIN);
      if (n <= 0) src.fail(key, "must be greater than 0, got " + std::to_string(n));
      c.max_new_tokens = n;
    } else if (key == "min_length") {
      c.min_length = read_int(v, key, src, 0);
      if (src.is_call_option) c.min_length_is_default = false;
    } else if (key == "min_new_tokens") {
      c.min_new_tokens = read_int(v, key, src, 0);
    } else if (key == "do_sample") {
      c.do_sample = read_bool(v, key, src);
    } else if (key == "num_beams") {
      c.num_beams = static_cast<int>(read_int(v, key, src, 1));
      if (c.num_beams > 64) src.fail(key, "must be at most 64");
    } else if (key == "num_return_sequences") {
      c.num_return_sequences = static_cast<int>(read_int(v, key, src, 1));
      if (c.num_return_sequences > 64) src.fail(key, "must be at most 64");
    } else if (key == "length_penalty") {
      c.length_penalty = read_float(v, key, src);
    } else if (key == "early_stopping") {
      if (v.is_boolean()) c.early_stopping = v.get<bool>() ? EarlyStopping::True : EarlyStopping::False;
      else if (v.is_string() && v.get<std::string>() == "never") c.early_stopping = EarlyStopping::Never;
      else src.fail(key, "must be true, false or \"never\"");
    } else if (key == "repetition_penalty") {
      c.repetition_penalty = read_float(v, key, src);
      if (!(c.repetition_penalty > 0)) src.fail(key, "must be a strictly positive number");
    } else if (key == "no_repeat_ngram_size") {
      c.no_repeat_ngram_size = static_cast<int>(read_int(v, key, src, 0));
    } else if (key == "bad_words_ids") {
      if (!v.is_array()) src.fail(key, "must be a list of lists of token ids");
      c.bad_words_ids.clear();
      for (const auto& seq : v) {
        if (!seq.is_array() || seq.empty()) src.fail(key, "must be a list of non-empty lists of token ids");
        c.bad_words_ids.push_back(read_id_list(seq, key, src));
      }
    } else if (key == "suppress_tokens") {
      c.suppress_tokens = read_id_list(v, key, src);
    } else if (key == "begin_suppress_tokens") {
      c.begin_suppress_tokens = read_id_list(v, key, src);
      c.has_begin_suppress_tokens = true;
    } else if (key == "forced_bos_token_id") {
      c.forced_bos_token_id = read_int(v, key, src, 0);
    } else if (key == "forced_eos_token_id") {
      c.forced_eos_token_id = read_id_list(v, key, src);
    } else if (key == "temperature") {
      c.temperature = read_float(v, key, src);
    } else if (key == "top_k") {
      c.top_k = static_cast<int>(read_int(v, key, src, 0));
    } else if (key == "top_p") {
      c.top_p = read_float(v, key, src);
      if (c.top_p < 0 || c.top_p > 1) src.fail(key, "must be between 0 and 1");
    } else if (key == "min_p") {
      c.min_p = read_float(v, key, src);
      if (*c.min_p < 0 || *c.min_p > 1) src.fail(key, "must be between 0 and 1");
    } else if (key == "seed") {
      c.seed = static_cast<uint64_t>(read_int(v, key, src, 0));
    } else if (key == "eos_token_id") {
      c.eos_token_id = read_id_list(v, key, src);
    } else if (key == "pad_token_id") {
      c.pad_token_id = read_int(v, key, src, 0);
    } else if (key == "bos_token_id") {
      c.bos_token_id = read_int(v, key, src, 0);
    } else if (key == "decoder_start_token_id") {
      c.decoder_start_token_id = read_int(v, key, src, 0);
    } else if (key == "prefix") {
      if (!v.is_string()) src.fail(key, "must be a string");
      c.prefix = v.get<std::string>();
    } else if (strict) {
      throw Error(ErrorCode::InvalidArgument,
                  "unknown generation option '" + key +
                      "' (supported: max_new_tokens, max_length, min_new_tokens, min_length, do_sample, num_beams, "
                      "num_return_sequences, length_penalty, early_stopping, repetition_penalty, no_repeat_ngram_size, "
                      "bad_words_ids, suppress_tokens, begin_suppress_tokens, forced_bos_token_id, forced_eos_token_id, "
                      "temperature, top_k, top_p, min_p, seed, eos_token_id, pad_token_id, decoder_start_token_id)");
    }
  }
}

// Token ids a generation_config.json may omit but config.json has (older exports).
void fill_token_ids_from(GenerationConfig& c, const Json& config, const JsonPath& at) {
  const Source src{at, false};
  GenerationConfig from_model;
  Json ids = Json::object();
  for (const char* key : {"eos_token_id", "pad_token_id", "bos_token_id", "decoder_start_token_id"}) {
    if (const Json* v = find_field(config, key)) ids[key] = *v;
  }
  apply(from_model, ids, src, false);
  if (c.eos_token_id.empty()) c.eos_token_id = from_model.eos_token_id;
  if (!c.pad_token_id) c.pad_token_id = from_model.pad_token_id;
  if (!c.bos_token_id) c.bos_token_id = from_model.bos_token_id;
  if (!c.decoder_start_token_id) c.decoder_start_token_id = from_model.decoder_start_token_id;
}

// HF GenerationConfig() defaults of the keys pipelines give their own defaults for.
bool is_global_default(const std::string& key, const Json& v) {
  if (key == "max_new_tokens") return v.is_null();
  if (key == "num_beams") return v == Json(1);
  if (key == "do_sample") return v == Json(false);
  if (key == "temperature") return v.is_number() && v.get<double>() == 1.0;
  if (key == "max_length") return v == Json(20);
  return false;
}

Json parse_options(std::string_view text, const char* what) {
  try {
    return Json::parse(text);
  } catch (const std::exception&) {
    throw Error(ErrorCode::InvalidArgument, std::string(what) + " are not valid JSON");
  }
}

}  // namespace

GenerationConfig resolve_generation_config(std::string_view generation_config_json, std::string_view config_json,
                                           std::string_view task, std::string_view pipeline_defaults_json,
                                           std::string_view options_json) {
  GenerationConfig c;
  Json config = config_json.empty() ? Json::object() : parse_json(config_json, "config.json");
  const JsonPath config_at("config.json");
  expect_object(config, config_at);
  // Pipelines (transformers 4.57) start from their own defaults (text2text: max_new_tokens 256,
  // num_beams 4; text-generation: do_sample, temperature 0.7). _prepare_generation_config(
  // use_model_defaults=True) then takes a model value only where the pipeline's value is still
  // GenerationConfig()'s and the model's is not: a pipeline default beats the model's own value
  // (opus-mt's num_beams 6 runs with 4 in the translation pipeline).
  const Json pipeline_defaults =
      pipeline_defaults_json.empty() ? Json::object() : parse_options(pipeline_defaults_json, "pipeline defaults");
  apply(c, pipeline_defaults, Source{JsonPath("pipeline defaults"), false}, false);
  const bool from_generation_config = !generation_config_json.empty();
  Json model_values = from_generation_config ? parse_json(generation_config_json, "generation_config.json") : config;
  const JsonPath model_at(from_generation_config ? "generation_config.json" : "config.json");
  expect_object(model_values, model_at);
  for (const auto& [key, v] : pipeline_defaults.items()) {
    auto it = model_values.find(key);
    if (it != model_values.end() && (!is_global_default(key, v) || is_global_default(key, *it))) model_values.erase(it);
  }
  apply(c, model_values, Source{model_at, false}, false);
  if (from_generation_config) fill_token_ids_from(c, config, config_at);
  if (const Json* d = find_field(pipeline_defaults, "max_new_tokens");
      d && c.max_new_tokens && Json(*c.max_new_tokens) == *d && c.max_length != 20) {
    c.max_new_tokens.reset();  // HF: a model's own max_length beats the pipeline's length default
  }
  for (const char* key : {"max_position_embeddings", "n_positions"}) {
    if (const Json* v = find_field(config, key); v && v->is_number_integer() && !c.max_position_embeddings) {
      c.max_position_embeddings = v->get<int64_t>();
    }
  }
  // Pipelines update the generation config with the task's parameters (e.g. T5's
  // "summarization": {num_beams, ..., prefix}); config.prefix applies to every task.
  if (const Json* prefix = find_field(config, "prefix"); prefix && prefix->is_string()) c.prefix = prefix->get<std::string>();
  if (!task.empty()) {
    if (const Json* params = find_field(config, "task_specific_params")) {
      if (const Json* t = params->is_object() ? find_field(*params, task) : nullptr) {
        apply(c, *t, Source{config_at / "task_specific_params" / task, false}, false);
      }
    }
  }
  if (!options_json.empty()) apply(c, parse_options(options_json, "generation options"), Source{JsonPath("options"), true}, true);
  // HF: no pad token -> the first eos token pads.
  if (!c.pad_token_id && !c.eos_token_id.empty()) c.pad_token_id = c.eos_token_id.front();
  return c;
}

void prepare_lengths(GenerationConfig& c, int64_t input_len) {
  if (c.max_new_tokens) {
    c.max_length = *c.max_new_tokens + input_len;
  } else if (c.max_length_is_default && c.max_length == 20) {
    // HF: "by default let's always generate 20 new tokens" (also when a file says 20).
    c.max_length += input_len;
    if (c.max_position_embeddings) c.max_length = std::min(c.max_length, *c.max_position_embeddings);
  }
  if (c.min_new_tokens) c.min_length = *c.min_new_tokens + input_len;
  if (c.num_beams == 1 && !c.do_sample && c.num_return_sequences > 1) {
    throw Error(ErrorCode::InvalidArgument,
                "num_return_sequences > 1 needs beam search (num_beams >= num_return_sequences) or do_sample: true");
  }
  if (c.num_beams > 1 && c.num_return_sequences > c.num_beams) {
    throw Error(ErrorCode::InvalidArgument, "num_return_sequences (" + std::to_string(c.num_return_sequences) +
                                                ") must be <= num_beams (" + std::to_string(c.num_beams) + ")");
  }
  if (c.do_sample && !(c.temperature > 0)) {
    throw Error(ErrorCode::InvalidArgument, "temperature must be a strictly positive number when do_sample is true");
  }
  if (input_len >= c.max_length) {  // HF's _validate_generated_length raises too
    throw Error(ErrorCode::InvalidArgument, "the input is " + std::to_string(input_len) + " tokens long but max_length is " +
                                                std::to_string(c.max_length) + ": raise max_length or, better, set max_new_tokens");
  }
}

}  // namespace wasmpipe::generation
