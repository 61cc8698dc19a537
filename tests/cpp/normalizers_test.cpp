// Normalizers beyond BERT (NFC/NFD/NFKC/NFKD, Lowercase, Strip, StripAccents, Replace, Prepend, Nmt,
// Precompiled). Expected values come from HF's Rust tokenizers 0.23.2 (npm binding), see
// tests/cpp/tools/components_normalizers.mjs, which compares the whole corpus and every code point.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "normalizers/normalizer.h"
#include "normalizers/precompiled.h"
#include "tokenizer/normalized_string.h"

namespace wasmpipe {
namespace {

using Offs = std::vector<Offsets>;

std::unique_ptr<normalizers::Normalizer> make(const std::string& json) {
  return normalizers::from_json(Json::parse(json), JsonPath("tokenizer.json", "normalizer"));
}

std::string run(const std::string& json, const std::string& text) {
  NormalizedString s(text);
  make(json)->normalize(s);
  return s.get();
}

// Original offsets of each normalized char.
Offs char_offsets(const NormalizedString& s) {
  Offs out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t b = i;
    utf8::decode(s.get(), i);
    out.push_back(*s.to_original(b, i));
  }
  return out;
}

Json fixture(const std::string& name) {
  std::ifstream f(std::string(WASMPIPE_FIXTURES) + "/tokenizers/" + name + "/tokenizer.json");
  std::stringstream ss;
  ss << f.rdbuf();
  return Json::parse(ss.str());
}

TEST(Normalizers, UnicodeForms) {
  EXPECT_EQ(run(R"({"type":"NFKC"})", "\uFB01\u2460\uFF76\uFF9E\u1100\u1161\u11A8 e\u0301\u0316"), "fi1\u30AC\uAC01 \u00E9\u0316");
  EXPECT_EQ(run(R"({"type":"NFD"})", "\uAC01\u00E9"), "\u1100\u1161\u11A8e\u0301");
  EXPECT_EQ(run(R"({"type":"NFC"})", "e\u0301"), "\u00E9");
  EXPECT_EQ(run(R"({"type":"NFKD"})", "\u2460"), "1");
  // Rust's older Unicode tables: no compatibility decomposition for U+32FF (SQUARE ERA NAME REIWA).
  EXPECT_EQ(run(R"({"type":"NFKC"})", "\u32FF"), "\u32FF");
}

TEST(Normalizers, NfcAlignmentsFollowRust) {
  // e + U+0301 + U+0316 + x: the composed é keeps only the 'e' alignment, U+0316 its own (Rust).
  NormalizedString s("e\u0301\u0316x");
  make(R"({"type":"NFC"})")->normalize(s);
  EXPECT_EQ(s.get(), "\u00E9\u0316x");
  EXPECT_EQ(char_offsets(s), (Offs{{0, 1}, {3, 5}, {5, 6}}));
}

TEST(Normalizers, StripAccentsRemovesAllCombiningMarks) {
  // Mn, Mc (U+0903) and Me (U+20DD) go; no decomposition: é stays.
  EXPECT_EQ(run(R"({"type":"StripAccents"})", "a\u0903b\u0301c\u20DDd"), "abcd");
  EXPECT_EQ(run(R"({"type":"StripAccents"})", "\u00E9"), "\u00E9");
  EXPECT_EQ(run(R"({"type":"Sequence","normalizers":[{"type":"NFD"},{"type":"StripAccents"}]})", "\u00E9"), "e");
}

TEST(Normalizers, StripLowercasePrependNmt) {
  EXPECT_EQ(run(R"({"type":"Strip","strip_left":true,"strip_right":true})", " \u3000a b\n "), "a b");
  EXPECT_EQ(run(R"({"type":"Strip","strip_left":false,"strip_right":true})", " a "), " a");
  EXPECT_EQ(run(R"({"type":"Lowercase"})", "ÀB\u0130"), "àbi\u0307");
  EXPECT_EQ(run(R"({"type":"Prepend","prepend":"\u2581"})", ""), "");
  NormalizedString p("ab", 4);
  make(R"({"type":"Prepend","prepend":"\u2581"})")->normalize(p);
  EXPECT_EQ(p.get(), "\u2581ab");
  EXPECT_EQ(char_offsets(p), (Offs{{4, 5}, {4, 5}, {5, 6}}));
  std::string in;
  for (char32_t c : {1, 8, 9, 10, 11, 12, 13, 14, 0x1f, 0x7f, 0x8f, 0x9f, 0x85, 0x1680, 0x200b, 0x200f, 0x2028, 0x2029,
                     0x2581, 0xfeff, 0xfffd, 0xa0}) {
    in += 'x';
    utf8::append(in, c);
  }
  EXPECT_EQ(run(R"({"type":"Nmt"})", in),
            "xxx x xx x xxxxxx\xC2\x85x x x x x x x x x\xC2\xA0");
}

TEST(Normalizers, Replace) {
  EXPECT_EQ(run(R"({"type":"Replace","pattern":{"String":"aa"},"content":"b"})", "aaaaa"), "bba");
  EXPECT_EQ(run(R"({"type":"Replace","pattern":{"String":""},"content":"b"})", "xy"), "bxbyb");
  EXPECT_EQ(run(R"({"type":"Replace","pattern":{"Regex":" {2,}"},"content":" "})", "a   b  c d"), "a b c d");
  // Inserted content aligns to the last char of the match.
  NormalizedString s("a  b");
  make(R"({"type":"Replace","pattern":{"Regex":" +"},"content":"__"})")->normalize(s);
  EXPECT_EQ(s.get(), "a__b");
  EXPECT_EQ(char_offsets(s), (Offs{{0, 1}, {2, 3}, {2, 3}, {3, 4}}));
  EXPECT_THROW(make(R"({"type":"Replace","pattern":{"Regex":"("},"content":""})"), Error);
  EXPECT_THROW(make(R"({"type":"Replace","pattern":{"Foo":"x"},"content":""})"), Error);
}

TEST(Normalizers, PrecompiledFromFixtures) {
  const Json t5 = fixture("t5-small");
  auto n = normalizers::from_json(t5["normalizer"], JsonPath("tokenizer.json", "normalizer"));
  NormalizedString s("\uFF48\uFF45\uFF4C\uFF4C\uFF4F\u3000\uFF57\uFF4F\uFF52\uFF4C\uFF44 \u2460 \uFB01 e\u0301 \u3099");
  n->normalize(s);
  EXPECT_EQ(s.get(), "hello world 1 fi \u00E9 \u3099");
  NormalizedString a("\uFF41\u2460\uFB01b");
  n->normalize(a);
  EXPECT_EQ(a.get(), "a1fib");
  EXPECT_EQ(char_offsets(a), (Offs{{0, 3}, {3, 6}, {6, 9}, {6, 9}, {9, 10}}));

  const Json flan = fixture("google__flan-t5-small");
  auto f = normalizers::from_json(flan["normalizer"], JsonPath("tokenizer.json", "normalizer"));
  NormalizedString b("a   b\u00A0\u00A0c");
  f->normalize(b);
  EXPECT_EQ(b.get(), "a b c");
}

TEST(Normalizers, PrecompiledRejectsBadCharsmaps) {
  EXPECT_THROW(make(R"({"type":"Precompiled","precompiled_charsmap":"!!!"})"), Error);
  EXPECT_THROW(make(R"({"type":"Precompiled","precompiled_charsmap":"AAAA"})"), Error);  // empty trie
  EXPECT_THROW(make(R"({"type":"Precompiled","precompiled_charsmap":"/////w=="})"), Error);  // size too big
  EXPECT_EQ(normalizers::base64_decode("aGk="), std::optional<std::string>("hi"));
}

}  // namespace
}  // namespace wasmpipe
