// The ids of recently tokenized pre-tokens ("words"), for the ids-only encode path: text repeats
// its words, and a model whose ids depend on the word alone (Model::ids_depend_on_word_only)
// need not run again for one it has seen. Bounded: the cache empties itself when full, and only
// short words are kept. Owned by one encode call at a time (IdsScratch): no locking.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace wasmpipe {

class WordIdsCache {
 public:
  static constexpr size_t kMaxWordBytes = 64;

  // A hash of a short word: 8-byte words, the last one overlapping (no read past the word).
  static uint64_t hash(std::string_view w) noexcept {
    const char* p = w.data();
    const size_t n = w.size();
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    if (n >= 8) {
      size_t i = 0;
      for (; i + 8 < n; i += 8) h = mix(h ^ load64(p + i));
      h = mix(h ^ load64(p + n - 8));
    } else if (n >= 4) {
      h = mix(h ^ ((uint64_t{load32(p)} << 32) | load32(p + n - 4)));
    } else if (n > 0) {
      h = mix(h ^ (uint64_t(uint8_t(p[0])) << 16 | uint64_t(uint8_t(p[n / 2])) << 8 | uint8_t(p[n - 1])));
    }
    return h;
  }

  // Appends the cached ids of `word` (hash(word) = `h`) to `out`; false when it is not cached.
  bool append(std::string_view word, uint64_t h, std::vector<int32_t>& out) const {
    if (slots_.empty()) return false;
    for (size_t s = h & kMask;; s = (s + 1) & kMask) {
      const Slot& e = slots_[s];
      if (e.word_len == kEmpty) return false;
      if (e.check == static_cast<uint32_t>(h >> 32) && e.word_len == word.size() &&
          same(words_.data() + e.word_at, word.data(), word.size())) {
        if (e.ids_len == 1) out.push_back(ids_[e.ids_at]);
        else out.insert(out.end(), ids_.begin() + e.ids_at, ids_.begin() + e.ids_at + e.ids_len);
        return true;
      }
    }
  }

  // Remembers that `word` (hash `h`, not cached, at most kMaxWordBytes) has ids [ids, ids + n).
  void insert(std::string_view word, uint64_t h, const int32_t* ids, size_t n) {
    if (n > kMaxIds) return;
    if (slots_.empty() || entries_ == kMaxEntries) clear();
    size_t s = h & kMask;
    while (slots_[s].word_len != kEmpty) s = (s + 1) & kMask;
    slots_[s] = Slot{static_cast<uint32_t>(h >> 32), static_cast<uint32_t>(words_.size()),
                     static_cast<uint32_t>(ids_.size()), static_cast<uint16_t>(word.size()), static_cast<uint16_t>(n)};
    words_.append(word);
    ids_.insert(ids_.end(), ids, ids + n);
    ++entries_;
  }

 private:
  static constexpr size_t kSlots = 8192;  // a power of two, at most half full
  static constexpr size_t kMask = kSlots - 1;
  static constexpr size_t kMaxEntries = kSlots / 2;
  static constexpr size_t kMaxIds = 255;
  static constexpr uint16_t kEmpty = 0xFFFF;
  struct Slot {
    uint32_t check;  // the hash's high half
    uint32_t word_at, ids_at;
    uint16_t word_len = kEmpty, ids_len;
  };

  static uint64_t load64(const char* p) noexcept {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static uint32_t load32(const char* p) noexcept {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  static uint64_t mix(uint64_t k) noexcept {
    k *= 0xBF58476D1CE4E5B9ULL;
    return k ^ (k >> 31);
  }
  // a[0, n) == b[0, n), in 8-byte words (a libc memcmp call costs more than these short words).
  static bool same(const char* a, const char* b, size_t n) noexcept {
    if (n >= 8) {
      for (size_t i = 0; i + 8 < n; i += 8)
        if (load64(a + i) != load64(b + i)) return false;
      return load64(a + n - 8) == load64(b + n - 8);
    }
    if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
    for (size_t i = 0; i < n; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }

  void clear() {
    slots_.assign(kSlots, Slot{0, 0, 0, kEmpty, 0});
    words_.clear();
    words_.reserve(kMaxEntries * 16);
    ids_.clear();
    entries_ = 0;
  }

  std::vector<Slot> slots_;
  std::string words_;
  std::vector<int32_t> ids_;
  size_t entries_ = 0;
};

}  // namespace wasmpipe
