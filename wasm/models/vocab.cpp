#include "models/vocab.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>

#include "core/json_scan.h"
#include "core/tiering.h"
#include "models/raw_fields.h"

namespace wasmpipe::models {
namespace {

inline uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
inline uint64_t fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

}  // namespace

uint64_t Vocab::hash(std::string_view s) noexcept {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xC2B2AE3D27D4EB4FULL);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t k;
    std::memcpy(&k, p, 8);
    k *= 0x87c37b91114253d5ULL;
    k = rotl(k, 31);
    k *= 0x4cf5ad432745937fULL;
    h ^= k;
    h = rotl(h, 27) * 5 + 0x52dce729;
    p += 8;
    n -= 8;
  }
  // The last n < 8 bytes as a little-endian number, from two overlapping loads (no byte loop).
  uint64_t k = 0;
  if (n >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    k = lo | (uint64_t{hi} << (8 * (n - 4)));
  } else if (n > 0) {
    const auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])} << (8 * i); };
    k = byte(0) | byte(n / 2) | byte(n - 1);
  }
  h ^= k * 0x87c37b91114253d5ULL;
  return fmix(h);
}

void Vocab::reserve(size_t n) {
  entries_.reserve(n);
  reserved_ = std::max(reserved_, n);
  size_t cap = 16;
  while (cap < n * 2) cap <<= 1;
  if (cap > table_.size()) {
    table_.assign(cap, 0);
    for (uint32_t i = 0; i < entries_.size(); ++i) {
      // The table never exceeds 2^32 slots, so the low 32 bits of the hash pick the slot.
      size_t slot = entries_[i].hash & (cap - 1);
      while (table_[slot]) slot = (slot + 1) & (cap - 1);
      table_[slot] = i + 1;
    }
  }
}

void Vocab::shrink_to_fit() {
  arena_.shrink_to_fit();
  entries_.shrink_to_fit();
  by_id_.shrink_to_fit();
  sparse_by_id_.shrink_to_fit();
}

void Vocab::grow() { reserve(std::max<size_t>(entries_.size() + 1, entries_.size() * 2)); }

void Vocab::set_reverse(int32_t id, uint32_t entry) {
  const size_t uid = static_cast<size_t>(id);
  if (uid < by_id_.size() || uid <= 4 * std::max(entries_.size(), reserved_) + 1024) {
    if (uid >= by_id_.size()) by_id_.resize(uid + 1, 0);
    by_id_[uid] = entry + 1;
    return;
  }
  auto it = std::lower_bound(sparse_by_id_.begin(), sparse_by_id_.end(), std::make_pair(id, uint32_t{0}));
  if (it != sparse_by_id_.end() && it->first == id) {
    it->second = entry;
  } else {
    sparse_by_id_.insert(it, {id, entry});
  }
}

void Vocab::insert(std::string_view token, int32_t id) {
  if ((entries_.size() + 1) * 2 > table_.size()) grow();
  insert_hashed(token, id, hash(token));
}

void Vocab::insert_many(const std::string_view* tokens, const int32_t* ids, size_t n) {
  constexpr size_t kBatch = 32;
  uint64_t hashes[kBatch];
  uint32_t home[kBatch];
  for (size_t base = 0; base < n; base += kBatch) {
    const size_t m = std::min(kBatch, n - base);
    // Room for the whole batch at load factor <= 1/2 (grow() alone adds one entry's worth when the
    // table is empty, which never made room for a batch).
    if ((entries_.size() + m) * 2 > table_.size()) reserve(std::max(entries_.size() + m, entries_.size() * 2));
    const size_t mask = table_.size() - 1;
    for (size_t i = 0; i < m; ++i) {
      hashes[i] = hash(tokens[base + i]);
      home[i] = table_[hashes[i] & mask];  // independent loads: their misses overlap
    }
    for (size_t i = 0; i < m; ++i) {
      const size_t slot = hashes[i] & mask;
      if (home[i] == 0 && table_[slot] == 0) {  // still empty (an earlier token of the batch may have taken it)
        append_entry(tokens[base + i], ids[base + i], hashes[i], slot);
      } else {
        insert_hashed(tokens[base + i], ids[base + i], hashes[i]);
      }
    }
  }
}

void Vocab::append_entry(std::string_view token, int32_t id, uint64_t h, size_t slot) {
  Entry e{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(token.size()), id, static_cast<uint32_t>(h)};
  arena_.append(token);
  entries_.push_back(e);
  table_[slot] = static_cast<uint32_t>(entries_.size());
  set_reverse(id, static_cast<uint32_t>(entries_.size() - 1));
  max_len_ = std::max(max_len_, token.size());
}

void Vocab::insert_hashed(std::string_view token, int32_t id, uint64_t h) {
  const size_t mask = table_.size() - 1;
  size_t slot = h & mask;
  while (table_[slot]) {
    Entry& e = entries_[table_[slot] - 1];
    if (e.hash == static_cast<uint32_t>(h) && e.len == token.size() &&
        std::string_view(arena_.data() + e.offset, e.len) == token) {
      e.id = id;
      set_reverse(id, table_[slot] - 1);
      return;
    }
    slot = (slot + 1) & mask;
  }
  append_entry(token, id, h, slot);
}

