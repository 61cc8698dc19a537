#include "core/regex_fast.h"

#include "core/regex_char_classes.h"
#include "core/regex_fast_scan.h"
#include "core/utf8.h"

namespace wasmpipe::regex_fast {
namespace {

// The text being matched with its class table: code points, their classes, and runs.
class Text {
 public:
  Text(std::string_view s, const CharClasses& classes)
      : p_(reinterpret_cast<const unsigned char*>(s.data())), n_(s.size()), s_(s), classes_(classes) {}

  size_t size() const noexcept { return n_; }
  unsigned char byte(size_t i) const noexcept { return i < n_ ? p_[i] : 0; }

  // Code point at i < size() and the start of the next one.
  char32_t at(size_t i, size_t& next) const noexcept {
    if (p_[i] < 0x80) {
      next = i + 1;
      return p_[i];
    }
    next = i;
    return utf8::decode(s_, next);
  }
  size_t next(size_t i) const noexcept {
    size_t n;
    at(i, n);
    return n;
  }
  // Start of the code point that ends at i > 0.
  size_t prev(size_t i) const noexcept {
    do --i;
    while (i > 0 && (p_[i] & 0xC0) == 0x80);
    return i;
  }
  uint8_t classes(char32_t c) const noexcept { return classes_.of(c); }
  // Classes of the code point at i; 0 at the end of the text (which is_other() would accept:
  // callers check the end first where that matters).
  uint8_t classes_at(size_t i) const noexcept {
    if (i >= n_) return 0;
    size_t n;
    return classes_.of(at(i, n));
  }

  // End of the longest run of code points from i whose classes satisfy `pred`.
  template <class Pred>
  size_t run(size_t i, Pred pred) const noexcept {
    while (i < n_) {
      size_t n;
      if (!pred(classes_.of(at(i, n)))) break;
      i = n;
    }
    return i;
  }

