// Punctuation (Rust: pre_tokenizers::punctuation::Punctuation): splits on every punctuation char
// (ASCII punctuation or a Unicode P* category, as BertPreTokenizer) with `behavior`
// (default Isolated).
#pragma once
#include "pre_tokenizers/pre_tokenizer.h"
#include "pre_tokenizers/split_behavior.h"

namespace wasmpipe::pre_tokenizers {

class Punctuation final : public PreTokenizer {
 public:
  explicit Punctuation(SplitBehavior behavior = SplitBehavior::Isolated) : behavior_(behavior) {}
  void pre_tokenize(PreTokenizedString& s) const override;
  static std::unique_ptr<Punctuation> from_json(const Json& j, const JsonPath& at);

 private:
  SplitBehavior behavior_;
};

}  // namespace wasmpipe::pre_tokenizers
