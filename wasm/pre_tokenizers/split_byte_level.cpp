#include "pre_tokenizers/split_byte_level.h"

#include "core/byte_level.h"
#include "core/regex_fast_scan.h"
#include "pre_tokenizers/byte_level.h"
#include "pre_tokenizers/split.h"

namespace wasmpipe::pre_tokenizers {

namespace {

// Each kept piece of the split, rewritten by ByteLevel, to the sink.
class ByteLevelWords final : public regex_fast::MatchSink {
 public:
  ByteLevelWords(std::string_view text, bool keep_gaps, bool add_prefix_space, std::string& mapped, WordSink& sink)
      : text_(text), keep_gaps_(keep_gaps), add_prefix_space_(add_prefix_space), mapped_(mapped), sink_(sink) {}

  void match(size_t b, size_t e) override {
    if (keep_gaps_ && b > prev_) word(prev_, b);
    word(b, e);
    prev_ = e;
  }
  void finish() {
    if (keep_gaps_ && prev_ < text_.size()) word(prev_, text_.size());
  }

 private:
  void word(size_t b, size_t e) {  // b < e
    mapped_.clear();
    // ByteLevel's add_prefix_space: a piece that does not start with ' ' gets one ('Ġ').
    if (add_prefix_space_ && text_[b] != ' ') mapped_.append(byte_level::byte_to_utf8(' '));
    byte_level::encode_append(text_.substr(b, e - b), mapped_);
    sink_.word(mapped_);
  }

  std::string_view text_;
  bool keep_gaps_, add_prefix_space_;
  std::string& mapped_;
  WordSink& sink_;
  size_t prev_ = 0;
};

}  // namespace

bool split_then_byte_level_words(const PreTokenizer& first, const PreTokenizer& second, std::string_view text,
                                 WordSink& sink, WordScratch& scratch) {
  const auto* split = dynamic_cast<const SplitPreTokenizer*>(&first);
  const auto* byte_level = dynamic_cast<const ByteLevel*>(&second);
  if (!split || !byte_level || byte_level->use_regex()) return false;
  const regex_fast::Pattern pattern = split->regex().fast_path();
  if (pattern == regex_fast::Pattern::None) return false;
  bool keep_gaps;
  if (split->behavior() == SplitBehavior::Isolated) keep_gaps = true;  // invert or not: every piece is kept
  else if (split->behavior() == SplitBehavior::Removed && split->invert()) keep_gaps = false;
  else return false;
  if (text.empty()) return true;
  WordScratch::Level lv(scratch);
  ByteLevelWords words(text, keep_gaps, byte_level->add_prefix_space(), lv->mapped, sink);
  regex_fast::for_each_match(pattern, text, words);
  words.finish();
  return true;
}

}  // namespace wasmpipe::pre_tokenizers
