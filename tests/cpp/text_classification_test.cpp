// Text-classification post-processing on hand-made logits; expected values computed by hand
// (softmax/sigmoid of small integers) so they are independent of the implementation.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "pipelines/text_classification.h"

using namespace wasmpipe;

TEST(TextClassification, SoftmaxTopOneAndAll) {
  auto cfg = ClassifierConfig::from_config_json(R"({"id2label":{"0":"NEG","1":"POS"}})", 2);
  EXPECT_EQ(cfg.function, ScoreFunction::Softmax);
  const float logits[] = {0.f, std::log(3.f)};  // softmax = [0.25, 0.75]
  auto top1 = classify(logits, 1, 2, cfg, 1);
  ASSERT_EQ(top1.size(), 1u);
  ASSERT_EQ(top1[0].size(), 1u);
  EXPECT_EQ(top1[0][0].label, "POS");
  EXPECT_NEAR(top1[0][0].score, 0.75f, 1e-6);
  auto all = classify(logits, 1, 2, cfg, 0);
  ASSERT_EQ(all[0].size(), 2u);
  EXPECT_EQ(all[0][1].label, "NEG");
  EXPECT_NEAR(all[0][1].score, 0.25f, 1e-6);
}

TEST(TextClassification, MultiLabelUsesSigmoidAndBatches) {
  auto cfg = ClassifierConfig::from_config_json(
      R"({"problem_type":"multi_label_classification","id2label":{"0":"a","1":"b","2":"c"}})", 3);
  EXPECT_EQ(cfg.function, ScoreFunction::Sigmoid);
  const float logits[] = {0.f, 2.f, -2.f, 5.f, 0.f, 0.f};
  auto out = classify(logits, 2, 3, cfg, 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0][0].label, "b");
  EXPECT_NEAR(out[0][0].score, 1.0 / (1.0 + std::exp(-2.0)), 1e-6);
  EXPECT_EQ(out[0][1].label, "a");
  EXPECT_NEAR(out[0][1].score, 0.5, 1e-6);
  EXPECT_EQ(out[1][0].label, "a");
  // Ties keep the lower id first.
  EXPECT_EQ(out[1][1].label, "b");
}

TEST(TextClassification, MissingLabelsAndSingleLogit) {
  auto cfg = ClassifierConfig::from_config_json(R"({"id2label":{"0":"only"}})", 3);
  EXPECT_EQ(cfg.id2label[2], "LABEL_2");
  auto one = ClassifierConfig::from_config_json("{}", 1);
  EXPECT_EQ(one.function, ScoreFunction::Sigmoid);
  EXPECT_EQ(one.id2label[0], "LABEL_0");
}

TEST(TextClassification, ClearErrors) {
  EXPECT_THROW(ClassifierConfig::from_config_json("not json", 2), Error);
  EXPECT_THROW(ClassifierConfig::from_config_json(R"({"id2label":{"x":"a"}})", 2), Error);
  EXPECT_THROW(ClassifierConfig::from_config_json(R"({"id2label":[1]})", 2), Error);
  auto cfg = ClassifierConfig::from_config_json("{}", 2);
  const float logits[] = {1.f, 2.f, 3.f};
  try {
    classify(logits, 2, 2, cfg, 1);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("3 logits"), std::string::npos);
  }
  EXPECT_THROW(parse_score_function("tanh"), Error);
}
