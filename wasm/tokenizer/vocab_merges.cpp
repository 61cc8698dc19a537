// Tokenizer::from_vocab_merges: a byte-level BPE tokenizer from vocab.json + merges.txt, built the
// way transformers converts the slow tokenizer class to a fast one (convert_slow_tokenizer.py):
//   GPT2Converter    GPT2Tokenizer, CodeGenTokenizer
//   RobertaConverter RobertaTokenizer, BartTokenizer, LongformerTokenizer, LEDTokenizer, MvpTokenizer
//   CLIPConverter    CLIPTokenizer
//   WhisperConverter WhisperTokenizer
// The class is tokenizer_config.json's tokenizer_class, else derived from config.json's model_type.
// The converter's tokenizer.json is assembled here and loaded by from_json, so the special tokens of
// the config (with the slow class's defaults for the ones it does not name) become added tokens
// exactly as for a repo that ships tokenizer.json.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "core/utf8.h"
#include "tokenizer/class_special_defaults.h"
#include "tokenizer/tokenizer_impl.h"

namespace wasmpipe {
namespace {

enum class Converter { Gpt2, Roberta, Clip, Whisper };

struct ClassInfo {
  const char* name;
  Converter converter;
};
constexpr ClassInfo kClasses[] = {
    {"GPT2Tokenizer", Converter::Gpt2},         {"CodeGenTokenizer", Converter::Gpt2},
    {"RobertaTokenizer", Converter::Roberta},   {"BartTokenizer", Converter::Roberta},
    {"LongformerTokenizer", Converter::Roberta}, {"LEDTokenizer", Converter::Roberta},
    {"MvpTokenizer", Converter::Roberta},       {"CLIPTokenizer", Converter::Clip},
    {"WhisperTokenizer", Converter::Whisper},
};
// transformers' TOKENIZER_MAPPING_NAMES for the model types whose tokenizer is one of the above.
constexpr std::pair<const char*, const char*> kModelTypes[] = {
    {"gpt2", "GPT2Tokenizer"},        {"gpt_neo", "GPT2Tokenizer"},   {"codegen", "CodeGenTokenizer"},
    {"roberta", "RobertaTokenizer"},  {"bart", "BartTokenizer"},      {"longformer", "RobertaTokenizer"},
    {"led", "LEDTokenizer"},          {"mvp", "MvpTokenizer"},        {"clip", "CLIPTokenizer"},
    {"whisper", "WhisperTokenizer"},
};

std::string resolve_class(const Json& tokenizer_config, std::string_view config_json) {
  if (const Json* c = find_field(tokenizer_config, "tokenizer_class"); c && c->is_string()) {
    std::string name = c->get<std::string>();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, "Fast") == 0) name.resize(name.size() - 4);
    return name;
  }
  if (!config_json.empty()) {
    const Json config = parse_json(config_json, "config.json");
    if (const Json* t = find_field(config, "model_type"); t && t->is_string()) {
      const std::string type = t->get<std::string>();
      for (const auto& [model_type, cls] : kModelTypes)
        if (type == model_type) return cls;
      throw Error(ErrorCode::NotImplemented,
                  "vocab.json + merges.txt: config.json model_type '" + type +
                      "' has no known byte-level BPE tokenizer class; set tokenizer_class in tokenizer_config.json");
    }
  }
  throw Error(ErrorCode::InvalidFile,
              "vocab.json + merges.txt: neither tokenizer_config.json tokenizer_class nor config.json model_type "
              "says which tokenizer this is");
}

Converter converter_for(const std::string& cls) {
  for (const ClassInfo& c : kClasses)
    if (cls == c.name) return c.converter;
  throw Error(ErrorCode::NotImplemented, "vocab.json + merges.txt: tokenizer class '" + cls +
                                             "' is not supported (supported: GPT2, CodeGen, Roberta, Bart, "
                                             "Longformer, LED, Mvp, CLIP, Whisper)");
}

