// Replace normalizer (Rust: normalizers::replace::Replace): replaces every match of a literal
// ({"String": ...}) or Oniguruma regex ({"Regex": ...}) pattern with `content`.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/regex.h"
#include "normalizers/normalizer.h"

namespace wasmpipe::normalizers {

// A tokenizers "pattern": {"String": s} or {"Regex": r} (shared by the Replace decoder).
class ReplacePattern {
 public:
  static ReplacePattern literal(std::string s);
  static ReplacePattern regex(std::string_view pattern);  // throws InvalidFile on a bad regex
  static ReplacePattern from_json(const Json& j, const JsonPath& at);

  // Non-overlapping matches, left to right, as byte ranges (onig find_iter semantics; a literal
  // behaves as Rust's escaped regex of it, so "" matches the empty string at every char boundary).
  void find_all(std::string_view text, std::vector<std::pair<size_t, size_t>>& out) const;

 private:
  std::string literal_;
  std::shared_ptr<const Regex> regex_;
};

class Replace final : public Normalizer {
 public:
  Replace(ReplacePattern pattern, std::string content) : pattern_(std::move(pattern)), content_(std::move(content)) {}
  void normalize(NormalizedString& s) const override;
  static std::unique_ptr<Replace> from_json(const Json& j, const JsonPath& at);

 private:
  ReplacePattern pattern_;
  std::string content_;
};

}  // namespace wasmpipe::normalizers
