// The input being cut into pre-tokens (Rust's PreTokenizedString): a list of splits, each a
// NormalizedString aligned to the original input, some already tokenized (added tokens).
#pragma once
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "tokenizer/normalized_string.h"
#include "tokenizer/token.h"

namespace wasmpipe {

struct Split {
  NormalizedString normalized;
  // Set when this split is already final (an added token); the model skips it.
  std::optional<std::vector<Token>> tokens;
};

class PreTokenizedString {
 public:
  PreTokenizedString() = default;
  // One split covering all of `original` (absolute offsets start at 0).
  explicit PreTokenizedString(std::string_view original) {
    if (!original.empty()) splits_.push_back(Split{NormalizedString(original), std::nullopt});
  }

  // Rust's PreTokenizedString::split: every split without tokens is handed to
  // `fn(index, NormalizedString&& s, std::vector<Split>& out)`, which appends its pieces to `out`;
  // empty pieces are dropped; already tokenized splits pass through.
  template <class Fn>
  void split(Fn&& fn) {
    std::vector<Split> next;
    next.reserve(splits_.size());
    for (size_t i = 0; i < splits_.size(); ++i) {
      Split& s = splits_[i];
      if (s.tokens) {
        next.push_back(std::move(s));
        continue;
      }
      const size_t first = next.size();
      fn(i, std::move(s.normalized), next);
      // Drop empty pieces in place (keeps order).
      size_t w = first;
      for (size_t r = first; r < next.size(); ++r) {
        if (next[r].normalized.empty()) continue;
        if (w != r) next[w] = std::move(next[r]);
        ++w;
      }
      next.resize(w);
    }
    splits_ = std::move(next);
  }

  // Normalizes every split that has no tokens yet, in place.
  template <class Fn>
  void normalize(Fn&& fn) {
    for (Split& s : splits_)
      if (!s.tokens) fn(s.normalized);
  }

  std::vector<Split>& splits() noexcept { return splits_; }
  const std::vector<Split>& splits() const noexcept { return splits_; }

 private:
  std::vector<Split> splits_;
};

}  // namespace wasmpipe
