#include "normalizers/bert_normalizer.h"

#include <cstring>

#include "core/unicode.h"
#include "core/utf8.h"

namespace wasmpipe::normalizers {
namespace {

struct CharAlign {
  char32_t c;
  Offsets a;
};

// Whether any of 8 ASCII bytes (high bits clear) is one the ASCII rules change: a control
// (< 0x20, 0x7F) or, when lowercasing, A-Z. Per-byte compares without carries between bytes.
inline bool ascii8_changes(uint64_t v, bool lower) {
  constexpr uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
  const uint64_t below_space = (v - 0x20 * k01) & ~v & k80;  // any byte < 0x20 (exact for "any")
  const uint64_t x = v ^ (0x7F * k01);
  const uint64_t del = (x - k01) & ~x & k80;  // any byte == 0x7F
  const uint64_t upper = (v + (0x80 - 'A') * k01) & ~(v + (0x80 - 'Z' - 1) * k01) & k80;  // 'A' <= byte <= 'Z'
  return below_space || del || (lower && upper);
}

}  // namespace

BertNormalizer::BertNormalizer(Options options) : options_(options) {
  // The ASCII rules of run(): controls (incl. \0, \v, \f, DEL) go, \t \n \r become spaces
  // (clean_text), A-Z lowercase; ASCII has no decomposition and no marks.
  for (int b = 0; b < 0x80; ++b) {
    int16_t o = static_cast<int16_t>(b);
    if (options_.clean_text) {
      if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) o = -1;
      else if (b < 0x20) o = ' ';
    }
    if (options_.lowercase && o >= 'A' && o <= 'Z') o = static_cast<int16_t>(o + 32);
    ascii_[b] = o;
  }
}

