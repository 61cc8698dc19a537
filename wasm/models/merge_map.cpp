#include "models/merge_map.h"

#include <algorithm>

namespace wasmpipe::models {

MergeMap::MergeMap(std::vector<Merge> merges, int32_t max_id) {
  // By left id, then right id, then rank: the last of equal pairs is the one to keep.
  std::sort(merges.begin(), merges.end(), [](const Merge& x, const Merge& y) {
    if (x.left != y.left) return x.left < y.left;
    if (x.right != y.right) return x.right < y.right;
    return x.value.rank < y.value.rank;
  });
  size_t kept = 0;
  for (size_t i = 0; i < merges.size(); ++i) {
    if (i + 1 < merges.size() && merges[i + 1].left == merges[i].left && merges[i + 1].right == merges[i].right) continue;
    merges[kept++] = merges[i];
  }
  merges.resize(kept);
  right_.reserve(kept);
  values_.reserve(kept);
  for (const Merge& m : merges) {
    right_.push_back(m.right);
    values_.push_back(m.value);
  }
  // An offset per id unless the ids are far sparser than the merges (ids up to 2^31 are valid).
  const size_t span = max_id < 0 ? 0 : static_cast<size_t>(max_id) + 2;
  dense_ = span <= 4 * kept + 4096 || span <= (size_t{1} << 20);
  if (dense_) {
    offsets_.assign(span, 0);
    for (const Merge& m : merges) ++offsets_[static_cast<size_t>(m.left) + 1];
    for (size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
  } else {
    for (size_t i = 0; i < merges.size();) {
      size_t j = i;
      while (j < merges.size() && merges[j].left == merges[i].left) ++j;
      sparse_.emplace(merges[i].left, std::make_pair(static_cast<uint32_t>(i), static_cast<uint32_t>(j)));
      i = j;
    }
  }
}

}  // namespace wasmpipe::models
