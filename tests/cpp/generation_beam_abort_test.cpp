// An abort after step n (BatchGenerator::stop_now -> BeamSearch::finish_now) finalizes the beams as
// HF does when a StoppingCriteria stops every candidate of that step. Reaching max_length at step n
// is that same case in HF (every candidate hits it), and that path is checked against Python in
// tests/js: so a search with max_new_tokens n and one with max_new_tokens 12 stopped after n steps
// must give the same ids and scores (with early_stopping true / false, whose heuristic does not
// read max_length; "never" does, in Python too). Batches of prompts, eos hits along the way.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "generation/batch_generator.h"
#include "generation/generation_config.h"

namespace wasmpipe::generation {
namespace {

GenerationConfig cfg(const std::string& options) { return resolve_generation_config("", "{}", "", "", options); }

std::vector<float> logits_for(size_t step, size_t rows, size_t vocab, size_t salt) {
  std::vector<float> out(rows * vocab);
  for (size_t r = 0; r < rows; ++r)
    for (size_t t = 0; t < vocab; ++t) out[r * vocab + t] = static_cast<float>(3.0 * std::sin(1.7 * t + 0.9 * r + 2.3 * step + salt));
  return out;
}

TEST(GenerationBeamAbort, StopAfterNStepsEqualsMaxNewTokensN) {
  const std::vector<std::vector<int64_t>> prompts = {{5, 6}, {1, 3}, {7, 0}};
  size_t compared = 0;
  for (const char* extra : {R"("early_stopping": false)", R"("early_stopping": true)", R"("length_penalty": -0.5)",
                            R"("length_penalty": 2.0, "num_return_sequences": 3)"}) {
    for (size_t n = 1; n <= 5; ++n) {
      for (size_t salt = 0; salt < 4; ++salt) {
        const std::string common = R"({"eos_token_id": [2, 4], "num_beams": 3, )" + std::string(extra) + ", ";
        BatchGenerator ends(cfg(common + R"("max_new_tokens": )" + std::to_string(n) + "}"), prompts, 9);
        BatchGenerator stopped(cfg(common + R"("max_new_tokens": 12})"), prompts, 9);
        for (size_t step = 0; !ends.done(); ++step) {
          const size_t rows = step == 0 ? prompts.size() : ends.rows();
          const auto logits = logits_for(step, rows, 9, salt);
          ends.step(logits.data(), rows, 9);
          stopped.step(logits.data(), rows, 9);
        }
        // Ended by itself at that step (e.g. early_stopping true with every hypothesis finished):
        // no criterion from outside there, and max_length would have finished other candidates.
        if (stopped.done()) continue;
        stopped.stop_now();
        EXPECT_TRUE(stopped.done());
        const std::string where = std::string(extra) + " n=" + std::to_string(n) + " salt=" + std::to_string(salt);
        EXPECT_EQ(stopped.sequences(), ends.sequences()) << where;
        EXPECT_EQ(stopped.sequence_scores(), ends.sequence_scores()) << where;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 40u) << compared;  // most runs really are stopped from outside
}

TEST(GenerationBeamAbort, StopBeforeTheFirstStepOrAfterTheEndChangesNothing) {
  const auto c = cfg(R"({"eos_token_id": 2, "num_beams": 2, "max_new_tokens": 2})");
  BatchGenerator fresh(c, {{5, 6}}, 8);
  fresh.stop_now();
  EXPECT_FALSE(fresh.done());
  BatchGenerator g(c, {{5, 6}}, 8);
  for (size_t step = 0; !g.done(); ++step) {
    const auto logits = logits_for(step, step == 0 ? 1 : 2, 8, 1);
    g.step(logits.data(), step == 0 ? 1 : 2, 8);
  }
  const auto seqs = g.sequences();
  const auto scores = g.sequence_scores();
  g.stop_now();
  EXPECT_EQ(g.sequences(), seqs);
  EXPECT_EQ(g.sequence_scores(), scores);
}

}  // namespace
}  // namespace wasmpipe::generation
