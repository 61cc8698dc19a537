#include "pre_tokenizers/sequence.h"

#include "pre_tokenizers/split_byte_level.h"

namespace wasmpipe::pre_tokenizers {

namespace {

// Feeds each pre-token of item `next - 1` to item `next`, and those of the last item to `out`.
class Chain final : public WordSink {
 public:
  Chain(const std::vector<std::unique_ptr<PreTokenizer>>& items, size_t next, WordSink& out, WordScratch& scratch)
      : items_(items), next_(next), out_(out), scratch_(scratch) {}
  void word(std::string_view w) override {
    if (w.empty()) return;  // PreTokenizedString::split drops empty pieces between items
    if (next_ == items_.size()) return out_.word(w);
    Chain c(items_, next_ + 1, out_, scratch_);
    // The shift is only known for the first item (reads_original_shift makes callers check that).
    items_[next_]->pre_tokenize_words(w, 0, c, scratch_);
  }

 private:
  const std::vector<std::unique_ptr<PreTokenizer>>& items_;
  size_t next_;
  WordSink& out_;
  WordScratch& scratch_;
};

}  // namespace

void Sequence::pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const {
  if (items_.empty()) return sink.word(text);
  // Llama-3 / gpt-4o's Split + ByteLevel in one pass (the same pre-tokens).
  if (items_.size() == 2 && split_then_byte_level_words(*items_[0], *items_[1], text, sink, scratch)) return;
  Chain c(items_, 1, sink, scratch);
  items_[0]->pre_tokenize_words(text, shift, c, scratch);
}

bool Sequence::reads_original_shift() const {
  for (const auto& p : items_)
    if (p->reads_original_shift()) return true;
  return false;
}

bool Sequence::words_are_slices() const {
  // A slice of a slice is a slice of the text; the fused Split + ByteLevel pass only runs with a
  // ByteLevel item, which rewrites.
  for (const auto& p : items_)
    if (!p->words_are_slices()) return false;
  return true;
}

std::unique_ptr<Sequence> Sequence::from_json(const Json& j, const JsonPath& at) {
  const Json* list = find_field(j, "pretokenizers");
  if (!list) (at / "pretokenizers").fail("is missing (expected an array of pre-tokenizers)");
  expect_array(*list, at / "pretokenizers");
  std::vector<std::unique_ptr<PreTokenizer>> items;
  for (size_t i = 0; i < list->size(); ++i)
    items.push_back(pre_tokenizers::from_json((*list)[i], (at / "pretokenizers")[i]));
  return std::make_unique<Sequence>(std::move(items));
}

}  // namespace wasmpipe::pre_tokenizers
