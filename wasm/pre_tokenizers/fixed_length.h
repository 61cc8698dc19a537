// FixedLength (Rust: pre_tokenizers::fixed_length::FixedLength): cuts every split into pieces of
// `length` chars (default 5; the last may be shorter).
#pragma once
#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

class FixedLength final : public PreTokenizer {
 public:
  explicit FixedLength(size_t length = 5) : length_(length) {}
  void pre_tokenize(PreTokenizedString& s) const override;
  static std::unique_ptr<FixedLength> from_json(const Json& j, const JsonPath& at);

 private:
  size_t length_;
};

}  // namespace wasmpipe::pre_tokenizers
