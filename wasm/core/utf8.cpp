#include "core/utf8.h"

#include <cstdint>
#include <cstring>

#include "core/error.h"

namespace wasmpipe::utf8 {

size_t find_invalid(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time (most of a tokenizer.json or a text is ASCII).
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    char32_t min;
    char32_t cp;
    if ((c >> 5) == 0x6) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c >> 4) == 0xE) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c >> 3) == 0x1E) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

void validate(std::string_view s, std::string_view what) {
  size_t at = find_invalid(s);
  if (at != std::string_view::npos) {
    throw Error(ErrorCode::InvalidArgument, std::string(what) + " is not valid UTF-8 (bad byte sequence at byte offset " +
                                                std::to_string(at) + ")");
  }
}

}  // namespace wasmpipe::utf8
