#include "normalizers/unicode_forms.h"

#include <utf8proc.h>

#include <algorithm>

#include "core/unicode.h"
#include "core/utf8.h"
#include "normalizers/unicode_forms_compat.h"

namespace wasmpipe::normalizers {
namespace {

using Change = NormalizedString::Change;

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kSCount = kLCount * kVCount * kTCount;

// Full (recursive) decomposition of one char; canonical uses the project's Rust-compatible table.
template <size_t N>
bool in_ranges(const compat::Range (&r)[N], char32_t c) {
  size_t lo = 0, hi = N;
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    if (r[mid].last < c) lo = mid + 1;
    else hi = mid;
  }
  return lo < N && r[lo].first <= c && c <= r[lo].last;
}

size_t decompose(char32_t c, bool compat, char32_t* out, size_t cap) {
  if (!compat) return unicode::canonical_decompose(c, out, cap);
  if (c < 0xA0 || in_ranges(compat::kNoCompatDecomposition, c)) {
    out[0] = c;
    return 1;
  }
  utf8proc_int32_t buf[32];
  int boundclass = 0;
  const utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), buf, 32,
                                                     static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT),
                                                     &boundclass);
  if (n <= 0 || static_cast<size_t>(n) > cap) {
    out[0] = c;
    return 1;
  }
  for (utf8proc_ssize_t i = 0; i < n; ++i) out[i] = static_cast<char32_t>(buf[i]);
  return static_cast<size_t>(n);
}

struct Item {
  uint8_t ccc;
  char32_t c;
  int32_t change;
};

// Rust's Decompositions iterator: decomposed chars, each run of non-starters stably sorted by
// combining class; the change of a char travels with it through the sort.
std::vector<Item> decompositions(std::string_view text, bool compat) {
  std::vector<Item> out;
  out.reserve(text.size());
  size_t pending = 0;  // start of the unsorted block
  auto sort_pending = [&] {
    std::stable_sort(out.begin() + static_cast<ptrdiff_t>(pending), out.end(),
                     [](const Item& a, const Item& b) { return a.ccc < b.ccc; });
    pending = out.size();
  };
  size_t i = 0;
  while (i < text.size()) {
    const char32_t c = utf8::decode(text, i);
    char32_t buf[32];
    const size_t n = decompose(c, compat, buf, 32);
    for (size_t k = 0; k < n; ++k) {
      const uint8_t ccc = unicode::combining_class(buf[k]);
      if (ccc == 0) sort_pending();
      out.push_back({ccc, buf[k], k == 0 ? 0 : 1});
    }
  }
  sort_pending();
  return out;
}

}  // namespace

bool rust_is_combining_mark(char32_t c) noexcept {
  if (c < 0x300) return false;
  if (in_ranges(compat::kExtraCombiningMark, c)) return true;
  if (in_ranges(compat::kNotCombiningMark, c)) return false;
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ME;
}

char32_t compose_pair(char32_t a, char32_t b) noexcept {
  // Hangul, algorithmically (Rust's compose_hangul).
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
    return a + (b - kTBase);
  if ((a >= kSBase && a < kSBase + kSCount) || (a >= kLBase && a < kLBase + kLCount)) return 0;
  // utf8proc's composition table, asked about the pair alone (a must be a starter there).
  if (utf8proc_get_property(static_cast<utf8proc_int32_t>(a))->combining_class != 0) return 0;
  const utf8proc_property_t* pb = utf8proc_get_property(static_cast<utf8proc_int32_t>(b));
  if (pb->comb_index == UINT16_MAX || pb->comb_index < 0x8000) return 0;
  utf8proc_int32_t buf[2] = {static_cast<utf8proc_int32_t>(a), static_cast<utf8proc_int32_t>(b)};
  const utf8proc_ssize_t n =
      utf8proc_normalize_utf32(buf, 2, static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
  return n == 1 ? static_cast<char32_t>(buf[0]) : 0;
}

std::vector<Change> unicode_form_changes(std::string_view text, UnicodeForm form) {
  const bool compat = form == UnicodeForm::NFKD || form == UnicodeForm::NFKC;
  std::vector<Item> decomposed = decompositions(text, compat);
  std::vector<Change> out;
  out.reserve(decomposed.size());
  if (form == UnicodeForm::NFD || form == UnicodeForm::NFKD) {
    for (const Item& it : decomposed) out.push_back({it.c, it.change});
    return out;
  }
  // Rust's Recompositions state machine.
  std::vector<Change> buffer;
  bool has_composee = false;
  Change composee{0, 0};
  int last_ccc = -1;  // -1: None
  for (const Item& it : decomposed) {
    const char32_t ch = it.c;
    const int32_t change = it.change;
    const uint8_t ch_class = it.ccc;
    if (!has_composee) {
      if (ch_class != 0) {
        out.push_back({ch, change});
        continue;
      }
      composee = {ch, change};
      has_composee = true;
      continue;
    }
    if (last_ccc < 0) {
      if (char32_t r = compose_pair(composee.c, ch)) {
        composee = {r, composee.change + change - 1};
        continue;
      }
      if (ch_class == 0) {
        out.push_back(composee);
        composee = {ch, change};
        continue;
      }
      buffer.push_back({ch, change});
      last_ccc = ch_class;
      continue;
    }
    if (last_ccc >= ch_class) {
      if (ch_class == 0) {
        out.push_back(composee);
        composee = {ch, change};
        last_ccc = -1;
        out.insert(out.end(), buffer.begin(), buffer.end());  // Purging
        buffer.clear();
        continue;
      }
      buffer.push_back({ch, change});
      last_ccc = ch_class;
      continue;
    }
    if (char32_t r = compose_pair(composee.c, ch)) {
      composee = {r, composee.change + change - 1};
      continue;
    }
    buffer.push_back({ch, change});
    last_ccc = ch_class;
  }
  // Finished: the composee first, then the buffer.
  if (has_composee) out.push_back(composee);
  out.insert(out.end(), buffer.begin(), buffer.end());
  return out;
}

void UnicodeNormalizer::normalize(NormalizedString& s) const {
  // ASCII is invariant under every form.
  const std::string& t = s.get();
  if (std::all_of(t.begin(), t.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) return;
  s.transform(unicode_form_changes(t, form_), 0);
}

}  // namespace wasmpipe::normalizers
