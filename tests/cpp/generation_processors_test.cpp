// Logits processors and config resolution on small hand-checked cases, each derived from the
// documented semantics of transformers 4.57 (generation/logits_process.py, generation/utils.py).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/error.h"
#include "generation/generation_config.h"
#include "generation/logits_processors.h"

namespace wasmpipe::generation {
namespace {

const float kInf = std::numeric_limits<float>::infinity();

GenerationConfig config_from(const char* options, int64_t input_len = 1) {
  GenerationConfig c = resolve_generation_config("", "{}", "", "", options);
  prepare_lengths(c, input_len);
  return c;
}

std::vector<float> run(const GenerationConfig& c, std::vector<float> scores, const std::vector<int64_t>& seq,
                       int64_t input_len = 1, bool warp = false) {
  LogitsProcessor p(c, scores.size(), input_len);
  p.process(scores.data(), seq.data(), seq.size());
  if (warp) p.warp(scores.data());
  return scores;
}

TEST(GenerationProcessors, RepetitionPenaltyDividesPositiveMultipliesNegativeOncePerToken) {
  auto c = config_from(R"({"repetition_penalty": 2.0})");
  auto s = run(c, {1.0f, -1.0f, 2.0f, 0.5f}, {0, 1, 1});
  EXPECT_EQ(s, (std::vector<float>{0.5f, -2.0f, 2.0f, 0.5f}));
}

TEST(GenerationProcessors, NoRepeatNgramBansTokensThatCompleteASeenNgram) {
  auto c = config_from(R"({"no_repeat_ngram_size": 2})");
  auto s = run(c, std::vector<float>(8, 0.0f), {5, 6, 7, 5});
  for (int t = 0; t < 8; ++t) EXPECT_EQ(s[t], t == 6 ? -kInf : 0.0f) << t;  // (5,6) seen; last token 5
  auto c3 = config_from(R"({"no_repeat_ngram_size": 3})");
  auto s3 = run(c3, std::vector<float>(8, 0.0f), {1, 2, 3, 1, 2});
  for (int t = 0; t < 8; ++t) EXPECT_EQ(s3[t], t == 3 ? -kInf : 0.0f) << t;
  auto none = run(c3, std::vector<float>(8, 0.0f), {1, 2});  // shorter than n-1 + 1: nothing banned
  for (float v : none) EXPECT_EQ(v, 0.0f);
}

TEST(GenerationProcessors, BadWordsBanSingleTokensAndCompletionsButNotEos) {
  auto c = config_from(R"({"bad_words_ids": [[3], [1, 4], [2], [6, 6, 5]], "eos_token_id": 2})");
  auto s = run(c, std::vector<float>(8, 0.0f), {0, 1});
  for (int t = 0; t < 8; ++t) EXPECT_EQ(s[t], (t == 3 || t == 4) ? -kInf : 0.0f) << t;
  auto s2 = run(c, std::vector<float>(8, 0.0f), {0, 6, 6});
  for (int t = 0; t < 8; ++t) EXPECT_EQ(s2[t], (t == 3 || t == 5) ? -kInf : 0.0f) << t;
  // HF skips a bad sequence longer than the context, even when its prefix is all there.
  auto s3 = run(c, std::vector<float>(8, 0.0f), {6, 6});
  for (int t = 0; t < 8; ++t) EXPECT_EQ(s3[t], t == 3 ? -kInf : 0.0f) << t;
  EXPECT_THROW(run(config_from(R"({"bad_words_ids": [[9]]})"), std::vector<float>(8, 0.0f), {0}), Error);
}

TEST(GenerationProcessors, MinLengthAndMinNewTokensMaskEveryEos) {
  auto c = config_from(R"({"min_length": 4, "eos_token_id": [2, 5]})");
  auto s = run(c, std::vector<float>(6, 1.0f), {0, 1, 1});
  EXPECT_EQ(s, (std::vector<float>{1, 1, -kInf, 1, 1, -kInf}));
  EXPECT_EQ(run(c, std::vector<float>(6, 1.0f), {0, 1, 1, 1}), std::vector<float>(6, 1.0f));
  // min_new_tokens counts from the input length (3): 4 tokens = 1 new token < 2.
  auto n = config_from(R"({"min_new_tokens": 2, "eos_token_id": 2})", 3);
  EXPECT_EQ(run(n, std::vector<float>(3, 1.0f), {0, 0, 0, 1}, 3), (std::vector<float>{1, 1, -kInf}));
  EXPECT_EQ(run(n, std::vector<float>(3, 1.0f), {0, 0, 0, 1, 1}, 3), std::vector<float>(3, 1.0f));
}

TEST(GenerationProcessors, ForcedBosAtLengthOneForcedEosAtMaxLengthMinusOne) {
  auto c = config_from(R"({"forced_bos_token_id": 2, "forced_eos_token_id": [1, 3], "max_length": 5})");
  EXPECT_EQ(run(c, {5, 5, 5, 5}, {0}), (std::vector<float>{-kInf, -kInf, 0, -kInf}));
  EXPECT_EQ(run(c, {5, 5, 5, 5}, {0, 2}), (std::vector<float>{5, 5, 5, 5}));
  EXPECT_EQ(run(c, {5, 5, 5, 5}, {0, 2, 1, 1}), (std::vector<float>{-kInf, 0, -kInf, 0}));
}

TEST(GenerationProcessors, SuppressTokensAlwaysBeginSuppressOnlyAtTheFirstGeneratedPosition) {
  auto c = config_from(R"({"suppress_tokens": [0, 99], "begin_suppress_tokens": [1]})");
  EXPECT_EQ(run(c, {1, 1, 1}, {7}), (std::vector<float>{-kInf, -kInf, 1}));
  EXPECT_EQ(run(c, {1, 1, 1}, {7, 2}), (std::vector<float>{-kInf, 1, 1}));
  // With a forced BOS and a one-token decoder input, the begin index moves one later.
  auto f = config_from(R"({"begin_suppress_tokens": [1], "forced_bos_token_id": 2})");
  EXPECT_EQ(run(f, {1, 1, 1}, {7, 2}), (std::vector<float>{1, -kInf, 1}));
}

TEST(GenerationWarpers, TopKKeepsTiesWithTheKth) {
  auto c = config_from(R"({"do_sample": true, "top_k": 2})");
  EXPECT_EQ(run(c, {1, 3, 2, 0}, {0}, 1, true), (std::vector<float>{-kInf, 3, 2, -kInf}));
  EXPECT_EQ(run(c, {1, 3, 3, 3}, {0}, 1, true), (std::vector<float>{-kInf, 3, 3, 3}));
}

TEST(GenerationWarpers, TopPDropsTheLowTailUpToOneMinusP) {
  const std::vector<float> logits{std::log(0.1f), std::log(0.2f), std::log(0.3f), std::log(0.4f)};
  auto half = run(config_from(R"({"do_sample": true, "top_k": 0, "top_p": 0.5})"), logits, {0}, 1, true);
  EXPECT_EQ(half[0], -kInf);
  EXPECT_EQ(half[1], -kInf);
  EXPECT_EQ(half[2], logits[2]);
  EXPECT_EQ(half[3], logits[3]);
  auto most = run(config_from(R"({"do_sample": true, "top_k": 0, "top_p": 0.75})"), logits, {0}, 1, true);
  EXPECT_EQ(most[0], -kInf);
  EXPECT_EQ(most[1], logits[1]);
  auto tiny = run(config_from(R"({"do_sample": true, "top_k": 0, "top_p": 0.0})"), logits, {0}, 1, true);
  EXPECT_EQ(tiny, (std::vector<float>{-kInf, -kInf, -kInf, logits[3]}));  // min_tokens_to_keep = 1
}

TEST(GenerationWarpers, MinPScalesByTheTopProbabilityAndTemperatureDivides) {
  const std::vector<float> logits{std::log(0.1f), std::log(0.2f), std::log(0.3f), std::log(0.4f)};
  auto s = run(config_from(R"({"do_sample": true, "top_k": 0, "min_p": 0.6})"), logits, {0}, 1, true);
  EXPECT_EQ(s[0], -kInf);  // 0.1 < 0.24
  EXPECT_EQ(s[1], -kInf);  // 0.2 < 0.24
  EXPECT_EQ(s[2], logits[2]);
  auto t = run(config_from(R"({"do_sample": true, "top_k": 0, "temperature": 0.5})"), {1, -2}, {0}, 1, true);
  EXPECT_EQ(t, (std::vector<float>{2, -4}));
}

TEST(GenerationConfigResolve, LayersFilesTaskParamsAndCallOptions) {
  const char* gen = R"({"num_beams": 4, "max_length": 30, "eos_token_id": [1, 2], "decoder_start_token_id": 0})";
  const char* cfg = R"({"pad_token_id": 7, "task_specific_params": {"summarization": {"length_penalty": 2.0, "prefix": "summarize: "}}})";
  auto c = resolve_generation_config(gen, cfg, "summarization", "", R"({"num_beams": 2})");
  EXPECT_EQ(c.num_beams, 2);
  EXPECT_EQ(c.max_length, 30);
  EXPECT_EQ(c.eos_token_id, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(c.pad_token_id, 7);  // generation_config.json lacks it: config.json's
  EXPECT_FLOAT_EQ(c.length_penalty, 2.0f);
  EXPECT_EQ(c.prefix, "summarize: ");
  // Pipeline defaults lose to the model's non-default values only.
  auto p = resolve_generation_config(R"({"num_beams": 1, "max_length": 30})", "{}", "", R"({"num_beams": 4, "max_new_tokens": 256})", "");
  EXPECT_EQ(p.num_beams, 4);
  EXPECT_FALSE(p.max_new_tokens.has_value());  // the model's own max_length (!= 20) wins
}

TEST(GenerationConfigResolve, PipelineDefaultsBeatTheModelsOwnValues) {
  // transformers 4.57 _prepare_generation_config(use_model_defaults=True), run on a model whose
  // generation config says temperature 0.6, top_p 0.9, do_sample, num_beams 6, max_length 30:
  // text-generation defaults {max_new_tokens 256, do_sample, temperature 0.7} -> temperature 0.7,
  // top_p 0.9, num_beams 6; text2text defaults {max_new_tokens 256, num_beams 4} -> temperature
  // 0.6, num_beams 4 (opus-mt's num_beams 6 translates with 4).
  const char* gen = R"({"temperature": 0.6, "top_p": 0.9, "do_sample": true, "num_beams": 6, "max_length": 30})";
  auto lm = resolve_generation_config(gen, "{}", "", R"({"max_new_tokens": 256, "do_sample": true, "temperature": 0.7})", "");
  EXPECT_FLOAT_EQ(lm.temperature, 0.7f);
  EXPECT_FLOAT_EQ(lm.top_p, 0.9f);
  EXPECT_EQ(lm.num_beams, 6);
  auto s2s = resolve_generation_config(gen, "{}", "", R"({"max_new_tokens": 256, "num_beams": 4})", "");
  EXPECT_FLOAT_EQ(s2s.temperature, 0.6f);
  EXPECT_EQ(s2s.num_beams, 4);
  EXPECT_EQ(s2s.max_length, 30);
}

TEST(GenerationConfigResolve, LengthsFollowHfPrepareGeneratedLength) {
  auto c = resolve_generation_config("", "{\"max_position_embeddings\": 25}", "", "", "");
  prepare_lengths(c, 10);
  EXPECT_EQ(c.max_length, 25);  // default 20 + 10 input tokens, capped by the positions
  auto n = resolve_generation_config("", "{}", "", "", R"({"max_new_tokens": 5, "min_new_tokens": 2})");
  prepare_lengths(n, 3);
  EXPECT_EQ(n.max_length, 8);
  EXPECT_EQ(n.min_length, 5);
}

TEST(GenerationConfigResolve, BadOptionsAreClearErrors) {
  auto code_of = [](const char* options, int64_t input_len = 1) {
    try {
      auto c = resolve_generation_config("", "{}", "", "", options);
      prepare_lengths(c, input_len);
    } catch (const Error& e) {
      return std::string(error_code_name(e.code())) + ": " + e.what();
    }
    return std::string("no error");
  };
  EXPECT_NE(code_of(R"({"max_new_tokens": 0})").find("max_new_tokens must be greater than 0"), std::string::npos);
  EXPECT_NE(code_of(R"({"max_new_tokens": -3})").find("INVALID_ARGUMENT"), std::string::npos);
  EXPECT_NE(code_of(R"({"num_beams": 2, "num_return_sequences": 3})").find("must be <= num_beams"), std::string::npos);
  EXPECT_NE(code_of(R"({"num_return_sequences": 2})").find("needs beam search"), std::string::npos);
  EXPECT_NE(code_of(R"({"top_p": 1.5})").find("top_p"), std::string::npos);
  EXPECT_NE(code_of(R"({"early_stopping": "sometimes"})").find("never"), std::string::npos);
  EXPECT_NE(code_of(R"({"nonsense": 1})").find("unknown generation option 'nonsense'"), std::string::npos);
  EXPECT_NE(code_of(R"({"do_sample": true, "temperature": 0})").find("temperature"), std::string::npos);
  EXPECT_NE(code_of("{oops").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(code_of(R"({"max_new_tokens": 3, "num_beams": 3, "num_return_sequences": 3})"), "no error");
}

}  // namespace
}  // namespace wasmpipe::generation
