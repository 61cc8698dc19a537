// What other binding files may see of the JS-facing Tokenizer class (bindings.cpp): its C++
// Tokenizer. Pipelines bound in their own files take a `TokenizerHandle&` argument, and
// Embind passes the JS tokenizer object (registered with this class as its base).
#pragma once
#include "tokenizer/tokenizer.h"

namespace wasmpipe::bindings {

class TokenizerHandle {
 public:
  virtual ~TokenizerHandle() = default;
  // Mutable: a call may swap truncation/padding settings for its duration (and restore them).
  virtual Tokenizer& tokenizer() = 0;
};

}  // namespace wasmpipe::bindings
