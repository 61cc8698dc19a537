// Sequence post-processor (Rust: processors::sequence::Sequence): chains process_encodings.
#pragma once
#include <memory>
#include <vector>

#include "post_processors/post_processor.h"

namespace wasmpipe::post_processors {

class Sequence final : public PostProcessor {
 public:
  explicit Sequence(std::vector<std::unique_ptr<PostProcessor>> items) : items_(std::move(items)) {}
  size_t added_tokens(bool is_pair) const override {
    size_t n = 0;
    for (const auto& p : items_) n += p->added_tokens(is_pair);
    return n;
  }
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const override {
    for (const auto& p : items_) p->process_encodings(encodings, add_special_tokens);
  }
  // Where at most one item changes ids (the others only offsets: ByteLevel), that item's.
  bool process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b, bool add_special_tokens,
                   std::vector<int32_t>& ids, std::vector<int32_t>& type_ids) const override;
  bool keeps_ids() const override;
  static std::unique_ptr<Sequence> from_json(const Json& j, const JsonPath& at);

 private:
  std::vector<std::unique_ptr<PostProcessor>> items_;
};

}  // namespace wasmpipe::post_processors
