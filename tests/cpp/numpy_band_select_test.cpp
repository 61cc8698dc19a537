// band_argpartition (question-answering's tie path without the [n, n] matrix) against
// numpy_order::argpartition on the built matrix, which tests/cpp/numpy_order_test.cpp checks
// against numpy itself: random windows full of equal and zero scores, every kth, all of numpy's
// branches (selection scan for kth < 3, introselect otherwise).
#include "pipelines/numpy_band_select.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <vector>

#include "pipelines/numpy_order.h"

namespace {

using wasmpipe::numpy_order::argpartition;
using wasmpipe::numpy_order::band_argpartition;

// The matrix numpy_spans used to build: -(p_start[s] * p_end[e]) in the band, -0.f elsewhere.
std::vector<float> matrix(const std::vector<float>& ps, const std::vector<float>& pe, size_t max_len) {
  const size_t n = ps.size();
  std::vector<float> flat(n * n);
  for (size_t s = 0; s < n; ++s) {
    for (size_t e = 0; e < n; ++e) flat[s * n + e] = e >= s && e - s < max_len ? -(ps[s] * pe[e]) : -0.f;
  }
  return flat;
}

// Probabilities drawn from a few values (many exact ties), zeros (masked tokens) included.
std::vector<float> probabilities(std::mt19937& rng, size_t n, int distinct) {
  std::uniform_int_distribution<int> pick(0, distinct);
  std::vector<float> p(n);
  for (float& v : p) v = static_cast<float>(pick(rng)) / static_cast<float>(distinct + 1);
  return p;
}

void expect_same(const std::vector<float>& ps, const std::vector<float>& pe, size_t max_len, uint32_t kth,
                 const char* what) {
  std::vector<uint32_t> want, got;
  const bool ok = argpartition(matrix(ps, pe, max_len), kth, want);
  ASSERT_EQ(band_argpartition(ps, pe, max_len, kth, got), ok) << what << " n " << ps.size() << " kth " << kth;
  if (!ok) return;
  want.resize(kth);
  ASSERT_EQ(got, want) << what << " n " << ps.size() << " L " << max_len << " kth " << kth;
}

TEST(NumpyBandSelect, EqualsArgpartitionOnTheMatrix) {
  std::mt19937 rng(20261126);
  for (int round = 0; round < 600; ++round) {
    const size_t n = std::uniform_int_distribution<size_t>(2, 40)(rng);
    const size_t max_len = std::uniform_int_distribution<size_t>(1, n + 2)(rng);
    const int distinct = std::uniform_int_distribution<int>(0, 4)(rng);  // 0: all probabilities 0
    const auto ps = probabilities(rng, n, distinct), pe = probabilities(rng, n, distinct);
    const uint32_t kth = std::uniform_int_distribution<uint32_t>(0, static_cast<uint32_t>(n * n - 2))(rng);
    expect_same(ps, pe, max_len, kth, "random kth");
    expect_same(ps, pe, max_len, static_cast<uint32_t>(std::min<size_t>(n * n - 2, 1 + round % 40)), "small kth");
  }
}

TEST(NumpyBandSelect, SoftmaxLikeWindows) {
  // What QaDecoder passes: position 0 zeroed, question and padding positions zero, a few
  // positions sharing the top probability (quantized logits), the rest distinct.
  std::mt19937 rng(7);
  for (int round = 0; round < 100; ++round) {
    const size_t n = std::uniform_int_distribution<size_t>(8, 120)(rng);
    std::vector<float> ps(n), pe(n);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    for (size_t i = 0; i < n; ++i) {
      const bool masked = i == 0 || i < n / 4 || u(rng) < 0.1f;
      ps[i] = masked ? 0.f : (u(rng) < 0.5f ? 0.0625f : u(rng) / static_cast<float>(n));
      pe[i] = masked ? 0.f : (u(rng) < 0.5f ? 0.0625f : u(rng) / static_cast<float>(n));
    }
    for (uint32_t kth : {1u, 2u, 3u, 11u, 12u, 30u}) expect_same(ps, pe, 15, kth, "softmax-like");
  }
}

TEST(NumpyBandSelect, NotQuadratic) {
  // An 8192-token window where every span ties: its matrix has 67M entries (268 MB; building and
  // partitioning it takes ~7 s here), its band 33k; the band walk takes ~0.5 s (O(B log^2 n)).
  const size_t n = 8192;
  std::vector<float> ps(n, 0.f), pe(n, 0.f);
  for (size_t i = 1; i < n; i += 2) ps[i] = pe[i] = 0.25f;
  std::vector<uint32_t> got;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(band_argpartition(ps, pe, 15, 30, got));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(seconds, 5.0);  // generous: a loaded machine, sanitizer builds
  // Every pick is one of the ties (-0.0625): there are far more than 30 of them.
  ASSERT_EQ(got.size(), 30u);
  for (uint32_t flat : got) {
    const size_t s = flat / n, e = flat % n;
    EXPECT_TRUE(e >= s && e - s < 15 && ps[s] > 0 && pe[e] > 0) << flat;
  }
}

TEST(NumpyBandSelect, RejectsWhatItCannotReproduce) {
  std::vector<uint32_t> got;
  const std::vector<float> two{0.5f, 0.5f};
  EXPECT_FALSE(band_argpartition(two, two, 15, 3, got));  // kth + 1 >= n * n: numpy's other branches
  const std::vector<float> nan{0.5f, 0.f / 0.f, 0.25f};
  EXPECT_FALSE(band_argpartition(nan, nan, 15, 3, got));
}

}  // namespace
