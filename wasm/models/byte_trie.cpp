#include "models/byte_trie.h"

namespace wasmpipe::models {

ByteTrie::ByteTrie(uint32_t roots, size_t total_bytes) : values_(roots, -1) {
  size_t cap = 16;
  while (cap < total_bytes + total_bytes / 2) cap <<= 1;  // edges <= key bytes; load <= ~2/3
  edges_.assign(cap, Edge{});
}

void ByteTrie::grow() {
  std::vector<Edge> old = std::move(edges_);
  edges_.assign(old.size() * 2, Edge{});
  const size_t mask = edges_.size() - 1;
  for (const Edge& e : old) {
    if (e.child < 0) continue;
    size_t s = mix(e.key) & mask;
    while (edges_[s].child >= 0) s = (s + 1) & mask;
    edges_[s] = e;
  }
}

bool ByteTrie::insert(uint32_t root, std::string_view key, int32_t value) {
  if (values_.size() + key.size() > kMaxNodes) return false;
  uint32_t node = root;
  for (unsigned char c : key) {
    if ((edge_count_ + 1) * 3 > edges_.size() * 2) grow();
    const uint32_t k = (node << 8) | c;
    const size_t mask = edges_.size() - 1;
    size_t s = mix(k) & mask;
    while (edges_[s].child >= 0 && edges_[s].key != k) s = (s + 1) & mask;
    if (edges_[s].child < 0) {
      edges_[s] = Edge{k, static_cast<int32_t>(values_.size())};
      values_.push_back(-1);
      ++edge_count_;
    }
    node = static_cast<uint32_t>(edges_[s].child);
  }
  values_[node] = value;
  return true;
}

}  // namespace wasmpipe::models
