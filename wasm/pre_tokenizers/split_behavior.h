// Rust's NormalizedString::split machinery shared by the pre-tokenizers: a Pattern's
// `find_matches` (a list of (range, is_match) covering the whole string) and the
// SplitDelimiterBehavior that turns it into pieces.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/regex.h"
#include "tokenizer/pre_tokenized_string.h"

namespace wasmpipe::pre_tokenizers {

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// Field `key` of `obj`, a boolean that Rust's serde requires (InvalidFile "is missing" when absent).
bool require_bool(const Json& obj, std::string_view key, const JsonPath& at);

// Field `key` of `obj` ("Removed", "Isolated", ...); `fallback` when absent.
SplitBehavior parse_split_behavior(const Json& obj, std::string_view key, const JsonPath& at, SplitBehavior fallback);
// The same for a bare name (as the JS binding takes it); false when unknown.
bool split_behavior_from_name(std::string_view name, SplitBehavior& out);

struct Match {
  size_t begin, end;
  bool is_match;
};

// Rust `impl Pattern for &Regex`: matches and the gaps between them; [(0,0),false] for "".
void regex_matches(const Regex& re, std::string_view text, std::vector<Match>& out);

// Rust `impl Pattern for Fn(char) -> bool` (and for char): every matching char is its own match.
template <class Pred>
void char_matches(std::string_view text, Pred&& pred, std::vector<Match>& out) {
  if (text.empty()) {
    out.push_back({0, 0, false});
    return;
  }
  size_t last = 0, i = 0;
  while (i < text.size()) {
    const size_t b = i;
    const char32_t c = utf8::decode(text, i);
    if (pred(c)) {
      if (last < b) out.push_back({last, b, false});
      out.push_back({b, i, true});
      last = i;
    }
  }
  if (last < text.size()) out.push_back({last, text.size(), false});
}

// Rust `Invert(pattern)`: flips every is_match.
inline void invert_matches(std::vector<Match>& m) {
  for (Match& x : m) x.is_match = !x.is_match;
}

// One piece of a split: bytes [b, e) of the string, dropped when `remove`.
struct SplitPiece {
  size_t b, e;
  bool remove;
};
// The pieces `behavior` makes of `matches` (Rust's SplitDelimiterBehavior), in order; `pieces` is
// cleared first.
void split_pieces(const std::vector<Match>& matches, SplitBehavior behavior, std::vector<SplitPiece>& pieces);

// Rust NormalizedString::split(pattern, behavior): appends the kept pieces of `s` to `out`
// (empty pieces are dropped later by PreTokenizedString::split).
void split_with_behavior(const NormalizedString& s, std::vector<Match> matches, SplitBehavior behavior,
                         std::vector<Split>& out);

}  // namespace wasmpipe::pre_tokenizers
