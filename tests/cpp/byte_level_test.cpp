// Byte-level alphabet, ByteLevel normalizer / decoder / post-processor against HF's Rust
// tokenizers (npm binding: byteLevelAlphabet(), Tokenizer.decode, gpt2's encode offsets).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/byte_level.h"
#include "core/error.h"
#include "decoders/decoder.h"
#include "normalizers/normalizer.h"
#include "post_processors/byte_level.h"
#include "post_processors/post_processor.h"

namespace wasmpipe {
namespace {

TEST(ByteLevelAlphabet, Gpt2BytesToUnicode) {
  EXPECT_EQ(byte_level::byte_to_char(' '), U'\u0120');
  EXPECT_EQ(byte_level::byte_to_char('\n'), U'\u010A');
  EXPECT_EQ(byte_level::byte_to_char('!'), U'!');
  EXPECT_EQ(byte_level::byte_to_char(0), U'\u0100');
  EXPECT_EQ(byte_level::byte_to_char(0xAD), U'\u0143');
  EXPECT_EQ(byte_level::byte_to_char(0xFF), U'\u00FF');
  EXPECT_EQ(byte_level::byte_to_utf8(' '), "\u0120");
  std::set<char32_t> chars(byte_level::alphabet().begin(), byte_level::alphabet().end());
  EXPECT_EQ(chars.size(), 256u);  // the binding's byteLevelAlphabet() has 256 distinct chars
  for (int b = 0; b < 256; ++b) EXPECT_EQ(byte_level::char_to_byte(byte_level::byte_to_char(uint8_t(b))), b);
  EXPECT_EQ(byte_level::char_to_byte(U'\u0144'), -1);
  EXPECT_EQ(byte_level::char_to_byte(U'\u2581'), -1);
  EXPECT_EQ(byte_level::encode("a é\n"), "a\u0120\u00C3\u00A9\u010A");
  std::string back;
  ASSERT_TRUE(byte_level::decode("a\u0120\u00C3\u00A9\u010A", back));
  EXPECT_EQ(back, "a é\n");
}

TEST(ByteLevelAlphabet, Utf8LossyLikeRust) {
  EXPECT_EQ(byte_level::utf8_lossy("ok\xF0\x9F\x98"), "ok\uFFFD");
  EXPECT_EQ(byte_level::utf8_lossy(" \xF0\x9F\x98 \xF0\x9F\x98\x80"), " \uFFFD \U0001F600");
  EXPECT_EQ(byte_level::utf8_lossy("\xC3 x"), "\uFFFD x");
  EXPECT_EQ(byte_level::utf8_lossy("\x80\xBF"), "\uFFFD\uFFFD");       // lone continuations
  EXPECT_EQ(byte_level::utf8_lossy("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // surrogate: 3 subparts
  EXPECT_EQ(byte_level::utf8_lossy("\xE0\x80"), "\uFFFD\uFFFD");       // overlong start
  EXPECT_EQ(byte_level::utf8_lossy("\xF4\x90\x80\x80"), "\uFFFD\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(byte_level::utf8_lossy("\xE2\x82"), "\uFFFD");
}

TEST(ByteLevelDecoder, MatchesRustDecode) {
  const auto dec = decoders::from_json(
      parse_json(R"({"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true})", "t.json"),
      JsonPath("t.json", "decoder"));
  // Binding: WordLevel vocab of these tokens, Tokenizer.decode(ids, false).
  EXPECT_EQ(dec->decode({"\u0120hello", "\u0120\u00F0\u0141\u013A", "\u0122"}), " hello \U0001F600");
  EXPECT_EQ(dec->decode({"\u0120hello", "\u0120\u00F0\u0141\u013A"}), " hello \uFFFD");
  EXPECT_EQ(dec->decode({"plain\u2713"}), "plain\u2713");  // not in the alphabet: kept as is
  EXPECT_EQ(dec->decode({"\u00C3", "\u0120hello"}), "\uFFFD hello");
  EXPECT_EQ(dec->decode({"\u0100\u010A", "\u0120", "plain\u2713"}), std::string("\0\n plain\u2713", 11));
  EXPECT_EQ(dec->decode({"\u0120\u00F0\u0141\u013A", "\u0120\u00F0\u0141\u013A", "\u0122"}), " \uFFFD \U0001F600");
  EXPECT_THROW(decoders::from_json(parse_json(R"({"type": "ByteLevel"})", "t.json"), JsonPath("t.json", "decoder")),
               Error);
}

TEST(ByteLevelNormalizer, MapsBytesKeepingAlignments) {
  const auto n = normalizers::from_json(parse_json(R"({"type": "ByteLevel"})", "t.json"), JsonPath("t.json", "normalizer"));
  NormalizedString s("a é");
  n->normalize(s);
  EXPECT_EQ(s.get(), "a\u0120\u00C3\u00A9");
  EXPECT_EQ(s.to_original(0, 1), (Offsets{0, 1}));
  EXPECT_EQ(s.to_original(1, 3), (Offsets{1, 2}));
  EXPECT_EQ(s.to_original(3, 7), (Offsets{2, 4}));  // both byte chars of é map to all of é
  NormalizedString empty("");
  n->normalize(empty);
  EXPECT_TRUE(empty.empty());
}

Encoding enc(std::vector<std::string> tokens, std::vector<std::pair<uint32_t, uint32_t>> offsets) {
  Encoding e;
  e.tokens = std::move(tokens);
  e.offsets = std::move(offsets);
  e.ids.assign(e.tokens.size(), 0);
  return e;
}

TEST(ByteLevelPostProcessor, TrimsOffsetsLikeRust) {
  // gpt2 tokenizer.json through the binding, post_processor trim_offsets false (raw offsets) vs
  // true, with add_prefix_space false / true; offsets converted from chars to bytes.
  auto load = [](const char* json) {
    return post_processors::from_json(parse_json(json, "t.json"), JsonPath("t.json", "post_processor"));
  };
  const std::vector<std::string> t1 = {"Hello", "\u0120", "\u0120", "\u0120world", "\u0120", "\u0120", "\u010A\u010A", "\u0120x"};
  const std::vector<std::pair<uint32_t, uint32_t>> raw1 = {{0, 5}, {5, 6}, {6, 7}, {7, 13}, {13, 14}, {14, 15}, {15, 17}, {17, 19}};
  const std::vector<std::pair<uint32_t, uint32_t>> trimmed1 = {{0, 5}, {6, 6}, {7, 7}, {8, 13}, {14, 14}, {15, 15}, {15, 17}, {18, 19}};
  const std::vector<std::string> t2 = {"\u0120", "\u0120a", "\u00E3\u0122", "\u0122", "b"};
  const std::vector<std::pair<uint32_t, uint32_t>> raw2 = {{0, 1}, {1, 3}, {3, 6}, {3, 6}, {6, 7}};

  const auto off = load(R"({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false})");
  std::vector<Encoding> v = {enc(t1, raw1)};
  off->process_encodings(v, true);
  EXPECT_EQ(v[0].offsets, raw1);
  EXPECT_EQ(off->added_tokens(false), 0u);

  const auto trim = load(R"({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true})");
  v = {enc(t1, raw1), enc(t2, raw2)};
  v[0].overflowing.push_back(enc(t2, raw2));
  trim->process_encodings(v, true);
  EXPECT_EQ(v[0].offsets, trimmed1);
  const std::vector<std::pair<uint32_t, uint32_t>> trimmed2 = {{1, 1}, {2, 3}, {3, 6}, {3, 6}, {6, 7}};
  EXPECT_EQ(v[1].offsets, trimmed2);
  EXPECT_EQ(v[0].overflowing[0].offsets, trimmed2);

  const auto prefix = load(R"({"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true})");
  std::vector<std::string> t1p = t1;
  t1p[0] = "\u0120Hello";
  v = {enc(t1p, raw1), enc(t2, raw2)};
  prefix->process_encodings(v, true);
  EXPECT_EQ(v[0].offsets, trimmed1);
  EXPECT_EQ(v[1].offsets, (std::vector<std::pair<uint32_t, uint32_t>>{{0, 0}, {2, 3}, {3, 6}, {3, 6}, {6, 7}}));
}

}  // namespace
}  // namespace wasmpipe
