// GPT-2's byte-level alphabet (Rust: pre_tokenizers::byte_level::bytes_char): every byte maps to a
// printable char: bytes 33..126, 161..172 and 174..255 to themselves, the 68 others in order to
// U+0100..U+0143 (so ' ' is 'Ġ' U+0120, '\n' is 'Ċ' U+010A).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wasmpipe::byte_level {

// The char that stands for byte `b`.
char32_t byte_to_char(uint8_t b) noexcept;
// The UTF-8 encoding of byte_to_char(b) (1 or 2 bytes).
std::string_view byte_to_utf8(uint8_t b) noexcept;
// The byte a char of the alphabet stands for, or -1 when `c` is not in the alphabet.
int char_to_byte(char32_t c) noexcept;

// Maps every byte of `text` to its alphabet char (UTF-8 out).
std::string encode(std::string_view text);
// The same, appended to `out` (no allocation once `out` has grown).
void encode_append(std::string_view text, std::string& out);
// Maps every char of `text` back to its byte; false (and `out` unspecified) as soon as one char
// is not in the alphabet.
bool decode(std::string_view text, std::string& out);

// Rust String::from_utf8_lossy: each maximal invalid subpart of `bytes` becomes U+FFFD.
std::string utf8_lossy(std::string_view bytes);

// The 256 alphabet chars, in byte order.
const std::array<char32_t, 256>& alphabet() noexcept;

}  // namespace wasmpipe::byte_level
