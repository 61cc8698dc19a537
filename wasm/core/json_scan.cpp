#include "core/json_scan.h"

#include <cstring>

#include "core/tiering.h"
#include "core/utf8.h"

namespace wasmpipe {
namespace {

constexpr int kMaxDepth = 512;  // nlohmann has no limit; deeper files take the nlohmann path

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;
// High bit set in each byte of `w` below `n` (n <= 128), exact up to the lowest flagged byte
// (a borrow can only flag bytes above a true one).
constexpr uint64_t has_byte_below(uint64_t w, unsigned n) { return (w - kOnes * n) & ~w & kHighs; }
// High bit set in each byte of `w` equal to `c` (same exactness).
constexpr uint64_t has_byte(uint64_t w, unsigned char c) { return has_byte_below(w ^ (kOnes * c), 1); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool JsonScanner::string(std::string_view& out, std::string& scratch) {
  if (peek() != '"') return false;
  const size_t begin = ++pos_;
  const char* p = text_.data();
  const size_t n = text_.size();
  // Fast scan: no escapes, no control chars; eight bytes per step (fewer wasm instructions, which
  // is what V8's baseline code pays for on a page's first load) until a word holds a stop byte.
  size_t i = begin;
  while (i + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    const uint64_t stop = has_byte(w, '"') | has_byte(w, '\\') | has_byte_below(w, 0x20);
    if (stop) {
      i += static_cast<size_t>(__builtin_ctzll(stop)) / 8;  // the lowest flagged byte is exact
      break;
    }
    i += 8;
  }
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == '"' || c == '\\' || c < 0x20) break;
    ++i;
  }
  if (i >= n || static_cast<unsigned char>(p[i]) < 0x20) return false;
  if (p[i] == '"') {
    out = text_.substr(begin, i - begin);
    pos_ = i + 1;
    return true;
  }
  scratch.assign(p + begin, i - begin);
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (c == '"') {
      out = scratch;
      pos_ = i + 1;
      return true;
    }
    if (c < 0x20) return false;
    if (c != '\\') {
      scratch.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (++i >= n) return false;
    switch (p[i++]) {
      case '"': scratch.push_back('"'); break;
      case '\\': scratch.push_back('\\'); break;
      case '/': scratch.push_back('/'); break;
      case 'b': scratch.push_back('\b'); break;
      case 'f': scratch.push_back('\f'); break;
      case 'n': scratch.push_back('\n'); break;
      case 'r': scratch.push_back('\r'); break;
      case 't': scratch.push_back('\t'); break;
      case 'u': {
        auto read4 = [&](char32_t& v) {
          if (i + 4 > n) return false;
          v = 0;
          for (int k = 0; k < 4; ++k) {
            const int h = hex_value(p[i + k]);
            if (h < 0) return false;
            v = (v << 4) | static_cast<char32_t>(h);
          }
          i += 4;
          return true;
        };
        char32_t cp;
        if (!read4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a lone low surrogate
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          char32_t low;
          if (i + 2 > n || p[i] != '\\' || p[i + 1] != 'u') return false;
          i += 2;
          if (!read4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        utf8::append(scratch, cp);
        break;
      }
      default: return false;
    }
  }
  return false;
}

bool JsonScanner::uint(uint64_t& out, uint64_t max) {
  skip_space();
  const char* p = text_.data();
  const size_t n = text_.size();
  size_t i = pos_;
  if (i >= n || p[i] < '0' || p[i] > '9') return false;
  if (p[i] == '0' && i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '9') return false;
  uint64_t v = 0;
  while (i < n && p[i] >= '0' && p[i] <= '9') {
    v = v * 10 + uint64_t(p[i] - '0');
    if (v > max) return false;
    ++i;
  }
  if (i < n && (p[i] == '.' || p[i] == 'e' || p[i] == 'E')) return false;
  out = v;
  pos_ = i;
  return true;
}

bool JsonScanner::number() {
  const char* p = text_.data();
  const size_t n = text_.size();
  size_t i = pos_;
  auto digits = [&] {
    const size_t s = i;
    while (i < n && p[i] >= '0' && p[i] <= '9') ++i;
    return i > s;
  };
  if (i < n && p[i] == '-') ++i;
  if (i < n && p[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < n && p[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    ++i;
    if (i < n && (p[i] == '+' || p[i] == '-')) ++i;
    if (!digits()) return false;
  }
  pos_ = i;
  return true;
}

bool JsonScanner::literal(std::string_view word) {
  if (text_.substr(pos_, word.size()) != word) return false;
  pos_ += word.size();
  return true;
}

bool JsonScanner::skip_value(int depth) {
  if (depth > kMaxDepth) return false;
  std::string scratch;
  std::string_view s;
  switch (peek()) {
    case '"': return string(s, scratch);
    // Members a chunk per call (core/tiering.h): a tokenizer.json vocabulary is one object of
    // ~100k members.
    case '{': {
      ++pos_;
      if (consume('}')) return true;
      bool ok = true;
      while_steps(256, [&] {
        if (!string(s, scratch) || !consume(':') || !skip_value(depth + 1)) return ok = false;
        return consume(',');
      });
      return ok && consume('}');
    }
    case '[': {
      ++pos_;
      if (consume(']')) return true;
      bool ok = true;
      while_steps(256, [&] {
        if (!skip_value(depth + 1)) return ok = false;
        return consume(',');
      });
      return ok && consume(']');
    }
    case 't': return literal("true");
    case 'f': return literal("false");
    case 'n': return literal("null");
    default: return number();
  }
}

}  // namespace wasmpipe
