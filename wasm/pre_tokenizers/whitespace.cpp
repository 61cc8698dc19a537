#include "pre_tokenizers/whitespace.h"

#include <utility>

#include "core/unicode.h"
#include "core/utf8.h"
#include "pre_tokenizers/split_behavior.h"

namespace wasmpipe::pre_tokenizers {

namespace {

// Rust's Whitespace uses the `regex` crate (not Oniguruma), whose \w has Unicode 16 tables: these
// are the code points it counts as \w that utf8proc 2.8 (Unicode 15) does not know yet, found by
// probing every code point through the binding (see tests/cpp/pre_tokenizers_test.cpp).
constexpr std::pair<char32_t, char32_t> kUnicode16Word[] = {
    {0x897, 0x897},
    {0x1C89, 0x1C8A},
    {0xA7CB, 0xA7CD},
    {0xA7DA, 0xA7DC},
    {0x105C0, 0x105F3},
    {0x10D40, 0x10D65},
    {0x10D69, 0x10D6D},
    {0x10D6F, 0x10D85},
    {0x10EC2, 0x10EC4},
    {0x10EFC, 0x10EFC},
    {0x11380, 0x11389},
    {0x1138B, 0x1138B},
    {0x1138E, 0x1138E},
    {0x11390, 0x113B5},
    {0x113B7, 0x113C0},
    {0x113C2, 0x113C2},
    {0x113C5, 0x113C5},
    {0x113C7, 0x113CA},
    {0x113CC, 0x113D3},
    {0x113E1, 0x113E2},
    {0x116D0, 0x116E3},
    {0x11BC0, 0x11BE0},
    {0x11BF0, 0x11BF9},
    {0x11F5A, 0x11F5A},
    {0x13460, 0x143FA},
    {0x16100, 0x16139},
    {0x16D40, 0x16D6C},
    {0x16D70, 0x16D79},
    {0x18CFF, 0x18CFF},
    {0x1CCF0, 0x1CCF9},
    {0x1E5D0, 0x1E5FA},
    {0x2EBF0, 0x2EE5D}};

bool rust_regex_word(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  if (unicode::is_word_char(c)) return true;
  for (const auto& [lo, hi] : kUnicode16Word)
    if (c >= lo && c <= hi) return true;
  return false;
}

}  // namespace

bool is_regex_word_char(char32_t c) noexcept { return rust_regex_word(c); }

void Whitespace::pre_tokenize(PreTokenizedString& pts) const {
  // `\w+|[^\w\s]+` with the matches kept and the rest removed: maximal runs of word chars and
  // of other non-space chars.
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    const std::string& t = s.get();
    size_t i = 0, run = 0;
    int run_kind = 0;  // 0 none, 1 word, 2 other
    while (i < t.size()) {
      const size_t b = i;
      const char32_t c = utf8::decode(t, i);
      const int kind = rust_regex_word(c) ? 1 : unicode::is_whitespace(c) ? 0 : 2;
      if (kind != run_kind) {
        if (run_kind) out.push_back(Split{s.slice(run, b), std::nullopt});
        run = b;
        run_kind = kind;
      }
    }
    if (run_kind) out.push_back(Split{s.slice(run, t.size()), std::nullopt});
  });
}

void WhitespaceSplit::pre_tokenize(PreTokenizedString& pts) const {
  std::vector<Match> matches;
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    matches.clear();
    char_matches(s.get(), [](char32_t c) { return unicode::is_whitespace(c); }, matches);
    split_with_behavior(s, std::move(matches), SplitBehavior::Removed, out);
  });
}

void Whitespace::pre_tokenize_words(std::string_view t, uint32_t, WordSink& sink, WordScratch&) const {
  size_t i = 0, run = 0;
  int run_kind = 0;  // as in pre_tokenize
  while (i < t.size()) {
    const size_t b = i;
    const char32_t c = utf8::decode(t, i);
    const int kind = rust_regex_word(c) ? 1 : unicode::is_whitespace(c) ? 0 : 2;
    if (kind != run_kind) {
      if (run_kind) sink.word(t.substr(run, b - run));
      run = b;
      run_kind = kind;
    }
  }
  if (run_kind) sink.word(t.substr(run));
}

void WhitespaceSplit::pre_tokenize_words(std::string_view t, uint32_t, WordSink& sink, WordScratch&) const {
  // Runs of non-whitespace chars (char_matches + Removed, without the match list).
  size_t i = 0, word = 0;
  bool in_word = false;
  while (i < t.size()) {
    const size_t b = i;
    const unsigned char c0 = static_cast<unsigned char>(t[i]);
    bool ws;
    if (c0 < 0x80) {
      ++i;
      ws = (c0 >= 0x09 && c0 <= 0x0D) || c0 == 0x20;
      if (!ws) {  // the rest of a run of ASCII non-whitespace
        while (i < t.size()) {
          const auto c = static_cast<unsigned char>(t[i]);
          if (c >= 0x80 || (c >= 0x09 && c <= 0x0D) || c == 0x20) break;
          ++i;
        }
      }
    } else {
      ws = unicode::is_whitespace(utf8::decode(t, i));
    }
    if (ws) {
      if (in_word) sink.word(t.substr(word, b - word));
      in_word = false;
    } else if (!in_word) {
      word = b;
      in_word = true;
    }
  }
  if (in_word) sink.word(t.substr(word));
}

}  // namespace wasmpipe::pre_tokenizers
