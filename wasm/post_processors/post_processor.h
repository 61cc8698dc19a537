// PostProcessor interface (Rust: tokenizers::PostProcessor): adds special tokens around the
// encoded sequence(s) and sets type ids. The tokenizer then merges the returned encodings.
#pragma once
#include <memory>
#include <vector>

#include "core/json.h"
#include "tokenizer/encoding.h"

namespace wasmpipe::post_processors {

class PostProcessor {
 public:
  virtual ~PostProcessor() = default;
  // How many tokens process_encodings adds for a single sequence / a pair.
  virtual size_t added_tokens(bool is_pair) const = 0;
  // Rust process_encodings: rewrites `encodings` (1 or 2 entries in, any number out, merged in
  // order by the caller).
  virtual void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const = 0;
};

// Builds a post-processor from its tokenizer.json object at `at`; unknown types: NotImplemented.
std::unique_ptr<PostProcessor> from_json(const Json& j, const JsonPath& at);

}  // namespace wasmpipe::post_processors
