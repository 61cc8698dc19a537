// ByteLevel post-processor (Rust: processors::byte_level::ByteLevel): adds no tokens; with
// trim_offsets, moves each token's offsets inside its leading / trailing spaces ('Ġ' or Unicode
// whitespace), keeping one leading space of the first token when add_prefix_space.
#pragma once
#include "post_processors/post_processor.h"

namespace wasmpipe::post_processors {

// Rust processors::byte_level::process_offsets, on `e` only (not its overflowing parts).
void trim_byte_level_offsets(Encoding& e, bool add_prefix_space);

class ByteLevel final : public PostProcessor {
 public:
  ByteLevel(bool add_prefix_space, bool trim_offsets) : add_prefix_space_(add_prefix_space), trim_offsets_(trim_offsets) {}
  size_t added_tokens(bool) const override { return 0; }
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const override;
  bool process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b, bool, std::vector<int32_t>& ids,
                   std::vector<int32_t>& type_ids) const override {
    concat_ids(a, b, ids, type_ids);
    return true;
  }
  bool keeps_ids() const override { return true; }
  static std::unique_ptr<ByteLevel> from_json(const Json& j, const JsonPath& at);

 private:
  bool add_prefix_space_, trim_offsets_;
};

}  // namespace wasmpipe::post_processors
