// Pipelines that encode with their own truncation/padding set them for one call and put the
// tokenizer's own settings back afterwards (also when the call throws).
#pragma once
#include <optional>

#include "tokenizer/tokenizer.h"

namespace wasmpipe {

class TokenizerSettingsScope {
 public:
  explicit TokenizerSettingsScope(Tokenizer& t) : tok_(t), truncation_(t.truncation()), padding_(t.padding()) {}
  ~TokenizerSettingsScope() {
    tok_.set_truncation(truncation_);
    tok_.set_padding(padding_);
  }
  TokenizerSettingsScope(const TokenizerSettingsScope&) = delete;
  TokenizerSettingsScope& operator=(const TokenizerSettingsScope&) = delete;

 private:
  Tokenizer& tok_;
  std::optional<TruncationParams> truncation_;
  std::optional<PaddingParams> padding_;
};

}  // namespace wasmpipe