 private:
  const unsigned char* p_;
  size_t n_;
  std::string_view s_;
  const CharClasses& classes_;
};

constexpr uint8_t kLetterOrNumber = kLetter | kNumber;
inline bool is_letter(uint8_t k) { return k & kLetter; }
inline bool is_number(uint8_t k) { return k & kNumber; }
inline bool is_space(uint8_t k) { return k & kSpace; }
inline bool is_upperish(uint8_t k) { return k & kUpperish; }
inline bool is_lowerish(uint8_t k) { return k & kLowerish; }
// [^\s\p{L}\p{N}]
inline bool is_other(uint8_t k) { return !(k & (kSpace | kLetterOrNumber)); }
// [^\r\n\p{L}\p{N}]
inline bool is_word_prefix(char32_t c, uint8_t k) { return c != '\r' && c != '\n' && !(k & kLetterOrNumber); }
inline bool is_cr_or_lf(unsigned char b) { return b == '\r' || b == '\n'; }

// 's|'t|'re|'ve|'m|'ll|'d at i (case-sensitive); end or i.
size_t contraction(const Text& t, size_t i) {
  if (t.byte(i) != '\'') return i;
  switch (t.byte(i + 1)) {
    case 's': case 't': case 'm': case 'd':
      return i + 2;
    case 'r': case 'v':
      return t.byte(i + 2) == 'e' ? i + 3 : i;
    case 'l':
      return t.byte(i + 2) == 'l' ? i + 3 : i;
    default:
      return i;
  }
}

// (?i:'s|'t|'re|'ve|'m|'ll|'d) at i with Oniguruma's case folding: ASCII letters in both cases,
// and U+017F LATIN SMALL LETTER LONG S folds to 's' (the exhaustive test checks every code point).
size_t contraction_ignore_case(const Text& t, size_t i) {
  if (t.byte(i) != '\'' || i + 1 >= t.size()) return i;
  size_t n;
  const char32_t c = t.at(i + 1, n);
  auto lower = [](unsigned char b) { return static_cast<unsigned char>(b | 0x20); };
  switch (c) {
    case 's': case 'S': case 0x17F:
    case 't': case 'T': case 'm': case 'M': case 'd': case 'D':
      return n;
    case 'r': case 'R': case 'v': case 'V':
      return lower(t.byte(n)) == 'e' ? n + 1 : i;
    case 'l': case 'L':
      return lower(t.byte(n)) == 'l' ? n + 1 : i;
    default:
      return i;
  }
}

// \s+(?!\S)|\s+ at i (a space): all of the run when it reaches the end of the text or has a single
// char, else all but its last char (which stays to prefix the next word).
size_t trailing_space_run(const Text& t, size_t i) {
  const size_t k = t.run(i, is_space);
  if (k == t.size()) return k;
  const size_t last = t.prev(k);
  return last > i ? last : k;
}

// \s*[\r\n]+ at i (a space): up to and including the last CR/LF of the space run, or i.
size_t space_run_through_newline(const Text& t, size_t i) {
  const size_t k = t.run(i, is_space);
  for (size_t q = k; q > i; --q)  // CR and LF are single bytes that never occur inside a sequence
    if (is_cr_or_lf(t.byte(q - 1))) return q;
  return i;
}

struct Gpt2 {
  size_t operator()(const Text& t, size_t i) const {
    size_t n1;
    const char32_t c0 = t.at(i, n1);
    if (c0 == '\'') {
      const size_t e = contraction(t, i);
      if (e > i) return e;
    }
    // ` ?X+` for X in \p{L}, \p{N}, [^\s\p{L}\p{N}]: the space is taken when X follows it.
    size_t s = i;
    uint8_t k = t.classes(c0);
    if (c0 == ' ' && n1 < t.size()) {
      const uint8_t k1 = t.classes_at(n1);
      if (!is_space(k1)) {
        s = n1;
        k = k1;
      }
    }
    if (is_letter(k)) return t.run(s, is_letter);
    if (is_number(k)) return t.run(s, is_number);
    if (is_other(k)) return t.run(s, is_other);
    return trailing_space_run(t, i);
  }
};

// cl100k and Qwen2: (?i:'s|...)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,MaxDigits}|
//                   ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
template <int MaxDigits>
struct Cl100k {
  size_t operator()(const Text& t, size_t i) const {
    size_t n1;
    const char32_t c0 = t.at(i, n1);
    if (c0 == '\'') {
      const size_t e = contraction_ignore_case(t, i);
      if (e > i) return e;
    }
    const uint8_t k0 = t.classes(c0);
    if (is_letter(k0)) return t.run(i, is_letter);
    if (is_word_prefix(c0, k0) && is_letter(t.classes_at(n1))) return t.run(n1, is_letter);
    if (is_number(k0)) {
      size_t e = n1;
      for (int d = 1; d < MaxDigits && e < t.size() && is_number(t.classes_at(e)); ++d) e = t.next(e);
      return e;
    }
    size_t s = i;
    if (c0 == ' ' && n1 < t.size() && is_other(t.classes_at(n1))) s = n1;
    if (s != i || is_other(k0)) {
      size_t e = t.run(s, is_other);
      while (is_cr_or_lf(t.byte(e))) ++e;
      return e;
    }
    // c0 is a space.
    const size_t e = space_run_through_newline(t, i);
    return e > i ? e : trailing_space_run(t, i);
  }
};

// o200k: two word alternatives with overlapping classes (Lm, Lo, M are both "upper" and "lower"),
// matched with the backtracking order Oniguruma uses, then the cl100k tail with [\r\n/]*.
struct O200k {
  // [\p{Ll}\p{Lm}\p{Lo}\p{M}]+ then the optional contraction; B+ must start at `p`.
  static size_t lower_then_contraction(const Text& t, size_t p) {
    return contraction_ignore_case(t, t.run(p, is_lowerish));
  }
  // U*L+C? from s: U* greedy, giving back one char at a time until L+ can start; or s on failure.
  static size_t upper_star_lower_plus(const Text& t, size_t s) {
    const size_t u_end = t.run(s, is_upperish);
    for (size_t p = u_end;; p = t.prev(p)) {
      if (is_lowerish(t.classes_at(p))) return lower_then_contraction(t, p);
      if (p == s) return s;
    }
  }
  // U+L*C? from s; s on failure.
  static size_t upper_plus_lower_star(const Text& t, size_t s) {
    if (!is_upperish(t.classes_at(s))) return s;
    return lower_then_contraction(t, t.run(s, is_upperish));
  }

