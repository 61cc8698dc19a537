#include "post_processors/bert_processing.h"

#include <limits>

namespace wasmpipe::post_processors {
namespace {

// Wraps one encoding: [CLS]? tokens [SEP] with the given type ids around it.
Encoding wrap(const Encoding& e, const std::pair<std::string, int32_t>* cls, const std::pair<std::string, int32_t>& sep,
              int32_t special_type) {
  Encoding out;
  const size_t n = e.ids.size() + (cls ? 2 : 1);
  out.ids.reserve(n);
  auto add_special = [&](const std::pair<std::string, int32_t>& t) {
    out.ids.push_back(t.second);
    out.type_ids.push_back(special_type);
    out.tokens.push_back(t.first);
    out.word_ids.push_back(-1);
    out.offsets.emplace_back(0, 0);
    out.special_tokens_mask.push_back(1);
    out.attention_mask.push_back(1);
    out.sequence_ids.push_back(-1);
  };
  if (cls) add_special(*cls);
  out.ids.insert(out.ids.end(), e.ids.begin(), e.ids.end());
  out.type_ids.insert(out.type_ids.end(), e.type_ids.begin(), e.type_ids.end());
  out.tokens.insert(out.tokens.end(), e.tokens.begin(), e.tokens.end());
  out.word_ids.insert(out.word_ids.end(), e.word_ids.begin(), e.word_ids.end());
  out.offsets.insert(out.offsets.end(), e.offsets.begin(), e.offsets.end());
  out.special_tokens_mask.insert(out.special_tokens_mask.end(), e.ids.size(), 0);
  out.attention_mask.insert(out.attention_mask.end(), e.ids.size(), 1);
  out.sequence_ids.insert(out.sequence_ids.end(), e.sequence_ids.begin(), e.sequence_ids.end());
  add_special(sep);
  return out;
}

}  // namespace

void BertProcessing::process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const {
  if (!add_special_tokens) return;
  for (size_t i = 0; i < encodings.size(); ++i) {
    Encoding& e = encodings[i];
    const bool first = i == 0;
    Encoding out = wrap(e, first ? &cls_ : nullptr, sep_, first ? 0 : 1);
    for (const Encoding& o : e.overflowing) out.overflowing.push_back(wrap(o, first ? &cls_ : nullptr, sep_, first ? 0 : 1));
    e = std::move(out);
  }
}

std::unique_ptr<BertProcessing> BertProcessing::from_json(const Json& j, const JsonPath& at) {
  auto read = [&](std::string_view key, const char* fallback_token, int32_t fallback_id) -> std::pair<std::string, int32_t> {
    const Json* v = find_field(j, key);
    if (!v) return {fallback_token, fallback_id};
    const JsonPath p = at / key;
    if (!v->is_array() || v->size() != 2 || !(*v)[0].is_string())
      p.fail("must be a [token, id] pair");
    return {(*v)[0].get<std::string>(),
            static_cast<int32_t>(as_uint((*v)[1], p[1], std::numeric_limits<int32_t>::max()))};
  };
  return std::make_unique<BertProcessing>(read("sep", "[SEP]", 102), read("cls", "[CLS]", 101));
}

}  // namespace wasmpipe::post_processors
