// CharDelimiterSplit (Rust: pre_tokenizers::delimiter::CharDelimiterSplit): splits on one char,
// removing it.
#pragma once
#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

class CharDelimiterSplit final : public PreTokenizer {
 public:
  explicit CharDelimiterSplit(char32_t delimiter) : delimiter_(delimiter) {}
  void pre_tokenize(PreTokenizedString& s) const override;
  static std::unique_ptr<CharDelimiterSplit> from_json(const Json& j, const JsonPath& at);

 private:
  char32_t delimiter_;
};

// A JSON string field holding exactly one char (Rust `char` fields); InvalidFile otherwise.
char32_t require_char(const Json& obj, std::string_view key, const JsonPath& at);

}  // namespace wasmpipe::pre_tokenizers
