// Digits (Rust: pre_tokenizers::digits::Digits): isolates chars with Rust's char::is_numeric
// (categories Nd, Nl, No), each alone (individual_digits) or as contiguous runs.
#pragma once
#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

// Rust char::is_numeric.
bool is_numeric(char32_t c) noexcept;

class Digits final : public PreTokenizer {
 public:
  explicit Digits(bool individual_digits = false) : individual_digits_(individual_digits) {}
  void pre_tokenize(PreTokenizedString& s) const override;
  static std::unique_ptr<Digits> from_json(const Json& j, const JsonPath& at);

 private:
  bool individual_digits_;
};

}  // namespace wasmpipe::pre_tokenizers
