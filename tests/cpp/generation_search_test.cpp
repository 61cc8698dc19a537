// Greedy, beam search and sampling state machines on hand-checked cases. The beam cases are
// worked through by hand from transformers 4.57's _beam_search (top K = 2 * num_beams
// continuations, -1e9 for continuations that stop, finished hypotheses scored
// sum_logprobs / generated_len ** length_penalty). The statistical sampling test compares
// frequencies with a distribution computed independently in double precision.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "core/error.h"
#include "generation/generation_config.h"
#include "generation/generator.h"
#include "generation/logits_processors.h"
#include "generation/rng.h"

namespace wasmpipe::generation {
namespace {

GenerationConfig cfg(const char* options) { return resolve_generation_config("", "{}", "", "", options); }

std::vector<float> logits_of(const std::vector<double>& probs) {
  std::vector<float> out;
  for (double p : probs) out.push_back(static_cast<float>(std::log(p)));
  return out;
}

// Runs a generator where every row gets the same logits at a step (step_logits[step]).
Generator run_fixed(const GenerationConfig& c, const std::vector<std::vector<float>>& step_logits) {
  Generator g(c, {1}, step_logits[0].size());
  size_t step = 0;
  while (!g.done()) {
    const auto& row = step_logits.at(std::min(step, step_logits.size() - 1));
    const size_t rows = step == 0 ? 1 : g.rows();
    std::vector<float> all;
    for (size_t r = 0; r < rows; ++r) all.insert(all.end(), row.begin(), row.end());
    g.step(all.data(), rows, row.size());
    ++step;
  }
  return g;
}

TEST(GenerationGreedy, ArgmaxFirstMaximumStopsAtEosAndMaxLength) {
  auto c = cfg(R"({"eos_token_id": 0, "max_new_tokens": 5})");
  auto g = run_fixed(c, {{0.1f, 0.5f, 0.5f}, {0.9f, 0.1f, 0.2f}});
  EXPECT_EQ(g.sequences(), (std::vector<std::vector<int64_t>>{{1, 1, 0}}));
  auto m = run_fixed(cfg(R"({"eos_token_id": 0, "max_new_tokens": 3})"), {{0.1f, 0.2f, 0.5f}});
  EXPECT_EQ(m.sequences(), (std::vector<std::vector<int64_t>>{{1, 2, 2, 2}}));
}

// Step 1: p = (eos .5, a .3, b .2). Step 2 (every beam): p = (eos .9, .05, .05).
const std::vector<std::vector<float>> kTwoSteps{logits_of({0.5, 0.3, 0.2}), logits_of({0.9, 0.05, 0.05})};

TEST(GenerationBeamSearch, EarlyStoppingTrueKeepsTheBestNumBeamsFinished) {
  // Step 1: [1,0] finishes with ln .5 / 1; beams [1,1] (ln .3) and [1,2] (ln .2) run on.
  // Step 2: [1,1,0] = (ln .3 + ln .9) / 2 = -0.6547 beats [1,0] = -0.6931; [1,2,0] = -0.857 drops.
  auto c = cfg(R"({"eos_token_id": 0, "pad_token_id": 9, "num_beams": 2, "num_return_sequences": 2,
                   "early_stopping": true, "max_new_tokens": 5})");
  auto g = run_fixed(c, kTwoSteps);
  EXPECT_EQ(g.steps(), 2u);
  EXPECT_EQ(g.sequences(), (std::vector<std::vector<int64_t>>{{1, 1, 0}, {1, 0, 9}}));
  const auto s = g.sequence_scores();
  EXPECT_NEAR(s[0], (std::log(0.3) + std::log(0.9)) / 2, 1e-5);
  EXPECT_NEAR(s[1], std::log(0.5), 1e-5);
}

TEST(GenerationBeamSearch, LengthPenaltyZeroPrefersTheShortHypothesis) {
  auto c = cfg(R"({"eos_token_id": 0, "pad_token_id": 9, "num_beams": 2, "num_return_sequences": 2,
                   "early_stopping": true, "length_penalty": 0.0, "max_new_tokens": 5})");
  auto g = run_fixed(c, kTwoSteps);
  EXPECT_EQ(g.sequences(), (std::vector<std::vector<int64_t>>{{1, 0, 9}, {1, 1, 0}}));
  EXPECT_NEAR(g.sequence_scores()[1], std::log(0.3) + std::log(0.9), 1e-5);
}

TEST(GenerationBeamSearch, EarlyStoppingFalseStopsWhenNoRunningBeamCanWin) {
  // After step 2 both slots are finished (worst -0.6931) and the best running beam scores
  // (ln .3 + ln .05) / 2 = -2.1: the heuristic ends the search.
  auto c = cfg(R"({"eos_token_id": 0, "num_beams": 2, "early_stopping": false, "max_new_tokens": 8})");
  auto g = run_fixed(c, kTwoSteps);
  EXPECT_EQ(g.steps(), 2u);
  EXPECT_EQ(g.sequences(), (std::vector<std::vector<int64_t>>{{1, 1, 0}}));
}

TEST(GenerationBeamSearch, NeverRunsToMaxLengthWithPositiveLengthPenalty) {
  // "never" with length_penalty > 0 divides the best running score by max_length - prompt = 8:
  // after step 2, (ln .3 + ln .05) / 8 = -0.525 > -0.693 (worst finished): one more step; after
  // step 3, (ln .3 + 2 ln .05) / 8 = -0.90 cannot win: stop.
  auto c = cfg(R"({"eos_token_id": 0, "num_beams": 2, "early_stopping": "never", "max_new_tokens": 8})");
  auto g = run_fixed(c, kTwoSteps);
  EXPECT_EQ(g.steps(), 3u);
  EXPECT_EQ(g.sequences(), (std::vector<std::vector<int64_t>>{{1, 1, 0}}));
}

