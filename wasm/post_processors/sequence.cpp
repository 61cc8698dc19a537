#include "post_processors/sequence.h"

namespace wasmpipe::post_processors {

bool Sequence::process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b, bool add_special_tokens,
                           std::vector<int32_t>& ids, std::vector<int32_t>& type_ids) const {
  const PostProcessor* changes = nullptr;
  for (const auto& p : items_) {
    if (p->keeps_ids()) continue;
    if (changes) return false;  // two that change ids: the second sees the first's output
    changes = p.get();
  }
  if (!changes) {
    concat_ids(a, b, ids, type_ids);
    return true;
  }
  return changes->process_ids(a, b, add_special_tokens, ids, type_ids);
}

bool Sequence::keeps_ids() const {
  for (const auto& p : items_)
    if (!p->keeps_ids()) return false;
  return true;
}

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
