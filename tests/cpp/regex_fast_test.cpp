// The hand-written pre-tokenization matchers (core/regex_fast.h) against Oniguruma, the engine
// they replace: identical match boundaries for every code point, the shared corpus, adversarial
// strings and seeded random strings. Oniguruma is the oracle (HF Rust tokenizers uses it through
// the onig crate; tests/cpp/regex_test.cpp checks our Oniguruma wrapper against the Rust binding).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/regex.h"
#include "core/regex_char_classes.h"
#include "core/regex_fast.h"
#include "core/utf8.h"
#include "pre_tokenizers/byte_level.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_tiny.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

using regex_fast::Pattern;
using Ranges = std::vector<std::pair<size_t, size_t>>;

struct Named {
  const char* name;
  std::string_view pattern;
};
constexpr Named kFastPatterns[] = {
    {"gpt2", regex_fast::kGpt2Pattern},       {"cl100k", regex_fast::kCl100kPattern},
    {"qwen2", regex_fast::kQwen2Pattern},     {"o200k", regex_fast::kO200kPattern},
    {"clip", regex_fast::kClipPattern},       {"digit_triples", regex_fast::kDigitTriplesPattern},
    {"whitespace", regex_fast::kWhitespacePattern}, {"space_runs", regex_fast::kSpaceRunsPattern},
};

// One pattern compiled both ways.
struct Pair {
  const char* name;
  Regex fast, onig;
  explicit Pair(const Named& n) : name(n.name), fast(n.pattern), onig(n.pattern, Regex::Engine::Oniguruma) {}
};

std::vector<Pair> all_pairs() {
  std::vector<Pair> v;
  for (const Named& n : kFastPatterns) v.emplace_back(n);
  return v;
}

std::string show(std::string_view text, size_t at) {
  const size_t b = at >= 24 ? at - 24 : 0;
  std::string s;
  for (unsigned char c : text.substr(b, 48)) {
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      s += buf;
    } else {
      s.push_back(char(c));
    }
  }
  return s;
}

// Empty when both engines give the same matches, else where they first differ.
std::string compare(const Pair& p, std::string_view text) {
  Ranges f, o;
  p.fast.find_all(text, f);
  p.onig.find_all(text, o);
  if (f == o) return {};
  size_t k = 0;
  while (k < f.size() && k < o.size() && f[k] == o[k]) ++k;
  auto at = [&](const Ranges& r) {
    return k < r.size() ? "[" + std::to_string(r[k].first) + "," + std::to_string(r[k].second) + ")" : "none";
  };
  const size_t where = k < o.size() ? o[k].first : k < f.size() ? f[k].first : 0;
  return std::string(p.name) + ": match #" + std::to_string(k) + " fast " + at(f) + " oniguruma " + at(o) +
         " near \"" + show(text, where) + "\"";
}

void expect_same_everywhere(const std::vector<Pair>& pairs, std::string_view text, const std::string& label) {
  for (const Pair& p : pairs) {
    const std::string diff = compare(p, text);
    EXPECT_TRUE(diff.empty()) << label << ": " << diff;
  }
}

std::string encode(char32_t c) {
  std::string s;
  utf8::append(s, c);
  return s;
}

bool is_scalar(char32_t c) { return c < 0xD800 || (c > 0xDFFF && c < 0x110000); }

TEST(RegexFast, SelectsExactPatternsOnly) {
  for (const Named& n : kFastPatterns) {
    EXPECT_NE(Regex(n.pattern).fast_path(), Pattern::None) << n.name;
    EXPECT_EQ(Regex(n.pattern, Regex::Engine::Oniguruma).fast_path(), Pattern::None) << n.name;
  }
  EXPECT_EQ(regex_fast::select(std::string(regex_fast::kGpt2Pattern) + " "), Pattern::None);
  EXPECT_EQ(regex_fast::select(R"(\s+(?!\S))"), Pattern::None);
  EXPECT_EQ(regex_fast::select(""), Pattern::None);
}

