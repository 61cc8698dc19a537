// wasmpipe::Regex against HF's Rust tokenizers (onig crate). Expected ranges come from the npm
// binding (tests/cpp/tools/pretok_ref.cjs, Split {Regex} with invert + Removed = the matches).
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/regex.h"

namespace wasmpipe {
namespace {

using Ranges = std::vector<std::pair<size_t, size_t>>;

const char* kGpt2 = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

Ranges find_all(const Regex& re, std::string_view text) {
  Ranges r;
  re.find_all(text, r);
  return r;
}

TEST(Regex, Gpt2PatternOnMixedText) {
  const Regex re(kGpt2);
  EXPECT_EQ(find_all(re, "Hello world! It's 2024,  we've  \t\n  got 😀🎉 emoji, 日本語のテキスト and   trailing   "),
            (Ranges{{0, 5}, {5, 11}, {11, 12}, {12, 15}, {15, 17}, {17, 22}, {22, 23}, {23, 24}, {24, 27},
                    {27, 30}, {30, 35}, {35, 39}, {39, 48}, {48, 54}, {54, 55}, {55, 80}, {80, 84}, {84, 86},
                    {86, 95}, {95, 98}}));
  EXPECT_EQ(find_all(re, "I'll be there   \n\n  ok?\u3000全角 スペース"),
            (Ranges{{0, 1}, {1, 4}, {4, 7}, {7, 13}, {13, 19}, {19, 22}, {22, 23}, {23, 26}, {26, 32}, {32, 45}}));
  EXPECT_EQ(find_all(re, "  leading spaces"), (Ranges{{0, 1}, {1, 9}, {9, 16}}));
  // NBSP, U+2028 are \s for Oniguruma.
  EXPECT_EQ(find_all(re, "x\u00a0y  \u2028z"), (Ranges{{0, 1}, {1, 3}, {3, 4}, {4, 6}, {6, 9}, {9, 10}}));
  EXPECT_TRUE(find_all(re, "").empty());
}

TEST(Regex, EmptyMatchesAdvanceOneCharLikeFindIter) {
  // Rust (binding, Isolated) splits "baaé b" by a* into b|aa|é| |b: the matches below.
  EXPECT_EQ(find_all(Regex("a*"), "baaé b"), (Ranges{{0, 0}, {1, 3}, {5, 5}, {6, 6}, {7, 7}}));
  // Lookbehind sees the text before the search start; Rust gives a|a|xa.
  EXPECT_EQ(find_all(Regex("(?<=a)|x"), "aaxa"), (Ranges{{1, 1}, {2, 2}, {4, 4}}));
}

TEST(Regex, OnigurumaSyntaxLikeTheOnigCrateDefault) {
  // \N (non-newline) and (?W) (ASCII \w) exist in ONIG_SYNTAX_ONIGURUMA; the binding accepts both.
  EXPECT_EQ(find_all(Regex(R"(\N+)"), "é😀x\nab"), (Ranges{{0, 7}, {8, 10}}));
  EXPECT_EQ(find_all(Regex(R"((?W)\w+)"), "aé b"), (Ranges{{0, 1}, {4, 5}}));
  // Llama-3's case-insensitive group.
  EXPECT_EQ(find_all(Regex(R"((?i:'s|'t|'re|'ve|'m|'ll|'d))"), "IT'S we'VE"), (Ranges{{2, 4}, {7, 10}}));
}

TEST(Regex, BadPatternThrowsInvalidFile) {
  try {
    Regex re("a(");
    FAIL() << "no throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidFile);
    EXPECT_NE(std::string(e.what()).find("end pattern with unmatched parenthesis"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("a("), std::string::npos);
  }
}

TEST(Regex, MoveOnlyAndSearch) {
  Regex a("b+");
  Regex b(std::move(a));
  size_t s = 0, e = 0;
  ASSERT_TRUE(b.search("abba", 0, s, e));
  EXPECT_EQ(s, 1u);
  EXPECT_EQ(e, 3u);
  EXPECT_FALSE(b.search("abba", 3, s, e));
  Regex c("x");
  c = std::move(b);
  EXPECT_EQ(c.pattern(), "b+");
  EXPECT_EQ(find_all(c, "bab"), (Ranges{{0, 1}, {2, 3}}));
}

TEST(Regex, EscapeLikeRustRegexEscape) {
  EXPECT_EQ(Regex::escape("a.b*c"), "a\\.b\\*c");
  EXPECT_EQ(Regex::escape(R"(\.+*?()|[]{}^$#&-~)"), R"(\\\.\+\*\?\(\)\|\[\]\{\}\^\$\#\&\-\~)");
  EXPECT_EQ(Regex::escape("▁ x"), "▁ x");
  const Regex re(Regex::escape("(a)"));
  EXPECT_EQ(find_all(re, "x(a)(a)"), (Ranges{{1, 4}, {4, 7}}));
}

TEST(Regex, ConcurrentUseOfOneRegex) {
  const Regex re(kGpt2);
  const std::string text = "Hello world! It's 2024, 日本語 😀  ok  ";
  const Ranges expected = find_all(re, text);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      bool all = true;
      for (int k = 0; k < 200; ++k) all = all && find_all(re, text) == expected;
      ok[t] = all;
    });
  for (auto& th : threads) th.join();
  for (int v : ok) EXPECT_TRUE(v);
}

}  // namespace
}  // namespace wasmpipe
