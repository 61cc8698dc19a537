#include "models/merge_map.h"

#include <algorithm>

#include "core/tiering.h"

namespace wasmpipe::models {
namespace {

constexpr size_t kChunk = 4096;  // merges per call of a loop's body (core/tiering.h)

// Stable counting sort of `src` into `dst` by key(m) in [0, span).
template <class Key>
void counting_sort(const std::vector<MergeMap::Merge>& src, std::vector<MergeMap::Merge>& dst, size_t span, Key key) {
  std::vector<uint32_t> next(span + 1, 0);
  in_chunks(src.size(), kChunk, [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) ++next[static_cast<size_t>(key(src[i])) + 1];
  });
  in_chunks(span, kChunk, [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) next[i + 1] += next[i];
  });
  dst.resize(src.size());
  in_chunks(src.size(), kChunk, [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) dst[next[static_cast<size_t>(key(src[i]))]++] = src[i];
  });
}

}  // namespace

MergeMap::MergeMap(std::vector<Merge> merges, int32_t max_id) {
  // Sorted by left id, then right id, then rank: the last of equal pairs is the one to keep.
  // Two stable counting sorts (by right id, then by left id; linear: a 128k-vocabulary BPE has
  // ~300k merges) unless the ids are far sparser than the merges; they keep equal pairs in input
  // order, which is rank order for both BPE constructors (checked: otherwise a comparison sort).
  const size_t span = max_id < 0 ? 0 : static_cast<size_t>(max_id) + 2;
  const bool by_rank = std::is_sorted(merges.begin(), merges.end(),
                                      [](const Merge& x, const Merge& y) { return x.value.rank < y.value.rank; });
  if (by_rank && (span <= 4 * merges.size() + 4096 || span <= (size_t{1} << 20))) {
    std::vector<Merge> by_right;
    counting_sort(merges, by_right, span, [](const Merge& m) { return m.right; });
    counting_sort(by_right, merges, span, [](const Merge& m) { return m.left; });
  } else {
    std::sort(merges.begin(), merges.end(), [](const Merge& x, const Merge& y) {
      if (x.left != y.left) return x.left < y.left;
      return x.right != y.right ? x.right < y.right : x.value.rank < y.value.rank;
    });
  }
  size_t kept = 0;
  in_chunks(merges.size(), kChunk, [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) {
      if (i + 1 < merges.size() && merges[i + 1].left == merges[i].left && merges[i + 1].right == merges[i].right)
        continue;
      merges[kept++] = merges[i];
    }
  });
  merges.resize(kept);
  right_.resize(kept);
  values_.resize(kept);
  in_chunks(kept, kChunk, [&](size_t lo, size_t hi) {
    for (size_t i = lo; i < hi; ++i) {
      right_[i] = merges[i].right;
      values_[i] = merges[i].value;
    }
  });
  // An offset per id unless the ids are far sparser than the merges (ids up to 2^31 are valid).
  dense_ = span <= 4 * kept + 4096 || span <= (size_t{1} << 20);
  if (dense_) {
    offsets_.assign(span, 0);
    in_chunks(kept, kChunk, [&](size_t lo, size_t hi) {
      for (size_t i = lo; i < hi; ++i) ++offsets_[static_cast<size_t>(merges[i].left) + 1];
    });
    in_chunks(offsets_.size() - (offsets_.empty() ? 0 : 1), kChunk, [&](size_t lo, size_t hi) {
      for (size_t i = lo; i < hi; ++i) offsets_[i + 1] += offsets_[i];
    });
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
