// Model interface (Rust: tokenizers::Model): turns one pre-token into tokens, and maps tokens to
// ids and back.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "tokenizer/token.h"

namespace wasmpipe::models {

class Model {
 public:
  virtual ~Model() = default;
  // Appends the tokens of `sequence` to `out`, offsets relative to `sequence`. `out` is a buffer
  // the caller reuses across calls (the hot path allocates nothing per token beyond long strings).
  virtual void tokenize(std::string_view sequence, std::vector<Token>& out) const = 0;
  // The ids tokenize would append (the ids-only encode path: no token strings, no offsets).
  virtual void tokenize_ids(std::string_view sequence, std::vector<int32_t>& out) const {
    std::vector<Token> tokens;
    tokenize(sequence, tokens);
    for (const Token& t : tokens) out.push_back(t.id);
  }
  // True when tokenize_ids' result depends on its argument alone (no randomness such as BPE
  // dropout): the ids-only path may then reuse the ids of a word it has seen (WordIdsCache).
  virtual bool ids_depend_on_word_only() const { return false; }
  virtual std::optional<int32_t> token_to_id(std::string_view token) const = 0;
  virtual std::optional<std::string_view> id_to_token(int32_t id) const = 0;
  virtual size_t vocab_size() const = 0;
  // The tokenizer.json model type ("WordPiece", ...).
  virtual std::string_view type() const = 0;
};

struct RawModelFields;  // raw_fields.h

// Builds the model from tokenizer.json's "model" object at `at`. Files without model.type (the
// old format) are recognised by their fields. Unknown / unimplemented types throw NotImplemented.
// `raw`: members left as raw JSON text by defer_large_model_fields (their DOM values are empty).
std::unique_ptr<Model> from_json(const Json& j, const JsonPath& at, const RawModelFields* raw = nullptr);

}  // namespace wasmpipe::models
