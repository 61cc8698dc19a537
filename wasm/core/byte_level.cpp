#include "core/byte_level.h"

#include <algorithm>

#include "core/utf8.h"

namespace wasmpipe::byte_level {
namespace {

struct Tables {
  std::array<char32_t, 256> to_char{};
  std::array<char, 512> utf8{};  // 2 bytes per entry, encoded
  std::array<uint8_t, 256> utf8_len{};
  std::array<int16_t, 324> from_char{};  // chars < U+0144 only

  Tables() {
    from_char.fill(-1);
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
      const bool self = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
      const char32_t c = self ? static_cast<char32_t>(b) : next++;
      to_char[b] = c;
      from_char[c] = static_cast<int16_t>(b);
      std::string s;
      utf8::append(s, c);
      utf8_len[b] = static_cast<uint8_t>(s.size());
      for (size_t k = 0; k < s.size(); ++k) utf8[2 * b + k] = s[k];
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

char32_t byte_to_char(uint8_t b) noexcept { return tables().to_char[b]; }

std::string_view byte_to_utf8(uint8_t b) noexcept {
  const Tables& t = tables();
  return std::string_view(&t.utf8[2 * b], t.utf8_len[b]);
}

int char_to_byte(char32_t c) noexcept {
  const Tables& t = tables();
  return c < t.from_char.size() ? t.from_char[c] : -1;
}

void encode_append(std::string_view text, std::string& out) {
  const Tables& t = tables();
  const size_t at = out.size();
  out.resize(at + 2 * text.size());  // at most 2 bytes per char
  char* o = out.data() + at;
  for (unsigned char b : text) {
    o[0] = t.utf8[2 * b];
    o[1] = t.utf8[2 * b + 1];
    o += t.utf8_len[b];
  }
  out.resize(static_cast<size_t>(o - out.data()));
}

std::string encode(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (unsigned char b : text) out += byte_to_utf8(b);
  return out;
}

bool decode(std::string_view text, std::string& out) {
  size_t i = 0;
  while (i < text.size()) {
    const int b = char_to_byte(utf8::decode(text, i));
    if (b < 0) return false;
    out.push_back(static_cast<char>(b));
  }
  return true;
}

std::string utf8_lossy(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  std::string out;
  out.reserve(n);
  size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
      ++i;
      continue;
    } else if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    }
    size_t k = 1;  // bytes of a valid prefix seen so far
    bool ok = need > 0;
    for (; ok && k <= need; ++k) {
      if (i + k >= n) {
        ok = false;
        break;
      }
      const unsigned char c = p[i + k];
      const bool in_range = k == 1 ? (c >= lo && c <= hi) : (c >= 0x80 && c <= 0xBF);
      if (!in_range) {
        ok = false;
        break;
      }
    }
    if (ok) {
      out.append(bytes.substr(i, need + 1));
      i += need + 1;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD for the maximal invalid subpart
      i += std::max<size_t>(k, 1);
    }
  }
  return out;
}

const std::array<char32_t, 256>& alphabet() noexcept { return tables().to_char; }

}  // namespace wasmpipe::byte_level
