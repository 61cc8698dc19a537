#include "pipelines/span_search.h"

#include <algorithm>

namespace wasmpipe {
namespace {

// Heap order: higher score first; ties prefer the lower start, then the lower end (numpy's argmax
// over the flattened [start, end] matrix picks the first, i.e. lowest start then lowest end).
bool worse(float sa, uint32_t s1, uint32_t e1, float sb, uint32_t s2, uint32_t e2) {
  if (sa != sb) return sa < sb;
  if (s1 != s2) return s1 > s2;
  return e1 > e2;
}

}  // namespace

void SpanSearch::build_range_max(std::span<const float> values) {
  const size_t n = values.size();
  values_ = values.data();
  size_t levels = 1;
  while ((size_t{1} << levels) <= n) ++levels;
  if (table_.size() < levels) table_.resize(levels);
  table_[0].resize(n);
  for (size_t i = 0; i < n; ++i) table_[0][i] = static_cast<uint32_t>(i);
  for (size_t j = 1; j < levels; ++j) {
    const size_t half = size_t{1} << (j - 1);
    const size_t count = n + 1 - (size_t{1} << j);
    table_[j].resize(count);
    for (size_t i = 0; i < count; ++i) {
      const uint32_t a = table_[j - 1][i], b = table_[j - 1][i + half];
      table_[j][i] = values[b] > values[a] ? b : a;  // equal: keep the lower index
    }
  }
}

uint32_t SpanSearch::range_argmax(uint32_t lo, uint32_t hi) const {
  const size_t len = size_t{hi} - lo + 1;
  size_t j = 0;
  while ((size_t{2} << j) <= len) ++j;
  const uint32_t a = table_[j][lo], b = table_[j][hi + 1 - (size_t{1} << j)];
  return values_[b] > values_[a] ? b : a;
}

void SpanSearch::push(std::span<const float> p_start, std::span<const float> p_end, uint32_t end, uint32_t lo,
                      uint32_t hi) {
  const uint32_t s = range_argmax(lo, hi);
  heap_.push_back({p_start[s] * p_end[end], s, end, lo, hi});
  std::push_heap(heap_.begin(), heap_.end(), [](const Candidate& a, const Candidate& b) {
    return worse(a.score, a.start, a.end, b.score, b.start, b.end);
  });
}

void SpanSearch::top_k(std::span<const float> p_start, std::span<const float> p_end,
                       std::span<const std::pair<uint32_t, uint32_t>> allowed, size_t max_answer_len, size_t k,
                       std::vector<ScoredSpan>& out) {
  out.clear();
  heap_.clear();
  if (k == 0 || max_answer_len == 0 || p_start.empty()) return;
  build_range_max(p_start);
  // For each end, the best start within its run and at most max_answer_len - 1 tokens before it.
  for (const auto& [first, last] : allowed) {
    for (uint32_t e = first; e < last; ++e) {
      const uint32_t lo = static_cast<uint32_t>(std::max<size_t>(first, e + 1 >= max_answer_len ? e + 1 - max_answer_len : 0));
      push(p_start, p_end, e, lo, e);
    }
  }
  const auto order = [](const Candidate& a, const Candidate& b) {
    return worse(a.score, a.start, a.end, b.score, b.start, b.end);
  };
  // Pop the best; its end's remaining starts split into the ranges left and right of the one taken.
  while (out.size() < k && !heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), order);
    const Candidate c = heap_.back();
    heap_.pop_back();
    out.push_back({c.score, c.start, c.end});
    if (c.start > c.lo) push(p_start, p_end, c.end, c.lo, c.start - 1);
    if (c.start < c.hi) push(p_start, p_end, c.end, c.start + 1, c.hi);
  }
}

}  // namespace wasmpipe
