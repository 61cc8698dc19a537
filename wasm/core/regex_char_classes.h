// The Unicode character classes the hand-written pre-tokenization matchers (core/regex_fast.h)
// need, read from Oniguruma's own property tables (the ones the regex engine matches with), so
// `\p{L}` here is exactly Oniguruma's `\p{L}` for every code point (tests/cpp/regex_fast_test.cpp
// checks all 0x110000). Built once, immutable afterwards, safe to share between threads.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wasmpipe::regex_fast {

// Bit set of classes of one code point.
enum CharClass : uint8_t {
  kLetter = 1 << 0,     // \p{L}
  kNumber = 1 << 1,     // \p{N}
  kSpace = 1 << 2,      // \s (Oniguruma: White_Space)
  kUpperish = 1 << 3,   // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (o200k's word head)
  kLowerish = 1 << 4,   // [\p{Ll}\p{Lm}\p{Lo}\p{M}]       (o200k's word tail)
  kMark = 1 << 5,       // \p{M}
};

class CharClasses {
 public:
  // The shared table (built on first use from Oniguruma's tables, ~1 ms).
  static const CharClasses& get();

  uint8_t of(char32_t cp) const noexcept {
    if (cp < 0x80) return ascii_[cp];
    if (cp >= 0x110000) return 0;
    return blocks_[(size_t(stage1_[cp >> kBlockBits]) << kBlockBits) | (cp & kBlockMask)];
  }

 private:
  CharClasses();
  static constexpr unsigned kBlockBits = 7;
  static constexpr char32_t kBlockMask = (1u << kBlockBits) - 1;
  std::array<uint8_t, 0x80> ascii_{};
  std::vector<uint16_t> stage1_;  // code point >> kBlockBits -> index of its block in blocks_
  std::vector<uint8_t> blocks_;   // deduplicated blocks of 128 class bytes
};

}  // namespace wasmpipe::regex_fast
