#include "core/regex_char_classes.h"

#include <oniguruma.h>

#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"

namespace wasmpipe::regex_fast {
namespace {

constexpr char32_t kCodeSpace = 0x110000;

// Oniguruma's code ranges for a ctype: [count, from1, to1, from2, to2, ...] (inclusive).
void mark_ctype(std::vector<uint8_t>& table, OnigCtype ctype, uint8_t bit) {
  OnigCodePoint sb_out = 0;
  const OnigCodePoint* ranges = nullptr;
  if (ONIGENC_GET_CTYPE_CODE_RANGE(ONIG_ENCODING_UTF8, ctype, &sb_out, &ranges) != 0 || !ranges)
    throw Error(ErrorCode::Internal, "Oniguruma has no code ranges for ctype " + std::to_string(ctype));
  const OnigCodePoint n = ranges[0];
  for (OnigCodePoint k = 0; k < n; ++k) {
    const OnigCodePoint from = ranges[1 + 2 * k], to = ranges[2 + 2 * k];
    for (OnigCodePoint cp = from; cp <= to && cp < kCodeSpace; ++cp) table[cp] |= bit;
  }
}

void mark_property(std::vector<uint8_t>& table, std::string_view name, uint8_t bit) {
  const auto* p = reinterpret_cast<const OnigUChar*>(name.data());
  const int ctype = ONIGENC_PROPERTY_NAME_TO_CTYPE(ONIG_ENCODING_UTF8, const_cast<OnigUChar*>(p),
                                                   const_cast<OnigUChar*>(p + name.size()));
  if (ctype < 0) throw Error(ErrorCode::Internal, "Oniguruma does not know the property " + std::string(name));
  mark_ctype(table, static_cast<OnigCtype>(ctype), bit);
}

}  // namespace

CharClasses::CharClasses() {
  std::vector<uint8_t> all(kCodeSpace, 0);
  mark_property(all, "L", kLetter);
  mark_property(all, "N", kNumber);
  mark_ctype(all, ONIGENC_CTYPE_SPACE, kSpace);
  mark_property(all, "M", kMark);
  for (const char* p : {"Lu", "Lt", "Lm", "Lo", "M"}) mark_property(all, p, kUpperish);
  for (const char* p : {"Ll", "Lm", "Lo", "M"}) mark_property(all, p, kLowerish);

  std::memcpy(ascii_.data(), all.data(), ascii_.size());
  constexpr size_t block = size_t(1) << kBlockBits;
  stage1_.resize(kCodeSpace >> kBlockBits);
  std::unordered_map<std::string, uint16_t> seen;  // block bytes -> block index
  for (size_t b = 0; b < stage1_.size(); ++b) {
    std::string key(reinterpret_cast<const char*>(all.data() + b * block), block);
    auto [it, fresh] = seen.try_emplace(std::move(key), static_cast<uint16_t>(seen.size()));
    if (fresh) blocks_.insert(blocks_.end(), all.begin() + b * block, all.begin() + (b + 1) * block);
    stage1_[b] = it->second;
  }
}

const CharClasses& CharClasses::get() {
  static const CharClasses table;  // magic static: built once, thread-safely
  return table;
}

}  // namespace wasmpipe::regex_fast
