// The BPE model's memo of recently seen words (like Rust's BPE cache): word -> its tokens (id and
// byte length of each). Results are a pure function of the word, so a hit is exact by construction.
// Laid out for lookups that stay in cache: a slot holds a hash tag next to the entry index, so a
// probe past another word reads no entry; an entry is 12 bytes and holds a one-token word's id
// itself; words and multi-token pieces live in arenas filled in first-seen order. Bounded: when
// full it starts over (the text's current words come back). Not thread-safe: the owner locks.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace wasmpipe::models {

class BpeWordCache {
 public:
  static constexpr size_t kCapacity = 10000;     // words (Rust's default cache capacity)
  static constexpr size_t kMaxWordBytes = 256;   // longer words are not cached (as in Rust)

  BpeWordCache() : table_(kSlots, 0) {}

  // A fast hash of `word` (< kMaxWordBytes bytes) for get / put.
  static uint64_t hash(std::string_view word) noexcept;

  // Calls fn(id, byte_length) for each cached token of `word`, in order; false when not cached.
  template <class Fn>
  bool get(std::string_view word, uint64_t h, Fn&& fn) const {
    const uint32_t tag = tag_of(h);
    for (size_t s = h & (kSlots - 1);; s = (s + 1) & (kSlots - 1)) {
      const uint32_t slot = table_[s];
      if (slot == 0) return false;
      if ((slot >> kIndexBits) != tag) continue;
      const Entry& e = entries_[(slot & kIndexMask) - 1];
      if (e.word_len != word.size() || std::memcmp(words_.data() + e.word_offset, word.data(), word.size()) != 0)
        continue;
      if (e.count == 1) {
        fn(static_cast<int32_t>(e.value), static_cast<uint32_t>(e.word_len));
      } else {
        const uint32_t* p = pieces_.data() + e.value;
        for (uint32_t k = 0; k < e.count; ++k) fn(static_cast<int32_t>(p[2 * k]), p[2 * k + 1]);
      }
      return true;
    }
  }

  // Caches the tokens of `word`: `count` tokens given by at(k) -> (id, byte length), k < count.
  template <class At>
  void put(std::string_view word, uint64_t h, uint32_t count, At&& at) {
    if (count == 0 || count > 0xFFFF) return;
    if (entries_.size() >= kCapacity) clear();
    const uint32_t tag = tag_of(h);
    size_t s = h & (kSlots - 1);
    for (; table_[s] != 0; s = (s + 1) & (kSlots - 1)) {
      const uint32_t slot = table_[s];
      if ((slot >> kIndexBits) != tag) continue;
      const Entry& e = entries_[(slot & kIndexMask) - 1];
      if (e.word_len == word.size() && std::memcmp(words_.data() + e.word_offset, word.data(), word.size()) == 0)
        return;  // already there
    }
    Entry e{static_cast<uint32_t>(words_.size()), static_cast<uint16_t>(word.size()), static_cast<uint16_t>(count), 0};
    words_.append(word);
    if (count == 1) {
      e.value = static_cast<uint32_t>(at(0).first);
    } else {
      e.value = static_cast<uint32_t>(pieces_.size());
      for (uint32_t k = 0; k < count; ++k) {
        const auto [id, len] = at(k);
        pieces_.push_back(static_cast<uint32_t>(id));
        pieces_.push_back(len);
      }
    }
    entries_.push_back(e);
    table_[s] = (tag << kIndexBits) | static_cast<uint32_t>(entries_.size());
  }

 private:
  static constexpr size_t kSlots = 32768;  // power of two, > 3 x kCapacity
  static constexpr unsigned kIndexBits = 14;  // entry index + 1 <= kCapacity < 2^14
  static constexpr uint32_t kIndexMask = (1u << kIndexBits) - 1;
  static_assert(kCapacity < kIndexMask);
  static_assert(kMaxWordBytes <= 0xFFFF);

  struct Entry {
    uint32_t word_offset;
    uint16_t word_len;
    uint16_t count;   // tokens
    uint32_t value;   // count == 1: the id; else the offset of its (id, length) pairs in pieces_
  };
  // The slot's tag: hash bits the slot index does not use (slot index: the low 15 bits).
  static uint32_t tag_of(uint64_t h) noexcept { return static_cast<uint32_t>(h >> (64 - (32 - kIndexBits))); }
  void clear() {
    words_.clear();
    pieces_.clear();
    entries_.clear();
    table_.assign(kSlots, 0);
  }

  std::vector<uint32_t> table_;  // tag << kIndexBits | (entry index + 1); 0 = empty
  std::vector<Entry> entries_;
  std::string words_;            // the cached words, back to back
  std::vector<uint32_t> pieces_; // (id, byte length) pairs of the multi-token words
};

}  // namespace wasmpipe::models
