// Added tokens (Rust: tokenizer::added_vocabulary::AddedVocabulary): tokens matched in the text
// before the model runs. Non-normalized tokens are matched on the raw input (leftmost-longest),
// then the remaining pieces are normalized and normalized tokens are matched on the normalized
// text. single_word / lstrip / rstrip behave as in Rust.
#pragma once
#include <bitset>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "models/model.h"
#include "normalizers/normalizer.h"
#include "tokenizer/pre_tokenized_string.h"

namespace wasmpipe {

struct AddedToken {
  std::string content;
  bool single_word = false;
  bool lstrip = false;
  bool rstrip = false;
  bool normalized = true;
  bool special = false;
  bool operator==(const AddedToken&) const = default;
};

// Leftmost-longest multi-pattern matcher over bytes (a trie; added vocabularies are small).
class TokenMatcher {
 public:
  struct Match {
    size_t start, end;
    uint32_t pattern;
  };
  // Pattern i is reported as `i`; for identical patterns the first one wins. Empty ones are ignored.
  void build(const std::vector<std::string>& patterns);
  bool empty() const noexcept { return nodes_.size() <= 1; }
  // The leftmost match starting at or after `from`, the longest one there.
  std::optional<Match> find(std::string_view text, size_t from) const;

 private:
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> next;
    int64_t pattern = -1;
  };
  std::vector<Node> nodes_;
  std::bitset<256> first_;
  int only_first_ = -1;  // the first byte of every pattern when they all share it, else -1
};

class AddedVocabulary {
 public:
  // Rust add_tokens: an added token keeps the model's id when its content is in the vocabulary,
  // otherwise it gets the next free id (ids listed in tokenizer.json are not used, as in Rust).
  // Returns how many were added; rebuilds the matchers.
  size_t add_tokens(const std::vector<AddedToken>& tokens, const models::Model& model,
                    const normalizers::Normalizer* normalizer);

  std::optional<int32_t> token_to_id(std::string_view token, const models::Model& model) const;
  // For a normalized added token this is its normalized form (what the normalizer made of its
  // content), as tokenizers 0.23 returns for id_to_token and uses when decoding.
  std::optional<std::string> id_to_token(int32_t id, const models::Model& model) const;
  bool is_special_token(std::string_view content) const { return special_set_.count(std::string(content)) > 0; }
  // Whether `content` is an added token.
  bool contains(std::string_view content) const { return map_.count(std::string(content)) > 0; }
  // The added token registered under `id`, if any.
  const AddedToken* added_token(int32_t id) const;
  // Contents not in the model vocabulary (Rust's get_vocab(true) counts these on top of the model).
  size_t count_outside(const models::Model& model) const;
  // id -> token, ascending ids.
  const std::map<int32_t, AddedToken>& tokens_by_id() const noexcept { return map_r_; }

  // Rust extract_and_normalize: splits `text` around added tokens and normalizes the rest.
  PreTokenizedString extract_and_normalize(std::string_view text, const normalizers::Normalizer* normalizer) const;

  // A piece of a text split around added tokens: bytes [start, end), the added token's id or -1.
  struct Piece {
    size_t start, end;
    int32_t id;
  };
  // The pieces of `text` around the raw (normalized = false) or normalized added tokens, as
  // extract_and_normalize cuts them; left empty when no added token matches (the whole text is
  // then one piece).
  void find_pieces(std::string_view text, bool normalized, std::vector<Piece>& pieces) const;
  bool has_raw_tokens() const noexcept { return !raw_.matcher.empty(); }
  bool has_normalized_tokens() const noexcept { return !normalized_.matcher.empty(); }

 private:
  struct MatchingSet {
    TokenMatcher matcher;
    std::vector<int32_t> ids;
  };
  void refresh(const models::Model& model, const normalizers::Normalizer* normalizer);
  void split_with_indices(NormalizedString&& s, const MatchingSet& set, std::vector<Split>& out) const;

  std::unordered_map<std::string, int32_t> map_;  // content -> id
  std::map<int32_t, AddedToken> map_r_;           // id -> token
  std::map<int32_t, std::string> decode_form_;    // id -> normalized content of normalized tokens
  std::vector<AddedToken> added_tokens_;          // non-special, in insertion order
  std::vector<AddedToken> special_tokens_;        // special, in insertion order
  std::unordered_set<std::string> special_set_;
  MatchingSet raw_, normalized_;
};

}  // namespace wasmpipe