// Every Split / Replace regex of the shared real tokenizer.json files, plus ByteLevel's GPT-2
// pattern, runs on a fast path (so a new fixture with a new pattern shows up here).
TEST(RegexFast, CoversEveryPatternOfTheFixtures) {
  namespace fs = std::filesystem;
  const fs::path dir = test::fixtures_dir() / "tokenizers";
  if (!fs::is_directory(dir)) WASMPIPE_SKIP_OR_FAIL("no fixtures at " << dir);
  size_t seen = 0;
  std::vector<std::string> uncovered;
  for (const auto& e : fs::directory_iterator(dir)) {
    const auto text = test::read_file(e.path() / "tokenizer.json");
    if (!text) continue;
    const Json j = Json::parse(*text);
    auto walk = [&](auto&& self, const Json& v) -> void {
      if (v.is_object()) {
        if (const auto it = v.find("Regex"); it != v.end() && it->is_string()) {
          ++seen;
          if (Regex(it->get<std::string>()).fast_path() == Pattern::None)
            uncovered.push_back(e.path().filename().string() + ": " + it->get<std::string>());
        }
        for (const auto& [k, x] : v.items()) self(self, x);
      } else if (v.is_array()) {
        for (const auto& x : v) self(self, x);
      }
    };
    for (const char* part : {"normalizer", "pre_tokenizer", "decoder"})
      if (j.contains(part)) walk(walk, j[part]);
  }
  EXPECT_GE(seen, 7u);
  EXPECT_TRUE(uncovered.empty()) << ::testing::PrintToString(uncovered);
  EXPECT_EQ(Regex(pre_tokenizers::kGpt2Pattern).fast_path(), Pattern::Gpt2);
}

// The class table against Oniguruma matching the class on each of the 1,112,064 scalar values.
TEST(RegexFast, CharClassesEqualOnigurumaOnEveryCodePoint) {
  std::string all;
  std::vector<char32_t> at_offset(0x110000 * 4 + 1, 0);
  std::vector<char32_t> cps;
  for (char32_t c = 0; c < 0x110000; ++c) {
    if (!is_scalar(c)) continue;
    at_offset[all.size()] = c;
    cps.push_back(c);
    utf8::append(all, c);
  }
  const auto& classes = regex_fast::CharClasses::get();
  using regex_fast::CharClass;
  struct Check {
    const char* pattern;
    bool (*expected)(char32_t, uint8_t);
  };
  const Check checks[] = {
      {R"(\p{L})", [](char32_t, uint8_t k) { return (k & regex_fast::kLetter) != 0; }},
      {R"(\p{N})", [](char32_t, uint8_t k) { return (k & regex_fast::kNumber) != 0; }},
      {R"(\s)", [](char32_t, uint8_t k) { return (k & regex_fast::kSpace) != 0; }},
      {R"(\p{M})", [](char32_t, uint8_t k) { return (k & regex_fast::kMark) != 0; }},
      {R"([\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}])", [](char32_t, uint8_t k) { return (k & regex_fast::kUpperish) != 0; }},
      {R"([\p{Ll}\p{Lm}\p{Lo}\p{M}])", [](char32_t, uint8_t k) { return (k & regex_fast::kLowerish) != 0; }},
      {R"([^\s\p{L}\p{N}])",
       [](char32_t, uint8_t k) { return !(k & (regex_fast::kSpace | regex_fast::kLetter | regex_fast::kNumber)); }},
      {R"([^\r\n\p{L}\p{N}])",
       [](char32_t c, uint8_t k) { return c != '\r' && c != '\n' && !(k & (regex_fast::kLetter | regex_fast::kNumber)); }},
      {"[0-9]", [](char32_t c, uint8_t) { return c >= '0' && c <= '9'; }},
  };
  for (const Check& check : checks) {
    Ranges m;
    Regex(check.pattern, Regex::Engine::Oniguruma).find_all(all, m);
    std::vector<bool> matched(0x110000, false);
    for (const auto& [b, e] : m) {
      ASSERT_EQ(e - b, utf8::encoded_length(at_offset[b])) << check.pattern;
      matched[at_offset[b]] = true;
    }
    size_t mismatches = 0, members = 0;
    for (char32_t c : cps) {
      const bool want = matched[c];
      members += want;
      if (want != check.expected(c, classes.of(c)) && ++mismatches <= 5)
        ADD_FAILURE() << check.pattern << " U+" << std::hex << uint32_t(c) << ": Oniguruma " << want;
    }
    EXPECT_EQ(mismatches, 0u) << check.pattern;
    EXPECT_GT(members, 0u) << check.pattern;
  }
  // The classes are Oniguruma's (Unicode 14 in 6.9.8), not utf8proc's: spot checks of the
  // boundaries that trip up other tables.
  EXPECT_TRUE(classes.of(0x00A0) & regex_fast::kSpace);
  EXPECT_TRUE(classes.of(0x3000) & regex_fast::kSpace);
  EXPECT_TRUE(classes.of(0x0085) & regex_fast::kSpace);
  EXPECT_FALSE(classes.of(0x200B) & regex_fast::kSpace);  // ZERO WIDTH SPACE is Cf
  EXPECT_FALSE(classes.of(0x180E) & regex_fast::kSpace);  // MONGOLIAN VOWEL SEPARATOR: Cf since Unicode 6.3
}

