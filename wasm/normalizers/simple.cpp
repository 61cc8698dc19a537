#include "normalizers/simple.h"

#include "core/unicode.h"
#include "core/utf8.h"
#include "normalizers/unicode_forms.h"

namespace wasmpipe::normalizers {

bool is_combining_mark(char32_t c) noexcept { return rust_is_combining_mark(c); }

void Strip::normalize(NormalizedString& s) const {
  const std::string& t = s.get();
  size_t begin = 0, end = t.size();
  if (left_) {
    while (begin < end) {
      size_t i = begin;
      if (!unicode::is_whitespace(utf8::decode(t, i))) break;
      begin = i;
    }
  }
  if (right_) {
    while (end > begin) {
      size_t k = end - 1;
      while (k > begin && (static_cast<unsigned char>(t[k]) & 0xC0) == 0x80) --k;
      size_t i = k;
      if (!unicode::is_whitespace(utf8::decode(t, i))) break;
      end = k;
    }
  }
  if (begin == 0 && end == t.size()) return;
  // Rust's transform keeps the alignments of the kept chars unchanged.
  std::string out = t.substr(begin, end - begin);
  std::vector<Offsets> align(s.alignments().begin() + static_cast<ptrdiff_t>(begin),
                             s.alignments().begin() + static_cast<ptrdiff_t>(end));
  s.assign(std::move(out), std::move(align));
}

std::unique_ptr<Strip> Strip::from_json(const Json& j, const JsonPath& at) {
  return std::make_unique<Strip>(optional_bool(j, "strip_left", at, true), optional_bool(j, "strip_right", at, true));
}

void StripAccents::normalize(NormalizedString& s) const {
  s.filter([](char32_t c) { return !is_combining_mark(c); });
}

void Prepend::normalize(NormalizedString& s) const {
  if (s.empty() || prepend_.empty()) return;
  const Offsets first = s.alignments().front();
  std::string out;
  out.reserve(prepend_.size() + s.size());
  out += prepend_;
  out += s.get();
  std::vector<Offsets> align(prepend_.size(), first);
  align.insert(align.end(), s.alignments().begin(), s.alignments().end());
  s.assign(std::move(out), std::move(align));
}

std::unique_ptr<Prepend> Prepend::from_json(const Json& j, const JsonPath& at) {
  std::string p = require_string(j, "prepend", at);
  if (utf8::find_invalid(p) != std::string::npos) (at / "prepend").fail("must be valid UTF-8");
  return std::make_unique<Prepend>(std::move(p));
}

void Nmt::normalize(NormalizedString& s) const {
  s.map_chars([](char32_t c, auto&& emit) {
    switch (c) {
      case 0x0B: case 0x7F: case 0x8F: case 0x9F: return;
      case 0x09: case 0x0A: case 0x0C: case 0x0D: case 0x1680: case 0x2028: case 0x2029:
      case 0x2581: case 0xFEFF: case 0xFFFD:
        emit(U' ');
        return;
      default: break;
    }
    if ((c >= 0x01 && c <= 0x08) || (c >= 0x0E && c <= 0x1F)) return;
    if (c >= 0x200B && c <= 0x200F) {
      emit(U' ');
      return;
    }
    emit(c);
  });
}

}  // namespace wasmpipe::normalizers
