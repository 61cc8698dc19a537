// Calls that encode with their own truncation / padding (pipelines, tokenizer() options) set them
// for one call and put the tokenizer's own settings back afterwards, also when the call throws.
#pragma once
#include <optional>

#include "core/error.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe {

class TokenizerSettingsScope {
 public:
  explicit TokenizerSettingsScope(Tokenizer& t) : tok_(t), truncation_(t.truncation()), padding_(t.padding()) {}
  ~TokenizerSettingsScope() {
    tok_.set_padding(padding_);
    try {
      tok_.set_truncation(truncation_);
    } catch (const Error&) {
      // Only a tokenizer.json whose own truncation fails the check (stride too large) lands here:
      // it could not encode with it anyway, and a destructor must not throw.
      tok_.set_truncation(std::nullopt);
    }
  }
  TokenizerSettingsScope(const TokenizerSettingsScope&) = delete;
  TokenizerSettingsScope& operator=(const TokenizerSettingsScope&) = delete;

 private:
  Tokenizer& tok_;
  std::optional<TruncationParams> truncation_;
  std::optional<PaddingParams> padding_;
};

}  // namespace wasmpipe
