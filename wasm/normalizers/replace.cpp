#include "normalizers/replace.h"

#include "core/utf8.h"

namespace wasmpipe::normalizers {

ReplacePattern ReplacePattern::literal(std::string s) {
  ReplacePattern p;
  // Rust compiles {"String": s} to the regex `regex::escape(s)`; an empty literal is then an empty
  // regex (matches between every char), so only that case goes through Oniguruma.
  if (s.empty()) p.regex_ = std::make_shared<const Regex>("");
  p.literal_ = std::move(s);
  return p;
}

ReplacePattern ReplacePattern::regex(std::string_view pattern) {
  ReplacePattern p;
  p.regex_ = std::make_shared<const Regex>(pattern);
  return p;
}

ReplacePattern ReplacePattern::from_json(const Json& j, const JsonPath& at) {
  expect_object(j, at);
  if (find_field(j, "String")) {
    std::string s = require_string(j, "String", at);
    if (utf8::find_invalid(s) != std::string::npos) (at / "String").fail("must be valid UTF-8");
    return literal(std::move(s));
  }
  if (find_field(j, "Regex")) {
    const std::string r = require_string(j, "Regex", at);
    try {
      return regex(r);
    } catch (const Error& e) {
      (at / "Regex").fail(std::string("is not a valid regex: ") + e.what());
    }
  }
  at.fail("must be {\"String\": ...} or {\"Regex\": ...}");
}

void ReplacePattern::find_all(std::string_view text, std::vector<std::pair<size_t, size_t>>& out) const {
  if (regex_) {
    regex_->find_all(text, out);
    return;
  }
  size_t i = 0;
  while (true) {
    const size_t j = text.find(literal_, i);
    if (j == std::string_view::npos) return;
    out.emplace_back(j, j + literal_.size());
    i = j + literal_.size();
  }
}

void Replace::normalize(NormalizedString& s) const {
  const std::string& t = s.get();
  if (t.empty()) return;  // Rust's find_matches reports no match in an empty string
  std::vector<std::pair<size_t, size_t>> matches;
  pattern_.find_all(t, matches);
  if (matches.empty()) return;
  const std::vector<Offsets>& in_align = s.alignments();
  std::string out;
  std::vector<Offsets> align;
  out.reserve(t.size());
  align.reserve(t.size());
  size_t last = 0;
  for (const auto& [b, e] : matches) {
    out.append(t, last, b - last);
    align.insert(align.end(), in_align.begin() + static_cast<ptrdiff_t>(last), in_align.begin() + static_cast<ptrdiff_t>(b));
    // Rust: transform_range(match, content chars each with change +1, removing the match first):
    // inserted chars take the alignment of the byte before the insertion point, i.e. the last
    // byte of the match (or of the text before an empty match; (0, 0) at the very start).
    Offsets a{s.original_shift(), s.original_shift()};
    if (e > 0) a = in_align[e - 1];
    out += content_;
    align.insert(align.end(), content_.size(), a);
    last = e;
  }
  out.append(t, last, std::string::npos);
  align.insert(align.end(), in_align.begin() + static_cast<ptrdiff_t>(last), in_align.end());
  s.assign(std::move(out), std::move(align));
}

std::unique_ptr<Replace> Replace::from_json(const Json& j, const JsonPath& at) {
  const Json* p = find_field(j, "pattern");
  if (!p) (at / "pattern").fail("is missing (expected {\"String\": ...} or {\"Regex\": ...})");
  ReplacePattern pattern = ReplacePattern::from_json(*p, at / "pattern");
  std::string content = require_string(j, "content", at);
  if (utf8::find_invalid(content) != std::string::npos) (at / "content").fail("must be valid UTF-8");
  return std::make_unique<Replace>(std::move(pattern), std::move(content));
}

}  // namespace wasmpipe::normalizers
