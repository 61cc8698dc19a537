// WordLevel model (Rust: models::wordlevel::WordLevel): the whole pre-token is one vocabulary entry,
// or the unk token (an error when the unk token is not in the vocabulary either).
#pragma once
#include <string>

#include "models/model.h"
#include "models/vocab.h"

namespace wasmpipe::models {

class WordLevel final : public Model {
 public:
  WordLevel(Vocab vocab, std::string unk_token = "<unk>");

  void tokenize(std::string_view sequence, std::vector<Token>& out) const override;
  void tokenize_ids(std::string_view sequence, std::vector<int32_t>& out) const override;
  std::optional<int32_t> token_to_id(std::string_view token) const override;
  std::optional<std::string_view> id_to_token(int32_t id) const override;
  size_t vocab_size() const override { return vocab_.size(); }
  std::string_view type() const override { return "WordLevel"; }

  const std::string& unk_token() const noexcept { return unk_; }

  static std::unique_ptr<WordLevel> from_json(const Json& j, const JsonPath& at, const RawModelFields* raw = nullptr);

 private:
  Vocab vocab_;
  std::string unk_;
  int32_t unk_id_;
};

}  // namespace wasmpipe::models
