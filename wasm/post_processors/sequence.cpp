#include "post_processors/sequence.h"

namespace wasmpipe::post_processors {

std::unique_ptr<Sequence> Sequence::from_json(const Json& j, const JsonPath& at) {
  const Json* list = find_field(j, "processors");
  if (!list) (at / "processors").fail("is missing (expected an array of post-processors)");
  expect_array(*list, at / "processors");
  std::vector<std::unique_ptr<PostProcessor>> items;
  for (size_t i = 0; i < list->size(); ++i)
    items.push_back(post_processors::from_json((*list)[i], (at / "processors")[i]));
  return std::make_unique<Sequence>(std::move(items));
}

}  // namespace wasmpipe::post_processors
