// Sequence pre-tokenizer (Rust: pre_tokenizers::sequence::Sequence): applies each in order.
#pragma once
#include <memory>
#include <vector>

#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

class Sequence final : public PreTokenizer {
 public:
  explicit Sequence(std::vector<std::unique_ptr<PreTokenizer>> items) : items_(std::move(items)) {}
  void pre_tokenize(PreTokenizedString& s) const override {
    for (const auto& p : items_) p->pre_tokenize(s);
  }
  static std::unique_ptr<Sequence> from_json(const Json& j, const JsonPath& at);

 private:
  std::vector<std::unique_ptr<PreTokenizer>> items_;
};

}  // namespace wasmpipe::pre_tokenizers