void Vocab::find_many(const std::string_view* keys, size_t n, int32_t* ids) const noexcept {
  constexpr size_t kBatch = 32;
  if (table_.empty()) {
    std::fill(ids, ids + n, -1);
    return;
  }
  const size_t mask = table_.size() - 1;
  uint64_t hashes[kBatch];
  const Entry* first[kBatch];  // the entry in each key's home slot, nullptr when empty
  Entry seen[kBatch];
  for (size_t base = 0; base < n; base += kBatch) {
    const size_t m = std::min(kBatch, n - base);
    // Independent loads first (home slots, then their entries), so the misses overlap; then the
    // comparisons and, rarely, the rest of the probe as in find().
    for (size_t i = 0; i < m; ++i) {
      hashes[i] = hash(keys[base + i]);
      const uint32_t e = table_[hashes[i] & mask];
      first[i] = e ? &entries_[e - 1] : nullptr;
    }
    for (size_t i = 0; i < m; ++i)
      if (first[i]) seen[i] = *first[i];
    // The first byte of each home entry's token, read for all keys first (a third round of
    // overlapping misses) so the comparisons below find the token bytes in cache.
    bool likely[kBatch];
    for (size_t i = 0; i < m; ++i) {
      const std::string_view token = keys[base + i];
      likely[i] = first[i] && seen[i].hash == static_cast<uint32_t>(hashes[i]) && seen[i].len == token.size() &&
                  (token.empty() || arena_[seen[i].offset] == token[0]);
    }
    for (size_t i = 0; i < m; ++i) {
      const std::string_view token = keys[base + i];
      const uint64_t h = hashes[i];
      int32_t id = -1;
      if (first[i]) {
        if (likely[i] && std::string_view(arena_.data() + seen[i].offset, seen[i].len) == token) {
          id = seen[i].id;
        } else {
          for (size_t slot = ((h & mask) + 1) & mask;; slot = (slot + 1) & mask) {
            const uint32_t e = table_[slot];
            if (e == 0) break;
            const Entry& en = entries_[e - 1];
            if (en.hash == static_cast<uint32_t>(h) && en.len == token.size() &&
                std::string_view(arena_.data() + en.offset, en.len) == token) {
              id = en.id;
              break;
            }
          }
        }
      }
      ids[base + i] = id;
    }
  }
}

std::optional<std::string_view> Vocab::token(int32_t id) const noexcept {
  if (id < 0) return std::nullopt;
  const size_t uid = static_cast<size_t>(id);
  // Ids are dense or sparse depending on when they were inserted: look in both.
  uint32_t entry = 0;
  if (uid < by_id_.size() && by_id_[uid]) {
    entry = by_id_[uid] - 1;
  } else {
    auto it = std::lower_bound(sparse_by_id_.begin(), sparse_by_id_.end(), std::make_pair(id, uint32_t{0}));
    if (it == sparse_by_id_.end() || it->first != id) return std::nullopt;
    entry = it->second;
  }
  const Entry& e = entries_[entry];
  if (e.id != id) return std::nullopt;  // the token was re-assigned another id since
  return std::string_view(arena_.data() + e.offset, e.len);
}

Vocab vocab_from_json(const Json& j, const JsonPath& at) {
  expect_object(j, at);
  Vocab vocab;
  vocab.reserve(j.size());
  for (auto it = j.begin(); it != j.end(); ++it) {
    const uint64_t id = as_uint(it.value(), at / it.key(), std::numeric_limits<int32_t>::max());
    vocab.insert(it.key(), static_cast<int32_t>(id));
  }
  vocab.shrink_to_fit();
  return vocab;
}

bool vocab_from_raw_json(std::string_view raw, Vocab& out) {
  // Reserve for the entries the text seems to hold (a hint: one ':' per entry, a few in tokens).
  size_t hint = 0;
  in_chunks(raw.size(), 1 << 16, [&](size_t lo, size_t hi) {
    size_t n = 0;
    for (size_t i = lo; i < hi; ++i) n += raw[i] == ':';
    hint += n;
  });
  out = Vocab();
  out.reserve(hint);
  JsonScanner s(raw);
  std::string scratch;
  std::string_view token;
  uint64_t id;
  // Inserted a batch at a time (insert_many); unescaped tokens are kept until then.
  constexpr size_t kBatch = 1024;
  std::vector<std::string_view> tokens;
  std::vector<int32_t> ids;
  std::deque<std::string> owned;
  tokens.reserve(kBatch);
  ids.reserve(kBatch);
  auto flush = [&] {
    out.insert_many(tokens.data(), ids.data(), tokens.size());
    tokens.clear();
    ids.clear();
    owned.clear();
  };
  if (!s.consume('{')) return false;
  if (s.consume('}')) return s.peek() == '\0';
  bool ok = true;
  while_steps(kBatch, [&] {
    if (!s.string(token, scratch) || !s.consume(':') || !s.uint(id, std::numeric_limits<int32_t>::max())) return ok = false;
    tokens.push_back(token.data() == scratch.data() ? std::string_view(owned.emplace_back(token)) : token);
    ids.push_back(static_cast<int32_t>(id));
    if (tokens.size() == kBatch) flush();
    return s.consume(',');
  });
  if (!ok) return false;
  flush();
  out.shrink_to_fit();
  return s.consume('}') && s.peek() == '\0';
}

Vocab load_vocab(const Json& model, const JsonPath& at, std::string_view raw_vocab) {
  if (!raw_vocab.empty()) {
    Vocab v;
    if (vocab_from_raw_json(raw_vocab, v)) return v;
  }
  Json holder;
  const Json* j = model_field(model, "vocab", raw_vocab, holder, at);
  if (!j) (at / "vocab").fail("is missing (expected an object mapping tokens to ids)");
  return vocab_from_json(*j, at / "vocab");
}

}  // namespace wasmpipe::models
