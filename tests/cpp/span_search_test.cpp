// SpanSearch against a brute-force oracle: Python's decode_spans scores the whole [seq, seq]
// outer product; here every pair is enumerated, sorted, and compared with the fast search.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "pipelines/span_search.h"

using namespace wasmpipe;

namespace {

std::vector<ScoredSpan> brute_force(const std::vector<float>& ps, const std::vector<float>& pe,
                                    const std::vector<std::pair<uint32_t, uint32_t>>& runs, size_t max_len,
                                    size_t k) {
  std::vector<ScoredSpan> all;
  for (const auto& [first, last] : runs)
    for (uint32_t s = first; s < last; ++s)
      for (uint32_t e = s; e < last && e - s < max_len; ++e) all.push_back({ps[s] * pe[e], s, e});
  std::stable_sort(all.begin(), all.end(), [](const ScoredSpan& a, const ScoredSpan& b) {
    return std::tie(b.score, a.start, a.end) < std::tie(a.score, b.start, b.end);
  });
  if (all.size() > k) all.resize(k);
  return all;
}

}  // namespace

TEST(SpanSearch, MatchesBruteForceOnRandomWindows) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.f, 1.f);
  SpanSearch search;
  std::vector<ScoredSpan> got;
  for (int trial = 0; trial < 300; ++trial) {
    const size_t n = 1 + rng() % 80;
    std::vector<float> ps(n), pe(n);
    for (size_t i = 0; i < n; ++i) {
      ps[i] = u(rng);
      pe[i] = u(rng);
      if (rng() % 7 == 0) ps[i] = ps[i / 2];  // some exact ties
    }
    // One or two runs of allowed tokens (context after a question; or split by a separator).
    std::vector<std::pair<uint32_t, uint32_t>> runs;
    const uint32_t a = static_cast<uint32_t>(rng() % n);
    const uint32_t b = a + static_cast<uint32_t>(rng() % (n - a)) + 1;
    runs.push_back({a, b});
    if (b + 2 < n) runs.push_back({b + 1, static_cast<uint32_t>(n)});
    const size_t max_len = 1 + rng() % 20;
    const size_t k = 1 + rng() % 30;
    search.top_k(ps, pe, runs, max_len, k, got);
    const auto want = brute_force(ps, pe, runs, max_len, k);
    ASSERT_EQ(got.size(), want.size()) << "trial " << trial;
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].score, want[i].score) << "trial " << trial << " rank " << i;
      EXPECT_EQ(got[i].start, want[i].start) << "trial " << trial << " rank " << i;
      EXPECT_EQ(got[i].end, want[i].end) << "trial " << trial << " rank " << i;
    }
  }
}

TEST(SpanSearch, LongWindowWithUnboundedAnswerLengthIsFast) {
  // 100k tokens, max_answer_len = everything: the brute force would score 5e9 pairs.
  const size_t n = 100000;
  std::vector<float> ps(n), pe(n);
  for (size_t i = 0; i < n; ++i) {
    ps[i] = static_cast<float>((i * 7919) % 1000) / 1000.f;
    pe[i] = static_cast<float>((i * 104729) % 997) / 997.f;
  }
  ps[40000] = 2.f;
  pe[40010] = 3.f;
  SpanSearch search;
  std::vector<ScoredSpan> got;
  const std::vector<std::pair<uint32_t, uint32_t>> runs{{0, static_cast<uint32_t>(n)}};
  search.top_k(ps, pe, runs, n, 5, got);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_EQ(got[0].start, 40000u);
  EXPECT_EQ(got[0].end, 40010u);
  EXPECT_FLOAT_EQ(got[0].score, 6.f);
  for (size_t i = 1; i < got.size(); ++i) EXPECT_LE(got[i].score, got[i - 1].score);
}

TEST(SpanSearch, EmptyInputsGiveNothing) {
  SpanSearch search;
  std::vector<ScoredSpan> got;
  std::vector<float> p{0.5f, 0.5f};
  search.top_k(p, p, {}, 15, 3, got);
  EXPECT_TRUE(got.empty());
  const std::vector<std::pair<uint32_t, uint32_t>> runs{{0, 2}};
  search.top_k(p, p, runs, 0, 3, got);
  EXPECT_TRUE(got.empty());
}
