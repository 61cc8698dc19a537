#include "post_processors/roberta_processing.h"

#include <algorithm>
#include <limits>

#include "core/unicode.h"
#include "core/utf8.h"
#include "tokenizer/encoding_ops.h"

namespace wasmpipe::post_processors {
namespace {

bool is_space_like(char32_t c) { return c == 0x120 || unicode::is_whitespace(c); }  // 'Ġ' = byte-level ' '

}  // namespace

void roberta_trim_offsets(Encoding& e, bool add_prefix_space) {
  for (size_t i = 0; i < e.tokens.size() && i < e.offsets.size(); ++i) {
    const std::string& t = e.tokens[i];
    auto& off = e.offsets[i];
    size_t leading = 0, trailing = 0, total = 0;
    {
      size_t k = 0;
      bool lead = true;
      size_t run = 0;
      while (k < t.size()) {
        const char32_t c = utf8::decode(t, k);
        ++total;
        if (is_space_like(c)) {
          ++run;
          if (lead) ++leading;
        } else {
          lead = false;
          run = 0;
        }
      }
      trailing = run;
    }
    if (leading == 0 && trailing == 0) continue;
    if (leading > 0) {
      const bool is_first = i == 0 || off.first == 0;
      if (is_first && add_prefix_space && leading == 1) leading = 0;
      off.first = static_cast<uint32_t>(std::min<uint64_t>(uint64_t(off.first) + leading, off.second));
    }
    if (trailing > 0 && off.second >= trailing) off.second = std::max<uint32_t>(off.second - static_cast<uint32_t>(trailing), off.first);
  }
}

void RobertaProcessing::process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const {
  if (trim_offsets_) {
    for (Encoding& e : encodings) {
      roberta_trim_offsets(e, add_prefix_space_);
      for (Encoding& o : e.overflowing) roberta_trim_offsets(o, add_prefix_space_);
    }
  }
  // "Roberta is weird, and every encoding is type_id=0" (only the main parts, as in Rust).
  for (Encoding& e : encodings) e.type_ids.assign(e.ids.size(), 0);
  if (!add_special_tokens) return;
  for (size_t i = 0; i < encodings.size(); ++i) {
    Encoding& e = encodings[i];
    const auto& first = i == 0 ? cls_ : sep_;
    std::vector<Encoding> overflowing = std::move(e.overflowing);
    e = encoding_ops::wrap_with_special_tokens(std::move(e), &first, sep_, 0);
    for (Encoding& o : overflowing)
      e.overflowing.push_back(encoding_ops::wrap_with_special_tokens(std::move(o), &first, sep_, 0));
  }
}

bool RobertaProcessing::process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b,
                                    bool add_special_tokens, std::vector<int32_t>& ids,
                                    std::vector<int32_t>& type_ids) const {
  // <s> A </s> then </s> B </s>, every type id 0.
  const size_t before = ids.size();
  if (add_special_tokens) ids.push_back(cls_.second);
  ids.insert(ids.end(), a.begin(), a.end());
  if (add_special_tokens) ids.push_back(sep_.second);
  if (b) {
    if (add_special_tokens) ids.push_back(sep_.second);
    ids.insert(ids.end(), b->begin(), b->end());
    if (add_special_tokens) ids.push_back(sep_.second);
  }
  type_ids.insert(type_ids.end(), ids.size() - before, 0);
  return true;
}

std::unique_ptr<RobertaProcessing> RobertaProcessing::from_json(const Json& j, const JsonPath& at) {
  auto read = [&](std::string_view key, const char* fallback_token, int32_t fallback_id) -> std::pair<std::string, int32_t> {
    const Json* v = find_field(j, key);
    if (!v) return {fallback_token, fallback_id};
    const JsonPath p = at / key;
    if (!v->is_array() || v->size() != 2 || !(*v)[0].is_string()) p.fail("must be a [token, id] pair");
    return {(*v)[0].get<std::string>(), static_cast<int32_t>(as_uint((*v)[1], p[1], std::numeric_limits<int32_t>::max()))};
  };
  return std::make_unique<RobertaProcessing>(read("sep", "</s>", 2), read("cls", "<s>", 0),
                                             optional_bool(j, "trim_offsets", at, true),
                                             optional_bool(j, "add_prefix_space", at, true));
}

}  // namespace wasmpipe::post_processors