// The matchers look at a code point only through its class bits (equal to Oniguruma's for every
// code point, above) and at a few ASCII chars; what they could still get wrong is a class
// combination in some context. So: every code point up to U+07FF and 48 spread over each class
// combination, in the contexts that decide the hand-written branches (after an apostrophe, around
// spaces, between letters, digits, marks, CR/LF and '/'), whole patterns against Oniguruma.
std::vector<char32_t> class_representatives() {
  const auto& classes = regex_fast::CharClasses::get();
  std::map<uint8_t, std::vector<char32_t>> by_classes;
  std::vector<char32_t> reps;
  for (char32_t c = 0; c < 0x110000; ++c) {
    if (!is_scalar(c)) continue;
    if (c < 0x800) reps.push_back(c);
    else by_classes[classes.of(c)].push_back(c);
  }
  for (const auto& [k, cps] : by_classes)
    for (size_t i = 0; i < 48; ++i) reps.push_back(cps[i * (cps.size() - 1) / 47]);
  return reps;
}

TEST(RegexFast, EveryClassInContextEqualsOniguruma) {
  const auto pairs = all_pairs();
  const auto reps = class_representatives();
  const char* contexts[][2] = {
      {"'", " "}, {"'", "e\n"}, {"'r", "x"}, {"'l", "L "}, {"'V", "E"}, {"x'", "s\r\n"}, {" ", "  a"},
      {"A", "b1"}, {"\n", "\u0301/"}, {"1", "23\t"}, {"\u00a0", "\u02b0'S"}, {"<|", "|>"}, {"", ""},
  };
  std::string text;
  for (const auto& ctx : contexts) {
    text.clear();
    for (char32_t c : reps) {
      text += ctx[0];
      utf8::append(text, c);
      text += ctx[1];
    }
    expect_same_everywhere(pairs, text, std::string("context '") + ctx[0] + "' X '" + ctx[1] + "'");
  }
}

// (?i:...) folding, exhaustively: the code points Oniguruma lets match each contraction letter
// are that letter in both cases, plus U+017F LONG S for s (what contraction_ignore_case accepts),
// and no single code point matches a two-letter contraction ('re, 've, 'll) by a multi-char fold.
TEST(RegexFast, ContractionFoldSetsOnEveryCodePoint) {
  std::string all, after_apostrophe;
  std::vector<char32_t> at_all(0x110000 * 4, 0), at_apostrophe(0x110000 * 6, 0);
  for (char32_t c = 0; c < 0x110000; ++c) {
    if (!is_scalar(c)) continue;
    at_all[all.size()] = c;
    utf8::append(all, c);
    after_apostrophe += '\'';
    at_apostrophe[after_apostrophe.size()] = c;
    utf8::append(after_apostrophe, c);
    after_apostrophe += '\x01';
  }
  auto matching = [&](const std::string& pattern, const std::string& text, const std::vector<char32_t>& at, size_t skip) {
    Ranges m;
    Regex(pattern, Regex::Engine::Oniguruma).find_all(text, m);
    std::vector<char32_t> out;
    for (const auto& [b, e] : m) out.push_back(at[b + skip]);
    return out;
  };
  for (char x : std::string("stremvld")) {
    std::vector<char32_t> want = {char32_t(x - 'a' + 'A'), char32_t(x)};
    if (x == 's') want.push_back(0x17F);
    EXPECT_EQ(matching(std::string("(?i:") + x + ")", all, at_all, 0), want) << x;
  }
  EXPECT_EQ(matching("(?i:'s|'t|'re|'ve|'m|'ll|'d)", after_apostrophe, at_apostrophe, 1),
            (std::vector<char32_t>{'D', 'M', 'S', 'T', 'd', 'm', 's', 't', 0x17F}));
}

