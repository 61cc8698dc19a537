// UTF-8 helpers shared by every text component: decode one scalar value, encode one, validate.
// Inputs that reach the tokenizer must be valid UTF-8 (JS strings always are); `validate_utf8`
// throws InvalidArgument naming the byte offset of the first bad sequence.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wasmpipe::utf8 {

// Length of the UTF-8 sequence that starts with `lead` (1 for continuation/invalid bytes, so that
// loops over already-validated text always advance).
inline size_t sequence_length(unsigned char lead) noexcept {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// Decodes the scalar value starting at s[i] (s must be valid UTF-8) and advances i past it.
inline char32_t decode(std::string_view s, size_t& i) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  unsigned char c = p[i];
  if (c < 0x80) {
    ++i;
    return c;
  }
  if ((c >> 5) == 0x6 && i + 1 < s.size()) {
    char32_t cp = (char32_t(c & 0x1F) << 6) | (p[i + 1] & 0x3F);
    i += 2;
    return cp;
  }
  if ((c >> 4) == 0xE && i + 2 < s.size()) {
    char32_t cp = (char32_t(c & 0x0F) << 12) | (char32_t(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
    i += 3;
    return cp;
  }
  if ((c >> 3) == 0x1E && i + 3 < s.size()) {
    char32_t cp = (char32_t(c & 0x07) << 18) | (char32_t(p[i + 1] & 0x3F) << 12) |
                  (char32_t(p[i + 2] & 0x3F) << 6) | (p[i + 3] & 0x3F);
    i += 4;
    return cp;
  }
  ++i;
  return 0xFFFD;
}

// Number of bytes `cp` takes in UTF-8.
inline size_t encoded_length(char32_t cp) noexcept {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Appends the UTF-8 encoding of `cp` to `out`.
inline void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(char(cp));
  } else if (cp < 0x800) {
    out.push_back(char(0xC0 | (cp >> 6)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(char(0xE0 | (cp >> 12)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (cp >> 18)));
    out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  }
}

// Number of Unicode scalar values in valid UTF-8 text.
inline size_t char_count(std::string_view s) noexcept {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte offset of the first invalid sequence, or npos when `s` is valid UTF-8 (no overlongs,
// no surrogates, nothing above U+10FFFF).
size_t find_invalid(std::string_view s) noexcept;

// Throws wasmpipe::Error(InvalidArgument) naming `what` and the offset when `s` is not valid UTF-8.
void validate(std::string_view s, std::string_view what);

}  // namespace wasmpipe::utf8
