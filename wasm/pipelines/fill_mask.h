// Fill-mask post-processing exactly as Python transformers' FillMaskPipeline: softmax over the
// vocabulary at each mask position, optional restriction to target tokens, top-k, and the filled-in
// sequence decoded by the tokenizer.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace wasmpipe {

struct FillMaskCandidate {
  float score = 0.f;
  int32_t token = 0;
  std::string token_str;  // decode([token])
  std::string sequence;   // the input with this token at the mask, decoded
};

// Target words -> vocabulary ids like transformers' get_target_ids: a vocabulary entry is used as
// is; anything else is tokenized (no special tokens) and its first token used; a target that
// tokenizes to nothing is skipped. Duplicates are dropped. Throws when nothing is left.
std::vector<int32_t> resolve_fill_mask_targets(const Tokenizer& tok, const std::vector<std::string>& targets);

// Positions of the mask tokens in one input (what the model's logits are needed for).
std::vector<size_t> mask_positions(std::span<const int32_t> ids, int32_t mask_id);

// ids: one unpadded input (its mask tokens in place); mask_logits: the model's [vocab] logits at
// each mask position, in input order (only those rows: the binding copies nothing else out of the
// [seq, vocab] output). top_k is capped by the number of targets. One list per mask.
std::vector<std::vector<FillMaskCandidate>> fill_mask(const Tokenizer& tok, std::span<const int32_t> ids,
                                                      const std::vector<std::span<const float>>& mask_logits,
                                                      int32_t mask_id, size_t top_k, const std::vector<int32_t>* targets);

}  // namespace wasmpipe
