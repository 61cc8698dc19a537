// What other binding files may see of the JS-facing Tokenizer class (bindings.cpp): its C++
// Tokenizer. Pipelines bound in their own files take a `TokenizerHandle&` argument, and
// Embind passes the JS tokenizer object (registered with this class as its base).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace wasmpipe::bindings {

// The buffers of the raw encode calls (tokenizer_raw.cpp): JS writes UTF-8 into `input` with
// TextEncoder.encodeInto and reads the ids out of `ids`. Owned by each tokenizer handle, reused
// across calls; `error` keeps the last failed call's message for tokenizerLastError().
struct RawEncodeBuffers {
  std::vector<uint8_t> input;
  std::vector<int32_t> ids;
  // wasmpipe_tokenizer_encode_for_model: the batch's texts, its int64 inputs and lengths.
  std::vector<std::string> texts, pairs;
  std::vector<int64_t> model_inputs;
  std::vector<int32_t> lengths;
  // wasmpipe_tokenizer_encode_full (tokenizer_raw_full.cpp): the encodings' int32 records and
  // the UTF-8 of their tokens.
  std::vector<int32_t> records;
  std::string token_bytes;
  // wasmpipe_tokenizer_decode (tokenizer_raw_decode.cpp): the decoded text's UTF-8.
  std::string text;
  std::string error;
  const char* error_code = "INTERNAL";
};

class TokenizerHandle {
 public:
  virtual ~TokenizerHandle() = default;
  // Mutable: a call may swap truncation/padding settings for its duration (and restore them).
  virtual Tokenizer& tokenizer() = 0;
  // The padding of the tokenizer's config (its pad token), which model inputs are padded with.
  virtual const PaddingParams& config_padding() const = 0;
  RawEncodeBuffers& raw_buffers() { return raw_; }

 private:
  RawEncodeBuffers raw_;
};

}  // namespace wasmpipe::bindings
