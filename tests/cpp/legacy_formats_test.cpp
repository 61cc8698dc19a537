// UnicodeScripts, vocab.json + merges.txt repos and tokenizer_config.json class semantics, natively.
// Expected values: HF Rust tokenizers' own unit tests and its npm binding (UnicodeScripts), GPT-2's
// published ids ("Hello"=15496, " world"=995, <|endoftext|>=50256), TinyLlama's </s>=2. The full
// comparisons against Rust and Python run in tests/js (unicode-scripts, tokenizer-legacy).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/unicode_scripts.h"
#include "pre_tokenizers/unicode_scripts.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

using Pieces = std::vector<std::pair<std::string, std::pair<uint32_t, uint32_t>>>;

Pieces split(std::string_view text) {
  PreTokenizedString pts(text);
  pre_tokenizers::UnicodeScripts().pre_tokenize(pts);
  Pieces out;
  for (const Split& s : pts.splits()) {
    const auto off = s.normalized.to_original(0, s.normalized.size());
    out.push_back({s.normalized.get(), off.value_or(std::pair<uint32_t, uint32_t>{0, 0})});
  }
  return out;
}

TEST(UnicodeScripts, RustUnitTestCases) {
  EXPECT_EQ(split("どこで生れ。Yes"), (Pieces{{"どこで生れ", {0, 15}}, {"。", {15, 18}}, {"Yes", {18, 21}}}));
  EXPECT_EQ(split("Apples are りんご 林檎"), (Pieces{{"Apples are ", {0, 11}}, {"りんご 林檎", {11, 27}}}));
}

TEST(UnicodeScripts, LeadingCharsWithoutScriptAreDroppedLikeRust) {
  // From the Rust binding: "  hello world" -> one piece at 2..13; "   " -> nothing.
  EXPECT_EQ(split("  hello world"), (Pieces{{"hello world", {2, 13}}}));
  EXPECT_TRUE(split("   ").empty());
  EXPECT_EQ(split("1 2 abc"), (Pieces{{"1 2 ", {0, 4}}, {"abc", {4, 7}}}));
}

TEST(UnicodeScripts, ScriptTable) {
  using unicode::Script;
  EXPECT_EQ(unicode::script_of(U'京'), Script::Han);
  EXPECT_EQ(unicode::script_of(U'い'), Script::Hiragana);
  EXPECT_EQ(unicode::script_of(U'グ'), Script::Katakana);
  EXPECT_EQ(unicode::script_of(U'ー'), Script::Common);
  EXPECT_EQ(unicode::script_of(U'a'), Script::Latin);
  EXPECT_EQ(unicode::script_of(U'0'), Script::Common);
  EXPECT_EQ(unicode::script_of(U' '), Script::Common);
  EXPECT_EQ(unicode::script_of(0x10FFFF), Script::Any);
}

std::string fixture(const char* name, const char* file) {
  return test::read_file(test::fixtures_dir() / "tokenizers" / name / file).value_or("");
}

TEST(VocabMerges, Gpt2FromVocabAndMerges) {
  const std::string vocab = fixture("distilgpt2", "vocab.json"), merges = fixture("distilgpt2", "merges.txt");
  if (vocab.empty()) WASMPIPE_SKIP_OR_FAIL("no distilgpt2 fixture");
  const Tokenizer t = Tokenizer::from_vocab_merges(vocab, merges, "", R"({"model_type": "gpt2"})");
  EXPECT_EQ(t.encode("Hello world").ids, (std::vector<int32_t>{15496, 995}));
  EXPECT_EQ(t.encode("Hello<|endoftext|>").ids, (std::vector<int32_t>{15496, 50256}));
  EXPECT_EQ(t.decode(std::vector<int32_t>{15496, 995}, false, false), "Hello world");
  const Tokenizer bos = Tokenizer::from_vocab_merges(vocab, merges, R"({"add_bos_token": true, "tokenizer_class": "GPT2Tokenizer"})", "");
  EXPECT_EQ(bos.encode("Hello world").ids, (std::vector<int32_t>{50256, 15496, 995}));
}

TEST(VocabMerges, ErrorsNameTheProblem) {
  auto code_of = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::Internal;
  };
  EXPECT_EQ(code_of([] { Tokenizer::from_vocab_merges("{}", "", R"({"tokenizer_class": "XLNetTokenizer"})", ""); }),
            ErrorCode::NotImplemented);
  EXPECT_EQ(code_of([] { Tokenizer::from_vocab_merges("{\"a\":0}", "#v\na b c\n", "", R"({"model_type": "gpt2"})"); }),
            ErrorCode::InvalidFile);
}

TEST(TokenizerClassSemantics, LlamaAddEosTokenRebuildsTheTemplate) {
  const std::string json = fixture("TinyLlama__TinyLlama-1.1B-Chat-v1.0", "tokenizer.json");
  if (json.empty()) WASMPIPE_SKIP_OR_FAIL("no TinyLlama fixture");
  const auto plain = Tokenizer::from_json(json, R"({"tokenizer_class": "LlamaTokenizer", "bos_token": "<s>", "eos_token": "</s>"})").encode("Hello").ids;
  const auto with_eos = Tokenizer::from_json(json, R"({"tokenizer_class": "LlamaTokenizer", "add_eos_token": true, "bos_token": "<s>", "eos_token": "</s>"})").encode("Hello").ids;
  const auto none = Tokenizer::from_json(json, R"({"tokenizer_class": "LlamaTokenizerFast", "add_bos_token": false, "bos_token": "<s>"})").encode("Hello").ids;
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(plain.front(), 1);
  EXPECT_EQ(with_eos, [&] { auto v = plain; v.push_back(2); return v; }());
  EXPECT_EQ(none, std::vector<int32_t>(plain.begin() + 1, plain.end()));
}

}  // namespace
}  // namespace wasmpipe
