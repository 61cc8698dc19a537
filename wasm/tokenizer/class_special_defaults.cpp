#include "tokenizer/class_special_defaults.h"

#include <utility>

#include "core/error.h"

namespace wasmpipe {
namespace {

Json mask_token(bool normalized) {
  // Roberta-style classes make a plain-string mask token lstrip (it eats the space before it).
  return Json{{"content", "<mask>"}, {"lstrip", true},        {"rstrip", false},
              {"single_word", false}, {"normalized", normalized}, {"special", true}};
}

// transformers' model types whose fast class's defaults are checked (see the header).
constexpr std::pair<const char*, SpecialDefaults> kFastClassOfModelType[] = {
    {"roberta", SpecialDefaults::RobertaFast},     {"bart", SpecialDefaults::RobertaFast},
    {"longformer", SpecialDefaults::RobertaFast},  {"xlm-roberta", SpecialDefaults::RobertaFast},
    {"gpt2", SpecialDefaults::EndOfText},          {"gpt_neox", SpecialDefaults::EndOfText},
};

}  // namespace

void add_special_defaults(Json& cfg, SpecialDefaults kind) {
  auto set_default = [&](const char* name, Json value) {
    if (!cfg.contains(name)) cfg[name] = std::move(value);
  };
  switch (kind) {
    case SpecialDefaults::EndOfText:
      for (const char* n : {"bos_token", "eos_token", "unk_token"}) set_default(n, "<|endoftext|>");
      break;
    case SpecialDefaults::Clip:
      set_default("bos_token", "<|startoftext|>");
      set_default("eos_token", "<|endoftext|>");
      set_default("unk_token", "<|endoftext|>");
      set_default("pad_token", "<|endoftext|>");
      break;
    case SpecialDefaults::RobertaSlow:
    case SpecialDefaults::RobertaFast:
      set_default("bos_token", "<s>");
      set_default("eos_token", "</s>");
      set_default("sep_token", "</s>");
      set_default("cls_token", "<s>");
      set_default("unk_token", "<unk>");
      set_default("pad_token", "<pad>");
      set_default("mask_token", mask_token(kind == SpecialDefaults::RobertaSlow));
      break;
  }
}

std::string with_fast_class_special_defaults(std::string_view tokenizer_config_json, std::string_view config_json) {
  Json cfg = tokenizer_config_json.empty() ? Json::object() : parse_json(tokenizer_config_json, "tokenizer_config.json");
  expect_object(cfg, JsonPath("tokenizer_config.json"));
  const std::string unchanged(tokenizer_config_json);
  if (find_field(cfg, "tokenizer_class") || config_json.empty()) return unchanged;
  const Json config = parse_json(config_json, "config.json");
  expect_object(config, JsonPath("config.json"));
  const Json* type = find_field(config, "model_type");
  if (!type || !type->is_string()) return unchanged;
  for (const auto& [model_type, kind] : kFastClassOfModelType) {
    if (type->get<std::string>() == model_type) {
      add_special_defaults(cfg, kind);
      // These fast classes' model_input_names (no token_type_ids) decide tokenizer()'s outputs.
      if (!cfg.contains("model_input_names")) cfg["model_input_names"] = Json::array({"input_ids", "attention_mask"});
      return cfg.dump();
    }
  }
  return unchanged;
}

}  // namespace wasmpipe
