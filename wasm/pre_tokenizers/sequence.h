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
  // Depth first: each pre-token of one item goes through the next items before the following one
  // (the same pre-tokens, in the same order, as running each item over all of them).
  void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const override;
  bool reads_original_shift() const override;
  bool words_are_slices() const override;
  static std::unique_ptr<Sequence> from_json(const Json& j, const JsonPath& at);

 private:
  std::vector<std::unique_ptr<PreTokenizer>> items_;
};

}  // namespace wasmpipe::pre_tokenizers
