#include "pre_tokenizers/split_behavior.h"

#include <algorithm>

#include "core/regex_fast_scan.h"

namespace wasmpipe::pre_tokenizers {

bool require_bool(const Json& obj, std::string_view key, const JsonPath& at) {
  if (!find_field(obj, key)) (at / key).fail("is missing (expected true or false)");
  return optional_bool(obj, key, at, false);
}

bool split_behavior_from_name(std::string_view name, SplitBehavior& out) {
  if (name == "Removed") out = SplitBehavior::Removed;
  else if (name == "Isolated") out = SplitBehavior::Isolated;
  else if (name == "MergedWithPrevious") out = SplitBehavior::MergedWithPrevious;
  else if (name == "MergedWithNext") out = SplitBehavior::MergedWithNext;
  else if (name == "Contiguous") out = SplitBehavior::Contiguous;
  else return false;
  return true;
}

SplitBehavior parse_split_behavior(const Json& obj, std::string_view key, const JsonPath& at, SplitBehavior fallback) {
  const std::optional<std::string> name = optional_string(obj, key, at);
  if (!name) return fallback;
  SplitBehavior b;
  if (!split_behavior_from_name(*name, b))
    (at / key).fail("must be one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous (got '" +
                    *name + "')");
  return b;
}

void regex_matches(const Regex& re, std::string_view text, std::vector<Match>& out) {
  if (text.empty()) {
    out.push_back({0, 0, false});
    return;
  }
  // Matches and the gaps between them go straight into `out` (no list of matches first).
  struct Gaps final : regex_fast::MatchSink {
    std::vector<Match>& out;
    size_t prev = 0;
    explicit Gaps(std::vector<Match>& o) : out(o) {}
    void match(size_t b, size_t e) override {
      if (prev != b) out.push_back({prev, b, false});
      out.push_back({b, e, true});
      prev = e;
    }
  } gaps(out);
  if (re.fast_path() != regex_fast::Pattern::None) {
    regex_fast::for_each_match(re.fast_path(), text, gaps);
  } else {
    std::vector<std::pair<size_t, size_t>> found;
    re.find_all(text, found);
    for (const auto& [b, e] : found) gaps.match(b, e);
  }
  if (gaps.prev != text.size()) out.push_back({gaps.prev, text.size(), false});
}

void split_pieces(const std::vector<Match>& m, SplitBehavior behavior, std::vector<SplitPiece>& pieces) {
  pieces.clear();
  pieces.reserve(m.size());
  switch (behavior) {
    case SplitBehavior::Isolated:
      for (const Match& x : m) pieces.push_back({x.begin, x.end, false});
      break;
    case SplitBehavior::Removed:
      for (const Match& x : m) pieces.push_back({x.begin, x.end, x.is_match});
      break;
    case SplitBehavior::Contiguous: {
      bool prev = false;
      for (const Match& x : m) {
        if (x.is_match == prev && !pieces.empty()) pieces.back().e = x.end;
        else pieces.push_back({x.begin, x.end, false});
        prev = x.is_match;
      }
      break;
    }
    case SplitBehavior::MergedWithPrevious: {
      bool prev = false;
      for (const Match& x : m) {
        if (x.is_match && !prev && !pieces.empty()) pieces.back().e = x.end;
        else pieces.push_back({x.begin, x.end, false});
        prev = x.is_match;
      }
      break;
    }
    case SplitBehavior::MergedWithNext: {
      bool prev = false;
      for (auto it = m.rbegin(); it != m.rend(); ++it) {
        if (it->is_match && !prev && !pieces.empty()) pieces.back().b = it->begin;
        else pieces.push_back({it->begin, it->end, false});
        prev = it->is_match;
      }
      std::reverse(pieces.begin(), pieces.end());
      break;
    }
  }
}

void split_with_behavior(const NormalizedString& s, std::vector<Match> m, SplitBehavior behavior,
                         std::vector<Split>& out) {
  std::vector<SplitPiece> pieces;
  split_pieces(m, behavior, pieces);
  for (const SplitPiece& p : pieces)
    if (!p.remove && p.b < p.e) out.push_back(Split{s.slice(p.b, p.e), std::nullopt});
}

}  // namespace wasmpipe::pre_tokenizers
