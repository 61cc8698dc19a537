// Unicode behaviour of the BERT components, code point by code point. Spot checks always run; the
// exhaustive check compares all 1.1M code points with a probe of Rust's tokenizers
// (node tests/cpp/tools/probe_unicode.mjs build/ref/unicode_probe.tsv) when that dump exists.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "core/unicode.h"
#include "core/utf8.h"
#include "normalizers/bert_normalizer.h"
#include "pre_tokenizers/bert_pre_tokenizer.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

TEST(Unicode, SpotChecks) {
  using namespace unicode;
  EXPECT_TRUE(is_whitespace(U'\u3000'));
  EXPECT_TRUE(is_whitespace(U'\u0085'));
  EXPECT_FALSE(is_whitespace(U'\u200B'));
  EXPECT_FALSE(is_whitespace(0x1C));  // Python's isspace says yes, Rust says no
  EXPECT_TRUE(is_bert_control(0x1C));
  EXPECT_TRUE(is_bert_control(U'\u200B'));
  EXPECT_TRUE(is_bert_control(U'\uE000'));   // private use
  EXPECT_FALSE(is_bert_control(U'\u0378'));  // unassigned is not removed
  EXPECT_FALSE(is_bert_control('\t'));
  EXPECT_TRUE(is_chinese_char(U'\u4E2D'));
  EXPECT_FALSE(is_chinese_char(0x2B820));  // Rust's table starts that block at U+2B920
  EXPECT_TRUE(is_chinese_char(0x2B920));
  EXPECT_FALSE(is_chinese_char(U'\u3042'));  // hiragana
  EXPECT_TRUE(is_bert_punctuation('$'));
  EXPECT_TRUE(is_bert_punctuation(U'\u00BF'));
  EXPECT_TRUE(is_nonspacing_mark(U'\u0301'));
  EXPECT_FALSE(is_nonspacing_mark(U'\u0898'));  // Mn only since Unicode 14
  char32_t out[3];
  ASSERT_EQ(to_lowercase(U'\u0130', out), 2u);
  EXPECT_EQ(out[0], U'i');
  EXPECT_EQ(out[1], U'\u0307');
  ASSERT_EQ(to_lowercase(U'\u03A3', out), 1u);
  EXPECT_EQ(out[0], U'\u03C3');
  char32_t d[8];
  ASSERT_EQ(canonical_decompose(U'\uD55C', d, 8), 3u);  // Hangul syllable
  EXPECT_EQ(d[0], U'\u1112');
  ASSERT_EQ(canonical_decompose(0x11938, d, 8), 1u);  // Unicode 13 decomposition unknown to Rust's NFD
  EXPECT_TRUE(is_word_char(U'\u00E9'));
  EXPECT_TRUE(is_word_char('_'));
  EXPECT_FALSE(is_word_char('-'));
}

TEST(Unicode, Utf8Validation) {
  EXPECT_EQ(utf8::find_invalid("plain \xC3\xA9 \xF0\x9F\x98\x80"), std::string_view::npos);
  EXPECT_EQ(utf8::find_invalid("\xC0\xAF"), 0u);           // overlong
  EXPECT_EQ(utf8::find_invalid("ab\xED\xA0\x80"), 2u);     // surrogate
  EXPECT_EQ(utf8::find_invalid("a\xF4\x90\x80\x80"), 1u);  // > U+10FFFF
  EXPECT_EQ(utf8::find_invalid("a\xE2\x82"), 1u);          // truncated
  EXPECT_EQ(utf8::char_count("a\xC3\xA9\xE4\xB8\xAD"), 3u);
}

std::string hex(std::string_view s) {
  std::string out;
  size_t i = 0;
  char buf[16];
  while (i < s.size()) {
    std::snprintf(buf, sizeof buf, "%s%x", out.empty() ? "" : " ", unsigned(utf8::decode(s, i)));
    out += buf;
  }
  return out;
}

TEST(Unicode, EveryCodePointMatchesRustProbe) {
  const auto path = test::reference_dir() / "unicode_probe.tsv";
  std::ifstream in(path);
  if (!in) WASMPIPE_SKIP_OR_FAIL("no probe at " << path << " (node tests/cpp/tools/probe_unicode.mjs " << path.string() << ")");
  std::map<char32_t, std::vector<std::string>> ref;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) cols.push_back(c);
    if (cols.size() == 6) ref[char32_t(std::stoul(cols[0], nullptr, 16))] = {cols[1], cols[2], cols[3], cols[4], cols[5]};
  }
  ASSERT_GT(ref.size(), 100000u);
  using Opts = normalizers::BertNormalizer::Options;
  auto only = [](bool clean, bool chinese, bool strip, bool lower) {
    Opts o;
    o.clean_text = clean;
    o.handle_chinese_chars = chinese;
    o.strip_accents = strip;
    o.lowercase = lower;
    return normalizers::BertNormalizer(o);
  };
  const auto clean = only(true, false, false, false), chinese = only(false, true, false, false),
             strip = only(false, false, true, false), lower = only(false, false, false, true);
  pre_tokenizers::BertPreTokenizer pre;
  const std::vector<std::string> identity = {"=", "=", "=", "=", "w"};
  size_t bad[5] = {0, 0, 0, 0, 0};
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string ch;
    utf8::append(ch, cp);
    auto it = ref.find(cp);
    const auto& r = it == ref.end() ? identity : it->second;
    auto run = [&](const normalizers::BertNormalizer& n) {
      NormalizedString s(ch);
      n.normalize(s);
      return s.get();
    };
    const std::string c = run(clean), z = run(chinese), s = run(strip), l = run(lower);
    const std::string mine[4] = {c == ch ? "=" : c.empty() ? "del" : hex(c), z == ch ? "=" : hex(z),
                                 s == ch ? "=" : hex(s), l == ch ? "=" : hex(l)};
    PreTokenizedString pts("a" + ch + "a");
    pre.pre_tokenize(pts);
    const size_t n = pts.splits().size();
    const std::string p = n == 1 ? "w" : n == 2 ? "s" : n == 3 ? "p" : "?";
    for (int k = 0; k < 4; ++k) {
      if (mine[k] != r[k] && bad[k]++ < 5) ADD_FAILURE() << "U+" << std::hex << unsigned(cp) << " column " << k << ": ours " << mine[k] << ", rust " << r[k];
    }
    if (p != r[4] && bad[4]++ < 5) ADD_FAILURE() << "U+" << std::hex << unsigned(cp) << " pre-tokenizer: ours " << p << ", rust " << r[4];
  }
  std::printf("code points differing from Rust: clean %zu, chinese %zu, strip %zu, lower %zu, pre-tokenizer %zu\n", bad[0],
              bad[1], bad[2], bad[3], bad[4]);
}

}  // namespace
}  // namespace wasmpipe
