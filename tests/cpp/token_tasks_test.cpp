// token-classification, fill-mask and zero-shot post-processing on hand-made logits over the tiny
// WordPiece tokenizer. Expected values follow transformers' pipeline code by hand (softmax of small
// integers, B-/I- grouping, WordPiece decoding); the fixture-model tests in tests/js compare against
// Python itself.
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <vector>

#include "core/error.h"
#include "pipelines/fill_mask.h"
#include "pipelines/token_classification.h"
#include "pipelines/zero_shot.h"
#include "tokenizer_tiny.h"

using namespace wasmpipe;

namespace {

const std::vector<std::string> kLabels = {"O", "B-PER", "I-PER", "B-ORG", "I-ORG"};

// Softmax of a row that is 0 everywhere except `x` at one of n places: the peak and the rest.
float peak(float x, size_t n) { return std::exp(x) / (std::exp(x) + float(n - 1)); }
float rest(float x, size_t n) { return 1.f / (std::exp(x) + float(n - 1)); }

// The rows of a [seq, vocab] logits matrix at the mask positions of `ids` (what the binding copies).
std::vector<std::span<const float>> mask_rows(const std::vector<float>& logits, size_t vocab, const std::vector<int32_t>& ids) {
  std::vector<std::span<const float>> rows;
  for (size_t p : mask_positions(ids, 4)) rows.emplace_back(logits.data() + p * vocab, vocab);
  return rows;
}

struct NerCase {
  Tokenizer tok = Tokenizer::from_json(test::kTinyTokenizerJson);
  std::string text = "hello world unaffable";
  Encoding enc = tok.encode(text);
  // [CLS] hello world un ##aff ##able [SEP]: B-PER, I-PER, B-ORG, O, I-ORG.
  std::vector<float> logits = {
      0, 0, 0, 0, 0,  //
      0, 2, 0, 0, 0,  //
      0, 0, 1, 0, 0,  //
      0, 0, 0, 2, 0,  //
      3, 0, 0, 0, 0,  //
      0, 0, 0, 0, 1,  //
      0, 0, 0, 0, 0,
  };
  std::vector<TokenEntity> run(AggregationStrategy s, std::vector<std::string> ignore = {"O"}) {
    return classify_tokens(tok, text, enc, logits, kLabels, {s, std::move(ignore)});
  }
};

}  // namespace

TEST(TokenClassification, NoneKeepsEveryTokenWithItsIndexAndOffsets) {
  NerCase c;
  ASSERT_EQ(c.enc.tokens, (std::vector<std::string>{"[CLS]", "hello", "world", "un", "##aff", "##able", "[SEP]"}));
  const auto e = c.run(AggregationStrategy::None);
  ASSERT_EQ(e.size(), 4u);  // ##aff is O
  EXPECT_EQ(e[0].label, "B-PER");
  EXPECT_EQ(e[0].index, 1);
  EXPECT_EQ(e[0].word, "hello");
  EXPECT_NEAR(e[0].score, peak(2, 5), 1e-6);
  EXPECT_EQ(e[3].label, "I-ORG");
  EXPECT_EQ(e[3].word, "##able");  // the raw token, as in Python
  EXPECT_EQ(e[3].index, 5);
  EXPECT_EQ(e[3].start, 17u);
  EXPECT_EQ(e[3].end, 21u);
  EXPECT_EQ(c.run(AggregationStrategy::None, {}).size(), 5u);
}

TEST(TokenClassification, SimpleGroupsBAndIOfOneTag) {
  NerCase c;
  const auto e = c.run(AggregationStrategy::Simple);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].label, "PER");
  EXPECT_EQ(e[0].word, "hello world");
  EXPECT_NEAR(e[0].score, (peak(2, 5) + peak(1, 5)) / 2, 1e-6);
  EXPECT_EQ(e[0].start, 0u);
  EXPECT_EQ(e[0].end, 11u);
  EXPECT_EQ(e[1].label, "ORG");
  EXPECT_EQ(e[1].word, "un");
  // I-ORG after an O starts a new group; a lone "##able" keeps its prefix (WordPiece decoder).
  EXPECT_EQ(e[2].label, "ORG");
  EXPECT_EQ(e[2].word, "##able");
  EXPECT_EQ(c.run(AggregationStrategy::Simple, {"O", "PER"}).size(), 2u);
}

TEST(TokenClassification, WordStrategiesMergeSubwords) {
  NerCase c;
  const auto first = c.run(AggregationStrategy::First);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[1].label, "ORG");
  EXPECT_EQ(first[1].word, "unaffable");
  EXPECT_NEAR(first[1].score, peak(2, 5), 1e-6);
  EXPECT_EQ(first[1].start, 12u);
  EXPECT_EQ(first[1].end, 21u);
  // average: O wins with (rest(2) + peak(3) + rest(1)) / 3.
  const auto average = c.run(AggregationStrategy::Average, {});
  ASSERT_EQ(average.size(), 2u);
  EXPECT_EQ(average[1].label, "O");
  EXPECT_NEAR(average[1].score, (rest(2, 5) + peak(3, 5) + rest(1, 5)) / 3, 1e-6);
  EXPECT_EQ(c.run(AggregationStrategy::Average).size(), 1u);
  // max: the token with the highest score (##aff, O) decides.
  const auto max = c.run(AggregationStrategy::Max, {});
  ASSERT_EQ(max.size(), 2u);
  EXPECT_EQ(max[1].label, "O");
  EXPECT_NEAR(max[1].score, peak(3, 5), 1e-6);
}

TEST(TokenClassification, BadArguments) {
  NerCase c;
  EXPECT_THROW(parse_aggregation_strategy("mean"), Error);
  c.logits.pop_back();
  EXPECT_THROW(c.run(AggregationStrategy::None), Error);
}

