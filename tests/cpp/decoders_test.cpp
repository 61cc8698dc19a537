// Decoders beyond WordPiece (BPEDecoder, Metaspace, CTC, Replace, Fuse, Strip, ByteFallback).
// Expected values come from HF's Rust tokenizers 0.23.2 (npm binding); the whole corpus is compared
// by tests/cpp/tools/components_decoders.mjs.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "decoders/decoder.h"

namespace wasmpipe {
namespace {

using Tokens = std::vector<std::string>;

std::string decode(const std::string& json, Tokens tokens) {
  return decoders::from_json(Json::parse(json), JsonPath("tokenizer.json", "decoder"))->decode(std::move(tokens));
}

TEST(Decoders, BPEDecoder) {
  EXPECT_EQ(decode(R"({"type":"BPEDecoder","suffix":"</w>"})", {"a</w>", "b</w>c", "d</w>"}), "a b cd");
  EXPECT_EQ(decode(R"({"type":"BPEDecoder","suffix":""})", {"ab", "c"}), " a b c");  // Rust str::replace("")
}

TEST(Decoders, Metaspace) {
  const Tokens t{"\u2581\u2581a\u2581b", "\u2581c\u2581"};
  EXPECT_EQ(decode(R"({"type":"Metaspace","replacement":"\u2581","prepend_scheme":"always","split":true})", t), "ab c ");
  EXPECT_EQ(decode(R"({"type":"Metaspace","replacement":"\u2581","prepend_scheme":"never"})", {"\u2581\u2581a", "\u2581c"}),
            "  a c");
  EXPECT_EQ(decode(R"({"type":"Metaspace","replacement":"\u2581","prepend_scheme":"first"})", {"\u2581\u2581a", "\u2581c"}),
            "a c");
  // Legacy (t5-small): add_prefix_space true = "always"; true + "never" is accepted as "never".
  EXPECT_EQ(decode(R"({"type":"Metaspace","replacement":"\u2581","str_rep":"\u2581","add_prefix_space":true})",
                   {"\u2581x", "\u2581y"}),
            "x y");
  EXPECT_EQ(decode(R"({"type":"Metaspace","replacement":"\u2581","add_prefix_space":true,"prepend_scheme":"never"})",
                   {"\u2581x", "\u2581y"}),
            " x y");
  // Rust refuses add_prefix_space false with the default scheme.
  EXPECT_THROW(decode(R"({"type":"Metaspace","replacement":"\u2581","add_prefix_space":false})", {}), Error);
  EXPECT_THROW(decode(R"({"type":"Metaspace","replacement":"ab"})", {}), Error);
}

TEST(Decoders, CTC) {
  EXPECT_EQ(decode(R"({"type":"CTC"})", {"<pad>", "h", "h", "e", "<pad>", "l", "l", "<pad>", "l", "o", "|", "w", "o", " .", "|"}),
            "hello wo. ");
  EXPECT_EQ(decode(R"({"type":"CTC","pad_token":"<pad>","word_delimiter_token":"|","cleanup":false})", {"a", "a", "|", "b"}),
            "a|b");
}

TEST(Decoders, ReplaceFuseStripByteFallback) {
  EXPECT_EQ(decode(R"({"type":"Replace","pattern":{"String":""},"content":"X"})", {"ab", ""}), "XaXbX");
  EXPECT_EQ(decode(R"({"type":"Replace","pattern":{"Regex":"\u2581+"},"content":" "})", {"\u2581\u2581a", "b\u2581"}), " ab ");
  EXPECT_EQ(decode(R"({"type":"Strip","content":" ","start":1,"stop":1})", {"  a  ", "  ", "b"}), " a b");
  EXPECT_EQ(decode(R"({"type":"Strip","content":" ","start":1,"stop":1})", {" "}), "");  // Rust panics here
  // "<0x+A>" parses as 0x0A (u8::from_str_radix accepts '+'); invalid runs give one U+FFFD per byte.
  EXPECT_EQ(decode(R"({"type":"ByteFallback"})", {"<0x+A>", "<0xE2>", "<0x82>", "a", "<0xE2>", "<0x82>", "<0xAC>", "<0xzz>", "<0x41>"}),
            "\uFFFD\uFFFD\uFFFDa\u20AC<0xzz>A");
  std::vector<std::string> t{"a", "b"};
  decoders::from_json(Json::parse(R"({"type":"Fuse"})"), JsonPath("tokenizer.json", "decoder"))->decode_chain(t);
  EXPECT_EQ(t, (Tokens{"ab"}));
}

TEST(Decoders, LlamaSequenceFromFixture) {
  std::ifstream f(std::string(WASMPIPE_FIXTURES) + "/tokenizers/meta-llama__Llama-2-7b-hf/tokenizer.json");
  std::stringstream ss;
  ss << f.rdbuf();
  const Json j = Json::parse(ss.str());
  auto d = decoders::from_json(j["decoder"], JsonPath("tokenizer.json", "decoder"));
  EXPECT_EQ(d->decode({"\u2581Hello", "\u2581w", "orld", "<0xE2>", "<0x82>", "<0xAC>", "!"}), "Hello world\u20AC!");
}

}  // namespace
}  // namespace wasmpipe
