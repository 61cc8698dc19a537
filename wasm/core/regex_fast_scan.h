// Matches of a hand-written pre-tokenization matcher (core/regex_fast.h) handed out one by one,
// for callers that consume them in order and need no list (the ids-only pre-tokenizers).
#pragma once
#include <cstddef>
#include <string_view>

#include "core/regex_fast.h"

namespace wasmpipe::regex_fast {

// Receives the matches of for_each_match.
class MatchSink {
 public:
  virtual void match(size_t begin, size_t end) = 0;

 protected:
  ~MatchSink() = default;
};

// Calls sink.match(begin, end) for every match of `p` in `text`, in order: what find_all would
// list. Nothing for Pattern::None.
void for_each_match(Pattern p, std::string_view text, MatchSink& sink);

}  // namespace wasmpipe::regex_fast
