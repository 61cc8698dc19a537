// BertPreTokenizer (Rust: pre_tokenizers::bert::BertPreTokenizer): splits on whitespace (removed),
// then isolates every punctuation char (ASCII punctuation or a Unicode P* category).
#pragma once
#include <cstdint>

#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

// What an ASCII byte is to the split: part of a word, whitespace (removed), or punctuation (alone).
enum class BertAsciiClass : uint8_t { kWordChar, kSpace, kPunct };

class BertPreTokenizer final : public PreTokenizer {
 public:
  static constexpr bool ascii_punct(unsigned char b) {
    return (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E);
  }
  static BertAsciiClass ascii_class(unsigned char b) noexcept;

  void pre_tokenize(PreTokenizedString& s) const override;
  void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const override;
  bool words_are_slices() const override { return true; }
};

}  // namespace wasmpipe::pre_tokenizers
