// Unicode normalization forms (Rust: normalizers::unicode::{NFD, NFKD, NFC, NFKC}), with the
// alignment semantics of Rust's `unicode-normalization-alignments` iterators: each output char
// carries a change (0 = replaces the next input char, 1 = inserted, -n = also swallows n more),
// applied through NormalizedString::transform exactly as Rust does.
#pragma once
#include <memory>

#include "normalizers/normalizer.h"

namespace wasmpipe::normalizers {

enum class UnicodeForm { NFD, NFKD, NFC, NFKC };

class UnicodeNormalizer final : public Normalizer {
 public:
  explicit UnicodeNormalizer(UnicodeForm form) : form_(form) {}
  void normalize(NormalizedString& s) const override;
  UnicodeForm form() const noexcept { return form_; }

 private:
  UnicodeForm form_;
};

// The (char, change) list Rust's `nfd()/nfkd()/nfc()/nfkc()` with alignments produce for `text`.
std::vector<NormalizedString::Change> unicode_form_changes(std::string_view text, UnicodeForm form);

// Rust's is_combining_mark (General_Category Mn, Mc or Me in the crate's Unicode version).
bool rust_is_combining_mark(char32_t c) noexcept;

// Rust `unicode_normalization::char::compose(a, b)`: the primary composite of a + b, or 0.
char32_t compose_pair(char32_t a, char32_t b) noexcept;

}  // namespace wasmpipe::normalizers
