// Byte offsets -> UTF-16 code-unit offsets, which is what JS String#slice uses.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace wasmpipe::bindings {

class Utf16Index {
 public:
  explicit Utf16Index(const std::string& text) : units_(text.size() + 1, 0) {
    // A byte inside a character maps to that character's start, as in Rust's
    // BytesToCharOffsetConverter: byte-level offset trimming can end a token mid-character (a
    // lone prefix 'Ġ' before a 3-byte character: Rust reports (0, 0), not (0, 1)).
    uint32_t u = 0, char_start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) != 0x80) {
        char_start = u;
        u += (c >= 0xF0) ? 2 : 1;  // 4-byte sequences are surrogate pairs
      }
      units_[i] = char_start;
    }
    units_[text.size()] = u;
  }
  uint32_t operator()(uint32_t byte) const { return units_[std::min<size_t>(byte, units_.size() - 1)]; }
  // The same, with bytes past the end of the text counting one unit each (user offsets past the
  // end, kept as given: token-classification's offset_mapping).
  uint32_t extended(uint32_t byte) const {
    const size_t last = units_.size() - 1;
    return byte <= last ? units_[byte] : units_[last] + static_cast<uint32_t>(byte - last);
  }

 private:
  std::vector<uint32_t> units_;
};

}  // namespace wasmpipe::bindings