TEST(GenerationBeamSearch, SourceRowsFollowTheChosenBeams) {
  auto c = cfg(R"({"eos_token_id": 0, "num_beams": 2, "max_new_tokens": 5})");
  Generator g(c, {1}, 3);
  auto first = logits_of({0.1, 0.6, 0.3});
  g.step(first.data(), 1, 3);
  EXPECT_EQ(g.next_tokens(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(g.source_rows(), (std::vector<int32_t>{0, 0}));
  // Beam 1 ([1,2]) now has a near-certain continuation; beam 0 is flat.
  auto second = logits_of({0.1, 0.45, 0.45});
  auto b1 = logits_of({0.01, 0.98, 0.01});
  second.insert(second.end(), b1.begin(), b1.end());
  g.step(second.data(), 2, 3);
  EXPECT_EQ(g.source_rows(), (std::vector<int32_t>{1, 0}));  // 0.3*0.98 > 0.6*0.45
  EXPECT_EQ(g.next_tokens(), (std::vector<int64_t>{1, 1}));
  EXPECT_FALSE(g.source_rows_identity());
}

TEST(GenerationErrors, WrongShapesAndFinishedGeneratorsThrow) {
  auto c = cfg(R"({"eos_token_id": 0, "max_new_tokens": 1})");
  Generator g(c, {1}, 3);
  std::vector<float> two_rows(6, 0.0f);
  EXPECT_THROW(g.step(two_rows.data(), 1, 4), Error);
  g.step(two_rows.data(), 1, 3);
  EXPECT_TRUE(g.done());
  EXPECT_THROW(g.step(two_rows.data(), 1, 3), Error);
  EXPECT_THROW(Generator(c, {}, 3), Error);
}

std::vector<int64_t> sample_run(const char* options, const std::vector<float>& logits, size_t steps) {
  auto c = cfg(options);
  Generator g(c, {1}, logits.size());
  for (size_t i = 0; i < steps && !g.done(); ++i) g.step(logits.data(), 1, logits.size());
  return g.sequences()[0];
}

TEST(GenerationSampling, TopKOneAndTinyTopPEqualGreedyAndSeedsRepeat) {
  std::vector<float> logits{0.3f, 2.0f, 1.9f, -1.0f, 1.95f};
  const auto greedy = sample_run(R"({"max_new_tokens": 6})", logits, 6);
  EXPECT_EQ(sample_run(R"({"do_sample": true, "top_k": 1, "seed": 5, "max_new_tokens": 6})", logits, 6), greedy);
  EXPECT_EQ(sample_run(R"({"do_sample": true, "top_k": 0, "top_p": 0.001, "seed": 5, "max_new_tokens": 6})", logits, 6), greedy);
  const char* opts = R"({"do_sample": true, "seed": 42, "max_new_tokens": 12})";
  const auto a = sample_run(opts, logits, 12);
  EXPECT_EQ(sample_run(opts, logits, 12), a);
  EXPECT_NE(sample_run(R"({"do_sample": true, "seed": 43, "max_new_tokens": 12})", logits, 12), a);
}

TEST(GenerationSampling, FrequenciesMatchTheWarpedDistribution) {
  // temperature 0.7, top_k 4, top_p 0.8 over 6 tokens, computed independently in double:
  const std::vector<double> raw{1.0, 2.0, 0.5, 1.8, -0.5, 1.2};
  const double t = 0.7;
  std::vector<std::pair<double, int>> sorted;
  for (int i = 0; i < 6; ++i) sorted.push_back({raw[i] / t, i});
  std::sort(sorted.rbegin(), sorted.rend());
  sorted.resize(4);  // top_k
  double z = 0;
  for (auto& [s, i] : sorted) z += std::exp(s);
  // top_p: keep the smallest top set whose mass exceeds 0.8 (drop tail with cumulative <= 0.2).
  std::vector<double> expected(6, 0.0);
  double tail = 0;
  std::vector<int> kept;
  for (int j = 3; j >= 0; --j) {
    tail += std::exp(sorted[j].first) / z;
    if (tail > 0.2 || j == 0) {
      for (int k = 0; k <= j; ++k) kept.push_back(sorted[k].second);
      break;
    }
  }
  double zk = 0;
  for (int i : kept) zk += std::exp(raw[i] / t);
  for (int i : kept) expected[i] = std::exp(raw[i] / t) / zk;

  auto c = cfg(R"({"do_sample": true, "temperature": 0.7, "top_k": 4, "top_p": 0.8, "seed": 7})");
  prepare_lengths(c, 1);
  LogitsProcessor p(c, 6, 1);
  Rng rng(7);
  std::vector<float> row(6), probs(6);
  std::vector<double> counts(6, 0);
  const int n = 200000;
  for (int k = 0; k < n; ++k) {
    for (int i = 0; i < 6; ++i) row[i] = static_cast<float>(raw[i]);
    p.warp(row.data());
    softmax(row.data(), 6, probs.data());
    counts[sample_index(probs.data(), 6, rng)] += 1;
  }
  for (int i = 0; i < 6; ++i) {
    // 5 sigma of a binomial frequency at n = 200k is < 0.0056; a temperature of 1.0 instead of 0.7
    // or top_p ignored moves some frequency by more than 0.03.
    EXPECT_NEAR(counts[i] / n, expected[i], 0.0056) << "token " << i;
    if (expected[i] == 0) {
      EXPECT_EQ(counts[i], 0) << "token " << i;
    }
  }
}

}  // namespace
}  // namespace wasmpipe::generation
