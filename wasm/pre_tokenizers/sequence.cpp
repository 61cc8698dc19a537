#include "pre_tokenizers/sequence.h"

namespace wasmpipe::pre_tokenizers {

std::unique_ptr<Sequence> Sequence::from_json(const Json& j, const JsonPath& at) {
  const Json* list = find_field(j, "pretokenizers");
  if (!list) (at / "pretokenizers").fail("is missing (expected an array of pre-tokenizers)");
  expect_array(*list, at / "pretokenizers");
  std::vector<std::unique_ptr<PreTokenizer>> items;
  for (size_t i = 0; i < list->size(); ++i)
    items.push_back(pre_tokenizers::from_json((*list)[i], (at / "pretokenizers")[i]));
  return std::make_unique<Sequence>(std::move(items));
}

}  // namespace wasmpipe::pre_tokenizers
