// BPE model (Rust models::bpe) in isolation: options, merge order, unk / byte-fallback handling,
// JSON forms and errors, and real fixtures against values from Hugging Face's Rust tokenizers.
// Every hand-written expectation below was produced by the npm binding (tokenizers 0.23) on the
// same model JSON.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "core/error.h"
#include "core/json.h"
#include "core/utf8.h"
#include "models/bpe.h"
#include "models/model.h"
#include "models/unigram.h"
#include "models/wordlevel.h"
#include "models_test_util.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

using test::error_of;
using test::model;
using test::run;

constexpr const char* kVocab = R"({"a":0,"b":1,"c":2,"ab":3,"bc":4,"abc":5,"<unk>":6,"b c":7,"#version":8,"x":9)";

std::string bpe_json(const std::string& merges, const std::string& extra = "", const std::string& vocab = kVocab) {
  return std::string(R"({"type":"BPE","vocab":)") + vocab + "}," + R"("merges":)" + merges + extra + "}";
}

TEST(ModelsBpe, MergesLowestRankFirst) {
  // "b c" has the lower rank: a + bc, and no "a bc" merge.
  EXPECT_EQ(run(*model(bpe_json(R"(["b c","a b"])").c_str()), "abc"), (std::vector<std::string>{"a#0@0-1", "bc#4@1-3"}));
  EXPECT_EQ(run(*model(bpe_json(R"(["a b","b c"])").c_str()), "abc"), (std::vector<std::string>{"ab#3@0-2", "c#2@2-3"}));
  // Pair form, same result.
  EXPECT_EQ(run(*model(bpe_json(R"([["a","b"],["b","c"]])").c_str()), "abc"), (std::vector<std::string>{"ab#3@0-2", "c#2@2-3"}));
  // Ties in rank go to the leftmost pair: "a a a" merges the first two.
  auto m = model(R"({"type":"BPE","vocab":{"a":0,"aa":1},"merges":["a a"]})");
  EXPECT_EQ(run(*m, "aaa"), (std::vector<std::string>{"aa#1@0-2", "a#0@2-3"}));
  EXPECT_EQ(run(*m, "aaaa"), (std::vector<std::string>{"aa#1@0-2", "aa#1@2-4"}));
  EXPECT_TRUE(run(*m, "").empty());
}