  size_t operator()(const Text& t, size_t i) const {
    size_t n1;
    const char32_t c0 = t.at(i, n1);
    const uint8_t k0 = t.classes(c0);
    // [^\r\n\p{L}\p{N}]? is greedy: each word alternative first tries with c0 as its prefix.
    const bool prefix = is_word_prefix(c0, k0) && n1 < t.size();
    if (prefix) {
      const size_t e = upper_star_lower_plus(t, n1);
      if (e > n1) return e;
    }
    if (size_t e = upper_star_lower_plus(t, i); e > i) return e;
    if (prefix) {
      const size_t e = upper_plus_lower_star(t, n1);
      if (e > n1) return e;
    }
    if (size_t e = upper_plus_lower_star(t, i); e > i) return e;
    if (is_number(k0)) {
      size_t e = n1;
      for (int d = 1; d < 3 && e < t.size() && is_number(t.classes_at(e)); ++d) e = t.next(e);
      return e;
    }
    size_t s = i;
    if (c0 == ' ' && n1 < t.size() && is_other(t.classes_at(n1))) s = n1;
    if (s != i || is_other(k0)) {
      size_t e = t.run(s, is_other);
      while (is_cr_or_lf(t.byte(e)) || t.byte(e) == '/') ++e;
      return e;
    }
    if (!is_space(k0)) return i;
    const size_t e = space_run_through_newline(t, i);
    return e > i ? e : trailing_space_run(t, i);
  }
};

struct Clip {
  static bool starts_with(const Text& t, size_t i, std::string_view lit) {
    if (t.size() - i < lit.size()) return false;
    for (size_t k = 0; k < lit.size(); ++k)
      if (t.byte(i + k) != static_cast<unsigned char>(lit[k])) return false;
    return true;
  }
  size_t operator()(const Text& t, size_t i) const {
    size_t n1;
    const char32_t c0 = t.at(i, n1);
    if (c0 == '<') {
      if (starts_with(t, i, "<|startoftext|>")) return i + 15;
      if (starts_with(t, i, "<|endoftext|>")) return i + 13;
    } else if (c0 == '\'') {
      const size_t e = contraction(t, i);
      if (e > i) return e;
    }
    const uint8_t k0 = t.classes(c0);
    if (is_letter(k0)) return t.run(i, is_letter);
    if (is_number(k0)) return n1;
    if (is_other(k0)) return t.run(i, is_other);
    return i;
  }
};

struct DigitTriples {
  size_t operator()(const Text& t, size_t i) const {
    auto digit = [&](size_t k) { return t.byte(k) >= '0' && t.byte(k) <= '9'; };
    return digit(i) && digit(i + 1) && digit(i + 2) ? i + 3 : i;
  }
};

struct Whitespace {
  size_t operator()(const Text& t, size_t i) const { return t.run(i, is_space); }
};

struct SpaceRuns {
  size_t operator()(const Text& t, size_t i) const {
    if (t.byte(i) != ' ' || t.byte(i + 1) != ' ') return i;
    size_t e = i + 2;
    while (t.byte(e) == ' ') ++e;
    return e;
  }
};

// Calls f(matcher) with the matcher object of `p` (p != None).
template <class F>
decltype(auto) with_matcher(Pattern p, F&& f) {
  switch (p) {
    case Pattern::Gpt2: return f(Gpt2{});
    case Pattern::Cl100k: return f(Cl100k<3>{});
    case Pattern::Qwen2: return f(Cl100k<1>{});
    case Pattern::O200k: return f(O200k{});
    case Pattern::Clip: return f(Clip{});
    case Pattern::DigitTriples: return f(DigitTriples{});
    case Pattern::Whitespace: return f(Whitespace{});
    case Pattern::SpaceRuns: return f(SpaceRuns{});
    case Pattern::None: break;
  }
  return f(SpaceRuns{});  // unreachable for callers, who never pass None
}

}  // namespace

Pattern select(std::string_view pattern) noexcept {
  static constexpr std::pair<std::string_view, Pattern> kAll[] = {
      {kGpt2Pattern, Pattern::Gpt2},           {kCl100kPattern, Pattern::Cl100k},
      {kQwen2Pattern, Pattern::Qwen2},         {kO200kPattern, Pattern::O200k},
      {kClipPattern, Pattern::Clip},           {kDigitTriplesPattern, Pattern::DigitTriples},
      {kWhitespacePattern, Pattern::Whitespace}, {kSpaceRunsPattern, Pattern::SpaceRuns},
  };
  for (const auto& [text, p] : kAll)
    if (pattern == text) return p;
  return Pattern::None;
}

size_t match_at(Pattern p, std::string_view text, size_t at) noexcept {
  if (p == Pattern::None || at >= text.size()) return at;
  const Text t(text, CharClasses::get());
  return with_matcher(p, [&](auto m) { return m(t, at); });
}

namespace {

// Calls on_match(begin, end) for every match of `p` (not None) in `text`.
template <class Fn>
void scan(Pattern p, std::string_view text, Fn&& on_match) {
  if (p == Pattern::None) return;
  const Text t(text, CharClasses::get());
  with_matcher(p, [&](auto m) {
    size_t i = 0;
    while (i < t.size()) {
      const size_t e = m(t, i);
      if (e > i) {
        on_match(i, e);
        i = e;
      } else {
        i = t.next(i);
      }
    }
  });
}

}  // namespace

void for_each_match(Pattern p, std::string_view text, MatchSink& sink) {
  scan(p, text, [&](size_t b, size_t e) { sink.match(b, e); });
}

void find_all(Pattern p, std::string_view text, std::vector<std::pair<size_t, size_t>>& out) {
  scan(p, text, [&](size_t b, size_t e) { out.emplace_back(b, e); });
}

bool search(Pattern p, std::string_view text, size_t from, size_t& begin, size_t& end) noexcept {
  if (p == Pattern::None) return false;
  const Text t(text, CharClasses::get());
  return with_matcher(p, [&](auto m) {
    for (size_t i = from; i < t.size(); i = t.next(i)) {
      const size_t e = m(t, i);
      if (e > i) {
        begin = i;
        end = e;
        return true;
      }
    }
    return false;
  });
}

}  // namespace wasmpipe::regex_fast
