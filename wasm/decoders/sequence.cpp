#include "decoders/sequence.h"

namespace wasmpipe::decoders {

std::unique_ptr<Sequence> Sequence::from_json(const Json& j, const JsonPath& at) {
  const Json* list = find_field(j, "decoders");
  if (!list) (at / "decoders").fail("is missing (expected an array of decoders)");
  expect_array(*list, at / "decoders");
  std::vector<std::unique_ptr<Decoder>> items;
  for (size_t i = 0; i < list->size(); ++i) items.push_back(decoders::from_json((*list)[i], (at / "decoders")[i]));
  return std::make_unique<Sequence>(std::move(items));
}

}  // namespace wasmpipe::decoders
