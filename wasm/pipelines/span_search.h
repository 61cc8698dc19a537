// The k best answer spans of a question-answering window: pairs (start, end) with
// start <= end < start + max_answer_len inside one allowed run of tokens, scored
// p_start[start] * p_end[end]. Python's pipeline scores the full [seq, seq] outer product
// (quadratic); this finds the same spans in O(n log n + k log n).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace wasmpipe {

struct ScoredSpan {
  float score;
  uint32_t start, end;  // token indices, inclusive
};

class SpanSearch {
 public:
  // allowed: half-open token ranges [first, last) where answers may lie (the context's runs).
  // Results are written to `out`, best first; ties: lower start, then lower end. Scratch memory
  // is kept between calls.
  void top_k(std::span<const float> p_start, std::span<const float> p_end,
             std::span<const std::pair<uint32_t, uint32_t>> allowed, size_t max_answer_len, size_t k,
             std::vector<ScoredSpan>& out);

 private:
  struct Candidate {
    float score;
    uint32_t start, end;  // the best start of [lo, hi] for this end
    uint32_t lo, hi;      // inclusive range of starts still available for this end
  };
  void build_range_max(std::span<const float> values);
  uint32_t range_argmax(uint32_t lo, uint32_t hi) const;  // inclusive, lowest index on ties
  void push(std::span<const float> p_start, std::span<const float> p_end, uint32_t end, uint32_t lo, uint32_t hi);

  std::vector<std::vector<uint32_t>> table_;  // sparse table of argmax over 2^j-long ranges
  std::vector<Candidate> heap_;
  const float* values_ = nullptr;
};

}  // namespace wasmpipe
