// tokenizer.json "model" objects -> Model. New model types register here.
#include "models/bpe.h"
#include "models/model.h"
#include "models/raw_fields.h"
#include "models/unigram.h"
#include "models/wordlevel.h"
#include "models/wordpiece.h"

namespace wasmpipe::models {

std::unique_ptr<Model> from_json(const Json& j, const JsonPath& at, const RawModelFields* raw) {
  expect_object(j, at);
  std::string type;
  if (const Json* t = find_field(j, "type")) {
    if (!t->is_string()) (at / "type").fail(std::string("must be a string (found ") + json_type_name(*t) + ")");
    type = t->get<std::string>();
  } else {
    // Old-format files carry no model.type: recognise the model by its fields, in the order Rust
    // tries them (BPE, WordPiece, WordLevel, Unigram).
    const Json* vocab = find_field(j, "vocab");
    if (find_field(j, "merges")) {
      type = "BPE";
    } else if (vocab && vocab->is_array()) {
      type = "Unigram";
    } else if (find_field(j, "continuing_subword_prefix") || find_field(j, "max_input_chars_per_word")) {
      type = "WordPiece";
    } else if (vocab && vocab->is_object()) {
      type = "WordLevel";
    } else {
      at.fail("has no \"type\" and its fields match no known model (expected e.g. a WordPiece vocab object)");
    }
  }
  if (type == "WordPiece") return WordPiece::from_json(j, at, raw);
  if (type == "BPE") return BPE::from_json(j, at, raw);
  if (type == "Unigram") return Unigram::from_json(j, at, raw);
  if (type == "WordLevel") return WordLevel::from_json(j, at, raw);
  throw_unsupported_component(at, "model", type);
}

}  // namespace wasmpipe::models
