// End-to-end tests of the BERT tokenizer on a tiny hand-made tokenizer.json. Every expected value
// was produced by Hugging Face's Rust tokenizers (npm `tokenizers` 0.23.2), with offsets converted
// to bytes.
#include <gtest/gtest.h>

#include "core/error.h"
#include "tokenizer_tiny.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe {
namespace {

using Offs = std::vector<std::pair<uint32_t, uint32_t>>;
using test::kTinyTokenizerJson;
using test::tiny_with;

Tokenizer tiny() { return Tokenizer::from_json(kTinyTokenizerJson); }

TEST(TokenizerBert, EncodesWithSpecialTokensAndOffsets) {
  Tokenizer t = tiny();
  Encoding e = t.encode("Hello, World!");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 5, 11, 6, 10, 3}));
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "hello", ",", "world", "!", "[SEP]"}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 5}, {5, 6}, {7, 12}, {12, 13}, {0, 0}}));
  EXPECT_EQ(e.type_ids, (std::vector<int32_t>(6, 0)));
  EXPECT_EQ(e.word_ids, (std::vector<int32_t>{-1, 0, 1, 2, 3, -1}));
  EXPECT_EQ(e.special_tokens_mask, (std::vector<uint8_t>{1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(e.attention_mask, (std::vector<uint8_t>(6, 1)));
  EXPECT_TRUE(e.overflowing.empty());
  EXPECT_EQ(e.size(), 6u);
}

TEST(TokenizerBert, WordPieceContinuations) {
  Encoding e = tiny().encode("unaffable hello");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 7, 8, 9, 5, 3}));
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "un", "##aff", "##able", "hello", "[SEP]"}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 2}, {2, 5}, {5, 9}, {10, 15}, {0, 0}}));
  EXPECT_EQ(e.word_ids, (std::vector<int32_t>{-1, 0, 0, 0, 1, -1}));
}

TEST(TokenizerBert, AccentsAreStrippedWithLowercaseAndOffsetsStayOriginal) {
  // "résumé" has no vocab pieces: the whole word becomes [UNK], spanning its original bytes.
  Encoding e = tiny().encode("Café naïve résumé");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 20, 36, 1, 3}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 5}, {6, 12}, {13, 21}, {0, 0}}));
}

TEST(TokenizerBert, ChineseCharsAreIsolated) {
  Encoding e = tiny().encode("中文abc文");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 17, 18, 1, 18, 3}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 3}, {3, 6}, {6, 9}, {9, 12}, {0, 0}}));
  EXPECT_EQ(e.word_ids, (std::vector<int32_t>{-1, 0, 1, 2, 3, -1}));
}

TEST(TokenizerBert, ControlCharsRemovedWhitespaceKept) {
  // \0, \x01, U+FFFD and U+200B (Cf) vanish, so "abcde" is one (unknown) word; \t and \n split.
  const std::string text = std::string("a\0b\x01" "c\xEF\xBF\xBD" "d\xE2\x80\x8B" "e\tx\ny", 18);
  Encoding e = tiny().encode(text);
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 1, 29, 1, 3}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 13}, {14, 15}, {16, 17}, {0, 0}}));
}

TEST(TokenizerBert, DottedCapitalIIsLowercasedThenStripped) {
  // U+0130 -> NFD "I" + U+0307 -> accent dropped -> "i".
  Encoding e = tiny().encode("\xC4\xB0 \xC4\xB0s");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 13, 28, 3}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 2}, {3, 6}, {0, 0}}));
}

TEST(TokenizerBert, DottedCapitalIWithoutStripAccentsKeepsCombiningDot) {
  // lowercase without strip_accents: Rust's to_lowercase gives "i̇" (i + U+0307), in the vocab as 37.
  Tokenizer t = Tokenizer::from_json(tiny_with([](auto& j) { j["normalizer"]["strip_accents"] = false; }));
  Encoding e = t.encode("\xC4\xB0");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 37, 3}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 2}, {0, 0}}));
}

