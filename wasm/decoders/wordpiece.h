// WordPiece decoder (Rust: decoders::wordpiece::WordPiece): strips the "##" prefix of
// continuation tokens, puts a space before the others, optionally cleans up punctuation spacing.
#pragma once
#include <string>

#include "decoders/decoder.h"

namespace wasmpipe::decoders {

class WordPiece final : public Decoder {
 public:
  explicit WordPiece(std::string prefix = "##", bool cleanup = true) : prefix_(std::move(prefix)), cleanup_(cleanup) {}
  void decode_chain(std::vector<std::string>& tokens) const override;
  static std::unique_ptr<WordPiece> from_json(const Json& j, const JsonPath& at);

 private:
  std::string prefix_;
  bool cleanup_;
};

}  // namespace wasmpipe::decoders
