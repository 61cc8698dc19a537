// Unicode character properties exactly as Hugging Face's Rust `tokenizers` sees them.
//
// utf8proc (Unicode 15) is the engine. Rust's tokenizers mixes several Unicode versions: its
// categories come from the `unicode_categories` crate (Unicode 8 era), NFD from an older
// `unicode-normalization-alignments`, lowercase from Rust's std (Unicode 16). The few hundred code
// points where those differ from utf8proc are listed in unicode_compat_tables.h, generated from a
// probe of every code point through the Rust binding (tests/cpp/tools/probe_unicode.mjs and
// gen_unicode_compat.cpp); the probe test re-checks all 1.1M code points when its dump exists.
#pragma once
#include <cstddef>
#include <cstdint>

namespace wasmpipe::unicode {

// Rust `char::is_whitespace` (the White_Space property).
bool is_whitespace(char32_t c) noexcept;

// BertNormalizer's `is_control`: not \t \n \r, and general category Cc, Cf or Co (Rust's table).
bool is_bert_control(char32_t c) noexcept;

// BertNormalizer's `is_chinese_char`: the fixed CJK ideograph ranges.
bool is_chinese_char(char32_t c) noexcept;

// BertPreTokenizer's `is_bert_punc`: ASCII punctuation or a P* category (Rust's table).
bool is_bert_punctuation(char32_t c) noexcept;

// Rust `is_mark_nonspacing` (category Mn, Rust's table): what strip_accents removes after NFD.
bool is_nonspacing_mark(char32_t c) noexcept;

// Rust `char::to_lowercase`: writes 1..3 code points to out, returns how many.
size_t to_lowercase(char32_t c, char32_t out[3]) noexcept;

// Canonical decomposition (NFD) of one code point, recursively applied: writes up to `cap` code
// points to `out` and returns how many (a code point without decomposition yields itself).
size_t canonical_decompose(char32_t c, char32_t* out, size_t cap) noexcept;

// Canonical combining class (0 for starters).
uint8_t combining_class(char32_t c) noexcept;

// Regex `\w` (Unicode): alphabetic, marks, decimal digits, connector punctuation, joiners.
bool is_word_char(char32_t c) noexcept;

namespace detail {
// utf8proc's own answers, before the Rust compatibility tables: used by the table generator and by
// the tests to show what the tables change.
bool base_is_control(char32_t c) noexcept;
bool base_is_punctuation(char32_t c) noexcept;
bool base_is_nonspacing_mark(char32_t c) noexcept;
size_t base_to_lowercase(char32_t c, char32_t out[3]) noexcept;
size_t base_canonical_decompose(char32_t c, char32_t* out, size_t cap) noexcept;
}  // namespace detail

}  // namespace wasmpipe::unicode
