// ByteLevel normalizer (Rust: normalizers::byte_level::ByteLevel): rewrites every byte as its char
// of GPT-2's byte-level alphabet (core/byte_level.h), each aligned to the char it came from.
#pragma once
#include "normalizers/normalizer.h"

namespace wasmpipe::normalizers {

class ByteLevel final : public Normalizer {
 public:
  void normalize(NormalizedString& s) const override;
};

}  // namespace wasmpipe::normalizers
