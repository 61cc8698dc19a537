// A token <-> id table: open-addressing hash map looked up by std::string_view (no allocation per
// lookup), strings stored in one arena, plus the reverse id -> token map.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace wasmpipe::models {

class Vocab {
 public:
  // Adds or overwrites `token` -> `id` (ids are non-negative).
  void insert(std::string_view token, int32_t id);
  // insert() of each (tokens[i], ids[i]) in order, with the table reads of a batch issued together
  // so their cache misses overlap (the bulk of loading a 200k-token vocabulary).
  void insert_many(const std::string_view* tokens, const int32_t* ids, size_t n);
  // Id of `token`, or -1.
  int32_t find(std::string_view token) const noexcept {
    if (table_.empty()) return -1;
    const uint64_t h = hash(token);
    const size_t mask = table_.size() - 1;
    for (size_t slot = h & mask;; slot = (slot + 1) & mask) {
      const uint32_t e = table_[slot];
      if (e == 0) return -1;
      const Entry& en = entries_[e - 1];
      if (en.hash == static_cast<uint32_t>(h) && en.len == token.size() &&
          std::string_view(arena_.data() + en.offset, en.len) == token)
        return en.id;
    }
  }
  // find() of keys[0..n) into ids[0..n): the same answers, with the memory reads of the n lookups
  // issued together so their cache misses overlap (loading a 300k-merge BPE does ~900k lookups).
  void find_many(const std::string_view* keys, size_t n, int32_t* ids) const noexcept;
  std::optional<std::string_view> token(int32_t id) const noexcept;
  size_t size() const noexcept { return entries_.size(); }
  // Largest id, -1 when empty.
  int32_t max_id() const noexcept {
    int32_t m = -1;
    for (const Entry& e : entries_) m = e.id > m ? e.id : m;
    return m;
  }
  // Longest token, in bytes.
  size_t max_token_bytes() const noexcept { return max_len_; }
  void reserve(size_t n);
  // Returns the slack of the growing buffers (called once a vocabulary is complete).
  void shrink_to_fit();
  // Calls fn(token, id) for every entry, in insertion order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    for (const Entry& e : entries_) fn(std::string_view(arena_.data() + e.offset, e.len), e.id);
  }

  static uint64_t hash(std::string_view s) noexcept;

 private:
  struct Entry {
    uint32_t offset;
    uint32_t len;
    int32_t id;
    uint32_t hash;
  };
  void grow();
  void insert_hashed(std::string_view token, int32_t id, uint64_t h);
  void append_entry(std::string_view token, int32_t id, uint64_t h, size_t slot);  // `slot` is empty
  void set_reverse(int32_t id, uint32_t entry);

  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> table_;  // entry index + 1, 0 = empty
  std::vector<uint32_t> by_id_;  // id -> entry index + 1 (dense ids)
  std::vector<std::pair<int32_t, uint32_t>> sparse_by_id_;  // ids too far apart for by_id_
  size_t max_len_ = 0;
  size_t reserved_ = 0;
};

// A tokenizer.json vocab object {"token": id, ...} at `at` (a later duplicate key wins).
Vocab vocab_from_json(const Json& j, const JsonPath& at);
// The same from the object's raw JSON text (see raw_fields.h); false, leaving `out` unspecified,
// when the text is anything but {"token": non-negative int32, ...}.
bool vocab_from_raw_json(std::string_view raw, Vocab& out);
// model.vocab of the model object `model` at `at`: from its deferred raw text when there is one
// (`raw_vocab` non-empty), else from the DOM; InvalidFile naming the path when missing or bad.
Vocab load_vocab(const Json& model, const JsonPath& at, std::string_view raw_vocab);

}  // namespace wasmpipe::models
