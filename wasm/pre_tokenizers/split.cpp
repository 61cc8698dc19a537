#include "pre_tokenizers/split.h"

#include "pre_tokenizers/words.h"

namespace wasmpipe::pre_tokenizers {

void SplitPreTokenizer::pre_tokenize(PreTokenizedString& pts) const {
  std::vector<Match> matches;
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    matches.clear();
    regex_matches(regex_, s.get(), matches);
    if (invert_) invert_matches(matches);
    split_with_behavior(s, std::move(matches), behavior_, out);
  });
}

void SplitPreTokenizer::pre_tokenize_words(std::string_view text, uint32_t, WordSink& sink, WordScratch& scratch) const {
  if (text.empty()) return;
  WordScratch::Level lv(scratch);
  regex_matches(regex_, text, lv->matches);
  if (invert_) invert_matches(lv->matches);
  sink_pieces(text, lv->matches, behavior_, lv->pieces, sink);
}

std::unique_ptr<SplitPreTokenizer> SplitPreTokenizer::from_json(const Json& j, const JsonPath& at) {
  const Json* p = find_field(j, "pattern");
  const JsonPath pat = at / "pattern";
  if (!p) pat.fail("is missing (expected {\"String\": ...} or {\"Regex\": ...})");
  expect_object(*p, pat);
  std::string regex;
  if (const auto s = optional_string(*p, "String", pat)) {
    regex = Regex::escape(*s);
  } else if (const auto r = optional_string(*p, "Regex", pat)) {
    regex = *r;
  } else {
    pat.fail("must be {\"String\": ...} or {\"Regex\": ...}");
  }
  const Json* b = find_field(j, "behavior");
  if (!b) (at / "behavior").fail("is missing");
  const SplitBehavior behavior = parse_split_behavior(j, "behavior", at, SplitBehavior::Removed);
  const bool invert = require_bool(j, "invert", at);
  try {
    return std::make_unique<SplitPreTokenizer>(regex, behavior, invert);
  } catch (const Error& e) {
    pat.fail(std::string("is not a valid pattern: ") + e.what());
  }
}

}  // namespace wasmpipe::pre_tokenizers