// Case-insensitive contractions: which apostrophe-letter pairs Oniguruma accepts is decided by its
// case folding (U+017F LONG S folds to s); the matchers must agree. Expected ranges: HF Rust
// tokenizers (tests/cpp/tools/pretok_ref.cjs, Split Isolated with the same pattern).
TEST(RegexFast, ContractionCaseFoldingLikeOniguruma) {
  const Regex cl100k(regex_fast::kCl100kPattern);
  const Regex o200k(regex_fast::kO200kPattern);
  Ranges m;
  cl100k.find_all("'S'\u017f'Re'LL'vE'D'M'T'x", m);
  EXPECT_EQ(m, (Ranges{{0, 2}, {2, 5}, {5, 8}, {8, 11}, {11, 14}, {14, 16}, {16, 18}, {18, 20}, {20, 22}}));
  m.clear();
  o200k.find_all("HELLO'S he'\u017f", m);
  EXPECT_EQ(m, (Ranges{{0, 7}, {7, 13}}));
}

std::vector<std::string> corpus_files() {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  const fs::path dir = test::fixtures_dir() / "corpus";
  if (!fs::is_directory(dir)) return out;
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir)) paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths)
    if (auto t = test::read_file(p)) out.push_back(std::move(*t));
  return out;
}

TEST(RegexFast, CorpusFilesAndParagraphsEqualOniguruma) {
  const auto files = corpus_files();
  if (files.empty()) WASMPIPE_SKIP_OR_FAIL("no corpus in " << test::fixtures_dir());
  const auto pairs = all_pairs();
  size_t paragraphs = 0, bytes = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    const std::string& t = files[f];
    bytes += t.size();
    expect_same_everywhere(pairs, t, "corpus file #" + std::to_string(f));
    for (size_t start = 0; start < t.size();) {
      size_t end = t.find("\n\n", start);
      if (end == std::string::npos) end = t.size();
      expect_same_everywhere(pairs, std::string_view(t).substr(start, end - start),
                             "file #" + std::to_string(f) + " paragraph at " + std::to_string(start));
      ++paragraphs;
      start = end + 2;
    }
  }
  EXPECT_GT(paragraphs, 1000u);
  EXPECT_GT(bytes, 1000000u);
}

TEST(RegexFast, SearchFromEveryOffsetEqualsOniguruma) {
  const std::string text = "It's  a\u00a0test\r\n\r\n  of 12345 ÉCOLE's\u0301 'LL \t/x<|endoftext|>  ";
  for (const Pair& p : all_pairs()) {
    for (size_t from = 0; from <= text.size() + 1; ++from) {
      if (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) continue;
      size_t fb = 0, fe = 0, ob = 0, oe = 0;
      const bool f = p.fast.search(text, from, fb, fe);
      const bool o = p.onig.search(text, from, ob, oe);
      EXPECT_EQ(f, o) << p.name << " from " << from;
      if (f && o) {
        EXPECT_EQ(std::make_pair(fb, fe), std::make_pair(ob, oe)) << p.name << " from " << from;
      }
    }
  }
}

TEST(RegexFast, AdversarialStringsEqualOniguruma) {
  std::vector<std::string> cases = {
      "", " ", "  ", "\n", "\r\n", "\n\n\n", " \n ", "\t \t", "x ", " x", "x  ", "  x", "x \n", "x\n ",
      "\u00a0\u00a0x", "\u3000\u3000\u3000", "a\u3000b", "\u2028\u2029\u0085", " \r\n\r\n \t x \r",
      "'", "''", "'s", "'S", "'\u017f", "'ll", "'LL", "'lL", "'re'", "'ve'm'd't", "x's", "X'S", "''s", "' s",
      "don't", "DON'T", "they're", "THEY'RE", "I'M", "you'Ve", "ÉCOLE'S", "école'll",
      "12", "123", "1234", "1234567", "١٢٣٤", "Ⅻ½3", "x1", " 1", "1 ", "a1b2",
      "<|endoftext|>", "<|startoftext|>hi<|endoftext|>", "<|endoftext", "!<|endoftext|>", "<<|endoftext|>",
      "/", "a/b//\n", "!!\r\n/", " !?\n\n", "…", "—\n",
      "e\u0301", "\u0301", " \u0301", "\u0301\u0301a", "a\u0301\u0302B", "ÉÉ\u0301é", "\u02b0\u02b0", "ǅǅa",
      "\u01c5", "A\u01c5a", "𝐀𝐁𝐜", "日本語", "カタカナー", "한국어", "ㅎㅎ",
      "👨\u200d👩\u200d👧\u200d👦", "👍🏽", "🏳️\u200d🌈", "x\u200dy", "\ufe0f", "\u200b\u200b",
      "مرحبا بالعالم", "שָׁלוֹם", "\u202eabc\u202c", "हिन्दी", "ไทย",
      std::string("\0", 1), std::string("a\0b", 3), "\x01\x02\x1f\x7f", "\u00ad", "\ufeffx", "\ufffd",
      "\U0010FFFF", "\U000E0001", "\U00020000\U00020001",
  };
  cases.push_back(std::string(200000, 'a'));                // 200k chars without a space
  cases.push_back(std::string(100000, ' ') + "x");
  cases.push_back(std::string(100000, '\n'));
  std::string mixed;
  for (int k = 0; k < 20000; ++k) mixed += "É\u0301";
  cases.push_back(mixed);
  std::string upper;
  for (int k = 0; k < 30000; ++k) upper += "ÀB\u01c5";
  cases.push_back(upper + " x");
  const auto pairs = all_pairs();
  for (size_t k = 0; k < cases.size(); ++k) {
    ASSERT_EQ(utf8::find_invalid(cases[k]), std::string::npos) << k;
    expect_same_everywhere(pairs, cases[k], "case #" + std::to_string(k) + " \"" + show(cases[k], 0) + "\"");
  }
}