TEST(TokenizerBert, SpecialTokensInTextAreMatchedRaw) {
  Encoding e = tiny().encode("hello [MASK] world[SEP]");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 5, 4, 6, 3, 3}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 5}, {6, 12}, {13, 18}, {18, 23}, {0, 0}}));
  EXPECT_EQ(e.word_ids, (std::vector<int32_t>{-1, 0, 1, 2, 3, -1}));
  // Like Rust: an added special token found in the text is not flagged in special_tokens_mask.
  EXPECT_EQ(e.special_tokens_mask, (std::vector<uint8_t>{1, 0, 0, 0, 0, 1}));
}

TEST(TokenizerBert, WordLongerThanMaxCharsIsUnknown) {
  Encoding e = tiny().encode("helloworldhelloworld hello");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 1, 5, 3}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 20}, {21, 26}, {0, 0}}));
}

TEST(TokenizerBert, PairsGetTypeIds) {
  Tokenizer t = tiny();
  Encoding e = t.encode_pair("hello world", "my name is x");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 5, 6, 3, 26, 27, 28, 29, 3}));
  EXPECT_EQ(e.type_ids, (std::vector<int32_t>{0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 5}, {6, 11}, {0, 0}, {0, 2}, {3, 7}, {8, 10}, {11, 12}, {0, 0}}));
  EXPECT_EQ(e.word_ids, (std::vector<int32_t>{-1, 0, 1, -1, 0, 1, 2, 3, -1}));
  EXPECT_EQ(e.special_tokens_mask, (std::vector<uint8_t>{1, 0, 0, 1, 0, 0, 0, 0, 1}));

  Encoding n = t.encode_pair("hello world", "my name", false);
  EXPECT_EQ(n.ids, (std::vector<int32_t>{5, 6, 26, 27}));
  EXPECT_EQ(n.type_ids, (std::vector<int32_t>{0, 0, 1, 1}));
  EXPECT_EQ(n.word_ids, (std::vector<int32_t>{0, 1, 0, 1}));
}

TEST(TokenizerBert, EmptyAndBlankInputs) {
  Tokenizer t = tiny();
  EXPECT_EQ(t.encode("").ids, (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(t.encode("   ").ids, (std::vector<int32_t>{2, 3}));
  EXPECT_TRUE(t.encode("", false).ids.empty());
}

TEST(TokenizerBert, InvalidUtf8IsAClearError) {
  Tokenizer t = tiny();
  try {
    t.encode("ab\xC3(");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("byte offset 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(t.encode_pair("ok", "\xED\xA0\x80"), Error);  // a surrogate
}

// ---- added tokens -------------------------------------------------------------------------------

std::string with_added_tokens() {
  return tiny_with([](auto& j) {
    auto add = [&](int id, const char* content, bool single_word, bool lstrip, bool rstrip, bool normalized, bool special) {
      j["added_tokens"].push_back({{"id", id}, {"content", content}, {"single_word", single_word}, {"lstrip", lstrip},
                                   {"rstrip", rstrip}, {"normalized", normalized}, {"special", special}});
    };
    add(40, "hel", true, false, false, false, false);
    add(41, "<x>", false, true, true, false, true);
    add(42, "Wor", false, false, false, true, false);
    add(43, "new!", false, false, true, false, false);
    add(44, "\xC3\x89T\xC3\x89", false, false, false, true, false);  // "ÉTÉ"
  });
}

TEST(TokenizerBert, AddedTokenSingleWord) {
  // "hel" is in the vocab (31): it keeps that id. Matched only as a whole word.
  Tokenizer t = Tokenizer::from_json(with_added_tokens());
  Encoding e = t.encode("hel hello hel. xhel");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 31, 5, 31, 12, 1, 3}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 3}, {4, 9}, {10, 13}, {13, 14}, {15, 19}, {0, 0}}));
}

