// A batch -> the model's int64 inputs laid out [3][batch][seq] (input_ids, attention_mask,
// token_type_ids), padded to the longest member (or max_length): what tokenizer(texts) returns as
// tensors. Shared by the Embind method Tokenizer.encodeForModel (bindings.cpp) and the raw wasm
// export (tokenizer_raw.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace wasmpipe::bindings {

struct ModelInputOptions {
  bool add_special_tokens = true;
  bool truncation = true;
  size_t max_length = 0;  // 0 = the tokenizer's model_max_length
  bool pad_to_max_length = false;
  int32_t pad_id = -1;  // -1 = the pad token of the tokenizer's config (`default_pad`)
  bool pad_left = false;
};

// Encodes texts (and pairs, null or one per text) into `out` (3 * batch * seq values) and
// `lengths` (tokens per text before padding); returns seq. The tokenizer's own truncation and
// padding settings are restored afterwards, also when this throws.
size_t encode_model_inputs(Tokenizer& tok, const PaddingParams& default_pad, const std::vector<std::string>& texts,
                           const std::vector<std::string>* pairs, const ModelInputOptions& options,
                           std::vector<int64_t>& out, std::vector<int32_t>& lengths);

// The pad token of a tokenizer's config (pad_token and its id), the default of `default_pad`.
PaddingParams config_padding(const Tokenizer& tok);

}  // namespace wasmpipe::bindings
