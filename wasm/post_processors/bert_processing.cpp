#include "post_processors/bert_processing.h"

#include <limits>

#include "tokenizer/encoding_ops.h"

namespace wasmpipe::post_processors {
void BertProcessing::process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const {
  if (!add_special_tokens) return;
  for (size_t i = 0; i < encodings.size(); ++i) {
    Encoding& e = encodings[i];
    const bool first = i == 0;
    const auto* before = first ? &cls_ : nullptr;
    const int32_t type_id = first ? 0 : 1;
    std::vector<Encoding> overflowing = std::move(e.overflowing);
    e = encoding_ops::wrap_with_special_tokens(std::move(e), before, sep_, type_id);
    for (Encoding& o : overflowing)
      e.overflowing.push_back(encoding_ops::wrap_with_special_tokens(std::move(o), before, sep_, type_id));
  }
}

bool BertProcessing::process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b, bool add_special_tokens,
                                 std::vector<int32_t>& ids, std::vector<int32_t>& type_ids) const {
  if (!add_special_tokens) {
    concat_ids(a, b, ids, type_ids);
    return true;
  }
  // [CLS] A [SEP] with type id 0, then B [SEP] with type id 1.
  ids.push_back(cls_.second);
  ids.insert(ids.end(), a.begin(), a.end());
  ids.push_back(sep_.second);
  type_ids.insert(type_ids.end(), a.size() + 2, 0);
  if (b) {
    ids.insert(ids.end(), b->begin(), b->end());
    ids.push_back(sep_.second);
    type_ids.insert(type_ids.end(), b->size() + 1, 1);
  }
  return true;
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