// Seeded random strings over code points that sit on every branch of the matchers.
TEST(RegexFast, RandomStringsEqualOniguruma) {
  const std::vector<char32_t> pool = {
      'a', 'z', 'A', 'Z', 's', 'S', 't', 'T', 'r', 'R', 'e', 'E', 'v', 'V', 'm', 'M', 'l', 'L', 'd', 'D',
      '0', '5', '9', ' ', ' ', ' ', '\t', '\n', '\r', '\v', '\f', '\'', '\'', '/', '<', '|', '>', '!', '.',
      0x00, 0x01, 0x1F, 0x7F, 0x85, 0xA0, 0xAD, 0xC9, 0xE9, 0x17F, 0x1C5, 0x2B0, 0x300, 0x301, 0x345,
      0x5B0, 0x5D0, 0x627, 0x660, 0x903, 0x93F, 0x1680, 0x2000, 0x200B, 0x200D, 0x2028, 0x202F, 0x205F,
      0x20DD, 0x212A, 0x216B, 0x2163, 0xBD, 0x3000, 0x3042, 0x30FC, 0x65E5, 0xAC00, 0xFE0F, 0xFEFF,
      0xFFFD, 0x1D400, 0x1D41A, 0x1F3FD, 0x1F468, 0x1F600, 0x20000, 0xE0001, 0x10FFFF,
  };
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<int> len(0, 24);
  const auto pairs = all_pairs();
  std::string text;
  for (int n = 0; n < 30000; ++n) {
    text.clear();
    for (int k = len(rng); k > 0; --k) utf8::append(text, pool[pick(rng)]);
    for (const Pair& p : pairs) {
      const std::string diff = compare(p, text);
      ASSERT_TRUE(diff.empty()) << "string #" << n << ": " << diff;
    }
  }
  text.clear();
  for (int k = 0; k < 200000; ++k) utf8::append(text, pool[pick(rng)]);
  expect_same_everywhere(pairs, text, "200k random chars");
}

// The tokenizer accepts only valid UTF-8 (JS strings are), so the matchers never see lone
// surrogates (WTF-8 ED A0 80) or stray bytes: encode rejects them with a clear error first, and
// the next call works.
TEST(RegexFast, InvalidUtf8IsRejectedBeforeTheMatchers) {
  const Tokenizer t = Tokenizer::from_json(test::tiny_with([](auto& j) {
    j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", regex_fast::kCl100kPattern}}},
                          {"behavior", "Isolated"}, {"invert", false}};
  }));
  for (const char* bad : {"\xED\xA0\x80", "hello \xED\xB0\x80", "a\x80", "\xF4\x90\x80\x80"}) {
    try {
      t.encode(bad);
      ADD_FAILURE() << "accepted invalid UTF-8";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << e.what();
      EXPECT_NE(std::string(e.what()).find("not valid UTF-8"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(t.encode("hello", false).ids, (std::vector<int32_t>{5}));
}

}  // namespace
}  // namespace wasmpipe
