// BertPreTokenizer (Rust: pre_tokenizers::bert::BertPreTokenizer): splits on whitespace (removed),
// then isolates every punctuation char (ASCII punctuation or a Unicode P* category).
#pragma once
#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

class BertPreTokenizer final : public PreTokenizer {
 public:
  void pre_tokenize(PreTokenizedString& s) const override;
};

}  // namespace wasmpipe::pre_tokenizers
