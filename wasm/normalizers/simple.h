// Small normalizers of Rust's tokenizers, each a thin layer over NormalizedString:
// Lowercase, Strip (left/right whitespace), StripAccents (drops combining marks), Prepend, Nmt.
#pragma once
#include <memory>
#include <string>

#include "normalizers/normalizer.h"

namespace wasmpipe::normalizers {

// Rust normalizers::utils::Lowercase: char::to_lowercase of every char.
class Lowercase final : public Normalizer {
 public:
  void normalize(NormalizedString& s) const override { s.lowercase(); }
};

// Rust normalizers::strip::Strip: removes leading / trailing White_Space chars.
class Strip final : public Normalizer {
 public:
  Strip(bool left, bool right) : left_(left), right_(right) {}
  void normalize(NormalizedString& s) const override;
  static std::unique_ptr<Strip> from_json(const Json& j, const JsonPath& at);

 private:
  bool left_, right_;
};

// Rust normalizers::strip::StripAccents: removes every combining mark (General_Category M:
// Mn, Mc and Me). It does not decompose: put NFD/NFKD before it, as the Rust docs say.
class StripAccents final : public Normalizer {
 public:
  void normalize(NormalizedString& s) const override;
};

// Rust normalizers::prepend::Prepend: prepends `prepend` to any non-empty string; the added chars
// align to the first char.
class Prepend final : public Normalizer {
 public:
  explicit Prepend(std::string prepend) : prepend_(std::move(prepend)) {}
  void normalize(NormalizedString& s) const override;
  static std::unique_ptr<Prepend> from_json(const Json& j, const JsonPath& at);

 private:
  std::string prepend_;
};

// Rust normalizers::unicode::Nmt: drops some control chars and maps some spaces to ' '.
class Nmt final : public Normalizer {
 public:
  void normalize(NormalizedString& s) const override;
};

// Rust's is_combining_mark (unicode-normalization): General_Category Mn, Mc or Me.
bool is_combining_mark(char32_t c) noexcept;

}  // namespace wasmpipe::normalizers
