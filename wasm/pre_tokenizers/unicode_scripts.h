// UnicodeScripts (Rust: pre_tokenizers::unicode_scripts::UnicodeScripts): cuts each split where the
// Unicode script changes, as SentencePiece's IsValidSentencePiece does. Hiragana, Katakana and
// U+30FC count as Han; ' ' (U+0020 only) and chars without a script (Script::Any) join whatever
// run they are in and never start a new one.
#pragma once
#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

class UnicodeScripts final : public PreTokenizer {
 public:
  void pre_tokenize(PreTokenizedString& s) const override;
};

}  // namespace wasmpipe::pre_tokenizers