// The slow tokenizer's merges: GPT-2 style classes drop the first line ("#version") and the last
// one (empty after the final newline; a missing final newline loses the last merge, as in Python);
// CLIP reads at most 49152 - 256 - 2 merges after stripping the file. Duplicates keep their first
// rank (Python's bpe_ranks dict).
Json read_merges(std::string_view text, Converter conv) {
  std::vector<std::string_view> lines;
  if (conv == Converter::Clip) {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    while (!text.empty() && ws(text.front())) text.remove_prefix(1);
    while (!text.empty() && ws(text.back())) text.remove_suffix(1);
  }
  size_t pos = 0;
  while (true) {
    const size_t nl = text.find('\n', pos);
    lines.push_back(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  size_t first = 1, end = lines.size();
  if (conv == Converter::Clip) {
    end = std::min<size_t>(end, 49152 - 256 - 2 + 1);
  } else if (end > 0) {
    --end;
  }
  Json merges = Json::array();
  std::set<std::string> seen;
  for (size_t i = first; i < end; ++i) {
    // Python's str.split(): runs of whitespace separate, ends are ignored.
    std::vector<std::string_view> parts;
    std::string_view line = lines[i];
    size_t p = 0;
    while (p < line.size()) {
      while (p < line.size() && (line[p] == ' ' || line[p] == '\t' || line[p] == '\r')) ++p;
      const size_t b = p;
      while (p < line.size() && !(line[p] == ' ' || line[p] == '\t' || line[p] == '\r')) ++p;
      if (p > b) parts.push_back(line.substr(b, p - b));
    }
    if (parts.size() != 2) {
      throw Error(ErrorCode::InvalidFile, "merges.txt line " + std::to_string(i + 1) +
                                              ": expected two tokens separated by a space, found " +
                                              std::to_string(parts.size()));
    }
    std::string merge = std::string(parts[0]) + ' ' + std::string(parts[1]);
    if (seen.insert(merge).second) merges.push_back(std::move(merge));
  }
  return merges;
}

Json token_object(std::string content, bool lstrip = false) {
  return Json{{"content", std::move(content)}, {"lstrip", lstrip}, {"rstrip", false},
              {"single_word", false},          {"normalized", true}, {"special", true}};
}

// The slow class's defaults for special tokens the config does not mention (its __init__ values).
void add_default_special_tokens(Json& cfg, Converter conv) {
  switch (conv) {
    case Converter::Gpt2:
    case Converter::Whisper:
      return add_special_defaults(cfg, SpecialDefaults::EndOfText);
    case Converter::Clip:
      return add_special_defaults(cfg, SpecialDefaults::Clip);
    case Converter::Roberta:
      add_special_defaults(cfg, SpecialDefaults::RobertaSlow);
      // RobertaTokenizer makes a plain-string mask token lstrip, the config's own included.
      if (cfg["mask_token"].is_string()) cfg["mask_token"] = token_object(cfg["mask_token"].get<std::string>(), true);
      return;
  }
}

std::string special_content(const Json& cfg, const char* name) {
  const Json* t = find_field(cfg, name);
  if (!t || t->is_null()) {
    throw Error(ErrorCode::InvalidFile, std::string("tokenizer_config.json: ") + name +
                                            " is null, this tokenizer class needs one");
  }
  if (t->is_string()) return t->get<std::string>();
  return require_string(*t, "content", JsonPath("tokenizer_config.json") / name);
}

int32_t id_in(const Json& vocab, const std::string& token, const char* what) {
  const auto it = vocab.find(token);
  if (it == vocab.end() || !it->is_number_integer()) {
    throw Error(ErrorCode::InvalidFile, std::string("vocab.json: ") + what + " '" + token + "' is not in the vocabulary");
  }
  return it->get<int32_t>();
}

// Id the special token will have: its vocab.json id, else its id in added_tokens_decoder.
int32_t special_id(const Json& vocab, const Json& cfg, const std::string& token, const char* what) {
  if (vocab.contains(token)) return id_in(vocab, token, what);
  if (const Json* dec = find_field(cfg, "added_tokens_decoder"); dec && dec->is_object()) {
    for (auto it = dec->begin(); it != dec->end(); ++it) {
      const Json& t = it.value();
      const std::string content = t.is_string() ? t.get<std::string>() : t.value("content", std::string());
      if (content != token) continue;
      // Keys are ids; a malformed one is reported by TokenizerConfig::parse with its JSON path.
      const std::string& key = it.key();
      if (!key.empty() && key.size() < 10 && key.find_first_not_of("0123456789") == std::string::npos)
        return static_cast<int32_t>(std::stol(key));
    }
  }
  throw Error(ErrorCode::InvalidFile, std::string("vocab.json + tokenizer_config.json: ") + what + " '" + token +
                                          "' has no id");
}

Json byte_level(bool add_prefix_space, bool trim_offsets) {
  return Json{{"type", "ByteLevel"}, {"add_prefix_space", add_prefix_space}, {"trim_offsets", trim_offsets},
              {"use_regex", true}};
}

Json template_special(const std::string& token, int32_t id) {
  return Json{{"id", token}, {"ids", Json::array({id})}, {"tokens", Json::array({token})}};
}

}  // namespace

Tokenizer Tokenizer::from_vocab_merges(std::string_view vocab_json, std::string_view merges_txt,
                                       std::string_view tokenizer_config_json, std::string_view config_json) {
  utf8::validate(vocab_json, "vocab.json");
  utf8::validate(merges_txt, "merges.txt");
  Json cfg = tokenizer_config_json.empty() ? Json::object() : parse_json(tokenizer_config_json, "tokenizer_config.json");
  expect_object(cfg, JsonPath("tokenizer_config.json"));
  const std::string cls = resolve_class(cfg, config_json);
  const Converter conv = converter_for(cls);
  // from_json applies the class's own semantics (CLIP's decode) from this name.
  if (!cfg.contains("tokenizer_class")) cfg["tokenizer_class"] = cls;

  Json vocab = parse_json(vocab_json, "vocab.json");
  expect_object(vocab, JsonPath("vocab.json"));
  add_default_special_tokens(cfg, conv);
  const bool add_prefix_space = optional_bool(cfg, "add_prefix_space", JsonPath("tokenizer_config.json"), false);

  Json model = {{"type", "BPE"},
                {"dropout", nullptr},
                {"unk_token", nullptr},
                {"continuing_subword_prefix", ""},
                {"end_of_word_suffix", ""},
                {"fuse_unk", false},
                {"byte_fallback", false}};
  Json root = {{"version", "1.0"}, {"truncation", nullptr}, {"padding", nullptr}, {"added_tokens", Json::array()},
               {"normalizer", nullptr}};
  root["pre_tokenizer"] = byte_level(add_prefix_space, true);
  root["decoder"] = byte_level(true, true);

  switch (conv) {
    case Converter::Gpt2:
      if (optional_bool(cfg, "add_bos_token", JsonPath("tokenizer_config.json"), false)) {
        const std::string bos = special_content(cfg, "bos_token");
        const int32_t id = special_id(vocab, cfg, bos, "bos_token");
        root["post_processor"] = {
            {"type", "TemplateProcessing"},
            {"single", bos + ":0 $A:0"},
            {"pair", bos + ":0 $A:0 $B:1"},
            {"special_tokens", {{bos, template_special(bos, id)}}}};
      } else {
        root["post_processor"] = byte_level(true, false);
      }
      break;
    case Converter::Roberta: {
      const std::string sep = special_content(cfg, "sep_token"), cls_tok = special_content(cfg, "cls_token");
      root["post_processor"] = {{"type", "RobertaProcessing"},
                                {"sep", {sep, special_id(vocab, cfg, sep, "sep_token")}},
                                {"cls", {cls_tok, special_id(vocab, cfg, cls_tok, "cls_token")}},
                                {"add_prefix_space", add_prefix_space},
                                {"trim_offsets", true}};
      break;
    }
    case Converter::Clip: {
      model["unk_token"] = special_content(cfg, "unk_token");
      model["end_of_word_suffix"] = "</w>";
      root["normalizer"] = {{"type", "Sequence"},
                            {"normalizers",
                             {{{"type", "NFC"}},
                              {{"type", "Replace"}, {"pattern", {{"Regex", "\\s+"}}}, {"content", " "}},
                              {{"type", "Lowercase"}}}}};
      root["pre_tokenizer"] = {
          {"type", "Sequence"},
          {"pretokenizers",
           {{{"type", "Split"},
             {"pattern", {{"Regex", R"('s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+)"}}},
             {"behavior", "Removed"},
             {"invert", true}},
            byte_level(false, true)}}};
      const std::string eos = special_content(cfg, "eos_token"), bos = special_content(cfg, "bos_token");
      root["post_processor"] = {{"type", "RobertaProcessing"},
                                {"sep", {eos, special_id(vocab, cfg, eos, "eos_token")}},
                                {"cls", {bos, special_id(vocab, cfg, bos, "bos_token")}},
                                {"add_prefix_space", false},
                                {"trim_offsets", false}};
      break;
    }
    case Converter::Whisper: {
      // WhisperTokenizer's prefix_tokens with its defaults (no language, no task,
      // predict_timestamps false): <|startoftranscript|> <|notimestamps|>.
      const JsonPath at("tokenizer_config.json");
      if (optional_string(cfg, "language", at) || optional_string(cfg, "task", at) ||
          optional_bool(cfg, "predict_timestamps", at, false)) {
        throw Error(ErrorCode::NotImplemented,
                    "vocab.json + merges.txt: Whisper language / task / predict_timestamps in tokenizer_config.json "
                    "are not supported yet");
      }
      const std::string eos = special_content(cfg, "eos_token");
      const std::vector<std::string> prefixes = {"<|startoftranscript|>", "<|notimestamps|>"};
      std::string prefix;
      Json specials = {{eos, template_special(eos, special_id(vocab, cfg, eos, "eos_token"))}};
      for (const std::string& p : prefixes) {
        prefix += p + ":0 ";
        specials[p] = template_special(p, special_id(vocab, cfg, p, "prefix token"));
      }
      root["post_processor"] = {{"type", "TemplateProcessing"},
                                {"single", prefix + "$A:0 " + eos + ":0"},
                                {"pair", prefix + "$A:0 $B:1 " + eos + ":1"},
                                {"special_tokens", std::move(specials)}};
      break;
    }
  }
  model["merges"] = read_merges(merges_txt, conv);
  model["vocab"] = std::move(vocab);
  root["model"] = std::move(model);
  // As from_json: the config's special tokens and added_tokens_decoder become added tokens. Errors
  // name the tokenizer.json this assembled: say where it came from.
  try {
    return Impl::from_json_root(root, cfg.dump());
  } catch (const Error& e) {
    throw Error(e.code(), "vocab.json + merges.txt (" + cls + ", assembled like transformers' converter): " + e.what());
  }
}

}  // namespace wasmpipe
