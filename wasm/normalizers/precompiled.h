// Precompiled normalizer (Rust: normalizers::precompiled::Precompiled over the `spm_precompiled`
// crate): SentencePiece's compiled normalization rules. `precompiled_charsmap` (base64 in
// tokenizer.json) holds a darts-clone double-array trie (u32 LE size + units) followed by a blob
// of NUL-terminated replacement strings. Per extended grapheme cluster (< 6 bytes) the trie's
// FIRST (shortest) prefix match replaces the whole grapheme; otherwise each char is looked up alone.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "normalizers/normalizer.h"

namespace wasmpipe::normalizers {

class Precompiled final : public Normalizer {
 public:
  // Throws InvalidArgument when the charsmap is malformed.
  explicit Precompiled(std::string_view charsmap);
  void normalize(NormalizedString& s) const override;
  void normalize_text(std::string_view in, std::string& out) const override;
  static std::unique_ptr<Precompiled> from_json(const Json& j, const JsonPath& at);

  // spm_precompiled's transform: the replacement for the shortest trie prefix of `chunk`.
  std::optional<std::string_view> transform(std::string_view chunk) const;
  // SentencePiece's own lookup (normalizer.cc NormalizePrefix): the LONGEST trie prefix of
  // `text`. Returns its byte length (0: none) and sets `replacement`.
  size_t longest_prefix(std::string_view text, std::string_view& replacement) const;

 private:
  std::vector<uint32_t> trie_;
  std::string normalized_;
  // transform() of each one-byte ASCII chunk, as a slice of normalized_ (the ids path's fast path).
  struct AsciiReplacement {
    bool mapped = false;
    uint32_t offset = 0, length = 0;
  };
  std::array<AsciiReplacement, 128> ascii_{};
  std::array<bool, 128> ascii_plain_{};  // not mapped, not \r: copied as is when ASCII follows
};

// Standard base64 (with or without '=' padding); nullopt on bad input.
std::optional<std::string> base64_decode(std::string_view in);

// Byte length of the extended grapheme cluster starting at `i` (utf8proc's UAX #29 rules).
size_t grapheme_length(std::string_view text, size_t i);

}  // namespace wasmpipe::normalizers
