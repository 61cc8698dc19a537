// row_max / argmax (generation/row_scan.cpp) against torch.argmax's rule (the first maximum; a NaN is
// the largest value, so the first NaN wins), sum_exp against a double sum, on rows that exercise every
// length around the SIMD block sizes, ties, -inf, signed zeros and NaNs. (Native builds test the
// scalar path; tests/js/generation-row-scan.test.js runs the same cases through the wasm SIMD path.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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

TEST(GenerationRowScan, SumExpMatchesADoublePrecisionSum) {
  std::mt19937 rng(11);
  for (float spread : {0.1f, 5.0f, 40.0f}) {
    std::uniform_real_distribution<float> dist(-spread, spread);
    for (size_t n : {1u, 3u, 4u, 7u, 8u, 33u, 50257u}) {
      std::vector<float> row(n);
      for (float& x : row) x = dist(rng);
      if (n > 1) row[n / 2] = -std::numeric_limits<float>::infinity();  // a masked token adds nothing
      const float m = row_max(row.data(), n);
      double want = 0;
      for (float x : row) want += std::exp(static_cast<double>(x) - m);
      // float64 accumulation: only the float terms' rounding (half an ulp each) remains
      EXPECT_NEAR(sum_exp(row.data(), n, m), want, 1.2e-7 * want) << "n=" << n << " spread=" << spread;
    }
  }
  std::vector<float> with_nan{0.0f, 1.0f, std::numeric_limits<float>::quiet_NaN(), 2.0f, 3.0f};
  EXPECT_TRUE(std::isnan(sum_exp(with_nan.data(), with_nan.size(), row_max(with_nan.data(), with_nan.size()))));
}

}  // namespace
}  // namespace wasmpipe::generation
