// A small validating JSON reader over UTF-8 text that builds nothing: it skips values, reads
// strings (views into the text unless they contain escapes) and plain integers. The fast paths of
// the tokenizer.json loader use it for the two big members (model.vocab, model.merges), which as a
// nlohmann DOM cost most of the load time and ~10x the file size in memory.
//
// Every reader returns false on anything it does not accept (invalid JSON, or valid JSON outside
// the simple forms it handles); callers then fall back to the nlohmann path, which reports the
// exact error. So the fast path never changes what is accepted or what an error says.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wasmpipe {

class JsonScanner {
 public:
  explicit JsonScanner(std::string_view text, size_t pos = 0) : text_(text), pos_(pos) {}

  size_t pos() const noexcept { return pos_; }
  bool at_end() const noexcept { return pos_ >= text_.size(); }
  // The next non-space byte (0 at the end), without consuming it.
  char peek() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  // Consumes `c` (after whitespace) if it is next.
  bool consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void skip_space() noexcept {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
      ++pos_;
    }
  }

  // A string value. `out` views the text when the string has no escapes, else `scratch` (so it
  // stays valid until the next call with the same scratch).
  bool string(std::string_view& out, std::string& scratch);
  // A non-negative integer without fraction or exponent, at most `max`.
  bool uint(uint64_t& out, uint64_t max);
  // A number; `out` is its text.
  bool number_text(std::string_view& out) {
    skip_space();
    const size_t begin = pos_;
    if (!number()) return false;
    out = text_.substr(begin, pos_ - begin);
    return true;
  }
  // Any value (validated: strings, numbers, literals, nesting).
  bool skip_value(int depth = 0);

 private:
  bool number();
  bool literal(std::string_view word);

  std::string_view text_;
  size_t pos_;
};

}  // namespace wasmpipe
