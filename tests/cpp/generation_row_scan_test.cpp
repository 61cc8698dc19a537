// row_max / argmax (generation/row_scan.cpp) against torch.argmax's rule (the first maximum; a NaN is
// the largest value, so the first NaN wins), max_and_sum_exp against a double sum, on rows that exercise every
// length around the SIMD block sizes, ties, -inf, signed zeros and NaNs. (Native builds test the
// scalar path; tests/js/generation-row-scan.test.js runs the same cases through the wasm SIMD path.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "generation/logits_processors.h"

namespace wasmpipe::generation {
namespace {

void expect_like_max_element(const std::vector<float>& row) {
  const auto first_nan = std::find_if(row.begin(), row.end(), [](float x) { return std::isnan(x); });
  const auto want = static_cast<size_t>(
      (first_nan != row.end() ? first_nan : std::max_element(row.begin(), row.end())) - row.begin());
  EXPECT_EQ(argmax(row.data(), row.size()), want);
  const float m = row_max(row.data(), row.size());
  if (std::isnan(row[want])) EXPECT_TRUE(std::isnan(m));
  else EXPECT_EQ(m, row[want]);
}

TEST(GenerationRowScan, EqualsMaxElementOnEveryLengthAndPosition) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-5.0f, 5.0f);
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (size_t n = 1; n <= 40; ++n) {
    for (size_t at = 0; at < n; ++at) {
      std::vector<float> row(n);
      for (float& x : row) x = dist(rng);
      row[at] = 9.0f;
      expect_like_max_element(row);
      row[n - 1 - at] = 9.0f;  // a tie: the first one wins
      expect_like_max_element(row);
      std::vector<float> masked(n, -inf);
      masked[at] = -3.0f;
      expect_like_max_element(masked);
      expect_like_max_element(std::vector<float>(n, -inf));
      std::vector<float> zeros(n, 0.0f);
      zeros[at] = -0.0f;
      expect_like_max_element(zeros);
      row[at] = nan;  // a NaN wins wherever it is (torch.argmax)
      expect_like_max_element(row);
    }
  }
}

// max_and_sum_exp against a plain float64 reference: the maximum as row_max, the sum of
// exp(x - max) within the float terms' rounding.
void expect_like_double_sum(const std::vector<float>& row, const char* what) {
  const size_t n = row.size();
  const RowExpSum got = max_and_sum_exp(row.data(), n);
  const float m = row_max(row.data(), n);
  if (std::isnan(m)) EXPECT_TRUE(std::isnan(got.max)) << what << " n=" << n;
  else EXPECT_EQ(got.max, m) << what << " n=" << n;
  if (!std::isfinite(m)) {  // NaN in the row, or an infinite maximum: exp(x - max) is NaN somewhere
    EXPECT_TRUE(std::isnan(got.sum)) << what << " n=" << n;
    return;
  }
  double want = 0;
  for (float x : row) want += std::exp(static_cast<double>(x) - m);
  // float64 accumulation: only the float terms' rounding (half an ulp each) remains
  EXPECT_NEAR(got.sum, want, 1.2e-7 * want) << what << " n=" << n;
}

TEST(GenerationRowScan, MaxAndSumExpMatchADoublePrecisionSum) {
  std::mt19937 rng(11);
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (size_t n : {1u, 2u, 3u, 4u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 33u, 1000u, 32000u, 50257u}) {
    // Narrow rows (a tiny random model's logits) and wide ones.
    for (float spread : {0.01f, 0.1f, 5.0f, 40.0f, 120.0f}) {
      std::uniform_real_distribution<float> dist(-spread, spread);
      std::vector<float> row(n);
      for (float& x : row) x = dist(rng);
      if (n > 1) row[n / 2] = -inf;  // a masked token adds nothing
      expect_like_double_sum(row, "uniform");
    }
    // A trained model's row: a few peaks over a long tail far below them, the maximum anywhere
    // (first, last, middle: the sum is taken relative to it wherever it comes).
    for (size_t at : {size_t{0}, n / 2, n - 1}) {
      std::vector<float> row(n);
      for (float& x : row) x = -25.0f - std::abs(normal(rng)) * 20.0f;
      for (size_t k = 0; k < std::min<size_t>(n, 10); ++k) row[rng() % n] = normal(rng) * 3.0f;
      row[at] = 12.0f;
      expect_like_double_sum(row, "peaked");
      std::vector<float> ascending(n);
      for (size_t i = 0; i < n; ++i) ascending[i] = -30.0f + 60.0f * static_cast<float>(i) / static_cast<float>(n);
      expect_like_double_sum(ascending, "ascending");
      // Special values at every position class.
      std::vector<float> equal(n, 3.5f);
      expect_like_double_sum(equal, "all equal");
      std::vector<float> masked(n, -inf);
      masked[at] = -7.0f;
      expect_like_double_sum(masked, "all masked but one");
      expect_like_double_sum(std::vector<float>(n, -inf), "all -inf");
      std::vector<float> with_nan = row;
      with_nan[(at + 1) % n] = nan;
      expect_like_double_sum(with_nan, "a NaN");
      std::vector<float> payload_nan = row;  // low payload bits set: must not turn finite anywhere
      const uint32_t bits = 0x7fc001ffu;
      std::memcpy(&payload_nan[(at + 5) % n], &bits, sizeof bits);
      expect_like_double_sum(payload_nan, "a NaN with a payload");
      std::vector<float> far_nan = masked;  // a NaN among terms that are all negligible
      far_nan[(at + n / 3 + 1) % n] = nan;
      if (n > 1) expect_like_double_sum(far_nan, "a NaN among masked terms");
      std::vector<float> with_inf = row;
      with_inf[(at + 2) % n] = inf;
      expect_like_double_sum(with_inf, "+inf");
    }
  }
}

}  // namespace
}  // namespace wasmpipe::generation
