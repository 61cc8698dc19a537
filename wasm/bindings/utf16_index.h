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
    uint32_t u = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      units_[i] = u;
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) != 0x80) u += (c >= 0xF0) ? 2 : 1;  // 4-byte sequences are surrogate pairs
    }
    units_[text.size()] = u;
  }
  uint32_t operator()(uint32_t byte) const { return units_[std::min<size_t>(byte, units_.size() - 1)]; }

 private:
  std::vector<uint32_t> units_;
};

}  // namespace wasmpipe::bindings
