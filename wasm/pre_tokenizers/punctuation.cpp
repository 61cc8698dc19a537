#include "pre_tokenizers/punctuation.h"

#include "core/unicode.h"

namespace wasmpipe::pre_tokenizers {

void Punctuation::pre_tokenize(PreTokenizedString& pts) const {
  std::vector<Match> matches;
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    matches.clear();
    char_matches(s.get(), [](char32_t c) { return unicode::is_bert_punctuation(c); }, matches);
    split_with_behavior(s, std::move(matches), behavior_, out);
  });
}

std::unique_ptr<Punctuation> Punctuation::from_json(const Json& j, const JsonPath& at) {
  return std::make_unique<Punctuation>(parse_split_behavior(j, "behavior", at, SplitBehavior::Isolated));
}

}  // namespace wasmpipe::pre_tokenizers
