#include "models/bpe_word_cache.h"

namespace wasmpipe::models {

uint64_t BpeWordCache::hash(std::string_view word) noexcept {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(word.data());
  size_t n = word.size();
  uint64_t h = (n + 1) * 0xC2B2AE3D27D4EB4FULL;
  while (n >= 8) {
    uint64_t k;
    std::memcpy(&k, p, 8);
    h = (h ^ k) * kMul;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  // The last 1..7 bytes: two overlapping 4-byte reads, or first/middle/last byte (the length,
  // mixed in above, tells the cases apart).
  uint64_t k = 0;
  if (n >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    k = a | (uint64_t(b) << 32);
  } else if (n > 0) {
    k = p[0] | (uint64_t(p[n / 2]) << 8) | (uint64_t(p[n - 1]) << 16);
  }
  h = (h ^ k) * kMul;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 29;
  return h;
}

}  // namespace wasmpipe::models
