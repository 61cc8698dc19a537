// Pooling and similarity on hand-made hidden states (expected values worked out by hand).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "pipelines/feature_extraction.h"

using namespace wasmpipe;

TEST(FeatureExtraction, PoolingModesRespectPadding) {
  // batch 2, seq 3, dim 2; row 1 has one padding token at the end.
  const std::vector<float> h = {1, 2, 3, 4, 5, 6, /**/ 10, 20, 30, 40, 99, 99};
  const std::vector<int64_t> m = {1, 1, 1, 1, 1, 0};
  std::vector<float> out;
  std::vector<size_t> dims;
  pool_hidden_states(h, m, 2, 3, 2, Pooling::Mean, false, out, dims);
  EXPECT_EQ(dims, (std::vector<size_t>{2, 2}));
  EXPECT_EQ(out, (std::vector<float>{3, 4, 20, 30}));
  pool_hidden_states(h, m, 2, 3, 2, parse_pooling("cls"), false, out, dims);
  EXPECT_EQ(out, (std::vector<float>{1, 2, 10, 20}));
  pool_hidden_states(h, m, 2, 3, 2, parse_pooling("last_token"), false, out, dims);
  EXPECT_EQ(out, (std::vector<float>{5, 6, 30, 40}));  // not the padding row
  pool_hidden_states(h, m, 2, 3, 2, parse_pooling("eos"), true, out, dims);
  EXPECT_NEAR(out[0], 5 / std::sqrt(61.0), 1e-7);
  EXPECT_NEAR(out[3], 40 / 50.0, 1e-7);
  pool_hidden_states(h, m, 2, 3, 2, Pooling::None, true, out, dims);
  EXPECT_EQ(dims, (std::vector<size_t>{2, 3, 2}));
  EXPECT_NEAR(out[0], 1 / std::sqrt(5.0), 1e-7);
  EXPECT_EQ(parse_pooling("first_token"), Pooling::Cls);
  EXPECT_THROW(parse_pooling("max"), Error);
  EXPECT_THROW(pool_hidden_states(h, m, 2, 3, 3, Pooling::Mean, false, out, dims), Error);
}

TEST(FeatureExtraction, AllPaddingRowGivesZerosNotNaN) {
  const std::vector<float> h = {1, 2};
  const std::vector<int64_t> m = {0};
  std::vector<float> out;
  std::vector<size_t> dims;
  pool_hidden_states(h, m, 1, 1, 2, Pooling::Mean, true, out, dims);
  EXPECT_EQ(out, (std::vector<float>{0, 0}));
}

// Shapes come from JS: products that wrap around size_t (2^32 on wasm32, 2^64 here) once matched
// empty buffers, and pooling then read far outside them.
TEST(FeatureExtraction, ShapesWhoseSizeWrapsAreInvalidArgument) {
  const std::vector<float> h;
  const std::vector<int64_t> m;
  std::vector<float> out;
  std::vector<size_t> dims;
  constexpr size_t half = size_t{1} << (4 * sizeof(size_t));  // half * half == 0 in size_t
  for (const Pooling p : {Pooling::Mean, Pooling::Cls, Pooling::LastToken, Pooling::None}) {
    try {
      pool_hidden_states(h, m, half, half, 1, p, false, out, dims);
      ADD_FAILURE() << "batch x seq wrapped to 0 and was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
      EXPECT_NE(std::string(e.what()).find("does not fit"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(pool_hidden_states(h, m, 1, half, half, Pooling::Mean, false, out, dims), Error);  // seq x dim
  EXPECT_THROW(pool_hidden_states(h, m, half, 0, half, Pooling::Mean, false, out, dims), Error);  // batch x dim
}

TEST(FeatureExtraction, CosineAndRanking) {
  const std::vector<float> q = {1, 0};
  const std::vector<float> corpus = {0, 1, /**/ 1, 1, /**/ -1, 0, /**/ 2, 0, /**/ 1, 1};
  EXPECT_NEAR(cosine_similarity(q, std::vector<float>{1, 1}), std::sqrt(0.5), 1e-12);
  EXPECT_EQ(cosine_similarity(q, std::vector<float>{0, 0}), 0.0);
  const auto hits = rank_by_similarity(q, corpus, 2, 3);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].index, 3u);
  EXPECT_NEAR(hits[0].score, 1.0, 1e-12);
  EXPECT_EQ(hits[1].index, 1u);  // tie with 4: lower index first
  EXPECT_EQ(hits[2].index, 4u);
  EXPECT_EQ(rank_by_similarity(q, corpus, 2, 0).size(), 5u);
  EXPECT_THROW(rank_by_similarity(q, std::vector<float>{1, 2, 3}, 2, 1), Error);
  EXPECT_THROW(cosine_similarity(q, std::vector<float>{1}), Error);
}

TEST(FeatureExtraction, BinaryQuantizationPacksSignBitsMsbFirst) {
  // numpy: packbits([1,0,0,0,0,0,0,1, 0,1,1,1,1,1,1,1]) = [129, 127]; int8(x - 128) = [1, -1].
  const std::vector<float> v = {0.5f, -1, 0, -0.f, -2, -3, -4, 7, /**/ -1, 1, 2, 3, 4, 5, 6, 7};
  std::vector<uint8_t> out;
  quantize_embeddings(v, 16, false, out);
  EXPECT_EQ(out, (std::vector<uint8_t>{129, 127}));
  quantize_embeddings(v, 8, true, out);  // two rows of 8
  EXPECT_EQ(static_cast<int8_t>(out[0]), 1);
  EXPECT_EQ(static_cast<int8_t>(out[1]), -1);
  EXPECT_THROW(quantize_embeddings(v, 4, false, out), Error);
}
