#include "core/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/error.h"

namespace wasmpipe::utf8 {

namespace {

// Checks the sequences starting in [i, stop) (the last one may end past `stop`, up to n); returns
// where the next one starts, or sets `bad` and returns the offset of an invalid one. Not inlined:
// a long text is checked in calls of 64 KiB (see core/tiering.h).
[[gnu::noinline]] size_t check_span(const unsigned char* p, size_t i, size_t stop, size_t n, bool& bad) noexcept {
  while (i < stop) {
    // Eight ASCII bytes at a time (most of a tokenizer.json or a text is ASCII).
    while (i + 8 <= stop) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= stop) break;
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
      bad = true;
      return i;
    }
    if (i + len > n) {
      bad = true;
      return i;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) {
        bad = true;
        return i;
      }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      bad = true;
      return i;
    }
    i += len;
  }
  return i;
}

}  // namespace

size_t find_invalid(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    bool bad = false;
    i = check_span(p, i, std::min(n, i + (size_t{1} << 16)), n, bad);
    if (bad) return i;
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
