// Oniguruma regex with the semantics HF tokenizers gets from Rust's `onig` crate
// (`onig::Regex::new(pattern)`): UTF-8 encoding, ONIG_OPTION_NONE, the default syntax
// (OnigDefaultSyntax == ONIG_SYNTAX_ONIGURUMA in Oniguruma 6.9), and `find_iter` iteration.
// Immutable after construction: find_all is const and safe to call from several threads.
// The pre-tokenization patterns of real tokenizer.json files (core/regex_fast.h) run on
// hand-written matchers that give the same matches as Oniguruma; every other pattern on Oniguruma.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/regex_fast.h"

namespace wasmpipe {

class Regex {
 public:
  enum class Engine {
    Auto,       // the fast path when `pattern` has one, else Oniguruma
    Oniguruma,  // always Oniguruma (the reference the fast paths are tested against)
  };

  // Compiles `pattern`; throws Error(InvalidFile, "invalid regex '<pattern>': <onig message>").
  explicit Regex(std::string_view pattern, Engine engine = Engine::Auto);
  ~Regex();
  Regex(Regex&& other) noexcept;
  Regex& operator=(Regex&& other) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Appends the byte ranges [begin, end) of the successive non-overlapping matches in `text`,
  // exactly like the onig crate's `find_iter`: an empty match right where the previous match
  // ended is skipped by advancing one char. `text` must be valid UTF-8.
  void find_all(std::string_view text, std::vector<std::pair<size_t, size_t>>& out) const;

  // The leftmost match starting at or after byte `from` (lookbehind sees all of `text`);
  // false when there is none.
  bool search(std::string_view text, size_t from, size_t& begin, size_t& end) const;

  const std::string& pattern() const noexcept { return pattern_; }
  // Which hand-written matcher runs this pattern (None: Oniguruma).
  regex_fast::Pattern fast_path() const noexcept { return fast_; }

  // Rust `regex::escape`: backslash before each of \ . + * ? ( ) | [ ] { } ^ $ # & - ~
  // (what tokenizers does to Split's {"String": ...} patterns before compiling them).
  static std::string escape(std::string_view literal);

 private:
  void* re_ = nullptr;  // OnigRegex (kept opaque so <oniguruma.h> stays out of this header); null on the fast path
  std::string pattern_;
  regex_fast::Pattern fast_ = regex_fast::Pattern::None;
};

}  // namespace wasmpipe