TEST(TokenizerBert, AddedTokenLstripRstrip) {
  // "<x>" is new: it gets id 40 (the vocab size), whatever tokenizer.json listed; its token
  // includes the stripped spaces, like Rust.
  Tokenizer t = Tokenizer::from_json(with_added_tokens());
  Encoding e = t.encode("a  <x>  b<x>c");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 14, 40, 1, 40, 1, 3}));
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "a", "  <x>  ", "[UNK]", "<x>", "[UNK]", "[SEP]"}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 1}, {1, 8}, {8, 9}, {9, 12}, {12, 13}, {0, 0}}));
  Encoding r = t.encode("new!   hello new!x");
  EXPECT_EQ(r.ids, (std::vector<int32_t>{2, 42, 5, 42, 29, 3}));
  EXPECT_EQ(r.tokens[1], "new!   ");
  EXPECT_EQ(r.offsets, (Offs{{0, 0}, {0, 7}, {7, 12}, {13, 17}, {17, 18}, {0, 0}}));
}

TEST(TokenizerBert, NormalizedAddedTokensMatchNormalizedText) {
  Tokenizer t = Tokenizer::from_json(with_added_tokens());
  Encoding e = t.encode("WORLD world Wor");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 41, 1, 41, 1, 41, 3}));
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"[CLS]", "wor", "[UNK]", "wor", "[UNK]", "wor", "[SEP]"}));
  EXPECT_EQ(e.offsets, (Offs{{0, 0}, {0, 3}, {3, 5}, {6, 9}, {9, 11}, {12, 15}, {0, 0}}));
  Encoding a = t.encode("\xC3\xA9t\xC3\xA9 \xC3\x89T\xC3\x89 ete");  // "été ÉTÉ ete"
  EXPECT_EQ(a.ids, (std::vector<int32_t>{2, 43, 43, 43, 3}));
  EXPECT_EQ(a.offsets, (Offs{{0, 0}, {0, 5}, {6, 11}, {12, 15}, {0, 0}}));
  Encoding n = t.encode("hel <x> WORLD", false);
  EXPECT_EQ(n.ids, (std::vector<int32_t>{31, 40, 41, 1}));
  EXPECT_EQ(n.offsets, (Offs{{0, 3}, {3, 8}, {8, 11}, {11, 13}}));
}

TEST(TokenizerBert, AddedTokenIdsAndVocabSize) {
  Tokenizer t = Tokenizer::from_json(with_added_tokens());
  EXPECT_EQ(t.vocab_size(false), 40u);
  EXPECT_EQ(t.vocab_size(true), 44u);  // "hel" is already in the vocabulary
  EXPECT_EQ(t.token_to_id("<x>"), 40);
  EXPECT_EQ(t.token_to_id("Wor"), 41);
  EXPECT_EQ(t.token_to_id("hel"), 31);
  EXPECT_EQ(t.id_to_token(40), "<x>");
  EXPECT_EQ(t.id_to_token(41), "wor");  // normalized added tokens answer their normalized form
  EXPECT_EQ(t.id_to_token(5), "hello");
  EXPECT_EQ(t.id_to_token(999), std::nullopt);
  EXPECT_EQ(t.token_to_id("nope"), std::nullopt);
}

TEST(TokenizerBert, DecodeAddedTokens) {
  Tokenizer t = Tokenizer::from_json(with_added_tokens());
  const std::vector<int32_t> ids{41, 5, 42, 44, 43, 6};
  EXPECT_EQ(t.decode(ids, true, false), "wor hello new! ete world");
  EXPECT_EQ(t.decode(ids, false, false), "wor hello new! ete world");
  EXPECT_EQ(t.decode(std::vector<int32_t>{40, 5}, true, false), "hello");  // "<x>" is special
}

// ---- decode -------------------------------------------------------------------------------------

TEST(TokenizerBert, Decode) {
  Tokenizer t = tiny();
  const std::vector<int32_t> ids{2, 5, 11, 6, 10, 3};
  EXPECT_EQ(t.decode(ids, false, false), "[CLS] hello, world! [SEP]");
  EXPECT_EQ(t.decode(ids, true, false), "hello, world!");
  // Unknown ids are skipped; "##" pieces are glued; the decoder's cleanup is per token.
  EXPECT_EQ(t.decode(std::vector<int32_t>{7, 8, 9, 99, 22, 23, 12}, true, false), "unaffable ' t.");
  EXPECT_EQ(t.decode(std::vector<int32_t>{24, 22, 23, 25}, true, false), "don ' t?");
  // clean_up_tokenization_spaces (transformers) works on the whole text.
  EXPECT_EQ(t.decode(std::vector<int32_t>{24, 22, 23, 25}, true, true), "don't?");
  EXPECT_EQ(t.decode(std::vector<int32_t>{}, true, true), "");
}

