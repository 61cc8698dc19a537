// numpy_order (numpy's generic argpartition / argsort orders, which question-answering needs
// where span scores are equal) against numpy 2.4 itself: expected/numpy-order.json, recorded by
// tests/fixtures/generate_numpy_order.py on arrays full of equal values and signed zeros.
#include "pipelines/numpy_order.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

const nlohmann::json& cases() {
  static const nlohmann::json j = [] {
    const auto path = std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures" / "expected" / "numpy-order.json";
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return nlohmann::json::parse(ss.str());
  }();
  return j["cases"];
}

TEST(NumpyOrder, ArgpartitionAndArgsortEqualNumpy) {
  ASSERT_GE(cases().size(), 40u);
  std::vector<uint32_t> perm;
  size_t i = 0;
  for (const auto& c : cases()) {
    const auto values = c["values"].get<std::vector<float>>();
    ASSERT_TRUE(wasmpipe::numpy_order::argpartition(values, c["kth"].get<uint32_t>(), perm)) << "case " << i;
    EXPECT_EQ(perm, c["argpartition"].get<std::vector<uint32_t>>()) << "argpartition, case " << i << " kth " << c["kth"];
    ASSERT_TRUE(wasmpipe::numpy_order::argsort(values, perm)) << "case " << i;
    EXPECT_EQ(perm, c["argsort"].get<std::vector<uint32_t>>()) << "argsort, case " << i;
    ++i;
  }
}

TEST(NumpyOrder, EmptyAndOutOfRange) {
  std::vector<uint32_t> perm;
  EXPECT_TRUE(wasmpipe::numpy_order::argsort({}, perm));
  EXPECT_TRUE(perm.empty());
  const std::vector<float> v{0.f, -1.f};
  EXPECT_FALSE(wasmpipe::numpy_order::argpartition(v, 2, perm));  // numpy: kth out of bounds
}

}  // namespace
