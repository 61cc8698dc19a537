// BPE model (Rust: models::bpe::BPE): a word is split into chars (each looked up in the vocabulary,
// with the continuing-subword prefix on all but the first and the end-of-word suffix on the last),
// unknown chars become byte-fallback tokens "<0xAB>" or the unk token (fused or not), then merges
// are applied lowest rank first (ties: leftmost), exactly as Rust's Word::merge_all.
// Dropout is read and validated but ignored: inference is deterministic.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <utility>

#include "models/model.h"
#include "models/vocab.h"

namespace wasmpipe::models {

// Open-addressing map (left id, right id) -> (rank, merged id), keys packed into one uint64.
class MergeMap {
 public:
  struct Value {
    uint32_t rank;
    int32_t id;
  };
  void reserve(size_t n);
  // Inserts or overwrites (a later duplicate merge wins, like Rust's HashMap collect).
  void insert(int32_t a, int32_t b, Value v);
  const Value* find(int32_t a, int32_t b) const noexcept {
    const uint64_t key = pack(a, b);
    const size_t mask = slots_.size() - 1;
    for (size_t s = mix(key) & mask;; s = (s + 1) & mask) {
      const Slot& sl = slots_[s];
      if (sl.key == key) return &sl.value;
      if (sl.key == kEmpty) return nullptr;
    }
  }
  size_t size() const noexcept { return size_; }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  struct Slot {
    uint64_t key = kEmpty;
    Value value{};
  };
  static uint64_t pack(int32_t a, int32_t b) noexcept {
    return (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
  }
  static uint64_t mix(uint64_t k) noexcept {
    k ^= k >> 31;
    k *= 0x9E3779B97F4A7C15ULL;
    k ^= k >> 29;
    return k;
  }
  void rehash(size_t cap);
  std::vector<Slot> slots_ = std::vector<Slot>(16);
  size_t size_ = 0;
};

class BPE final : public Model {
 public:
  struct Options {
    std::optional<std::string> unk_token;
    std::optional<std::string> continuing_subword_prefix;
    std::optional<std::string> end_of_word_suffix;
    bool fuse_unk = false;
    bool byte_fallback = false;
    bool ignore_merges = false;
    std::optional<double> dropout;  // validated (0..1), not applied
  };
  using MergeList = std::vector<std::pair<std::string_view, std::string_view>>;

  // Merge i has rank i. Throws InvalidFile when a merge part or result is not in the vocabulary.
  BPE(Vocab vocab, const MergeList& merges, Options options);

  void tokenize(std::string_view sequence, std::vector<Token>& out) const override;
  std::optional<int32_t> token_to_id(std::string_view token) const override;
  std::optional<std::string_view> id_to_token(int32_t id) const override;
  size_t vocab_size() const override { return vocab_.size(); }
  std::string_view type() const override { return "BPE"; }

  const Options& options() const noexcept { return opts_; }
  const MergeMap& merges() const noexcept { return merges_; }

  // `j` is tokenizer.json's model object (typed "BPE" or old format) at `at`.
  static std::unique_ptr<BPE> from_json(const Json& j, const JsonPath& at);

 private:
  Vocab vocab_;
  MergeMap merges_;
  Options opts_;
  std::array<int32_t, 256> byte_ids_{};  // id of "<0xAB>" per byte, -1 when absent
  // Id of each 1- or 2-byte char (code point < 0x800: all of the byte-level alphabet), -1 when
  // absent; used when there is no prefix / suffix, so most chars need no hash lookup.
  std::vector<int32_t> char_ids_;
  int32_t unk_id_ = -1;
  bool decorated_ = false;  // a non-empty prefix or suffix: char lookups need a built string
};

}  // namespace wasmpipe::models
