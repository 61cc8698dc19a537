// PostProcessor interface (Rust: tokenizers::PostProcessor): adds special tokens around the
// encoded sequence(s) and sets type ids. The tokenizer then merges the returned encodings.
#pragma once
#include <memory>
#include <span>
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
  // The ids-only encode path, when nothing was truncated: appends to `ids` / `type_ids` what
  // process_encodings then merging gives for the sequences `a` (type id 0) and `b` (type id 1;
  // null: no pair), without building encodings. False, having appended nothing, where this
  // processor has no such path or the input is one process_encodings refuses: the caller then
  // builds encodings (and gets its error).
  virtual bool process_ids(std::span<const int32_t> /*a*/, const std::span<const int32_t>* /*b*/,
                           bool /*add_special_tokens*/, std::vector<int32_t>& /*ids*/,
                           std::vector<int32_t>& /*type_ids*/) const {
    return false;
  }
  // True when process_encodings never changes ids or type ids (only offsets).
  virtual bool keeps_ids() const { return false; }
};

// process_ids of a processor that only changes offsets: `a` then `b`, type ids 0 and 1.
inline void concat_ids(std::span<const int32_t> a, const std::span<const int32_t>* b, std::vector<int32_t>& ids,
                       std::vector<int32_t>& type_ids) {
  ids.insert(ids.end(), a.begin(), a.end());
  type_ids.insert(type_ids.end(), a.size(), 0);
  if (!b) return;
  ids.insert(ids.end(), b->begin(), b->end());
  type_ids.insert(type_ids.end(), b->size(), 1);
}

// Builds a post-processor from its tokenizer.json object at `at`; unknown types: NotImplemented.
std::unique_ptr<PostProcessor> from_json(const Json& j, const JsonPath& at);

}  // namespace wasmpipe::post_processors