TEST(FillMask, TopKTargetsAndSequences) {
  Tokenizer tok = Tokenizer::from_json(test::kTinyTokenizerJson);
  const Encoding enc = tok.encode("hello [MASK]!");
  ASSERT_EQ(enc.ids, (std::vector<int32_t>{2, 5, 4, 10, 3}));
  const size_t vocab = 40;
  std::vector<float> logits(enc.size() * vocab, 0.f);
  logits[2 * vocab + 6] = 2.f;   // "world"
  logits[2 * vocab + 19] = 1.f;  // "the"
  const float sum = std::exp(2.f) + std::exp(1.f) + 38.f;
  const auto top = fill_mask(tok, enc.ids, mask_rows(logits, vocab, enc.ids), 4, 2, nullptr);
  ASSERT_EQ(top.size(), 1u);
  ASSERT_EQ(top[0].size(), 2u);
  EXPECT_EQ(top[0][0].token, 6);
  EXPECT_EQ(top[0][0].token_str, "world");
  EXPECT_EQ(top[0][0].sequence, "hello world!");
  EXPECT_NEAR(top[0][0].score, std::exp(2.f) / sum, 1e-6);
  EXPECT_EQ(top[0][1].token, 19);

  // Targets: vocabulary entries as is, other words by their first token ("hello!" -> hello),
  // duplicates dropped, top_k capped at the number of targets.
  const auto targets = resolve_fill_mask_targets(tok, {"the", "hello!", "the"});
  EXPECT_EQ(targets, (std::vector<int32_t>{5, 19}));
  const auto restricted = fill_mask(tok, enc.ids, mask_rows(logits, vocab, enc.ids), 4, 5, &targets);
  ASSERT_EQ(restricted[0].size(), 2u);
  EXPECT_EQ(restricted[0][0].token, 19);
  EXPECT_NEAR(restricted[0][1].score, 1.f / sum, 1e-6);
  EXPECT_THROW(resolve_fill_mask_targets(tok, {"", "  "}), Error);
}

TEST(FillMask, SeveralMasksKeepTheOthersAndNoMaskIsAnError) {
  Tokenizer tok = Tokenizer::from_json(test::kTinyTokenizerJson);
  const Encoding enc = tok.encode("[MASK] world [MASK]");
  const size_t vocab = 40;
  std::vector<float> logits(enc.size() * vocab, 0.f);
  logits[1 * vocab + 5] = 3.f;  // first mask: "hello"
  logits[3 * vocab + 10] = 3.f;  // second mask: "!"
  const auto out = fill_mask(tok, enc.ids, mask_rows(logits, vocab, enc.ids), 4, 1, nullptr);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0][0].sequence, "[CLS] hello world [MASK] [SEP]");
  EXPECT_EQ(out[1][0].sequence, "[CLS] [MASK] world! [SEP]");
  const Encoding none = tok.encode("hello world");
  EXPECT_THROW(fill_mask(tok, none.ids, {}, 4, 1, nullptr), Error);
  // Logits for fewer masks than the input has.
  EXPECT_THROW(fill_mask(tok, enc.ids, {mask_rows(logits, vocab, enc.ids)[0]}, 4, 1, nullptr), Error);
}

TEST(ZeroShot, TemplatesAndLabels) {
  EXPECT_EQ(format_hypothesis("This example is {}.", "sports"), "This example is sports.");
  EXPECT_EQ(format_hypothesis("{0} {{x}}", "a"), "a {x}");
  EXPECT_THROW(format_hypothesis("No slot here.", "a"), Error);
  EXPECT_THROW(format_hypothesis("{label}", "a"), Error);
  EXPECT_THROW(format_hypothesis("oops }", "a"), Error);
  EXPECT_EQ(split_candidate_labels(" urgent, not urgent ,,phone"), (std::vector<std::string>{"urgent", "not urgent", "phone"}));
}

TEST(ZeroShot, EntailmentScores) {
  const auto mnli = NliConfig::from_config_json(R"({"label2id":{"contradiction":0,"neutral":1,"entailment":2}})");
  EXPECT_EQ(mnli.entailment_id, 2);
  const std::vector<std::string> labels = {"a", "b"};
  const std::vector<float> logits = {0, 0, 1, 2, 0, 0};
  const float e = std::exp(1.f);
  auto single = zero_shot_scores(logits, 3, labels, mnli, false);
  EXPECT_EQ(single.labels, (std::vector<std::string>{"a", "b"}));
  EXPECT_NEAR(single.scores[0], e / (e + 1), 1e-6);
  // multi_label: entailment vs contradiction (logit 0) per label.
  auto multi = zero_shot_scores(logits, 3, labels, mnli, true);
  EXPECT_EQ(multi.labels, (std::vector<std::string>{"a", "b"}));
  EXPECT_NEAR(multi.scores[0], e / (e + 1), 1e-6);
  EXPECT_NEAR(multi.scores[1], 1 / (1 + std::exp(2.f)), 1e-6);
  // Entailment first (any case): contradiction is then the last logit.
  const auto first = NliConfig::from_config_json(R"({"label2id":{"ENTAILMENT":0,"NEUTRAL":1,"CONTRADICTION":2}})");
  EXPECT_EQ(first.entailment_id, 0);
  auto m = zero_shot_scores(logits, 3, labels, first, true);
  EXPECT_EQ(m.labels[0], "b");
  EXPECT_NEAR(m.scores[0], std::exp(2.f) / (std::exp(2.f) + 1), 1e-6);
  EXPECT_EQ(NliConfig::from_config_json(R"({"label2id":{"yes":0,"no":1}})").entailment_id, -1);
  EXPECT_THROW(zero_shot_scores(logits, 3, {}, mnli, false), Error);
}
