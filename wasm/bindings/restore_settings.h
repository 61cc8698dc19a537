// Puts a tokenizer's own truncation / padding settings back when a call that changed them for its
// duration ends (also when it throws): encode_options.cpp and model_inputs.cpp.
#pragma once
#include <optional>

#include "core/error.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe::bindings {

class RestoreSettings {
 public:
  explicit RestoreSettings(Tokenizer& t) : tok_(t), truncation_(t.truncation()), padding_(t.padding()) {}
  ~RestoreSettings() {
    tok_.set_padding(padding_);
    try {
      tok_.set_truncation(truncation_);
    } catch (const Error&) {
      // Only a tokenizer.json whose own truncation fails the check (stride too large) lands here:
      // it could not encode with it anyway, and a destructor must not throw.
      tok_.set_truncation(std::nullopt);
    }
  }
  RestoreSettings(const RestoreSettings&) = delete;
  RestoreSettings& operator=(const RestoreSettings&) = delete;

 private:
  Tokenizer& tok_;
  std::optional<TruncationParams> truncation_;
  std::optional<PaddingParams> padding_;
};

}  // namespace wasmpipe::bindings
