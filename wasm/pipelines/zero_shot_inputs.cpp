#include "pipelines/zero_shot_inputs.h"

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "tokenizer/settings_scope.h"
#include "pipelines/zero_shot.h"

namespace wasmpipe {
namespace {

// The tokenizer's settings for one call: `truncation`, no padding (restored when the scope ends).
struct TruncationScope : TokenizerSettingsScope {
  TruncationScope(Tokenizer& t, const std::optional<TruncationParams>& truncation) : TokenizerSettingsScope(t) {
    t.set_padding(std::nullopt);
    t.set_truncation(truncation);
  }
};

// Python's truncation=ONLY_FIRST: at model_max_length (none when the tokenizer has no limit).
std::optional<TruncationParams> only_first(const Tokenizer& tok) {
  const auto max = tok.model_max_length();
  if (!max) return std::nullopt;
  TruncationParams t;
  t.strategy = TruncationStrategy::OnlyFirst;
  t.max_length = *max;
  return t;
}

}  // namespace

void ZeroShotInputs::set_hypotheses(Tokenizer& tokenizer, const std::string& hypothesis_template,
                                    const std::vector<std::string>& labels) {
  if (tokenizer_ == &tokenizer && template_ == hypothesis_template && labels_ == labels) return;
  tokenizer_ = nullptr;  // invalid until the new sides are complete (a throw leaves no stale cache)
  sides_.clear();
  const TruncationScope scope(tokenizer, only_first(tokenizer));
  sides_.reserve(labels.size());
  for (const auto& label : labels) sides_.push_back(tokenizer.encode_pair_side(format_hypothesis(hypothesis_template, label), 1));
  template_ = hypothesis_template;
  labels_ = labels;
  tokenizer_ = &tokenizer;
}

size_t ZeroShotInputs::encode(Tokenizer& tokenizer, const std::vector<std::string>& texts, std::vector<int64_t>& out) {
  if (tokenizer_ != &tokenizer) throw Error(ErrorCode::Internal, "zero-shot-classification: hypotheses tokenized with another tokenizer");
  const auto truncation = only_first(tokenizer);
  const TruncationScope scope(tokenizer, truncation);
  pairs_.clear();
  pairs_.reserve(texts.size() * sides_.size());
  size_t seq = 0;
  for (const auto& text : texts) {
    const Tokenizer::PairSide first = tokenizer.encode_pair_side(text, 0);
    for (const auto& hypothesis : sides_) {
      try {
        pairs_.push_back(tokenizer.pair_tokenized(first, hypothesis));
      } catch (const Error& e) {
        // Python retries without truncation when the hypothesis leaves no room ("too short").
        if (e.code() != ErrorCode::InvalidArgument || !truncation) throw;
        const TruncationScope untruncated(tokenizer, std::nullopt);
        pairs_.push_back(tokenizer.pair_tokenized(first, hypothesis));
      }
      pairs_.back().overflowing.clear();
      seq = std::max(seq, pairs_.back().size());
    }
  }
  int32_t pad_id = 0;
  if (auto pad = tokenizer.special_token("pad_token")) pad_id = tokenizer.token_to_id(*pad).value_or(0);
  const size_t rows = pairs_.size(), n = rows * seq;
  out.assign(3 * n, 0);
  for (size_t r = 0; r < rows; ++r) {
    const Encoding& e = pairs_[r];
    int64_t* ids = out.data() + r * seq;
    std::copy(e.ids.begin(), e.ids.end(), ids);
    std::fill(ids + e.size(), ids + seq, pad_id);
    std::copy(e.attention_mask.begin(), e.attention_mask.end(), out.data() + n + r * seq);
    std::copy(e.type_ids.begin(), e.type_ids.end(), out.data() + 2 * n + r * seq);
  }
  return seq;
}

}  // namespace wasmpipe
