#include "pre_tokenizers/char_delimiter_split.h"

#include "core/utf8.h"
#include "pre_tokenizers/split_behavior.h"

namespace wasmpipe::pre_tokenizers {

char32_t require_char(const Json& obj, std::string_view key, const JsonPath& at) {
  const std::string s = require_string(obj, key, at);
  if (utf8::find_invalid(s) != static_cast<size_t>(-1) || utf8::char_count(s) != 1)
    (at / key).fail("must be a string of exactly one character");
  size_t i = 0;
  return utf8::decode(s, i);
}

void CharDelimiterSplit::pre_tokenize(PreTokenizedString& pts) const {
  std::vector<Match> matches;
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    matches.clear();
    char_matches(s.get(), [this](char32_t c) { return c == delimiter_; }, matches);
    split_with_behavior(s, std::move(matches), SplitBehavior::Removed, out);
  });
}

std::unique_ptr<CharDelimiterSplit> CharDelimiterSplit::from_json(const Json& j, const JsonPath& at) {
  return std::make_unique<CharDelimiterSplit>(require_char(j, "delimiter", at));
}

}  // namespace wasmpipe::pre_tokenizers
