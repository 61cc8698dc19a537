// The target side of transformers' language classes: a template put in place of the post-processor
// for one call (PostProcessorScope, TemplateProcessing::around), truncation counting its special
// tokens, and the Python-only classes' truncation (encoding_ops::slow_truncation_plan, whose table
// was recorded from transformers 4.57's PreTrainedTokenizerBase.truncate_sequences).
#include <gtest/gtest.h>

#include "post_processors/template_processing.h"
#include "tokenizer/encoding_ops.h"
#include "tokenizer/post_processor_scope.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_tiny.h"

namespace wasmpipe {
namespace {

TEST(SlowTruncationPlan, MatchesPythonTruncateSequences) {
  struct Case {
    size_t len1, len2;
    bool pair;
    size_t remove;
    TruncationStrategy strategy;
    size_t keep1, keep2;
  };
  constexpr auto L = TruncationStrategy::LongestFirst, F = TruncationStrategy::OnlyFirst, S = TruncationStrategy::OnlySecond;
  const Case cases[] = {
      {10, 6, true, 4, L, 6, 6}, {10, 6, true, 6, L, 5, 5}, {8, 8, true, 5, L, 6, 5},  // a tie: the first keeps more
      {6, 10, true, 7, L, 5, 4}, {3, 2, true, 9, L, 0, 0},                           // more than there is: both empty
      {10, 0, false, 4, L, 6, 0}, {10, 0, false, 10, L, 10, 0},                      // too short: logged, not cut
      {5, 9, true, 3, F, 2, 9}, {5, 9, true, 5, F, 5, 9}, {5, 9, true, 8, S, 5, 1}, {5, 9, true, 9, S, 5, 9},
      {5, 0, false, 2, S, 5, 0},  // only_second without a pair: nothing happens
  };
  for (const Case& c : cases) {
    const auto [k1, k2] = encoding_ops::slow_truncation_plan(c.len1, c.len2, c.pair, c.remove, c.strategy);
    EXPECT_EQ(k1, c.keep1) << c.len1 << "+" << c.len2 << " -" << c.remove << " strategy " << static_cast<int>(c.strategy);
    EXPECT_EQ(k2, c.keep2) << c.len1 << "+" << c.len2 << " -" << c.remove << " strategy " << static_cast<int>(c.strategy);
  }
}

TEST(TargetTemplate, ReplacesThePostProcessorForTheScopeAndTruncationCountsItsTokens) {
  Tokenizer tok = Tokenizer::from_json(test::kTinyTokenizerJson);
  TruncationParams t;
  t.max_length = 4;  // 2 special tokens: 2 ids left for "hello world" (2) + "un" (1)
  tok.set_truncation(t);
  {
    // mBART cc25's target layout: A B </s> lang (here [SEP] [CLS]), every type 0.
    PostProcessorScope target(tok, post_processors::TemplateProcessing::around({}, {{"[SEP]", 3}, {"[CLS]", 2}}, 0));
    const Encoding e = tok.encode_pair("hello world", "un");
    EXPECT_EQ(e.ids, (std::vector<int32_t>{5, 7, 3, 2}));  // longest_first: one of each
    EXPECT_EQ(e.type_ids, (std::vector<int32_t>{0, 0, 0, 0}));
    EXPECT_EQ(e.special_tokens_mask, (std::vector<uint8_t>{0, 0, 1, 1}));
    ASSERT_EQ(e.overflowing.size(), 1u);  // "hello" + "world" windows of the first sequence
    EXPECT_EQ(e.overflowing[0].ids, (std::vector<int32_t>{6, 7, 3, 2}));
    EXPECT_EQ(tok.encode("hello world").ids, (std::vector<int32_t>{5, 6, 3, 2}));
  }
  {
    // M2M100's: lang A B </s>, B and the suffix type 1 (its slow create_token_type_ids).
    PostProcessorScope target(tok, post_processors::TemplateProcessing::around({{"[CLS]", 2}}, {{"[SEP]", 3}}, 1));
    const Encoding e = tok.encode_pair("hello world", "un");
    EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 5, 7, 3}));
    EXPECT_EQ(e.type_ids, (std::vector<int32_t>{0, 0, 1, 1}));
    EXPECT_EQ(tok.encode_pair("hello world", "un", false).type_ids, (std::vector<int32_t>{0, 0, 1}));
  }
  // The tokenizer's own template again: [CLS] A [SEP] B [SEP] (3 special tokens, 1 id left).
  tok.set_truncation(std::nullopt);
  EXPECT_EQ(tok.encode_pair("hello world", "un").ids, (std::vector<int32_t>{2, 5, 6, 3, 7, 3}));
  PostProcessorScope none(tok, nullptr);  // null: the tokenizer's own stays
  EXPECT_EQ(tok.encode("hello").ids, (std::vector<int32_t>{2, 5, 3}));
}

}  // namespace
}  // namespace wasmpipe
