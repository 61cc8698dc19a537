// BertProcessing (Rust: processors::bert::BertProcessing): [CLS] A [SEP] (B [SEP]).
#pragma once
#include <string>
#include <utility>

#include "post_processors/post_processor.h"

namespace wasmpipe::post_processors {

class BertProcessing final : public PostProcessor {
 public:
  BertProcessing(std::pair<std::string, int32_t> sep, std::pair<std::string, int32_t> cls)
      : sep_(std::move(sep)), cls_(std::move(cls)) {}
  size_t added_tokens(bool is_pair) const override { return is_pair ? 3 : 2; }
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const override;
  bool process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b, bool add_special_tokens,
                   std::vector<int32_t>& ids, std::vector<int32_t>& type_ids) const override;

  const std::pair<std::string, int32_t>& sep() const noexcept { return sep_; }
  const std::pair<std::string, int32_t>& cls() const noexcept { return cls_; }
  static std::unique_ptr<BertProcessing> from_json(const Json& j, const JsonPath& at);

 private:
  std::pair<std::string, int32_t> sep_, cls_;
};

}  // namespace wasmpipe::post_processors
