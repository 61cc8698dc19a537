#include "models/merge_map.h"

#include <algorithm>

namespace wasmpipe::models {

MergeMap::MergeMap(std::vector<Merge> merges, int32_t max_id) {
  // Sorted by left id, then right id, then rank: the last of equal pairs is the one to keep.
  // Grouping by left id is a counting sort (linear; a 128k-vocabulary BPE has ~300k merges) unless
  // the ids are far sparser than the merges; then each group is sorted by right id, then rank.
  const size_t span = max_id < 0 ? 0 : static_cast<size_t>(max_id) + 2;
  auto by_right_then_rank = [](const Merge& x, const Merge& y) {
    return x.right != y.right ? x.right < y.right : x.value.rank < y.value.rank;
  };
  std::vector<Merge> grouped;
  std::vector<uint32_t> starts;  // group boundaries in `grouped`
  if (span <= 4 * merges.size() + 4096 || span <= (size_t{1} << 20)) {
    starts.assign(span + 1, 0);
    for (const Merge& m : merges) ++starts[static_cast<size_t>(m.left) + 1];
    for (size_t i = 1; i < starts.size(); ++i) starts[i] += starts[i - 1];
    grouped.resize(merges.size());
    std::vector<uint32_t> next(starts.begin(), starts.end() - 1);
    for (const Merge& m : merges) grouped[next[static_cast<size_t>(m.left)]++] = m;
  } else {
    grouped = std::move(merges);
    std::sort(grouped.begin(), grouped.end(), [](const Merge& x, const Merge& y) { return x.left < y.left; });
    starts.push_back(0);
    for (size_t i = 1; i <= grouped.size(); ++i)
      if (i == grouped.size() || grouped[i].left != grouped[i - 1].left) starts.push_back(static_cast<uint32_t>(i));
  }
  merges = std::vector<Merge>();
  size_t kept = 0;
  for (size_t g = 0; g + 1 < starts.size(); ++g) {
    const size_t lo = starts[g], hi = starts[g + 1];
    if (hi - lo > 1) std::sort(grouped.begin() + lo, grouped.begin() + hi, by_right_then_rank);
    for (size_t i = lo; i < hi; ++i) {
      if (i + 1 < hi && grouped[i + 1].right == grouped[i].right) continue;
      grouped[kept++] = grouped[i];
    }
  }
  grouped.resize(kept);
  right_.reserve(kept);
  values_.reserve(kept);
  for (const Merge& m : grouped) {
    right_.push_back(m.right);
    values_.push_back(m.value);
  }
  // An offset per id unless the ids are far sparser than the merges (ids up to 2^31 are valid).
  dense_ = span <= 4 * kept + 4096 || span <= (size_t{1} << 20);
  if (dense_) {
    offsets_.assign(span, 0);
    for (const Merge& m : grouped) ++offsets_[static_cast<size_t>(m.left) + 1];
    for (size_t i = 1; i < offsets_.size(); ++i) offsets_[i] += offsets_[i - 1];
  } else {
    for (size_t i = 0; i < grouped.size();) {
      size_t j = i;
      while (j < grouped.size() && grouped[j].left == grouped[i].left) ++j;
      sparse_.emplace(grouped[i].left, std::make_pair(static_cast<uint32_t>(i), static_cast<uint32_t>(j)));
      i = j;
    }
  }
}

}  // namespace wasmpipe::models
