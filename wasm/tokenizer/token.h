// One token produced by a Model (or an added token): id, string value, and byte offsets
// (relative to the pre-token it came from, until the tokenizer maps them to the original input).
#pragma once
#include <cstdint>
#include <string>

namespace wasmpipe {

struct Token {
  int32_t id = 0;
  std::string value;
  uint32_t start = 0;
  uint32_t end = 0;
};

}  // namespace wasmpipe
