// Token classification (NER) post-processing exactly as Python transformers'
// TokenClassificationPipeline: softmax per token, the aggregation strategies none / simple / first /
// average / max (sub-word merging into words, then B-/I- grouping into entities), ignore_labels.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/encoding.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe {

enum class AggregationStrategy { None, Simple, First, Average, Max };

// "none", "simple", "first", "average", "max" (as in transformers).
AggregationStrategy parse_aggregation_strategy(std::string_view name);

struct TokenEntity {
  std::string label;   // `entity` ("B-PER") for strategy none, `entity_group` ("PER") otherwise
  float score = 0.f;
  int32_t index = -1;  // token position in the model input (strategy none only)
  std::string word;
  uint32_t start = 0, end = 0;  // byte offsets into the text
};

struct TokenClassificationOptions {
  AggregationStrategy strategy = AggregationStrategy::None;
  std::vector<std::string> ignore_labels = {"O"};
};

// One text: its encoding (tokens, offsets, special-tokens mask; trailing padding allowed) and the
// model's logits for it, row-major [encoding.size(), id2label.size()].
std::vector<TokenEntity> classify_tokens(const Tokenizer& tokenizer, std::string_view text, const Encoding& encoding,
                                         std::span<const float> logits, const std::vector<std::string>& id2label,
                                         const TokenClassificationOptions& options);

// Python's aggregate_overlapping_entities, for the entities of all windows of one text (stride):
// sorted by start (stably), an entity that starts inside the one kept before it replaces it when
// it is longer (in code points of `text`) or as long with a higher score; the others are kept.
std::vector<TokenEntity> merge_window_entities(std::vector<TokenEntity> entities, std::string_view text);

}  // namespace wasmpipe
