// Whitespace (Rust: pre_tokenizers::whitespace::Whitespace): keeps the matches of `\w+|[^\w\s]+`
// as Rust's `regex` crate sees them (Unicode 16 \w, not Oniguruma's); WhitespaceSplit: splits on chars with Rust's char::is_whitespace,
// removing them.
#pragma once
#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

// `\w` of Rust's regex crate: Alphabetic, marks, decimal digits, connector punctuation, joiners.
bool is_regex_word_char(char32_t c) noexcept;

class Whitespace final : public PreTokenizer {
 public:
  void pre_tokenize(PreTokenizedString& s) const override;
  void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const override;
  bool words_are_slices() const override { return true; }
};

class WhitespaceSplit final : public PreTokenizer {
 public:
  void pre_tokenize(PreTokenizedString& s) const override;
  void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const override;
  bool words_are_slices() const override { return true; }
};

}  // namespace wasmpipe::pre_tokenizers
