// BertPreTokenizer (Rust: pre_tokenizers::bert::BertPreTokenizer): splits on whitespace (removed),
// then isolates every punctuation char (ASCII punctuation or a Unicode P* category).
#pragma once
#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

class BertPreTokenizer final : public PreTokenizer {
 public:
  void pre_tokenize(PreTokenizedString& s) const override;
  void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const override;
};

}  // namespace wasmpipe::pre_tokenizers
