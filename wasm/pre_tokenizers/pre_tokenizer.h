// PreTokenizer interface (Rust: tokenizers::PreTokenizer): cuts the splits of a
// PreTokenizedString into smaller ones (pre-tokens / "words"), possibly rewriting them.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "pre_tokenizers/split_behavior.h"
#include "tokenizer/pre_tokenized_string.h"

namespace wasmpipe::pre_tokenizers {

// Receives the pre-tokens of the ids-only encode path (PreTokenizer::pre_tokenize_words), in order.
class WordSink {
 public:
  virtual void word(std::string_view w) = 0;

 protected:
  ~WordSink() = default;
};

// Buffers the ids-only path reuses (rewritten pre-tokens, regex matches, pieces), one set per
// nesting level of a Sequence; owned by the encode call (a batch shares one).
class WordScratch {
 public:
  struct Buffers {
    std::string text, mapped;
    std::vector<Match> matches;
    std::vector<SplitPiece> pieces;
  };
  // The buffers of the calling level (text and matches cleared), valid while the Level lives.
  class Level {
   public:
    explicit Level(WordScratch& s) : s_(s) {
      if (s_.depth_ == s_.levels_.size()) s_.levels_.emplace_back();
      b_ = &s_.levels_[s_.depth_++];
      b_->text.clear();
      b_->matches.clear();
    }
    ~Level() { --s_.depth_; }
    Level(const Level&) = delete;
    Level& operator=(const Level&) = delete;
    Buffers* operator->() { return b_; }

   private:
    WordScratch& s_;
    Buffers* b_;
  };

  // The bytes its buffers hold (their capacity), for ScratchSlot's limit.
  size_t retained_bytes() const noexcept {
    size_t n = 0;
    for (const Buffers& b : levels_)
      n += b.text.capacity() + b.mapped.capacity() + b.matches.capacity() * sizeof(Match) +
           b.pieces.capacity() * sizeof(SplitPiece);
    return n;
  }

 private:
  std::deque<Buffers> levels_;  // a deque: growing it never moves the buffers in use
  size_t depth_ = 0;
};

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  virtual void pre_tokenize(PreTokenizedString& s) const = 0;
  // The ids-only path: hands the text of each pre-token of `text` to `sink`, in order, exactly
  // the texts pre_tokenize gives (empty ones included or not: the caller skips them). `shift`
  // is the absolute offset of `text` in the input when that is known (see reads_original_shift).
  // The default runs pre_tokenize on an identity-aligned NormalizedString.
  virtual void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const;
  // True when pre-token TEXTS depend on where the input sits in the original string
  // (Metaspace's prepend_scheme "first"): the ids-only path then needs the exact alignment.
  virtual bool reads_original_shift() const { return false; }
  // True when every pre-token pre_tokenize_words hands out is a slice of its `text` (a view into
  // it, never a rewritten copy): the pre-tokenizer only cuts. The full encode path then maps
  // token offsets through the input's one NormalizedString instead of building one per word.
  virtual bool words_are_slices() const { return false; }
};

// Builds a pre-tokenizer from its tokenizer.json object at `at`; unknown types throw NotImplemented.
std::unique_ptr<PreTokenizer> from_json(const Json& j, const JsonPath& at);

}  // namespace wasmpipe::pre_tokenizers
