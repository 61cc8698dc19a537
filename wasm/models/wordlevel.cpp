#include "models/wordlevel.h"

#include "models/raw_fields.h"

#include "core/error.h"

namespace wasmpipe::models {

WordLevel::WordLevel(Vocab vocab, std::string unk_token) : vocab_(std::move(vocab)), unk_(std::move(unk_token)) {
  unk_id_ = vocab_.find(unk_);
}

void WordLevel::tokenize(std::string_view word, std::vector<Token>& out) const {
  // Rust's tokenizer never yields a token for an empty pre-token (checked on the npm binding).
  if (word.empty()) return;
  const int32_t id = vocab_.find(word);
  Token& t = out.emplace_back();
  if (id >= 0) {
    t.id = id;
    t.value.assign(word);
  } else {
    if (unk_id_ < 0) {
      out.pop_back();
      throw Error(ErrorCode::InvalidFile, "WordLevel: the unk_token '" + unk_ + "' is not in the vocabulary");
    }
    t.id = unk_id_;
    t.value.assign(unk_);
  }
  t.start = 0;
  t.end = static_cast<uint32_t>(word.size());
}

void WordLevel::tokenize_ids(std::string_view word, std::vector<int32_t>& out) const {
  if (word.empty()) return;
  const int32_t id = vocab_.find(word);
  if (id >= 0) return out.push_back(id);
  if (unk_id_ < 0) throw Error(ErrorCode::InvalidFile, "WordLevel: the unk_token '" + unk_ + "' is not in the vocabulary");
  out.push_back(unk_id_);
}

std::optional<int32_t> WordLevel::token_to_id(std::string_view token) const {
  const int32_t id = vocab_.find(token);
  if (id < 0) return std::nullopt;
  return id;
}

std::optional<std::string_view> WordLevel::id_to_token(int32_t id) const { return vocab_.token(id); }

std::unique_ptr<WordLevel> WordLevel::from_json(const Json& j, const JsonPath& at, const RawModelFields* raw) {
  Vocab vocab = load_vocab(j, at, raw ? raw->vocab : std::string_view());
  // Rust's WordLevel deserializer requires the field (the builder's "<unk>" default is not used).
  std::string unk = require_string(j, "unk_token", at);
  return std::make_unique<WordLevel>(std::move(vocab), std::move(unk));
}

}  // namespace wasmpipe::models
