// Normalizer interface (Rust: tokenizers::Normalizer): rewrites a NormalizedString in place,
// keeping its alignment to the original text.
#pragma once
#include <memory>

#include "core/json.h"
#include "tokenizer/normalized_string.h"

namespace wasmpipe::normalizers {

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  virtual void normalize(NormalizedString& s) const = 0;
  // The normalized text of `in` into `out` (the ids-only encode path needs no alignments).
  virtual void normalize_text(std::string_view in, std::string& out) const {
    NormalizedString n(in);
    normalize(n);
    out = n.get();
  }
};

// Builds a normalizer from its tokenizer.json object found at `at` ("normalizer", or nested).
// Unknown or not yet implemented types throw NotImplemented.
std::unique_ptr<Normalizer> from_json(const Json& j, const JsonPath& at);

}  // namespace wasmpipe::normalizers
