// argmax_unmasked (generation/masked_argmax.cpp) against the path it replaces: copy the row, set the
// masked ids to -inf, torch.argmax (the first NaN, else the first maximum). Rows with ties, NaNs, -inf
// and masks at the ends, next to each other and on the maximum; -1 exactly when the masked row is all -inf.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "generation/masked_argmax.h"

namespace wasmpipe::generation {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// The reference: -1 when the processed row is all -inf (greedy then copies the row), else its argmax.
std::ptrdiff_t reference(std::vector<float> row, const std::vector<int32_t>& masked) {
  for (int32_t id : masked) {
    if (id >= 0 && static_cast<size_t>(id) < row.size()) row[static_cast<size_t>(id)] = -kInf;
  }
  const auto nan = std::find_if(row.begin(), row.end(), [](float x) { return std::isnan(x); });
  if (nan != row.end()) return nan - row.begin();
  const auto best = std::max_element(row.begin(), row.end());
  if (best == row.end() || *best == -kInf) return -1;
  return best - row.begin();
}

TEST(GenerationMaskedArgmax, EqualsCopyMaskArgmaxOnRandomRows) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> small(-3, 3);  // few distinct values: many ties
  size_t checked = 0;
  for (size_t n : {1u, 2u, 3u, 5u, 8u, 17u, 64u, 301u}) {
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<float> row(n);
      for (float& x : row) {
        const int kind = small(rng);
        x = kind == -3 ? -kInf : static_cast<float>(small(rng));
      }
      if (trial % 7 == 0) row[rng() % n] = std::numeric_limits<float>::quiet_NaN();
      std::vector<int32_t> masked;
      const size_t count = rng() % (n + 2);
      for (size_t k = 0; k < count; ++k) masked.push_back(static_cast<int32_t>(rng() % (n + 3)) - 1);  // some outside
      if (trial % 5 == 0) masked.push_back(static_cast<int32_t>(std::max_element(row.begin(), row.end()) - row.begin()));
      std::sort(masked.begin(), masked.end());
      masked.erase(std::unique(masked.begin(), masked.end()), masked.end());
      EXPECT_EQ(argmax_unmasked(row.data(), n, masked), reference(row, masked)) << "n=" << n << " trial=" << trial;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8u * 300u);
}

TEST(GenerationMaskedArgmax, MaskedMaximumFallsToTheNextBestFirstIndex) {
  const std::vector<float> row = {1.0f, 5.0f, 3.0f, 5.0f, 3.0f};
  EXPECT_EQ(argmax_unmasked(row.data(), row.size(), {1}), 3);
  EXPECT_EQ(argmax_unmasked(row.data(), row.size(), {1, 3}), 2);
  EXPECT_EQ(argmax_unmasked(row.data(), row.size(), {0, 1, 2, 3, 4}), -1);
  const std::vector<float> nan_masked = {1.0f, std::numeric_limits<float>::quiet_NaN(), 2.0f};
  EXPECT_EQ(argmax_unmasked(nan_masked.data(), nan_masked.size(), {1}), 2);  // a masked NaN is -inf
}

}  // namespace
}  // namespace wasmpipe::generation
