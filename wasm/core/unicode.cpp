#include "core/unicode.h"

#include <utf8proc.h>

#include <algorithm>
#include <iterator>

#include "core/unicode_compat_tables.h"

namespace wasmpipe::unicode {
namespace {

using compat::Range;

template <size_t N>
bool in_ranges(const Range (&table)[N], char32_t c) noexcept {
  // Tables are sorted, non-overlapping; the first entry may be the {1, 0} "empty" sentinel.
  const Range* end = table + N;
  const Range* it = std::upper_bound(table, end, c, [](char32_t v, const Range& r) { return v < r.first; });
  if (it == table) return false;
  --it;
  return c >= it->first && c <= it->last;
}

inline utf8proc_category_t category(char32_t c) noexcept {
  return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}

}  // namespace

namespace detail {

bool base_is_control(char32_t c) noexcept {
  auto cat = category(c);
  return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_CO;
}

bool base_is_punctuation(char32_t c) noexcept {
  if (c < 0x80) {
    return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
           (c >= 0x7B && c <= 0x7E);
  }
  auto cat = category(c);
  return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO;
}

bool base_is_nonspacing_mark(char32_t c) noexcept { return category(c) == UTF8PROC_CATEGORY_MN; }

size_t base_to_lowercase(char32_t c, char32_t out[3]) noexcept {
  if (c == 0x130) {  // the one unconditional multi-char lowercase mapping (SpecialCasing.txt)
    out[0] = 0x69;
    out[1] = 0x307;
    return 1 + 1;
  }
  out[0] = static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
  return 1;
}

size_t base_canonical_decompose(char32_t c, char32_t* out, size_t cap) noexcept {
  utf8proc_int32_t buf[32];
  int boundclass = 0;
  utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), buf, 32,
                                               UTF8PROC_DECOMPOSE, &boundclass);
  if (n <= 0 || static_cast<size_t>(n) > cap) {
    if (cap == 0) return 0;
    out[0] = c;
    return 1;
  }
  for (utf8proc_ssize_t i = 0; i < n; ++i) out[i] = static_cast<char32_t>(buf[i]);
  return static_cast<size_t>(n);
}

}  // namespace detail

bool is_whitespace(char32_t c) noexcept {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || c == 0x20;
  switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool is_bert_control(char32_t c) noexcept {
  if (c == '\t' || c == '\n' || c == '\r') return false;
  if (c < 0x80) return c < 0x20 || c == 0x7F;
  return detail::base_is_control(c) != in_ranges(compat::kControlToggle, c);
}

bool is_chinese_char(char32_t c) noexcept {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool is_bert_punctuation(char32_t c) noexcept {
  if (c < 0x80) return detail::base_is_punctuation(c);
  return detail::base_is_punctuation(c) != in_ranges(compat::kPunctuationToggle, c);
}

bool is_nonspacing_mark(char32_t c) noexcept {
  if (c < 0x300) return false;
  return detail::base_is_nonspacing_mark(c) != in_ranges(compat::kNonspacingMarkToggle, c);
}

size_t to_lowercase(char32_t c, char32_t out[3]) noexcept {
  if (c < 0x80) {
    out[0] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
    return 1;
  }
  const auto* begin = std::begin(compat::kLowercaseOverride);
  const auto* end = std::end(compat::kLowercaseOverride);
  const auto* it = std::lower_bound(begin, end, c, [](const compat::LowerOverride& o, char32_t v) { return o.cp < v; });
  if (it != end && it->cp == c) {
    out[0] = it->lower;
    return 1;
  }
  return detail::base_to_lowercase(c, out);
}

size_t canonical_decompose(char32_t c, char32_t* out, size_t cap) noexcept {
  if (c < 0xC0 || cap == 0) {
    if (cap == 0) return 0;
    out[0] = c;
    return 1;
  }
  if (in_ranges(compat::kNoDecomposition, c)) {
    out[0] = c;
    return 1;
  }
  return detail::base_canonical_decompose(c, out, cap);
}

uint8_t combining_class(char32_t c) noexcept {
  if (c < 0x300) return 0;
  return static_cast<uint8_t>(utf8proc_get_property(static_cast<utf8proc_int32_t>(c))->combining_class);
}

bool is_word_char(char32_t c) noexcept {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  if (c == 0x200C || c == 0x200D) return true;  // Join_Control
  auto cat = category(c);
  switch (cat) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_PC:
      return true;
    case UTF8PROC_CATEGORY_SO:  // Other_Alphabetic symbols: circled / squared Latin letters
      return (c >= 0x24B6 && c <= 0x24E9) || (c >= 0x1F130 && c <= 0x1F149) || (c >= 0x1F150 && c <= 0x1F169) ||
             (c >= 0x1F170 && c <= 0x1F189);
    default:
      return false;
  }
}

}  // namespace wasmpipe::unicode
