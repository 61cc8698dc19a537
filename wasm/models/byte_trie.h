// A byte trie for longest-prefix matching against a vocabulary: node n's child for byte c is found
// in one flat open-addressing table keyed (n << 8 | c), 8 bytes per edge slot. Walking a word
// costs one probe per byte, where trying each candidate length costs a hash of the whole candidate.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace wasmpipe::models {

class ByteTrie {
 public:
  static constexpr uint32_t kMaxNodes = 1u << 24;  // node ids must fit 24 bits of the edge key

  // A trie with `roots` independent roots (nodes 0 .. roots-1), sized for about `total_bytes` of keys.
  explicit ByteTrie(uint32_t roots = 1, size_t total_bytes = 0);

  // Stores `value` (>= 0) for `key` under `root`; a later insert of the same key wins.
  // False (nothing stored) when the trie would exceed kMaxNodes.
  bool insert(uint32_t root, std::string_view key, int32_t value);

  // The longest stored key that is a prefix of text[start..]: its end offset in `text` (> start)
  // and value, or false when none is.
  bool longest_prefix(uint32_t root, std::string_view text, size_t start, size_t& end, int32_t& value) const noexcept {
    uint32_t node = root;
    bool found = false;
    for (size_t i = start; i < text.size(); ++i) {
      const int32_t next = child(node, static_cast<unsigned char>(text[i]));
      if (next < 0) break;
      node = static_cast<uint32_t>(next);
      if (values_[node] >= 0) {
        end = i + 1;
        value = values_[node];
        found = true;
      }
    }
    return found;
  }

  int32_t child(uint32_t node, unsigned char c) const noexcept {
    const uint32_t key = (node << 8) | c;
    const size_t mask = edges_.size() - 1;
    for (size_t s = mix(key) & mask;; s = (s + 1) & mask) {
      const Edge& e = edges_[s];
      if (e.child < 0) return -1;
      if (e.key == key) return e.child;
    }
  }

 private:
  struct Edge {
    uint32_t key = 0;
    int32_t child = -1;  // -1: empty slot
  };
  static uint32_t mix(uint32_t k) noexcept {
    k ^= k >> 16;
    k *= 0x7feb352dU;
    k ^= k >> 15;
    k *= 0x846ca68bU;
    k ^= k >> 16;
    return k;
  }
  void grow();

  std::vector<Edge> edges_;
  std::vector<int32_t> values_;  // per node, -1 = no key ends here
  size_t edge_count_ = 0;
};

}  // namespace wasmpipe::models
