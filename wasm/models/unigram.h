// Unigram model (Rust: models::unigram::Unigram, its encode_optimized path): Viterbi best path over
// every vocabulary piece that starts at each char (a byte trie), a char no single-char piece covers
// gets the unk id with score min_score - 10; consecutive unk pieces are fused; a piece whose string
// is not in the vocabulary becomes "<0xAB>" byte tokens (byte_fallback) or unk_id.
// Ties keep the first path found (Rust compares candidate > best strictly).
#pragma once
#include <string>

#include "core/scratch_slot.h"
#include "models/model.h"
#include "models/vocab.h"

namespace wasmpipe::models {

struct UnigramScratch;  // unigram.cpp

class Unigram final : public Model {
 public:
  static constexpr double kUnkPenalty = 10.0;

  // `pieces[i]` has id i. `unk_id` < 0: none.
  Unigram(std::vector<std::pair<std::string, double>> pieces, int32_t unk_id, bool byte_fallback);
  Unigram(Unigram&&) noexcept;
  ~Unigram() override;

  void tokenize(std::string_view sequence, std::vector<Token>& out) const override;
  void tokenize_ids(std::string_view sequence, std::vector<int32_t>& out) const override;
  bool ids_depend_on_word_only() const override { return true; }
  std::optional<int32_t> token_to_id(std::string_view token) const override;
  std::optional<std::string_view> id_to_token(int32_t id) const override;
  size_t vocab_size() const override { return pieces_.size(); }
  std::string_view type() const override { return "Unigram"; }

  int32_t unk_id() const noexcept { return unk_id_; }
  bool byte_fallback() const noexcept { return byte_fallback_; }
  double min_score() const noexcept { return min_score_; }

  static std::unique_ptr<Unigram> from_json(const Json& j, const JsonPath& at, const RawModelFields* raw = nullptr);

 private:
  // Viterbi + unk fusion + byte fallback: calls piece(id, start, end, text) for each token in
  // order (`text` is what the token string is: the piece, or "<0xAB>" for a fallback byte).
  template <class Piece>
  void pieces(std::string_view s, Piece&& piece) const;
  // Byte trie: node n's child for byte c is found in a flat hash keyed (n << 8 | c). The edge
  // also carries the id of the piece ending at the child, so a Viterbi step reads one table entry.
  // 12 bytes: node numbers stay below 2^24 (build_trie checks), so the key fits 32 bits.
  struct Edge {
    uint32_t key = 0;
    int32_t child = -1;
    int32_t piece = -1;  // the id of the piece ending at `child`, or -1
  };
  static constexpr size_t kMaxNodes = size_t{1} << 24;
  const Edge* child(int32_t node, unsigned char c) const noexcept {
    const uint32_t key = (uint32_t(node) << 8) | c;
    const size_t mask = edges_.size() - 1;
    for (size_t s = mix(key) & mask;; s = (s + 1) & mask) {
      const Edge& e = edges_[s];
      if (e.key == key && e.child >= 0) return &e;
      if (e.child < 0) return nullptr;
    }
  }
  static uint64_t mix(uint64_t k) noexcept {
    k *= 0x9E3779B97F4A7C15ULL;
    return k ^ (k >> 32);
  }
  void build_trie();

  std::vector<std::pair<std::string, double>> pieces_;
  Vocab token_to_id_;              // a later duplicate piece wins, like Rust's HashMap
  std::vector<double> scores_;     // pieces_[i].second, packed (read once per Viterbi step)
  std::vector<Edge> edges_;
  int32_t unk_id_;
  bool byte_fallback_;
  double min_score_;
  // Viterbi's per-word buffers, reused across words and calls.
  mutable ScratchSlot<UnigramScratch> scratch_;
};

}  // namespace wasmpipe::models
