#include "pre_tokenizers/digits.h"

#include <utf8proc.h>

#include <utility>

#include "pre_tokenizers/split_behavior.h"

namespace wasmpipe::pre_tokenizers {

namespace {

// Numeric chars Rust's std knows (newer Unicode) that utf8proc 2.8 (Unicode 15) does not, found by
// probing every code point through the binding (tests/cpp/tools/probe_pretok_classes.cjs).
constexpr std::pair<char32_t, char32_t> kNewerNumeric[] = {
    {0x10D40, 0x10D49}, {0x116D0, 0x116E3}, {0x11BF0, 0x11BF9}, {0x11DE0, 0x11DE9}, {0x16130, 0x16139},
    {0x16D70, 0x16D79}, {0x16FF4, 0x16FF6}, {0x1CCF0, 0x1CCF9}, {0x1E5F1, 0x1E5FA}};

}  // namespace

bool is_numeric(char32_t c) noexcept {
  if (c < 0x80) return c >= '0' && c <= '9';
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  if (cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO) return true;
  for (const auto& [lo, hi] : kNewerNumeric)
    if (c >= lo && c <= hi) return true;
  return false;
}

void Digits::pre_tokenize(PreTokenizedString& pts) const {
  std::vector<Match> matches;
  const SplitBehavior behavior = individual_digits_ ? SplitBehavior::Isolated : SplitBehavior::Contiguous;
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    matches.clear();
    char_matches(s.get(), is_numeric, matches);
    split_with_behavior(s, std::move(matches), behavior, out);
  });
}

std::unique_ptr<Digits> Digits::from_json(const Json& j, const JsonPath& at) {
  return std::make_unique<Digits>(require_bool(j, "individual_digits", at));
}

}  // namespace wasmpipe::pre_tokenizers
