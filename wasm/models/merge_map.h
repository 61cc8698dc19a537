// BPE merge table: (left id, right id) -> (rank, merged id), stored compactly (12 bytes per merge
// plus 4 per vocabulary id) because a 128k-vocabulary BPE has ~300k merges: the merges of each
// left id sit together sorted by right id, found by an offset table and a binary search.
// (An open-addressing hash took 16 MiB for Llama-3, more than its whole tokenizer.json.)
#pragma once
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace wasmpipe::models {

class MergeMap {
 public:
  struct Value {
    uint32_t rank;
    int32_t id;
  };
  struct Merge {
    int32_t left, right;  // ids >= 0
    Value value;
  };

  MergeMap() = default;
  // Builds from every merge; for a pair listed twice the later one (higher rank) wins, like
  // Rust's HashMap collect. `max_id` bounds the ids (the vocabulary's largest id).
  MergeMap(std::vector<Merge> merges, int32_t max_id);

  const Value* find(int32_t a, int32_t b) const noexcept {
    uint32_t lo, hi;
    if (!group(a, lo, hi)) return nullptr;
    // Binary search of b among the right ids of a's merges.
    while (lo < hi) {
      const uint32_t mid = lo + (hi - lo) / 2;
      const int32_t r = right_[mid];
      if (r == b) return &values_[mid];
      if (r < b) lo = mid + 1;
      else hi = mid;
    }
    return nullptr;
  }
  size_t size() const noexcept { return right_.size(); }

 private:
  bool group(int32_t a, uint32_t& lo, uint32_t& hi) const noexcept {
    if (dense_) {
      if (a < 0 || static_cast<size_t>(a) + 1 >= offsets_.size()) return false;
      lo = offsets_[a];
      hi = offsets_[a + 1];
      return lo < hi;
    }
    auto it = sparse_.find(a);
    if (it == sparse_.end()) return false;
    lo = it->second.first;
    hi = it->second.second;
    return true;
  }

  bool dense_ = true;
  std::vector<uint32_t> offsets_;  // dense: left id -> first position (size max_id + 2)
  std::unordered_map<int32_t, std::pair<uint32_t, uint32_t>> sparse_;  // left id -> [lo, hi), for very sparse ids
  std::vector<int32_t> right_;     // per position, ascending within a left id
  std::vector<Value> values_;      // per position
};

}  // namespace wasmpipe::models
