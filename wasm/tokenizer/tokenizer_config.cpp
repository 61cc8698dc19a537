#include "tokenizer/tokenizer_config.h"

#include <cstdint>
#include <algorithm>
#include <limits>

#include "core/json.h"

namespace wasmpipe {
namespace {

// A special token value: "[CLS]" or {"content": "[CLS]", "lstrip": ..., ...}.
AddedToken read_token(const Json& v, const JsonPath& at, bool special_by_default = true) {
  AddedToken t;
  t.special = special_by_default;
  t.normalized = false;
  if (v.is_string()) {
    t.content = v.get<std::string>();
    return t;
  }
  if (!v.is_object()) at.fail(std::string("must be a string or an object with \"content\" (found ") + json_type_name(v) + ")");
  t.content = require_string(v, "content", at);
  t.single_word = optional_bool(v, "single_word", at, false);
  t.lstrip = optional_bool(v, "lstrip", at, false);
  t.rstrip = optional_bool(v, "rstrip", at, false);
  t.special = optional_bool(v, "special", at, special_by_default);
  t.normalized = optional_bool(v, "normalized", at, !t.special);
  return t;
}

}  // namespace

TokenizerConfig TokenizerConfig::parse(std::string_view text) {
  TokenizerConfig c;
  if (text.empty()) return c;
  const JsonPath root("tokenizer_config.json");
  const Json j = parse_json(text, "tokenizer_config.json");
  expect_object(j, root);

  if (const Json* m = find_field(j, "model_max_length")) {
    const JsonPath p = root / "model_max_length";
    if (m->is_number_unsigned() || m->is_number_integer()) {
      const int64_t v = m->is_number_unsigned() ? static_cast<int64_t>(std::min<uint64_t>(m->get<uint64_t>(), INT64_MAX))
                                                : m->get<int64_t>();
      if (v < 0) p.fail("must not be negative");
      if (static_cast<double>(v) <= 1e15 && static_cast<uint64_t>(v) <= SIZE_MAX) c.model_max_length = static_cast<size_t>(v);
    } else if (m->is_number_float()) {
      const double v = m->get<double>();
      if (!(v >= 0)) p.fail("must be a non-negative number");
      if (v <= 1e15 && v <= static_cast<double>(SIZE_MAX)) c.model_max_length = static_cast<size_t>(v);
    } else {
      p.fail(std::string("must be a number (found ") + json_type_name(*m) + ")");
    }
  }
  // transformers 4.57 PreTrainedTokenizerBase: kwargs.pop("clean_up_tokenization_spaces", False); no fast
  // class overrides it with True (transformers.js defaults to true instead).
  c.clean_up_tokenization_spaces = optional_bool(j, "clean_up_tokenization_spaces", root, false);
  c.do_lower_case = optional_nullable_bool(j, "do_lower_case", root);
  c.tokenize_chinese_chars = optional_nullable_bool(j, "tokenize_chinese_chars", root);
  c.strip_accents = optional_nullable_bool(j, "strip_accents", root);
  c.tokenizer_class = optional_string(j, "tokenizer_class", root);
  c.add_bos_token = optional_nullable_bool(j, "add_bos_token", root);
  c.add_eos_token = optional_nullable_bool(j, "add_eos_token", root);

  for (const char* name : kSpecialNames) {
    auto it = j.find(name);
    if (it == j.end()) continue;
    if (it->is_null()) {
      c.special_tokens[name] = std::nullopt;
    } else {
      c.special_tokens[name] = read_token(*it, root / name);
    }
  }
  if (const Json* extra = find_field(j, "additional_special_tokens")) {
    const JsonPath p = root / "additional_special_tokens";
    expect_array(*extra, p);
    for (size_t i = 0; i < extra->size(); ++i) c.additional_special_tokens.push_back(read_token((*extra)[i], p[i]));
  }
  if (const Json* dec = find_field(j, "added_tokens_decoder")) {
    const JsonPath p = root / "added_tokens_decoder";
    expect_object(*dec, p);
    for (auto it = dec->begin(); it != dec->end(); ++it) {
      const JsonPath ip = p / it.key();
      int64_t id = -1;
      try {
        size_t used = 0;
        id = std::stoll(it.key(), &used);
        if (used != it.key().size()) id = -1;
      } catch (...) {
        id = -1;
      }
      if (id < 0 || id > std::numeric_limits<int32_t>::max()) ip.fail("must be keyed by a token id");
      AddedToken t = read_token(it.value(), ip, /*special_by_default=*/false);
      c.added_tokens_decoder.emplace_back(static_cast<int32_t>(id), std::move(t));
    }
    std::stable_sort(c.added_tokens_decoder.begin(), c.added_tokens_decoder.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  return c;
}

}  // namespace wasmpipe
