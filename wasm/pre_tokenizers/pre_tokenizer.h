// PreTokenizer interface (Rust: tokenizers::PreTokenizer): cuts the splits of a
// PreTokenizedString into smaller ones (pre-tokens / "words"), possibly rewriting them.
#pragma once
#include <memory>

#include "core/json.h"
#include "tokenizer/pre_tokenized_string.h"

namespace wasmpipe::pre_tokenizers {

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  virtual void pre_tokenize(PreTokenizedString& s) const = 0;
};

// Builds a pre-tokenizer from its tokenizer.json object at `at`; unknown types throw NotImplemented.
std::unique_ptr<PreTokenizer> from_json(const Json& j, const JsonPath& at);

}  // namespace wasmpipe::pre_tokenizers
