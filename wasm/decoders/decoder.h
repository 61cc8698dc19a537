// Decoder interface (Rust: tokenizers::Decoder): turns tokens back into text.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"

namespace wasmpipe::decoders {

class Decoder {
 public:
  virtual ~Decoder() = default;
  // Rust decode_chain: rewrites the token strings in place (a Sequence chains these).
  virtual void decode_chain(std::vector<std::string>& tokens) const = 0;
  // Rust decode: decode_chain, then concatenation.
  std::string decode(std::vector<std::string> tokens) const {
    decode_chain(tokens);
    std::string out;
    for (const auto& t : tokens) out += t;
    return out;
  }
};

// Builds a decoder from its tokenizer.json object at `at`; unknown types: NotImplemented.
std::unique_ptr<Decoder> from_json(const Json& j, const JsonPath& at);

// Rust's decoders::wordpiece::cleanup: " ." -> "." and friends, applied in Rust's order.
std::string wordpiece_cleanup(std::string_view s);
// transformers' clean_up_tokenization (the same list without " do not" -> " don't").
std::string clean_up_tokenization(std::string_view s);

}  // namespace wasmpipe::decoders
