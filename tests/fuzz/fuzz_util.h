// Helpers shared by the libFuzzer targets (tests/fuzz/*_fuzzer.cpp, built with -DWASMPIPE_FUZZ=ON
// by scripts/fuzz.sh): where the fixtures are, file reading, and turning fuzzer bytes into the
// valid UTF-8 text every public entry point requires.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace wasmpipe::fuzz {

// $WASMPIPE_FIXTURES, else the compile-time path (../shared/fixtures).
inline std::filesystem::path fixtures_dir() {
  if (const char* env = std::getenv("WASMPIPE_FIXTURES"); env && *env) return env;
  return WASMPIPE_FIXTURES;
}

inline std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fuzzer's setup failed (missing fixtures): say so and stop, rather than fuzz nothing.
[[noreturn]] inline void setup_failed(const std::string& what) {
  std::fprintf(stderr, "fuzzer setup failed: %s\n", what.c_str());
  std::abort();
}

// `bytes` as valid UTF-8: valid sequences are kept, every other byte becomes U+FFFD.
inline std::string to_valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    const size_t n = utf8::sequence_length(static_cast<unsigned char>(bytes[i]));
    if (n > 1 && i + n <= bytes.size() && utf8::find_invalid(bytes.substr(i, n)) == std::string_view::npos) {
      out.append(bytes.substr(i, n));
      i += n;
    } else if (n == 1 && static_cast<unsigned char>(bytes[i]) < 0x80) {
      out.push_back(bytes[i++]);
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// Code points on every branch of the tokenizers' Unicode handling (letters of each case class,
// marks, digits of several kinds, every kind of space, CR/LF, joiners, emoji, RTL, controls,
// supplementary planes); byte k of a fuzz input selects kInteresting[k].
inline constexpr char32_t kInteresting[] = {
    'a', 'b', 'e', 'l', 'm', 's', 't', 'r', 'v', 'd', 'A', 'E', 'L', 'M', 'S', 'T', 'R', 'V', 'D', 'x',
    '0', '1', '9', ' ', ' ', ' ', ' ', '\t', '\n', '\n', '\r', '\v', '\f', '\'', '\'', '"', '/', '<', '|',
    '>', '!', '?', '.', ',', '-', '_', '#', '@', '[', ']', '(', ')', '{', '}', '\\', '`', '~', '^', '*',
    0x00, 0x01, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xAD, 0xB2, 0xBD, 0xC0, 0xC9, 0xDF, 0xE9, 0xFF,
    0x130, 0x131, 0x17F, 0x1C4, 0x1C5, 0x1C6, 0x2B0, 0x2BC, 0x300, 0x301, 0x308, 0x327, 0x345, 0x34F,
    0x370, 0x391, 0x3B1, 0x3C2, 0x3A3, 0x401, 0x430, 0x4C0, 0x531, 0x5B0, 0x5BC, 0x5D0, 0x5E9, 0x600,
    0x627, 0x644, 0x660, 0x669, 0x6F0, 0x700, 0x900, 0x903, 0x915, 0x93F, 0x94D, 0x966, 0xE01, 0xE31,
    0xE48, 0xE50, 0x10A0, 0x1100, 0x1161, 0x1680, 0x180E, 0x1E9E, 0x1F88, 0x2000, 0x2009, 0x200A,
    0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2019, 0x2026, 0x2028, 0x2029, 0x202E, 0x202F, 0x205F,
    0x2060, 0x20AC, 0x20DD, 0x2122, 0x2126, 0x212A, 0x2160, 0x216B, 0x2460, 0x2581, 0x3000, 0x3001,
    0x3005, 0x3007, 0x3042, 0x3099, 0x30A2, 0x30FC, 0x3131, 0x4E00, 0x65E5, 0x672C, 0x8A9E, 0xA830,
    0xAC00, 0xD55C, 0xD7A3, 0xE000, 0xF900, 0xFB01, 0xFB05, 0xFE0F, 0xFEFF, 0xFF10, 0xFF21, 0xFF41,
    0xFF61, 0xFF9E, 0xFFFC, 0xFFFD, 0x10000, 0x10400, 0x10428, 0x1D400, 0x1D41A, 0x1D7CE, 0x1E900,
    0x1F1E6, 0x1F3FB, 0x1F3FD, 0x1F468, 0x1F469, 0x1F48B, 0x1F600, 0x1F602, 0x1F9D1, 0x20000, 0x2A6D6,
    0x2F800, 0x30000, 0xE0001, 0xE0041, 0xE007F, 0xF0000, 0x10FFFF,
};

// Byte k -> kInteresting[k % size]: short inputs reach every interesting char.
inline std::string interesting_text(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 3);
  constexpr size_t n = sizeof(kInteresting) / sizeof(kInteresting[0]);
  for (unsigned char b : bytes) utf8::append(out, kInteresting[b % n]);
  return out;
}

}  // namespace wasmpipe::fuzz
