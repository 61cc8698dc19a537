#include "tokenizer/normalized_string.h"

#include <algorithm>

#include "core/error.h"
#include "core/unicode.h"

namespace wasmpipe {

NormalizedString::NormalizedString(std::string_view original, uint32_t shift)
    : normalized_(original), original_shift_(shift) {
  alignments_.resize(original.size());
  size_t i = 0;
  while (i < original.size()) {
    const size_t len = std::min(utf8::sequence_length(static_cast<unsigned char>(original[i])), original.size() - i);
    const Offsets a{static_cast<uint32_t>(shift + i), static_cast<uint32_t>(shift + i + len)};
    for (size_t k = 0; k < len; ++k) alignments_[i + k] = a;
    i += len;
  }
}

std::optional<Offsets> NormalizedString::to_original(size_t begin, size_t end) const {
  if (begin == end) {
    if (normalized_.empty() && begin == 0) return Offsets{original_shift_, original_shift_};
    return Offsets{static_cast<uint32_t>(original_shift_ + begin), static_cast<uint32_t>(original_shift_ + end)};
  }
  if (begin > end || end > alignments_.size()) return std::nullopt;
  return Offsets{alignments_[begin].first, alignments_[end - 1].second};
}

NormalizedString NormalizedString::slice(size_t begin, size_t end) const {
  NormalizedString s;
  if (begin >= end || end > normalized_.size()) {
    s.original_shift_ = original_shift_;
    return s;
  }
  s.normalized_.assign(normalized_, begin, end - begin);
  s.alignments_.assign(alignments_.begin() + static_cast<ptrdiff_t>(begin),
                       alignments_.begin() + static_cast<ptrdiff_t>(end));
  s.original_shift_ = alignments_[begin].first;
  return s;
}

void NormalizedString::transform(const std::vector<Change>& dest, size_t initial_offset) {
  // Byte offset in the old string of the next char to be consumed.
  size_t offset = 0;
  auto skip_chars = [&](size_t n) {
    for (size_t k = 0; k < n && offset < normalized_.size(); ++k)
      offset += utf8::sequence_length(static_cast<unsigned char>(normalized_[offset]));
  };
  skip_chars(initial_offset);
  std::string out;
  std::vector<Offsets> align;
  out.reserve(normalized_.size());
  align.reserve(alignments_.size());
  for (const Change& ch : dest) {
    Offsets a{0, 0};
    if (ch.change > 0) {
      if (offset >= 1) a = alignments_[offset - 1];
    } else {
      if (offset >= alignments_.size())
        throw Error(ErrorCode::Internal, "NormalizedString::transform: more replacements than characters");
      a = alignments_[offset];
      skip_chars(1);
      if (ch.change < 0) skip_chars(static_cast<size_t>(-static_cast<int64_t>(ch.change)));
    }
    const size_t before = out.size();
    utf8::append(out, ch.c);
    align.insert(align.end(), out.size() - before, a);
  }
  normalized_ = std::move(out);
  alignments_ = std::move(align);
}

void NormalizedString::assign(std::string normalized, std::vector<Offsets> alignments) {
  if (normalized.size() != alignments.size())
    throw Error(ErrorCode::Internal, "NormalizedString::assign: one alignment per byte is required");
  normalized_ = std::move(normalized);
  alignments_ = std::move(alignments);
}

void NormalizedString::lowercase() {
  map_chars([](char32_t c, auto&& emit) {
    char32_t out[3];
    const size_t n = unicode::to_lowercase(c, out);
    for (size_t k = 0; k < n; ++k) emit(out[k]);
  });
}

void NormalizedString::nfd() {
  // Decompose char by char, then put each run of non-starters in canonical order (stable by
  // combining class), moving alignments with their chars.
  std::vector<std::pair<char32_t, Offsets>> chars;
  chars.reserve(normalized_.size());
  size_t i = 0;
  while (i < normalized_.size()) {
    const Offsets a = alignments_[i];
    const char32_t c = utf8::decode(normalized_, i);
    char32_t buf[32];
    const size_t n = unicode::canonical_decompose(c, buf, 32);
    for (size_t k = 0; k < n; ++k) {
      chars.emplace_back(buf[k], a);
      const uint8_t cc = unicode::combining_class(buf[k]);
      if (cc == 0) continue;
      size_t j = chars.size() - 1;
      while (j > 0) {
        const uint8_t prev = unicode::combining_class(chars[j - 1].first);
        if (prev == 0 || prev <= cc) break;
        std::swap(chars[j - 1], chars[j]);
        --j;
      }
    }
  }
  std::string out;
  std::vector<Offsets> align;
  out.reserve(normalized_.size() + normalized_.size() / 2);
  align.reserve(out.capacity());
  for (const auto& [c, a] : chars) {
    const size_t before = out.size();
    utf8::append(out, c);
    align.insert(align.end(), out.size() - before, a);
  }
  normalized_ = std::move(out);
  alignments_ = std::move(align);
}

}  // namespace wasmpipe