TEST(ModelsBpe, DuplicateMergeTakesTheLaterRankAndVersionLinesAreSkipped) {
  EXPECT_EQ(run(*model(bpe_json(R"(["b c","a b","b c"])").c_str()), "abc"), (std::vector<std::string>{"ab#3@0-2", "c#2@2-3"}));
  EXPECT_EQ(run(*model(bpe_json(R"(["#version x","a b"])").c_str()), "abc"), (std::vector<std::string>{"ab#3@0-2", "c#2@2-3"}));
}

TEST(ModelsBpe, UnknownCharsWithoutUnkTokenAreDropped) {
  EXPECT_EQ(run(*model(bpe_json(R"(["a b"])").c_str()), "azbq"), (std::vector<std::string>{"ab#3@0-2"}));
}

TEST(ModelsBpe, UnkFusedOrNot) {
  EXPECT_EQ(run(*model(bpe_json(R"(["a b"])", R"(,"unk_token":"<unk>")").c_str()), "azzbq"),
            (std::vector<std::string>{"a#0@0-1", "<unk>#6@1-2", "<unk>#6@2-3", "b#1@3-4", "<unk>#6@4-5"}));
  EXPECT_EQ(run(*model(bpe_json(R"(["a b"])", R"(,"unk_token":"<unk>","fuse_unk":true)").c_str()), "azzbq"),
            (std::vector<std::string>{"a#0@0-1", "<unk>#6@1-3", "b#1@3-4", "<unk>#6@4-5"}));
  // The unk token must be in the vocabulary once it is needed.
  auto m = model(bpe_json(R"(["a b"])", R"(,"unk_token":"<zz>")").c_str());
  EXPECT_EQ(run(*m, "ab").size(), 1u);
  EXPECT_NE(error_of([&] { run(*m, "azb"); }).find("<zz>"), std::string::npos);
}

TEST(ModelsBpe, ByteFallbackLikeRust) {
  // z has "<0x7A>"; the bytes of é do not: é é fuse into one unk, which (as in Rust) is only added
  // when the next known char comes, after the byte tokens of the z in between.
  auto m = model(bpe_json(R"(["a b"])", R"(,"unk_token":"<unk>","fuse_unk":true,"byte_fallback":true)",
                          R"({"a":0,"b":1,"c":2,"ab":3,"bc":4,"abc":5,"<unk>":6,"<0x7A>":10,"<0x71>":11)").c_str());
  EXPECT_EQ(run(*m, "az\xC3\xA9\xC3\xA9zb"),
            (std::vector<std::string>{"a#0@0-1", "<0x7A>#10@1-2", "<0x7A>#10@2-3", "<unk>#6@3-7", "b#1@7-8"}));
}

TEST(ModelsBpe, PrefixAndSuffix) {
  auto m = model(R"({"type":"BPE","vocab":{"a":0,"##b":1,"c</w>":2,"##c</w>":3,"a##b":4,"ab":5},"merges":["a ##b"],
                     "continuing_subword_prefix":"##","end_of_word_suffix":"</w>"})");
  EXPECT_EQ(run(*m, "abc"), (std::vector<std::string>{"ab#5@0-2", "##c</w>#3@2-3"}));
}

TEST(ModelsBpe, IgnoreMergesTakesWholeWordsFromTheVocabulary) {
  // "abc" is in the vocabulary but no merge makes it.
  const std::string merges = R"(["a b"])";
  EXPECT_EQ(run(*model(bpe_json(merges, R"(,"ignore_merges":true)").c_str()), "abc"), (std::vector<std::string>{"abc#5@0-3"}));
  EXPECT_EQ(run(*model(bpe_json(merges, R"(,"ignore_merges":false)").c_str()), "abc"), (std::vector<std::string>{"ab#3@0-2", "c#2@2-3"}));
}

TEST(ModelsBpe, DropoutIsReadButNotApplied) {
  auto m = model(bpe_json(R"(["a b","b c"])", R"(,"dropout":0.5)").c_str());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(run(*m, "abc"), (std::vector<std::string>{"ab#3@0-2", "c#2@2-3"}));
  EXPECT_NE(error_of([&] { model(bpe_json(R"([])", R"(,"dropout":2)").c_str()); }).find("model.dropout"), std::string::npos);
}

TEST(ModelsBpe, JsonErrorsNameThePath) {
  EXPECT_NE(error_of([&] { model(bpe_json(R"(["a b","b c c"])").c_str()); }).find("model.merges[1]"), std::string::npos);
  EXPECT_NE(error_of([&] { model(bpe_json(R"(["a b",["b","c"]])").c_str()); }).find("model.merges[1]"), std::string::npos);
  EXPECT_NE(error_of([&] { model(bpe_json(R"(["a q"])").c_str()); }).find("'q'"), std::string::npos);
  EXPECT_NE(error_of([&] { model(R"({"type":"BPE","vocab":{"a":0}})"); }).find("model.merges"), std::string::npos);
  EXPECT_NE(error_of([&] { model(R"({"type":"BPE","vocab":{"a":-1},"merges":[]})"); }).find("model.vocab.a"), std::string::npos);
}

TEST(ModelsBpe, OldFormatWithoutTypeIsBpe) {
  auto m = model(R"({"vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]})");
  EXPECT_EQ(m->type(), "BPE");
  EXPECT_EQ(run(*m, "ab"), (std::vector<std::string>{"ab#2@0-2"}));
  EXPECT_EQ(m->token_to_id("ab"), 2);
  EXPECT_EQ(m->id_to_token(1), "b");
  EXPECT_EQ(m->vocab_size(), 3u);
}

// ---- real fixtures: each model alone, expected values from the Rust binding ------------------------
// Rows printed by tests/cpp/tools/models_expected.mjs (Hugging Face tokenizers 0.23 through npm).

struct Expected {
  const char* fixture;
  std::string word;
  std::vector<int32_t> ids;
  std::vector<std::string> tokens;
  std::vector<std::pair<uint32_t, uint32_t>> offsets;  // bytes, rounded to whole chars (see below)
};

// The binding reports char offsets, so a byte-fallback token inside a char shows the whole char:
// round our byte offsets the same way before comparing (Rust's BytesToCharOffsetConverter).
std::pair<uint32_t, uint32_t> round_to_chars(std::string_view w, uint32_t s, uint32_t e) {
  auto start_of = [&](uint32_t b) {
    while (b > 0 && b < w.size() && (static_cast<unsigned char>(w[b]) & 0xC0) == 0x80) --b;
    return b;
  };
  if (e <= s) return {start_of(s), start_of(e)};
  const uint32_t last = start_of(e - 1);
  return {start_of(s), static_cast<uint32_t>(std::min(w.size(), last + utf8::sequence_length(static_cast<unsigned char>(w[last]))))};
}

const models::Model* fixture_model(const std::string& name) {
  static std::map<std::string, std::unique_ptr<models::Model>> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second.get();
  auto text = test::read_file(test::fixtures_dir() / "tokenizers" / name / "tokenizer.json");
  if (!text) return nullptr;
  Json j = parse_json(*text, "tokenizer.json");
  auto m = models::from_json(j.at("model"), JsonPath("tokenizer.json", "model"));
  return cache.emplace(name, std::move(m)).first->second.get();
}

void check_rows(const std::vector<Expected>& rows) {
  for (const Expected& r : rows) {
    const models::Model* m = fixture_model(r.fixture);
    if (!m) WASMPIPE_SKIP_OR_FAIL("fixture " << r.fixture << " not found under " << test::fixtures_dir());
    std::vector<Token> out;
    m->tokenize(r.word, out);
    std::vector<int32_t> ids;
    std::vector<std::string> tokens;
    std::vector<std::pair<uint32_t, uint32_t>> offsets;
    for (const Token& t : out) {
      ids.push_back(t.id);
      tokens.push_back(t.value);
      offsets.push_back(round_to_chars(r.word, t.start, t.end));
    }
    EXPECT_EQ(ids, r.ids) << r.fixture << ": " << r.word;
    EXPECT_EQ(tokens, r.tokens) << r.fixture << ": " << r.word;
    EXPECT_EQ(offsets, r.offsets) << r.fixture << ": " << r.word;
  }
}

TEST(ModelsBpe, RealFixturesMatchRust) {
  // gpt2 / Llama-3 (ignore_merges) / gpt-4o: byte-level words; TinyLlama (merges as pairs) and Phi-3
  // (strings): byte_fallback; CLIP: end_of_word_suffix + unk; roberta-base: old format.
  check_rows({
    {"gpt2", "Hello", {15496}, {"Hello"}, {{0, 5}}},
    {"gpt2", "\xC4\xA0world", {995}, {"\xC4\xA0world"}, {{0, 7}}},
    {"gpt2", "\xC4\xA0tokenization", {11241, 1634}, {"\xC4\xA0token", "ization"}, {{0, 7}, {7, 14}}},
    {"gpt2", "\xC4\xA0\xC3\xB0\xC5\x81\xC2\xA4\xC4\xB9Transformers", {12520, 97, 245, 41762, 364}, {"\xC4\xA0\xC3\xB0\xC5\x81", "\xC2\xA4", "\xC4\xB9", "Transform", "ers"}, {{0, 6}, {6, 8}, {8, 10}, {10, 19}, {19, 22}}},
    {"gpt2", "\xC4\xA0na\xC3\x83\xC2\xAFve", {41492}, {"\xC4\xA0na\xC3\x83\xC2\xAFve"}, {{0, 10}}},
    {"gpt2", "\xC4\x8A\xC4\x8A", {628}, {"\xC4\x8A\xC4\x8A"}, {{0, 4}}},
    {"gpt2", "\xC4\xA0----------------", {34400}, {"\xC4\xA0----------------"}, {{0, 18}}},
    {"gpt2", "\xC4\xA0" "d\xC3\x83\xC2\xA9j\xC3\x83\xC5\x82-vu", {39073, 73, 24247, 12, 40939}, {"\xC4\xA0" "d\xC3\x83\xC2\xA9", "j", "\xC3\x83\xC5\x82", "-", "vu"}, {{0, 7}, {7, 8}, {8, 12}, {12, 13}, {13, 15}}},
    {"meta-llama__Meta-Llama-3-8B", "\xC4\xA0Hello", {22691}, {"\xC4\xA0Hello"}, {{0, 7}}},
    {"meta-llama__Meta-Llama-3-8B", "\xC4\xA0tokenization", {4037, 2065}, {"\xC4\xA0token", "ization"}, {{0, 7}, {7, 14}}},
    {"meta-llama__Meta-Llama-3-8B", "\xC4\xA0\xC3\xA6\xC4\xB9\xC2\xA5\xC3\xA6\xC4\xBE\xC2\xAC\xC3\xA8\xC2\xAA\xC5\x80\xC3\xA3\xC4\xA3\xC2\xAE\xC3\xA3\xC4\xA5\xC4\xA8\xC3\xA3\xC4\xA4\xC5\x83\xC3\xA3\xC4\xA4\xC2\xB9\xC3\xA3\xC4\xA5\xC4\xAA", {105180, 102158, 16144, 57933, 62903, 71634}, {"\xC4\xA0\xC3\xA6\xC4\xB9\xC2\xA5\xC3\xA6\xC4\xBE\xC2\xAC", "\xC3\xA8\xC2\xAA\xC5\x80", "\xC3\xA3\xC4\xA3\xC2\xAE", "\xC3\xA3\xC4\xA5\xC4\xA8", "\xC3\xA3\xC4\xA4\xC5\x83", "\xC3\xA3\xC4\xA4\xC2\xB9\xC3\xA3\xC4\xA5\xC4\xAA"}, {{0, 14}, {14, 20}, {20, 26}, {26, 32}, {32, 38}, {38, 50}}},
    {"meta-llama__Meta-Llama-3-8B", "\xC4\xA0supercalifragilisticexpialidocious", {2307, 5531, 333, 4193, 321, 4633, 4683, 532, 307, 78287}, {"\xC4\xA0super", "cal", "if", "rag", "il", "istic", "exp", "ial", "id", "ocious"}, {{0, 7}, {7, 10}, {10, 12}, {12, 15}, {15, 17}, {17, 22}, {22, 25}, {25, 28}, {28, 30}, {30, 36}}},
    {"meta-llama__Meta-Llama-3-8B", "\xC4\xA0\xC4\xA0\xC4\xA0", {262}, {"\xC4\xA0\xC4\xA0\xC4\xA0"}, {{0, 6}}},
    {"meta-llama__Meta-Llama-3-8B", "\xC4\xA0\xC3\xB0\xC5\x81\xC2\xA4\xC4\xB9\xC3\xB0\xC5\x81\xC2\xA4\xC4\xB9", {11410, 97, 245, 9468, 97, 245}, {"\xC4\xA0\xC3\xB0\xC5\x81", "\xC2\xA4", "\xC4\xB9", "\xC3\xB0\xC5\x81", "\xC2\xA4", "\xC4\xB9"}, {{0, 6}, {6, 8}, {8, 10}, {10, 14}, {14, 16}, {16, 18}}},
    {"Xenova__gpt-4o", "\xC4\xA0Hello", {32949}, {"\xC4\xA0Hello"}, {{0, 7}}},
    {"Xenova__gpt-4o", "\xC4\xA0tokenization", {6602, 2860}, {"\xC4\xA0token", "ization"}, {{0, 7}, {7, 14}}},
    {"Xenova__gpt-4o", "\xC4\xA0\xC3\xA6\xC4\xB9\xC2\xA5\xC3\xA6\xC4\xBE\xC2\xAC\xC3\xA8\xC2\xAA\xC5\x80\xC3\xA3\xC4\xA3\xC2\xAE\xC3\xA3\xC4\xA5\xC4\xA8\xC3\xA3\xC4\xA4\xC5\x83\xC3\xA3\xC4\xA4\xC2\xB9\xC3\xA3\xC4\xA5\xC4\xAA", {17428, 40909, 3385, 16056, 18368, 38236}, {"\xC4\xA0\xC3\xA6\xC4\xB9\xC2\xA5\xC3\xA6\xC4\xBE\xC2\xAC", "\xC3\xA8\xC2\xAA\xC5\x80", "\xC3\xA3\xC4\xA3\xC2\xAE", "\xC3\xA3\xC4\xA5\xC4\xA8", "\xC3\xA3\xC4\xA4\xC5\x83", "\xC3\xA3\xC4\xA4\xC2\xB9\xC3\xA3\xC4\xA5\xC4\xAA"}, {{0, 14}, {14, 20}, {20, 26}, {26, 32}, {32, 38}, {38, 50}}},
    {"Xenova__gpt-4o", "\xC4\xA0\xC3\x90\xC5\x81\xC3\x91\xC4\xA2\xC3\x90\xC2\xB8\xC3\x90\xC2\xB2\xC3\x90\xC2\xB5\xC3\x91\xC4\xA4", {14917, 131903}, {"\xC4\xA0\xC3\x90\xC5\x81\xC3\x91\xC4\xA2", "\xC3\x90\xC2\xB8\xC3\x90\xC2\xB2\xC3\x90\xC2\xB5\xC3\x91\xC4\xA4"}, {{0, 10}, {10, 26}}},
    {"Xenova__gpt-4o", "\xC4\xA0" "12345", {220, 7633, 2548}, {"\xC4\xA0", "123", "45"}, {{0, 2}, {2, 5}, {5, 7}}},
    {"TinyLlama__TinyLlama-1.1B-Chat-v1.0", "\xE2\x96\x81Hello", {15043}, {"\xE2\x96\x81Hello"}, {{0, 8}}},
    {"TinyLlama__TinyLlama-1.1B-Chat-v1.0", "\xE2\x96\x81tokenization", {5993, 2133}, {"\xE2\x96\x81token", "ization"}, {{0, 8}, {8, 15}}},
    {"TinyLlama__TinyLlama-1.1B-Chat-v1.0", "\xE2\x96\x81\xE2\x99\xAA\xE2\x99\xAA", {29871, 229, 156, 173, 229, 156, 173}, {"\xE2\x96\x81", "<0xE2>", "<0x99>", "<0xAA>", "<0xE2>", "<0x99>", "<0xAA>"}, {{0, 3}, {3, 6}, {3, 6}, {3, 6}, {6, 9}, {6, 9}, {6, 9}}},
    {"TinyLlama__TinyLlama-1.1B-Chat-v1.0", "\xE2\x96\x81\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", {29871, 30325, 30346, 30968}, {"\xE2\x96\x81", "\xE6\x97\xA5", "\xE6\x9C\xAC", "\xE8\xAA\x9E"}, {{0, 3}, {3, 6}, {6, 9}, {9, 12}}},
    {"TinyLlama__TinyLlama-1.1B-Chat-v1.0", "x\x01y", {29916, 4, 29891}, {"x", "<0x01>", "y"}, {{0, 1}, {1, 2}, {2, 3}}},
    {"TinyLlama__TinyLlama-1.1B-Chat-v1.0", "\xE2\x96\x81\xF0\x9F\xA4\x97Transformers", {29871, 243, 162, 167, 154, 13372, 414}, {"\xE2\x96\x81", "<0xF0>", "<0x9F>", "<0xA4>", "<0x97>", "Transform", "ers"}, {{0, 3}, {3, 7}, {3, 7}, {3, 7}, {3, 7}, {7, 16}, {16, 19}}},
    {"microsoft__Phi-3-mini-4k-instruct", "\xE2\x96\x81Hello", {15043}, {"\xE2\x96\x81Hello"}, {{0, 8}}},
    {"microsoft__Phi-3-mini-4k-instruct", "\xE2\x96\x81tokenization", {5993, 2133}, {"\xE2\x96\x81token", "ization"}, {{0, 8}, {8, 15}}},
    {"microsoft__Phi-3-mini-4k-instruct", "\xE2\x96\x81\xE2\x99\xAA\xE2\x99\xAA", {29871, 229, 156, 173, 229, 156, 173}, {"\xE2\x96\x81", "<0xE2>", "<0x99>", "<0xAA>", "<0xE2>", "<0x99>", "<0xAA>"}, {{0, 3}, {3, 6}, {3, 6}, {3, 6}, {6, 9}, {6, 9}, {6, 9}}},
    {"microsoft__Phi-3-mini-4k-instruct", "\xE2\x96\x81\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", {29871, 30325, 30346, 30968}, {"\xE2\x96\x81", "\xE6\x97\xA5", "\xE6\x9C\xAC", "\xE8\xAA\x9E"}, {{0, 3}, {3, 6}, {6, 9}, {9, 12}}},
    {"openai__clip-vit-base-patch32", "hello", {3306}, {"hello</w>"}, {{0, 5}}},
    {"openai__clip-vit-base-patch32", "tokenization", {32634, 10847}, {"token", "ization</w>"}, {{0, 5}, {5, 12}}},
    {"openai__clip-vit-base-patch32", "na\xC3\xAFve", {1097, 171, 563}, {"na", "\xC3\xAF", "ve</w>"}, {{0, 2}, {2, 4}, {4, 6}}},
    {"openai__clip-vit-base-patch32", "\xE6\x97\xA5\xE6\x9C\xAC", {49407, 49407}, {"<|endoftext|>", "<|endoftext|>"}, {{0, 3}, {3, 6}}},
    {"roberta-base", "\xC4\xA0Hello", {20920}, {"\xC4\xA0Hello"}, {{0, 7}}},
    {"roberta-base", "\xC4\xA0tokenization", {19233, 1938}, {"\xC4\xA0token", "ization"}, {{0, 7}, {7, 14}}},
  });
}

}  // namespace
}  // namespace wasmpipe
