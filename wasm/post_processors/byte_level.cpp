#include "post_processors/byte_level.h"

#include <algorithm>

#include "core/unicode.h"
#include "core/utf8.h"
#include "pre_tokenizers/split_behavior.h"

namespace wasmpipe::post_processors {
namespace {

constexpr char32_t kSpaceChar = 0x120;  // 'Ġ', the byte-level char of ' '

bool is_space(char32_t c) { return c == kSpaceChar || unicode::is_whitespace(c); }

}  // namespace

void trim_byte_level_offsets(Encoding& e, bool add_prefix_space) {
  for (size_t i = 0; i < e.tokens.size() && i < e.offsets.size(); ++i) {
    const std::string& tok = e.tokens[i];
    std::vector<char32_t> chars;
    chars.reserve(tok.size());
    for (size_t k = 0; k < tok.size();) chars.push_back(utf8::decode(tok, k));
    size_t leading = 0;
    while (leading < chars.size() && is_space(chars[leading])) ++leading;
    size_t trailing = 0;
    while (trailing < chars.size() && is_space(chars[chars.size() - 1 - trailing])) ++trailing;
    auto& [begin, end] = e.offsets[i];
    if (leading == 0 && trailing == 0) continue;
    if (leading > 0) {
      const bool is_first = i == 0 || begin == 0;
      if (is_first && add_prefix_space && leading == 1) leading = 0;
      begin = static_cast<uint32_t>(std::min<uint64_t>(uint64_t{begin} + leading, end));
    }
    if (trailing > 0 && end >= trailing) end = static_cast<uint32_t>(std::max<uint64_t>(end - trailing, begin));
  }
}

void ByteLevel::process_encodings(std::vector<Encoding>& encodings, bool) const {
  if (!trim_offsets_) return;
  for (Encoding& e : encodings) {
    trim_byte_level_offsets(e, add_prefix_space_);
    for (Encoding& o : e.overflowing) trim_byte_level_offsets(o, add_prefix_space_);
  }
}

std::unique_ptr<ByteLevel> ByteLevel::from_json(const Json& j, const JsonPath& at) {
  // Rust deserializes the same struct as the pre-tokenizer: these two fields are required.
  const bool add_prefix_space = pre_tokenizers::require_bool(j, "add_prefix_space", at);
  const bool trim_offsets = pre_tokenizers::require_bool(j, "trim_offsets", at);
  optional_bool(j, "use_regex", at, true);
  return std::make_unique<ByteLevel>(add_prefix_space, trim_offsets);
}

}  // namespace wasmpipe::post_processors
