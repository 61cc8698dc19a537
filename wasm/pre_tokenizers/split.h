// Split pre-tokenizer (Rust: pre_tokenizers::split::Split): pattern {"String": literal} (escaped
// like Rust's regex::escape) or {"Regex": onig pattern}, a SplitDelimiterBehavior, and `invert`.
#pragma once
#include <string>

#include "core/regex.h"
#include "pre_tokenizers/pre_tokenizer.h"
#include "pre_tokenizers/split_behavior.h"

namespace wasmpipe::pre_tokenizers {

class SplitPreTokenizer final : public PreTokenizer {
 public:
  // `pattern` is an Oniguruma regex (escape literals with Regex::escape first).
  SplitPreTokenizer(std::string_view pattern, SplitBehavior behavior, bool invert)
      : regex_(pattern), behavior_(behavior), invert_(invert) {}
  void pre_tokenize(PreTokenizedString& s) const override;
  void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const override;
  bool words_are_slices() const override { return true; }
  static std::unique_ptr<SplitPreTokenizer> from_json(const Json& j, const JsonPath& at);

  const Regex& regex() const noexcept { return regex_; }
  SplitBehavior behavior() const noexcept { return behavior_; }
  bool invert() const noexcept { return invert_; }

 private:
  Regex regex_;
  SplitBehavior behavior_;
  bool invert_;
};

}  // namespace wasmpipe::pre_tokenizers