// The normalization, with alignments (kAlign: `in_align` one per input byte, `align` filled) or
// without (the ids-only path: both ignored).
template <bool kAlign>
void BertNormalizer::run(std::string_view in, const Offsets* in_align, std::string& out, std::vector<Offsets>& align) const {
  const bool clean = options_.clean_text;
  const bool chinese = options_.handle_chinese_chars;
  const bool strip = options_.strip_accents.value_or(options_.lowercase);
  const bool lower = options_.lowercase;

  out.clear();
  out.reserve(in.size() + in.size() / 8);
  if constexpr (kAlign) align.reserve(out.capacity());
  auto emit = [&](char32_t c, Offsets a) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      if constexpr (kAlign) align.push_back(a);
      return;
    }
    const size_t before = out.size();
    utf8::append(out, c);
    if constexpr (kAlign) align.insert(align.end(), out.size() - before, a);
  };
  auto emit_lower = [&](char32_t c, Offsets a) {
    if (!lower) return emit(c, a);
    char32_t buf[3];
    const size_t n = unicode::to_lowercase(c, buf);
    for (size_t k = 0; k < n; ++k) emit(buf[k], a);
  };

  // Stage 1 (per char, in Rust's order): clean_text, handle_chinese_chars. Without strip_accents
  // the chars go straight to lowercase; with it they are decomposed (NFD) into `pending`, where
  // each run of non-starters is put in canonical order before Mn are dropped and the rest lowercased.
  std::vector<CharAlign> pending;
  auto flush_pending = [&] {
    for (const CharAlign& ca : pending)
      if (!unicode::is_nonspacing_mark(ca.c)) emit_lower(ca.c, ca.a);
    pending.clear();
  };
  auto stage2 = [&](char32_t c, Offsets a) {
    if (!strip) return emit_lower(c, a);
    char32_t buf[32];
    const size_t n = (c < 0xC0) ? (buf[0] = c, size_t{1}) : unicode::canonical_decompose(c, buf, 32);
    for (size_t k = 0; k < n; ++k) {
      const uint8_t cc = unicode::combining_class(buf[k]);
      if (cc == 0) {
        flush_pending();
        pending.push_back({buf[k], a});
        continue;
      }
      pending.push_back({buf[k], a});
      size_t j = pending.size() - 1;
      while (j > 0) {
        const uint8_t prev = unicode::combining_class(pending[j - 1].c);
        if (prev == 0 || prev <= cc) break;
        std::swap(pending[j - 1], pending[j]);
        --j;
      }
    }
  };

  size_t i = 0;
  const size_t n = in.size();
  while (i < n) {
    const Offsets a = kAlign ? in_align[i] : Offsets{0, 0};
    const unsigned char b = static_cast<unsigned char>(in[i]);
    if constexpr (!kAlign) {
      // A run of ASCII bytes through the table (the branch below, byte by byte). Not from a
      // dropped control while marks are pending: Rust cleans before NFD, so the marks on both
      // sides of it are one run to reorder (the branch below drops it without a flush).
      if (b < 0x80 && (pending.empty() || ascii_[b] >= 0)) {
        if (!pending.empty()) flush_pending();
        size_t end = i;
        while (end < n && static_cast<unsigned char>(in[end]) < 0x80) ++end;
        const size_t at = out.size();
        out.resize(at + (end - i));
        char* w = out.data() + at;
        while (i < end) {
          // Eight bytes at once while all of them map to themselves (printable, not A-Z).
          if (end - i >= 8) {
            uint64_t v;
            std::memcpy(&v, in.data() + i, 8);
            if (!ascii8_changes(v, lower)) {
              std::memcpy(w, &v, 8);
              w += 8;
              i += 8;
              continue;
            }
          }
          const int16_t o = ascii_[static_cast<unsigned char>(in[i])];
          *w = static_cast<char>(o);
          w += o >= 0;
          ++i;
        }
        out.resize(static_cast<size_t>(w - out.data()));
        continue;
      }
    }
    if (b < 0x80) {
      // ASCII fast path, same rules: controls (incl. \0, \v, \f, DEL) go, \t \n \r become
      // spaces, A-Z lowercases; ASCII has no decomposition and no marks.
      ++i;
      char o = static_cast<char>(b);
      if (clean) {
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7F) continue;
        if (b < 0x20) o = ' ';
      }
      if (lower && o >= 'A' && o <= 'Z') o = static_cast<char>(o + 32);
      if (!pending.empty()) flush_pending();
      out.push_back(o);
      if constexpr (kAlign) align.push_back(a);
      continue;
    }
    char32_t c = utf8::decode(in, i);
    if (clean) {
      if (c == 0 || c == 0xFFFD || unicode::is_bert_control(c)) continue;
      if (unicode::is_whitespace(c)) c = ' ';
    }
    if (chinese && c >= 0x3400 && unicode::is_chinese_char(c)) {
      stage2(' ', a);
      stage2(c, a);
      stage2(' ', a);
      continue;
    }
    stage2(c, a);
  }
  flush_pending();
}

bool BertNormalizer::normalizes_alone(char32_t c) const {
  if (!options_.strip_accents.value_or(options_.lowercase)) return true;  // then no char is held back
  char32_t buf[32];
  const size_t n = (c < 0xC0) ? (buf[0] = c, size_t{1}) : unicode::canonical_decompose(c, buf, 32);
  for (size_t k = 0; k < n; ++k)
    if (unicode::combining_class(buf[k]) != 0 && !unicode::is_nonspacing_mark(buf[k])) return false;
  return true;
}

void BertNormalizer::normalize(NormalizedString& s) const {
  std::string out;
  std::vector<Offsets> align;
  run<true>(s.get(), s.alignments().data(), out, align);
  s.assign(std::move(out), std::move(align));
}

void BertNormalizer::normalize_text(std::string_view in, std::string& out) const {
  std::vector<Offsets> unused;
  run<false>(in, nullptr, out, unused);
}

std::unique_ptr<BertNormalizer> BertNormalizer::from_json(const Json& j, const JsonPath& at) {
  Options o;
  o.clean_text = optional_bool(j, "clean_text", at, true);
  o.handle_chinese_chars = optional_bool(j, "handle_chinese_chars", at, true);
  o.strip_accents = optional_nullable_bool(j, "strip_accents", at);
  o.lowercase = optional_bool(j, "lowercase", at, true);
  return std::make_unique<BertNormalizer>(o);
}

}  // namespace wasmpipe::normalizers
