// BatchGenerator: a batch of one behaves exactly as the single-prompt Generator (whose strategies
// generation_search_test.cpp checks by hand and the JS tests against Python); rows are
// prompt-major; a prompt that finishes early is fed pad tokens and padded in the output (HF);
// bad batches are refused. The batched ids against Python: tests/js/generation-batch.test.js.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.h"
#include "generation/batch_generator.h"
#include "generation/generation_config.h"
#include "generation/generator.h"

namespace wasmpipe::generation {
namespace {

GenerationConfig cfg(const char* options) { return resolve_generation_config("", "{}", "", "", options); }

// Deterministic pseudo-random logits for (step, row).
std::vector<float> logits_for(size_t step, size_t rows, size_t vocab, size_t salt) {
  std::vector<float> out(rows * vocab);
  for (size_t r = 0; r < rows; ++r)
    for (size_t t = 0; t < vocab; ++t) out[r * vocab + t] = static_cast<float>(std::sin(1.7 * t + 0.9 * r + 2.3 * step + salt));
  return out;
}

TEST(GenerationBatch, BatchOfOneEqualsTheSingleGenerator) {
  for (const char* options : {R"({"eos_token_id": 2, "max_new_tokens": 7})",
                              R"({"eos_token_id": 2, "max_new_tokens": 7, "num_beams": 3, "num_return_sequences": 2})",
                              R"({"eos_token_id": [2, 4], "max_new_tokens": 6, "num_beams": 2, "length_penalty": -1, "early_stopping": "never"})"}) {
    const auto c = cfg(options);
    Generator single(c, {5, 6}, 8);
    BatchGenerator batch(c, {{5, 6}}, 8);
    for (size_t step = 0; !single.done(); ++step) {
      ASSERT_FALSE(batch.done()) << options;
      const size_t rows = step == 0 ? 1 : single.rows();
      const auto logits = logits_for(step, rows, 8, 0);
      single.step(logits.data(), rows, 8);
      batch.step(logits.data(), rows, 8);
      EXPECT_EQ(batch.next_tokens(), single.next_tokens()) << options;
      EXPECT_EQ(batch.source_rows(), single.source_rows()) << options;
    }
    EXPECT_TRUE(batch.done());
    EXPECT_EQ(batch.sequences(), single.sequences()) << options;
    EXPECT_EQ(batch.sequence_scores(), single.sequence_scores()) << options;
  }
}

TEST(GenerationBatch, GreedyPromptThatFinishesFirstIsFedPadAndPadded) {
  const auto c = cfg(R"({"eos_token_id": 0, "pad_token_id": 9, "max_new_tokens": 4})");
  BatchGenerator g(c, {{1}, {1}}, 3);
  // Prompt 0: eos at once; prompt 1: token 2, 2, then eos.
  const std::vector<std::vector<float>> steps{{5, 0, 1, 0, 1, 5}, {5, 0, 0, 0, 1, 5}, {0, 0, 0, 5, 0, 0}};
  for (size_t s = 0; !g.done(); ++s) g.step(steps.at(s).data(), 2, 3);
  EXPECT_EQ(g.sequences(), (std::vector<std::vector<int64_t>>{{1, 0, 9, 9}, {1, 2, 2, 0}}));
}

TEST(GenerationBatch, BeamRowsArePromptMajorWithSourcesInsideTheirPrompt) {
  const auto c = cfg(R"({"eos_token_id": 7, "max_new_tokens": 5, "num_beams": 2})");
  BatchGenerator g(c, {{1, 2}, {3, 4}, {0, 5}}, 8);
  EXPECT_EQ(g.rows(), 6u);
  auto first = logits_for(0, 3, 8, 1);
  g.step(first.data(), 3, 8);  // one row per prompt before the first step
  for (size_t r = 0; r < 6; ++r) EXPECT_EQ(g.source_rows()[r], static_cast<int32_t>(r / 2));
  for (size_t step = 1; !g.done(); ++step) {
    auto logits = logits_for(step, 6, 8, 1);
    g.step(logits.data(), 6, 8);
    for (size_t r = 0; r < 6; ++r) EXPECT_EQ(g.source_rows()[r] / 2, static_cast<int32_t>(r / 2));
  }
  const auto seqs = g.sequences();
  ASSERT_EQ(seqs.size(), 3u);
  EXPECT_EQ(seqs[1][0], 3);
  EXPECT_EQ(seqs[0].size(), seqs[2].size());
}

TEST(GenerationBatch, RefusesBadBatches) {
  const auto c = cfg(R"({"eos_token_id": 0, "max_new_tokens": 3})");
  EXPECT_THROW(BatchGenerator(c, {}, 4), Error);
  EXPECT_THROW(BatchGenerator(c, {{1, 2}, {1}}, 4), Error);
  BatchGenerator g(c, {{1}, {1}}, 4);
  std::vector<float> three(12, 0.f);
  EXPECT_THROW(g.step(three.data(), 3, 4), Error);  // 3 rows for a batch of 2
  std::vector<float> two(8, 0.f);
  two[1] = two[5] = 1.f;
  g.step(two.data(), 2, 4);  // still usable after the refusal
  EXPECT_EQ(g.next_tokens(), (std::vector<int64_t>{1, 1}));
}

}  // namespace
}  // namespace wasmpipe::generation
