// WordPiece model (Rust: models::wordpiece::WordPiece): greedy longest-match-first over the
// vocabulary; pieces after the first carry the continuing-subword prefix ("##"); a word longer
// than max_input_chars_per_word (in chars), or with any piece not in the vocabulary, becomes the
// single unk token.
#pragma once
#include <string>

#include "models/model.h"
#include "models/vocab.h"

namespace wasmpipe::models {

class WordPiece final : public Model {
 public:
  WordPiece(Vocab vocab, std::string unk_token, std::string continuing_subword_prefix = "##",
            size_t max_input_chars_per_word = 100);

  void tokenize(std::string_view sequence, std::vector<Token>& out) const override;
  void tokenize_ids(std::string_view sequence, std::vector<int32_t>& out) const override;
  bool ids_depend_on_word_only() const override { return true; }
  std::optional<int32_t> token_to_id(std::string_view token) const override;
  std::optional<std::string_view> id_to_token(int32_t id) const override;
  size_t vocab_size() const override { return vocab_.size(); }
  std::string_view type() const override { return "WordPiece"; }

  const std::string& unk_token() const noexcept { return unk_; }
  const std::string& continuing_subword_prefix() const noexcept { return prefix_; }
  size_t max_input_chars_per_word() const noexcept { return max_chars_; }

  // `j` is tokenizer.json's model object (typed "WordPiece" or old format) at `at`.
  static std::unique_ptr<WordPiece> from_json(const Json& j, const JsonPath& at, const RawModelFields* raw = nullptr);

 private:
  void push_unk(std::string_view sequence, std::vector<Token>& out) const;
  int32_t checked_unk_id() const;
  // Greedy longest-match-first: calls piece(id, start, end) for each piece; false (after some
  // calls, which the caller undoes) when a piece is not in the vocabulary: the word is unk.
  template <class Piece>
  bool pieces(std::string_view word, Piece&& piece) const;

  // A Bloom filter of a vocabulary's tokens (2 bits of Vocab::hash each, ~16 bits per token: a few
  // tens of KB that stay in cache). Most lookups of the greedy back-off miss; the filter rejects
  // nearly all of them without touching the hash table (whose reads are cache misses).
  class Filter {
   public:
    void build(const Vocab& v);
    bool may_contain(std::string_view token) const noexcept {
      const uint64_t h = Vocab::hash(token);
      return test(h) && test(h >> 32);
    }

   private:
    bool test(uint64_t h) const noexcept { return (bits_[(h & mask_) >> 6] >> (h & 63)) & 1; }
    std::vector<uint64_t> bits_;
    uint64_t mask_ = 0;
  };
  // find() of `token` in `v`, -1 when `filter` rules it out.
  static int32_t find(const Vocab& v, const Filter& filter, std::string_view token) noexcept {
    return filter.may_contain(token) ? v.find(token) : -1;
  }

  Vocab vocab_;
  // Tokens that start with the prefix, keyed by the rest: looking up a continuation piece needs
  // no "##" + piece string to be built.
  Vocab continuation_;
  Filter vocab_filter_, continuation_filter_;
  std::string unk_;
  std::string prefix_;
  size_t max_chars_;
  int32_t unk_id_;
};

}  // namespace wasmpipe::models
