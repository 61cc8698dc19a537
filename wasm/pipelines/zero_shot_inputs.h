// The model inputs of zero-shot classification: every (text, hypothesis) pair, as Python's
// ZeroShotClassificationPipeline tokenizes them one by one (truncation "only_first" at
// model_max_length; a pair whose hypothesis alone is too long for that is not truncated, as
// Python's retry without truncation), but with each text and each hypothesis tokenized once, and
// the pairs written right-padded into one [3][pairs][seq] int64 buffer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace wasmpipe {

class ZeroShotInputs {
 public:
  // Formats and tokenizes the hypotheses; kept until different ones (or another tokenizer) come.
  // Throws InvalidArgument for a template without {} (see format_hypothesis).
  void set_hypotheses(Tokenizer& tokenizer, const std::string& hypothesis_template, const std::vector<std::string>& labels);
  size_t hypotheses() const { return sides_.size(); }

  // Pairs text t with hypothesis h at row t * hypotheses() + h of `out`, laid out [3][rows][seq]:
  // input_ids (pad_token's id where padded, 0 without one), attention_mask, token_type_ids (0 where
  // padded). Returns seq, the longest pair. The tokenizer's settings are restored afterwards.
  size_t encode(Tokenizer& tokenizer, const std::vector<std::string>& texts, std::vector<int64_t>& out);

 private:
  const Tokenizer* tokenizer_ = nullptr;  // the one the hypotheses were tokenized with
  std::string template_;
  std::vector<std::string> labels_;
  std::vector<Tokenizer::PairSide> sides_;  // the tokenized hypotheses
  std::vector<Encoding> pairs_;             // reused per call
};

}  // namespace wasmpipe
