#include "normalizers/sequence.h"

namespace wasmpipe::normalizers {

std::unique_ptr<Sequence> Sequence::from_json(const Json& j, const JsonPath& at) {
  const Json* list = find_field(j, "normalizers");
  if (!list) (at / "normalizers").fail("is missing (expected an array of normalizers)");
  expect_array(*list, at / "normalizers");
  std::vector<std::unique_ptr<Normalizer>> items;
  for (size_t i = 0; i < list->size(); ++i) items.push_back(normalizers::from_json((*list)[i], (at / "normalizers")[i]));
  return std::make_unique<Sequence>(std::move(items));
}

}  // namespace wasmpipe::normalizers
