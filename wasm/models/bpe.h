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

#include "models/merge_map.h"
#include "models/model.h"
#include "models/vocab.h"

namespace wasmpipe::models {

struct BpeCache;    // bpe.cpp
struct BpeScratch;  // bpe.cpp

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
  // Merges already resolved to ids (see resolve_merge), e.g. straight from tokenizer.json's text.
  BPE(Vocab vocab, std::vector<MergeMap::Merge> merges, Options options);
  BPE(BPE&&) noexcept;
  ~BPE() override;

  void tokenize(std::string_view sequence, std::vector<Token>& out) const override;
  void tokenize_ids(std::string_view sequence, std::vector<int32_t>& out) const override;
  std::optional<int32_t> token_to_id(std::string_view token) const override;
  std::optional<std::string_view> id_to_token(int32_t id) const override;
  size_t vocab_size() const override { return vocab_.size(); }
  std::string_view type() const override { return "BPE"; }

  const Options& options() const noexcept { return opts_; }
  const MergeMap& merges() const noexcept { return merges_; }

  // `j` is tokenizer.json's model object (typed "BPE" or old format) at `at` (bpe_from_json.cpp).
  static std::unique_ptr<BPE> from_json(const Json& j, const JsonPath& at, const RawModelFields* raw = nullptr);

  // Ids of merge "a b" (left, right, merged = a + b without the first `prefix_len` bytes of b);
  // nullopt, or the end of the error message after "BPE: merge <rank>" when one is missing.
  // `merged` is scratch space; `guess` a likely id of the merged token (files usually list the
  // merges in the order of their results' ids), or -1.
  static std::optional<std::string> resolve_merge(const Vocab& vocab, std::string_view a, std::string_view b,
                                                  size_t prefix_len, std::string& merged, int32_t& a_id,
                                                  int32_t& b_id, int32_t& merged_id, int32_t guess = -1);

 private:
  BPE(Vocab vocab, Options options);  // everything but the merges
  Vocab vocab_;
  MergeMap merges_;
  Options opts_;
  std::array<int32_t, 256> byte_ids_{};  // id of "<0xAB>" per byte, -1 when absent
  // Id of each 1- or 2-byte char (code point < 0x800: all of the byte-level alphabet), -1 when
  // absent; used when there is no prefix / suffix, so most chars need no hash lookup.
  std::vector<int32_t> char_ids_;
  int32_t unk_id_ = -1;
  bool decorated_ = false;  // a non-empty prefix or suffix: char lookups need a built string
  // Like Rust's BPE cache: the tokens of recently seen words, so repeated words skip the lookups
  // and merges (models/bpe_word_cache.h). Bounded; behind a mutex, so tokenize stays safe to
  // call from threads.
  std::unique_ptr<BpeCache> cache_;

  // The tokens (id, byte length) of `word`, computed (no cache), into `scratch.symbols`,
  // merged-away ones removed.
  void word_symbols(std::string_view word, BpeScratch& scratch) const;
  // Calls fn(id, byte length) for each token of `word`, through the cache.
  template <class Fn>
  void for_each_token(std::string_view word, Fn&& fn) const;
};

}  // namespace wasmpipe::models