// ---- truncation and padding ---------------------------------------------------------------------

std::string with_trunc_pad() {
  return tiny_with([](auto& j) {
    j["truncation"] = {{"direction", "Right"}, {"max_length", 6}, {"strategy", "LongestFirst"}, {"stride", 0}};
    j["padding"] = {{"strategy", {{"Fixed", 8}}}, {"direction", "Left"}, {"pad_to_multiple_of", nullptr},
                    {"pad_id", 0}, {"pad_type_id", 1}, {"pad_token", "[PAD]"}};
  });
}

TEST(TokenizerBert, TruncationAndLeftPaddingFromTokenizerJson) {
  Tokenizer t = Tokenizer::from_json(with_trunc_pad());
  ASSERT_TRUE(t.truncation().has_value());
  EXPECT_EQ(t.truncation()->max_length, 6u);
  ASSERT_TRUE(t.padding().has_value());
  EXPECT_FALSE(t.padding()->to_longest);
  EXPECT_EQ(t.padding()->length, 8u);

  Encoding e = t.encode("hello world my name is x");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{0, 0, 2, 5, 6, 26, 27, 3}));
  EXPECT_EQ(e.type_ids, (std::vector<int32_t>{1, 1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(e.attention_mask, (std::vector<uint8_t>{0, 0, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(e.special_tokens_mask, (std::vector<uint8_t>{1, 1, 1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(e.word_ids, (std::vector<int32_t>{-1, -1, -1, 0, 1, 2, 3, -1}));
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<int32_t>{0, 0, 0, 0, 2, 28, 29, 3}));
  EXPECT_EQ(e.overflowing[0].offsets, (Offs{{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {20, 22}, {23, 24}, {0, 0}}));
  EXPECT_EQ(e.overflowing[0].word_ids, (std::vector<int32_t>{-1, -1, -1, -1, -1, 4, 5, -1}));

  Encoding s = t.encode("hello");
  EXPECT_EQ(s.ids, (std::vector<int32_t>{0, 0, 0, 0, 0, 2, 5, 3}));
}

TEST(TokenizerBert, PairTruncationLongestFirstCombinesOverflows) {
  Tokenizer t = Tokenizer::from_json(with_trunc_pad());
  // A and B have 4 tokens each; 3 are left: A keeps 1, B keeps 2.
  Encoding e = t.encode_pair("hello world my name", "is x the a");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{0, 0, 2, 5, 3, 28, 29, 3}));
  EXPECT_EQ(e.type_ids, (std::vector<int32_t>{1, 1, 0, 0, 0, 1, 1, 1}));
  // Rust's merge: every A window with every B window, then the main A with the other B windows.
  const std::vector<std::vector<int32_t>> expected = {
      {0, 0, 2, 6, 3, 28, 29, 3},  {0, 0, 2, 6, 3, 19, 14, 3}, {0, 0, 2, 26, 3, 28, 29, 3}, {0, 0, 2, 26, 3, 19, 14, 3},
      {0, 0, 2, 27, 3, 28, 29, 3}, {0, 0, 2, 27, 3, 19, 14, 3}, {0, 0, 2, 5, 3, 19, 14, 3}};
  ASSERT_EQ(e.overflowing.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(e.overflowing[i].ids, expected[i]) << i;
  EXPECT_EQ(e.overflowing[6].offsets, (Offs{{0, 0}, {0, 0}, {0, 0}, {0, 5}, {0, 0}, {5, 8}, {9, 10}, {0, 0}}));

  Encoding f = t.encode_pair("hello", "world my name is x the");
  EXPECT_EQ(f.ids, (std::vector<int32_t>{0, 0, 2, 5, 3, 6, 26, 3}));
  ASSERT_EQ(f.overflowing.size(), 2u);
  EXPECT_EQ(f.overflowing[0].ids, (std::vector<int32_t>{0, 0, 2, 5, 3, 27, 28, 3}));
  EXPECT_EQ(f.overflowing[1].ids, (std::vector<int32_t>{0, 0, 2, 5, 3, 29, 19, 3}));
  EXPECT_EQ(f.overflowing[1].word_ids, (std::vector<int32_t>{-1, -1, -1, 0, -1, 4, 5, -1}));
}

TEST(TokenizerBert, TruncationStrideGivesOverlappingWindows) {
  Tokenizer t = tiny();
  TruncationParams p;
  p.max_length = 5;  // 3 content tokens per window
  p.stride = 1;
  t.set_truncation(p);
  Encoding e = t.encode("hello world my name is x");
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 5, 6, 26, 3}));
  ASSERT_EQ(e.overflowing.size(), 2u);
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<int32_t>{2, 26, 27, 28, 3}));
  EXPECT_EQ(e.overflowing[1].ids, (std::vector<int32_t>{2, 28, 29, 3}));
  EXPECT_EQ(e.overflowing[1].word_ids, (std::vector<int32_t>{-1, 4, 5, -1}));

  p.direction = Direction::Left;
  t.set_truncation(p);
  Encoding l = t.encode("hello world my name is x");
  EXPECT_EQ(l.ids, (std::vector<int32_t>{2, 27, 28, 29, 3}));
  ASSERT_EQ(l.overflowing.size(), 2u);
  EXPECT_EQ(l.overflowing[0].ids, (std::vector<int32_t>{2, 6, 26, 27, 3}));
  EXPECT_EQ(l.overflowing[1].ids, (std::vector<int32_t>{2, 5, 6, 3}));

  Encoding n = t.encode("hello world my name is x", false);  // no special tokens: 5 per window
  EXPECT_EQ(n.ids, (std::vector<int32_t>{6, 26, 27, 28, 29}));
  ASSERT_EQ(n.overflowing.size(), 1u);
  EXPECT_EQ(n.overflowing[0].ids, (std::vector<int32_t>{5, 6}));
}

TEST(TokenizerBert, OnlySecondLeftTruncationAndPadToMultiple) {
  Tokenizer t = Tokenizer::from_json(tiny_with([](auto& j) {
    j["truncation"] = {{"direction", "Left"}, {"max_length", 5}, {"strategy", "OnlySecond"}, {"stride", 0}};
    j["padding"] = {{"strategy", "BatchLongest"}, {"direction", "Right"}, {"pad_to_multiple_of", 4},
                    {"pad_id", 0}, {"pad_type_id", 0}, {"pad_token", "[PAD]"}};
  }));
  Encoding e = t.encode_pair("hello", "world my name is x", false);
  EXPECT_EQ(e.ids, (std::vector<int32_t>{5, 26, 27, 28, 29, 0, 0, 0}));
  EXPECT_EQ(e.type_ids, (std::vector<int32_t>{0, 1, 1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(e.offsets, (Offs{{0, 5}, {6, 8}, {9, 13}, {14, 16}, {17, 18}, {0, 0}, {0, 0}, {0, 0}}));
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<int32_t>{5, 6, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(e.overflowing[0].type_ids, (std::vector<int32_t>{0, 1, 0, 0, 0, 0, 0, 0}));
  // The second sequence is too short to remove 4 tokens from: an error, as in Rust.
  EXPECT_THROW(t.encode_pair("hello world my name is", "x", false), Error);
  EXPECT_EQ(t.encode("hello world", false).ids, (std::vector<int32_t>{5, 6, 0, 0}));
  // OnlySecond without a pair is an error too (when truncation is needed).
  TruncationParams p;
  p.max_length = 2;
  p.strategy = TruncationStrategy::OnlySecond;
  t.set_truncation(p);
  EXPECT_THROW(t.encode("hello world my", false), Error);
  EXPECT_EQ(t.encode("hello world", false).ids, (std::vector<int32_t>{5, 6, 0, 0}));
}

TEST(TokenizerBert, BatchPaddingToLongestRightAndLeft) {
  Tokenizer t = tiny();
  PaddingParams p;
  t.set_padding(p);
  std::vector<std::string> texts{"hello", "hello world my name", "x"};
  auto batch = t.encode_batch(texts, nullptr);
  ASSERT_EQ(batch.size(), 3u);
  for (const auto& e : batch) EXPECT_EQ(e.size(), 6u);
  EXPECT_EQ(batch[0].ids, (std::vector<int32_t>{2, 5, 3, 0, 0, 0}));
  EXPECT_EQ(batch[0].attention_mask, (std::vector<uint8_t>{1, 1, 1, 0, 0, 0}));
  EXPECT_EQ(batch[0].tokens.back(), "[PAD]");

  p.direction = Direction::Left;
  p.pad_to_multiple_of = 4;
  p.pad_id = 4;
  p.pad_token = "[MASK]";
  t.set_padding(p);
  std::vector<std::string> pairs{"x", "x", "x"};
  batch = t.encode_batch(texts, &pairs);
  for (const auto& e : batch) EXPECT_EQ(e.size(), 8u);
  EXPECT_EQ(batch[0].ids, (std::vector<int32_t>{4, 4, 4, 2, 5, 3, 29, 3}));
  EXPECT_EQ(batch[0].type_ids, (std::vector<int32_t>{0, 0, 0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(batch[0].word_ids, (std::vector<int32_t>{-1, -1, -1, -1, 0, -1, 0, -1}));
  EXPECT_EQ(batch[0].tokens[0], "[MASK]");

  std::vector<std::string> wrong{"x"};
  EXPECT_THROW(t.encode_batch(texts, &wrong), Error);
  t.set_padding(std::nullopt);
  EXPECT_FALSE(t.padding().has_value());
  EXPECT_EQ(t.encode_batch(texts, nullptr)[0].size(), 3u);
}

TEST(TokenizerBert, TruncationParameterChecks) {
  Tokenizer t = tiny();
  TruncationParams p;
  p.max_length = 1;  // fewer than the 2 special tokens: Rust 0.23 (node binding, this JSON) then
                     // skips truncation after its early exit: [CLS] hello [SEP], no overflow
  EXPECT_NO_THROW(t.set_truncation(p));
  const Encoding below = t.encode("hello world");
  EXPECT_EQ(below.tokens, (std::vector<std::string>{"[CLS]", "hello", "[SEP]"}));
  EXPECT_TRUE(below.overflowing.empty());
  EXPECT_EQ(t.encode_pair("hello world", "hello").tokens, (std::vector<std::string>{"[CLS]", "hello", "[SEP]", "hello", "[SEP]"}));
  EXPECT_EQ(t.encode("hello world", false).size(), 1u);
  p.stride = 1;  // stride >= the effective max length (0)
  EXPECT_THROW(t.set_truncation(p), Error);
  p.stride = 0;
  p.max_length = 4;
  p.stride = 2;  // must be < 4 - 2
  EXPECT_THROW(t.set_truncation(p), Error);
  p.stride = 1;
  EXPECT_NO_THROW(t.set_truncation(p));
  t.set_truncation(std::nullopt);
  EXPECT_FALSE(t.truncation().has_value());
}

// ---- tokenizer_config.json ------------------------------------------------------------------------

TEST(TokenizerBert, ConfigSpecialTokensAndLimits) {
  Tokenizer t = Tokenizer::from_json(kTinyTokenizerJson, R"({
    "model_max_length": 1000000000000000019884624838656,
    "clean_up_tokenization_spaces": false,
    "cls_token": "[CLS]",
    "mask_token": {"content": "[MASK]", "lstrip": false, "normalized": false, "rstrip": false, "single_word": false},
    "pad_token": null,
    "additional_special_tokens": ["hello"]
  })");
  EXPECT_EQ(t.model_max_length(), std::nullopt);
  EXPECT_FALSE(t.clean_up_tokenization_spaces());
  EXPECT_EQ(t.special_token("cls_token"), "[CLS]");
  EXPECT_EQ(t.special_token("mask_token"), "[MASK]");
  EXPECT_EQ(t.special_token("pad_token"), std::nullopt);  // explicitly null
  EXPECT_EQ(t.special_token("unk_token"), "[UNK]");      // BERT default, present in the vocab
  EXPECT_EQ(t.special_token("bos_token"), std::nullopt);
  // unk, sep, cls, mask, the additional "hello", then the other special added tokens ([PAD]).
  EXPECT_EQ(t.all_special_ids(), (std::vector<int32_t>{1, 3, 2, 4, 5, 0}));

  Tokenizer d = Tokenizer::from_json(kTinyTokenizerJson, R"({"model_max_length": 512})");
  EXPECT_EQ(d.model_max_length(), 512u);
  // Not in the config: false, as transformers 4.57's fast tokenizers (BertTokenizerFast included).
  EXPECT_FALSE(d.clean_up_tokenization_spaces());
  EXPECT_EQ(d.special_token("pad_token"), "[PAD]");
  Tokenizer none = Tokenizer::from_json(kTinyTokenizerJson);
  EXPECT_EQ(none.model_max_length(), std::nullopt);
  EXPECT_FALSE(none.clean_up_tokenization_spaces());
}

// ---- vocab.txt route ------------------------------------------------------------------------------

std::string tiny_vocab_txt() {
  nlohmann::json j = nlohmann::json::parse(kTinyTokenizerJson);
  std::vector<std::string> lines(40);
  for (auto it = j["model"]["vocab"].begin(); it != j["model"]["vocab"].end(); ++it) lines[it.value().get<int>()] = it.key();
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(TokenizerBert, VocabTxtRouteMatchesTokenizerJson) {
  Tokenizer a = tiny();
  Tokenizer b = Tokenizer::from_vocab_txt(tiny_vocab_txt(), R"({"do_lower_case": true})");
  // The tiny tokenizer.json uses max_input_chars_per_word 10; vocab.txt gets transformers' 100.
  for (const char* text : {"Hello, World!", "unaffable hello", "Café naïve résumé", "中文abc文", "hello [MASK] world[SEP]"}) {
    Encoding x = a.encode(text), y = b.encode(text);
    EXPECT_EQ(x.ids, y.ids) << text;
    EXPECT_EQ(x.offsets, y.offsets) << text;
    EXPECT_EQ(x.word_ids, y.word_ids) << text;
  }
  Encoding p = b.encode_pair("hello world", "my name is x");
  EXPECT_EQ(p.ids, (std::vector<int32_t>{2, 5, 6, 3, 26, 27, 28, 29, 3}));
  EXPECT_EQ(p.type_ids, (std::vector<int32_t>{0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_EQ(b.decode(std::vector<int32_t>{2, 5, 11, 6, 10, 3}, true, true), "hello, world!");
  EXPECT_EQ(b.vocab_size(), 40u);
  EXPECT_EQ(b.special_token("sep_token"), "[SEP]");
  EXPECT_EQ(b.all_special_ids(), (std::vector<int32_t>{1, 3, 0, 2, 4}));
}

TEST(TokenizerBert, VocabTxtHonoursConfigOptions) {
  // Cased: no lowercase, so no accent stripping either (strip_accents follows lowercase).
  Tokenizer cased = Tokenizer::from_vocab_txt(tiny_vocab_txt(), R"({"do_lower_case": false})");
  EXPECT_EQ(cased.encode("Hello hello", false).ids, (std::vector<int32_t>{1, 5}));
  EXPECT_EQ(cased.encode("cafe caf\xC3\xA9", false).ids, (std::vector<int32_t>{20, 1}));
  // strip_accents without lowercase; no Chinese handling.
  Tokenizer strip = Tokenizer::from_vocab_txt(tiny_vocab_txt(), R"({"do_lower_case": false, "strip_accents": true,
                                                                    "tokenize_chinese_chars": false})");
  EXPECT_EQ(strip.encode("caf\xC3\xA9 中文", false).ids, (std::vector<int32_t>{20, 1}));
  // Custom special tokens as objects, and added_tokens_decoder entries beyond the vocabulary.
  Tokenizer custom = Tokenizer::from_vocab_txt(tiny_vocab_txt(), R"({
    "unk_token": {"content": "[UNK]", "special": true},
    "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "mask_token": "[MASK]",
    "added_tokens_decoder": {
      "40": {"content": "<new>", "lstrip": false, "normalized": false, "rstrip": false, "single_word": false, "special": true},
      "2": {"content": "[CLS]", "lstrip": false, "normalized": false, "rstrip": false, "single_word": false, "special": true}
    },
    "model_max_length": 128
  })");
  EXPECT_EQ(custom.token_to_id("<new>"), 40);
  EXPECT_EQ(custom.encode("hello<new>x", false).ids, (std::vector<int32_t>{5, 40, 29}));
  EXPECT_EQ(custom.decode(std::vector<int32_t>{2, 5, 40, 3}, true, true), "hello");
  EXPECT_EQ(custom.model_max_length(), 128u);
  EXPECT_EQ(custom.vocab_size(true), 41u);
}

TEST(TokenizerBert, VocabTxtDetails) {
  // Only "\n" ends a line (a "\r" stays in the token); later duplicates win.
  Tokenizer t = Tokenizer::from_vocab_txt("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nab\r\nab\nx", "");
  EXPECT_EQ(t.token_to_id("ab"), 6);
  EXPECT_EQ(t.token_to_id("ab\r"), 5);
  EXPECT_EQ(t.token_to_id("x"), 7);
  EXPECT_EQ(t.vocab_size(), 8u);
  EXPECT_THROW(Tokenizer::from_vocab_txt("", ""), Error);
  EXPECT_THROW(Tokenizer::from_vocab_txt("a\nb\n", "{\"cls_token\": 3}"), Error);
  EXPECT_THROW(Tokenizer::from_vocab_txt("a\n\xFF\n", ""), Error);
}

TEST(TokenizerBert, MoveOnly) {
  Tokenizer a = tiny();
  Tokenizer b = std::move(a);
  EXPECT_EQ(b.encode("hello").ids, (std::vector<int32_t>{2, 5, 3}));
  Tokenizer c = Tokenizer::from_vocab_txt(tiny_vocab_txt(), "");
  c = std::move(b);
  EXPECT_EQ(c.encode("world").ids, (std::vector<int32_t>{2, 6, 3}));
}

}  // namespace
}  // namespace wasmpipe

namespace wasmpipe {
namespace {

TEST(TokenizerBert, HugeLongestFirstPairOverflowIsBounded) {
  // Both sequences overflow: Rust's merge would pair every window of one with every window of the
  // other (here ~10^6 encodings). Past a bound we return what tokenizers 0.23 returns: windows of
  // the early-exit sequences only. The main encoding is the same either way.
  Tokenizer t = tiny();
  TruncationParams p;
  p.max_length = 10;
  t.set_truncation(p);
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += "hello ";
    b += "world ";
  }
  Encoding e = t.encode_pair(a, b);
  EXPECT_EQ(e.ids, (std::vector<int32_t>{2, 5, 5, 5, 3, 6, 6, 6, 6, 3}));
  EXPECT_LT(e.overflowing.size(), 100u);
  EXPECT_GT(e.overflowing.size(), 0u);
  // A small pair keeps Rust's full combination of windows.
  Encoding s = t.encode_pair("hello hello hello hello hello", "world world world world world");
  EXPECT_EQ(s.overflowing.size(), 3u);  // (A2, B1), (A2, B2), (A1, B2)
}

}  // namespace
}  // namespace wasmpipe

namespace wasmpipe {
namespace {

TEST(TokenizerBert, ConfigSpecialTokensMissingFromTokenizerJsonAreAdded) {
  // transformers adds the config's special tokens / added_tokens_decoder entries that
  // tokenizer.json does not list; "hello" then matches as a special token, "<new>" gets id 40.
  Tokenizer t = Tokenizer::from_json(kTinyTokenizerJson, R"({
    "additional_special_tokens": ["hello"],
    "added_tokens_decoder": {"40": {"content": "<new>", "lstrip": false, "normalized": false, "rstrip": false,
                                    "single_word": false, "special": true}}
  })");
  EXPECT_EQ(t.encode("xhellox<new>", false).ids, (std::vector<int32_t>{29, 5, 29, 40}));
  EXPECT_EQ(t.decode(std::vector<int32_t>{5, 40, 6}, true, false), "world");
  EXPECT_EQ(tiny().encode("xhellox", false).ids, (std::vector<int32_t>{1}));
}

}  // namespace
}  // namespace wasmpipe
