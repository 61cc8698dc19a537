// Unit tests of the tokenizer building blocks: NormalizedString, the BERT normalizer and
// pre-tokenizer, the WordPiece model and its vocabulary, post-processors, decoders, the added-token
// matcher and the Encoding operations (merge / truncate / pad).
#include <gtest/gtest.h>

#include "core/error.h"
#include "decoders/sequence.h"
#include "decoders/wordpiece.h"
#include "models/vocab.h"
#include "models/wordpiece.h"
#include "normalizers/bert_normalizer.h"
#include "normalizers/sequence.h"
#include "post_processors/bert_processing.h"
#include "post_processors/sequence.h"
#include "post_processors/template_processing.h"
#include "pre_tokenizers/bert_pre_tokenizer.h"
#include "pre_tokenizers/sequence.h"
#include "tokenizer/added_vocabulary.h"
#include "tokenizer/encoding_ops.h"
#include "tokenizer/normalized_string.h"

namespace wasmpipe {
namespace {

using Offs = std::vector<Offsets>;

// ---- NormalizedString ---------------------------------------------------------------------------

TEST(NormalizedString, IdentityAlignsEveryByteToItsChar) {
  NormalizedString s("a\xC3\xA9z", 10);  // "aéz" at absolute offset 10
  EXPECT_EQ(s.get(), "a\xC3\xA9z");
  EXPECT_EQ(s.alignments(), (Offs{{10, 11}, {11, 13}, {11, 13}, {13, 14}}));
  EXPECT_EQ(s.to_original(1, 3), (Offsets{11, 13}));
  EXPECT_EQ(s.to_original(0, 4), (Offsets{10, 14}));
  EXPECT_EQ(s.to_original(2, 2), (Offsets{12, 12}));  // empty ranges map to themselves (Rust)
  EXPECT_EQ(s.to_original(3, 9), std::nullopt);
  NormalizedString sub = s.slice(1, 4);
  EXPECT_EQ(sub.get(), "\xC3\xA9z");
  EXPECT_EQ(sub.original_shift(), 11u);
  EXPECT_EQ(sub.to_original(0, 2), (Offsets{11, 13}));
}

TEST(NormalizedString, LowercaseExpandsWithTheSourceAlignment) {
  NormalizedString s("x\xC4\xB0y");  // "xİy": İ lowercases to "i̇" (3 bytes)
  s.lowercase();
  EXPECT_EQ(s.get(), "xi\xCC\x87y");
  EXPECT_EQ(s.alignments(), (Offs{{0, 1}, {1, 3}, {1, 3}, {1, 3}, {3, 4}}));
  EXPECT_EQ(s.to_original(1, 4), (Offsets{1, 3}));
}

TEST(NormalizedString, NfdAndFilter) {
  NormalizedString s("\xC3\xA9t\xC3\xA9");  // "été"
  s.nfd();
  EXPECT_EQ(s.get(), "e\xCC\x81te\xCC\x81");
  s.filter([](char32_t c) { return c < 0x300 || c > 0x36F; });
  EXPECT_EQ(s.get(), "ete");
  EXPECT_EQ(s.alignments(), (Offs{{0, 2}, {2, 3}, {3, 5}}));
}

TEST(NormalizedString, NfdPutsCombiningMarksInCanonicalOrder) {
  // a + U+0301 (ccc 230) + U+0323 (ccc 220) -> a + U+0323 + U+0301
  NormalizedString s("a\xCC\x81\xCC\xA3");
  s.nfd();
  EXPECT_EQ(s.get(), "a\xCC\xA3\xCC\x81");
}

TEST(NormalizedString, RustTransformSemantics) {
  // "abc": X replaces a and removes b; Y is inserted and, like in Rust, takes the alignment of
  // the char just before the current position (the removed b); c is kept.
  NormalizedString s("abc");
  s.transform({{U'X', -1}, {U'Y', 1}, {U'c', 0}}, 0);
  EXPECT_EQ(s.get(), "XYc");
  EXPECT_EQ(s.alignments(), (Offs{{0, 1}, {1, 2}, {2, 3}}));
  // Removing the first char through initial_offset.
  NormalizedString t("abc");
  t.transform({{U'b', 0}, {U'c', 0}}, 1);
  EXPECT_EQ(t.get(), "bc");
  EXPECT_EQ(t.alignments(), (Offs{{1, 2}, {2, 3}}));
}

// ---- BertNormalizer -----------------------------------------------------------------------------

std::string normalize(const normalizers::BertNormalizer::Options& o, std::string_view text, Offs* align = nullptr) {
  normalizers::BertNormalizer n(o);
  NormalizedString s(text);
  n.normalize(s);
  if (align) *align = s.alignments();
  return s.get();
}

TEST(BertNormalizer, DefaultOptions) {
  normalizers::BertNormalizer::Options o;  // clean, chinese, lowercase, strip follows lowercase
  EXPECT_EQ(normalize(o, "H\xC3\xA9llo\tW\xC3\xB6rld\x7F!"), "hello world!");
  Offs a;
  EXPECT_EQ(normalize(o, "\xE4\xB8\xADx", &a), " \xE4\xB8\xAD x");  // "中x" -> " 中 x"
  EXPECT_EQ(a, (Offs{{0, 3}, {0, 3}, {0, 3}, {0, 3}, {0, 3}, {3, 4}}));
  // U+00A0 and U+3000 are whitespace; U+200B (Cf) and U+FFFD are removed.
  EXPECT_EQ(normalize(o, "a\xC2\xA0" "b\xE3\x80\x80" "c\xE2\x80\x8B" "d\xEF\xBF\xBD"), "a b cd");
}

TEST(BertNormalizer, OptionsAreIndependent) {
  normalizers::BertNormalizer::Options o;
  o.clean_text = false;
  o.handle_chinese_chars = false;
  o.lowercase = false;
  EXPECT_EQ(normalize(o, "A\x01\xE4\xB8\xAD\xC3\x89"), "A\x01\xE4\xB8\xAD\xC3\x89");  // nothing changes
  o.strip_accents = true;  // strip without lowercase
  EXPECT_EQ(normalize(o, "\xC3\x89t\xC3\xA9"), "Ete");
  o.strip_accents = std::nullopt;
  o.lowercase = true;  // lowercase implies strip when strip_accents is null
  EXPECT_EQ(normalize(o, "\xC3\x89t\xC3\xA9"), "ete");
  o.strip_accents = false;  // lowercase but keep accents
  EXPECT_EQ(normalize(o, "\xC3\x89t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
  EXPECT_EQ(normalize(o, "\xCE\xA3\xCE\x9F\xCE\xA3"), "\xCF\x83\xCE\xBF\xCF\x83");  // ΣΟΣ -> σοσ (no final sigma)
}

TEST(BertNormalizer, HangulIsDecomposedWhenStrippingAccents) {
  normalizers::BertNormalizer::Options o;
  Offs a;
  // 한 (U+D55C) -> ᄒ ᅡ ᆫ, all aligned to the syllable.
  EXPECT_EQ(normalize(o, "\xED\x95\x9C", &a), "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB");
  EXPECT_EQ(a, Offs(9, Offsets{0, 3}));
}

TEST(BertNormalizer, RustUnicodeVersionQuirks) {
  normalizers::BertNormalizer::Options o;
  o.lowercase = false;
  o.strip_accents = false;
  // U+0890 is Cf in Unicode 15 but unassigned in Rust's table: kept by clean_text.
  EXPECT_EQ(normalize(o, "a\xE0\xA2\x90"), "a\xE0\xA2\x90");
  o.strip_accents = true;
  // U+0898 is Mn since Unicode 14, not in Rust's table: not stripped.
  EXPECT_EQ(normalize(o, "a\xE0\xA2\x98"), "a\xE0\xA2\x98");
  o.strip_accents = false;
  o.lowercase = true;
  // U+A7CB -> U+0264 is a Unicode 16 mapping (Rust std), missing in utf8proc 2.8.
  EXPECT_EQ(normalize(o, "\xEA\x9F\x8B"), "\xC9\xA4");
}

TEST(Normalizers, SequenceAppliesInOrder) {
  std::vector<std::unique_ptr<normalizers::Normalizer>> list;
  normalizers::BertNormalizer::Options a;
  a.lowercase = false;
  a.handle_chinese_chars = false;
  list.push_back(std::make_unique<normalizers::BertNormalizer>(a));
  normalizers::BertNormalizer::Options b;
  b.clean_text = false;
  list.push_back(std::make_unique<normalizers::BertNormalizer>(b));
  normalizers::Sequence seq(std::move(list));
  NormalizedString s("A\tB\xE4\xB8\xAD");
  seq.normalize(s);
  EXPECT_EQ(s.get(), "a b \xE4\xB8\xAD ");
  auto from_json = normalizers::from_json(
      nlohmann::json::parse(R"({"type": "Sequence", "normalizers": [{"type": "BertNormalizer", "lowercase": false}]})"),
      JsonPath("tokenizer.json", "normalizer"));
  NormalizedString t("\xC3\x89!");
  from_json->normalize(t);
  EXPECT_EQ(t.get(), "\xC3\x89!");
}

// ---- BertPreTokenizer ---------------------------------------------------------------------------

std::vector<std::pair<std::string, Offsets>> pre_tokenize(std::string_view text) {
  PreTokenizedString pts(text);
  pre_tokenizers::BertPreTokenizer().pre_tokenize(pts);
  std::vector<std::pair<std::string, Offsets>> out;
  for (const auto& s : pts.splits()) out.emplace_back(s.normalized.get(), *s.normalized.to_original(0, s.normalized.size()));
  return out;
}

TEST(BertPreTokenizer, SplitsWhitespaceAndIsolatesPunctuation) {
  using V = std::vector<std::pair<std::string, Offsets>>;
  EXPECT_EQ(pre_tokenize("Hey,  you--there!"),
            (V{{"Hey", {0, 3}}, {",", {3, 4}}, {"you", {6, 9}}, {"-", {9, 10}}, {"-", {10, 11}}, {"there", {11, 16}}, {"!", {16, 17}}}));
  // Unicode punctuation « » ¿ and the ideographic space.
  EXPECT_EQ(pre_tokenize("\xC2\xAB" "a\xC2\xBB\xE3\x80\x80\xC2\xBF" "b"),
            (V{{"\xC2\xAB", {0, 2}}, {"a", {2, 3}}, {"\xC2\xBB", {3, 5}}, {"\xC2\xBF", {8, 10}}, {"b", {10, 11}}}));
  // $, ^, ` are ASCII punctuation (not Unicode P*) and are split too.
  EXPECT_EQ(pre_tokenize("a$b^c`"), (V{{"a", {0, 1}}, {"$", {1, 2}}, {"b", {2, 3}}, {"^", {3, 4}}, {"c", {4, 5}}, {"`", {5, 6}}}));
  EXPECT_TRUE(pre_tokenize(" \t\n ").empty());
}

TEST(BertPreTokenizer, RustPunctuationTable) {
  // U+2E43 (Po since Unicode 10) is not punctuation for Rust; U+166D (Po in Unicode 8) is.
  EXPECT_EQ(pre_tokenize("a\xE2\xB9\x83" "b").size(), 1u);
  EXPECT_EQ(pre_tokenize("a\xE1\x99\xAD" "b").size(), 3u);
}

TEST(PreTokenizers, SequenceFromJson) {
  auto p = pre_tokenizers::from_json(
      nlohmann::json::parse(R"({"type": "Sequence", "pretokenizers": [{"type": "BertPreTokenizer"}, {"type": "BertPreTokenizer"}]})"),
      JsonPath("tokenizer.json", "pre_tokenizer"));
  PreTokenizedString pts("a,b");
  p->pre_tokenize(pts);
  EXPECT_EQ(pts.splits().size(), 3u);
}

// ---- Vocab and WordPiece ------------------------------------------------------------------------

TEST(Vocab, LookupByStringViewAndReverse) {
  models::Vocab v;
  v.insert("hello", 5);
  v.insert("a-much-longer-token-than-eight-bytes", 70000000);  // far id: sparse reverse map
  v.insert("x", 0);
  for (int i = 0; i < 1000; ++i) v.insert("t" + std::to_string(i), 100 + i);
  EXPECT_EQ(v.find(std::string_view("hello world").substr(0, 5)), 5);
  EXPECT_EQ(v.find("a-much-longer-token-than-eight-bytes"), 70000000);
  EXPECT_EQ(v.find("hell"), -1);
  EXPECT_EQ(v.find(""), -1);
  EXPECT_EQ(v.token(70000000), "a-much-longer-token-than-eight-bytes");
  EXPECT_EQ(v.token(5), "hello");
  EXPECT_EQ(v.token(999), "t899");
  EXPECT_EQ(v.token(6), std::nullopt);
  EXPECT_EQ(v.token(-1), std::nullopt);
  v.insert("hello", 6);  // re-assigned
  EXPECT_EQ(v.find("hello"), 6);
  EXPECT_EQ(v.token(6), "hello");
  EXPECT_EQ(v.token(5), std::nullopt);
  EXPECT_EQ(v.size(), 1003u);
  EXPECT_EQ(v.max_token_bytes(), 36u);
}

models::WordPiece make_wordpiece(size_t max_chars = 100, std::string prefix = "##") {
  models::Vocab v;
  int id = 0;
  for (const char* t : {"[UNK]", "un", "##aff", "##able", "a", "##a", "\xC3\xA9", "##\xC3\xA9", "aff", "@@x"}) v.insert(t, id++);
  return models::WordPiece(std::move(v), "[UNK]", std::move(prefix), max_chars);
}

std::vector<std::pair<std::string, Offsets>> wp(const models::WordPiece& m, std::string_view word) {
  std::vector<Token> out;
  m.tokenize(word, out);
  std::vector<std::pair<std::string, Offsets>> r;
  for (auto& t : out) r.emplace_back(t.value, Offsets{t.start, t.end});
  return r;
}

TEST(WordPiece, GreedyLongestMatchFirst) {
  using V = std::vector<std::pair<std::string, Offsets>>;
  auto m = make_wordpiece();
  EXPECT_EQ(wp(m, "unaffable"), (V{{"un", {0, 2}}, {"##aff", {2, 5}}, {"##able", {5, 9}}}));
  EXPECT_EQ(wp(m, "aaa"), (V{{"a", {0, 1}}, {"##a", {1, 2}}, {"##a", {2, 3}}}));
  EXPECT_EQ(wp(m, "\xC3\xA9\xC3\xA9"), (V{{"\xC3\xA9", {0, 2}}, {"##\xC3\xA9", {2, 4}}}));
  // One piece missing: the whole word is [UNK].
  EXPECT_EQ(wp(m, "unaffablez"), (V{{"[UNK]", {0, 10}}}));
  EXPECT_EQ(m.token_to_id("##aff"), 2);
  EXPECT_EQ(m.id_to_token(3), "##able");
  EXPECT_EQ(m.vocab_size(), 10u);
}

TEST(WordPiece, MaxInputCharsCountsChars) {
  using V = std::vector<std::pair<std::string, Offsets>>;
  auto m = make_wordpiece(2);
  EXPECT_EQ(wp(m, "\xC3\xA9\xC3\xA9"), (V{{"\xC3\xA9", {0, 2}}, {"##\xC3\xA9", {2, 4}}}));  // 2 chars, 4 bytes
  EXPECT_EQ(wp(m, "aaa"), (V{{"[UNK]", {0, 3}}}));
}

TEST(WordPiece, CustomPrefix) {
  using V = std::vector<std::pair<std::string, Offsets>>;
  auto m = make_wordpiece(100, "@@");
  EXPECT_EQ(wp(m, "ax"), (V{{"a", {0, 1}}, {"@@x", {1, 2}}}));
}

TEST(WordPiece, FromJsonDefaults) {
  auto m = models::from_json(nlohmann::json::parse(R"({"type": "WordPiece", "vocab": {"[UNK]": 0, "a": 1, "##b": 2}})"),
                             JsonPath("tokenizer.json", "model"));
  auto* w = dynamic_cast<models::WordPiece*>(m.get());
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->unk_token(), "[UNK]");
  EXPECT_EQ(w->continuing_subword_prefix(), "##");
  EXPECT_EQ(w->max_input_chars_per_word(), 100u);
  EXPECT_EQ(wp(*w, "ab").size(), 2u);
}

// ---- added-token matcher ------------------------------------------------------------------------

TEST(TokenMatcher, LeftmostLongestFirstPatternWins) {
  TokenMatcher m;
  m.build({"ab", "abc", "b", "abc", ""});
  auto x = m.find("xabcd", 0);
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(x->start, 1u);
  EXPECT_EQ(x->end, 4u);
  EXPECT_EQ(x->pattern, 1u);  // "abc": longest, first of the duplicates
  auto y = m.find("xabcd", 4);
  EXPECT_FALSE(y.has_value());
  auto z = m.find("zzb", 0);
  ASSERT_TRUE(z.has_value());
  EXPECT_EQ(z->pattern, 2u);
}

// ---- post-processors ----------------------------------------------------------------------------

Encoding seq(std::vector<int32_t> ids) {
  Encoding e;
  for (size_t i = 0; i < ids.size(); ++i)
    encoding_ops::push_token(e, ids[i], 0, "t" + std::to_string(ids[i]), uint32_t(i), uint32_t(i + 1), int32_t(i), 0);
  return e;
}

TEST(TemplateProcessing, StringTemplatesAndMultiIdSpecialTokens) {
  using TP = post_processors::TemplateProcessing;
  auto single = TP::parse_template_string("<s>:0 $A [SEP]");
  ASSERT_EQ(single.size(), 3u);
  EXPECT_TRUE(single[1].is_sequence);
  auto pair = TP::parse_template_string("<s> $A:0 [SEP] $B:1 [SEP]:1");
  EXPECT_TRUE(pair[3].sequence_b);
  EXPECT_EQ(pair[3].type_id, 1);
  EXPECT_EQ(TP::parse_template_string("$1")[0].type_id, 1);
  std::map<std::string, TP::SpecialToken> specials{{"<s>", {{7, 8}, {"<s1>", "<s2>"}}}, {"[SEP]", {{9}, {"[SEP]"}}}};
  TP tp(single, pair, specials);
  EXPECT_EQ(tp.added_tokens(false), 3u);
  EXPECT_EQ(tp.added_tokens(true), 4u);
  std::vector<Encoding> encs{seq({1, 2}), seq({3})};
  encs[1].type_ids.assign(1, 1);
  tp.process_encodings(encs, true);
  Encoding merged = encoding_ops::merge(encs);
  EXPECT_EQ(merged.ids, (std::vector<int32_t>{7, 8, 1, 2, 9, 3, 9}));
  EXPECT_EQ(merged.type_ids, (std::vector<int32_t>{0, 0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(merged.tokens[1], "<s2>");
  EXPECT_EQ(merged.special_tokens_mask, (std::vector<uint8_t>{1, 1, 0, 0, 1, 0, 1}));
  EXPECT_THROW(TP(TP::parse_template_string("$A [X]"), {}, specials), Error);
  EXPECT_THROW(TP(single, TP::parse_template_string("$A [SEP]"), specials), Error);  // pair without $B
}

TEST(BertProcessing, WrapsSequences) {
  post_processors::BertProcessing bp({"[SEP]", 102}, {"[CLS]", 101});
  std::vector<Encoding> encs{seq({1, 2}), seq({3})};
  encs[1].type_ids.assign(1, 1);
  bp.process_encodings(encs, true);
  Encoding merged = encoding_ops::merge(encs);
  EXPECT_EQ(merged.ids, (std::vector<int32_t>{101, 1, 2, 102, 3, 102}));
  EXPECT_EQ(merged.type_ids, (std::vector<int32_t>{0, 0, 0, 0, 1, 1}));
  EXPECT_EQ(merged.word_ids, (std::vector<int32_t>{-1, 0, 1, -1, 0, -1}));
  EXPECT_EQ(bp.added_tokens(true), 3u);
  auto from_json = post_processors::from_json(
      nlohmann::json::parse(R"({"type": "BertProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0]})"),
      JsonPath("tokenizer.json", "post_processor"));
  std::vector<Encoding> one{seq({5})};
  from_json->process_encodings(one, true);
  EXPECT_EQ(one[0].ids, (std::vector<int32_t>{0, 5, 2}));
  std::vector<Encoding> none{seq({5})};
  from_json->process_encodings(none, false);
  EXPECT_EQ(none[0].ids, (std::vector<int32_t>{5}));
}

TEST(PostProcessors, SequenceChains) {
  auto p = post_processors::from_json(nlohmann::json::parse(R"({"type": "Sequence", "processors": [
      {"type": "BertProcessing", "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]},
      {"type": "BertProcessing", "sep": ["[SEP]", 102], "cls": ["[CLS]", 101]}]})"),
                                      JsonPath("tokenizer.json", "post_processor"));
  EXPECT_EQ(p->added_tokens(false), 4u);
  std::vector<Encoding> e{seq({5})};
  p->process_encodings(e, true);
  EXPECT_EQ(e[0].ids, (std::vector<int32_t>{101, 101, 5, 102, 102}));
}

// ---- decoders -----------------------------------------------------------------------------------

TEST(Decoders, WordPieceAndCleanup) {
  decoders::WordPiece d;
  // The cleanup is applied to each token (after its space is added), as in Rust.
  EXPECT_EQ(d.decode({"##ing", "hug", "##ging", "face", "'", "s", ",", "do", "n't", "."}), "##ing hugging face ' s, don't.");
  decoders::WordPiece raw("##", false);
  EXPECT_EQ(raw.decode({"hug", "##ging", "face", "'", "s", "."}), "hugging face ' s .");
  decoders::WordPiece no_prefix("", true);
  EXPECT_EQ(no_prefix.decode({"a", "b"}), "ab");
  EXPECT_EQ(decoders::wordpiece_cleanup(" do not ' m ."), " don't'm.");
  EXPECT_EQ(decoders::clean_up_tokenization("I do not know . it ' s , ok 're"), "I do not know. it's, ok're");
  std::vector<std::unique_ptr<decoders::Decoder>> list;
  list.push_back(std::make_unique<decoders::WordPiece>("##", false));
  list.push_back(std::make_unique<decoders::WordPiece>("##", false));
  decoders::Sequence sq(std::move(list));
  EXPECT_EQ(sq.decode({"a", "##b", "c"}), "a b  c");  // the second pass sees "b" and " c"
}

// ---- Encoding operations ------------------------------------------------------------------------

TEST(EncodingOps, TruncateRightAndLeftWithStride) {
  Encoding e = seq({1, 2, 3, 4, 5, 6, 7});
  encoding_ops::truncate(e, 3, 1, Direction::Right);
  EXPECT_EQ(e.ids, (std::vector<int32_t>{1, 2, 3}));
  ASSERT_EQ(e.overflowing.size(), 2u);  // windows stop once one reaches the end
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<int32_t>{3, 4, 5}));
  EXPECT_EQ(e.overflowing[1].ids, (std::vector<int32_t>{5, 6, 7}));

  Encoding l = seq({1, 2, 3, 4, 5, 6, 7});
  encoding_ops::truncate(l, 3, 1, Direction::Left);
  EXPECT_EQ(l.ids, (std::vector<int32_t>{5, 6, 7}));
  ASSERT_EQ(l.overflowing.size(), 2u);
  EXPECT_EQ(l.overflowing[0].ids, (std::vector<int32_t>{3, 4, 5}));
  EXPECT_EQ(l.overflowing[1].ids, (std::vector<int32_t>{1, 2, 3}));

  Encoding z = seq({1, 2});
  encoding_ops::truncate(z, 0, 0, Direction::Right);
  EXPECT_TRUE(z.ids.empty());
  ASSERT_EQ(z.overflowing.size(), 1u);
  EXPECT_EQ(z.overflowing[0].ids, (std::vector<int32_t>{1, 2}));

  Encoding s = seq({1, 2, 3});
  EXPECT_THROW(encoding_ops::truncate(s, 2, 2, Direction::Right), Error);
  encoding_ops::truncate(s, 5, 9, Direction::Right);  // nothing to cut: no check, no change
  EXPECT_EQ(s.ids.size(), 3u);
}

TEST(EncodingOps, TruncateEncodingsLongestFirst) {
  TruncationParams p;
  p.max_length = 5;
  Encoding a = seq({1, 2, 3, 4, 5, 6});
  std::optional<Encoding> b = seq({7, 8});
  encoding_ops::truncate_encodings(a, b, p);
  EXPECT_EQ(a.ids.size(), 3u);
  EXPECT_EQ(b->ids.size(), 2u);
  Encoding c = seq({1, 2, 3, 4});
  std::optional<Encoding> d = seq({5, 6, 7, 8});
  encoding_ops::truncate_encodings(c, d, p);
  EXPECT_EQ(c.ids.size(), 2u);
  EXPECT_EQ(d->ids.size(), 3u);
}

TEST(EncodingOps, PadBothDirectionsIncludingOverflow) {
  PaddingParams p;
  p.pad_id = 9;
  p.pad_type_id = 2;
  p.pad_token = "<pad>";
  Encoding e = seq({1, 2});
  e.overflowing.push_back(seq({3}));
  encoding_ops::pad(e, 4, p);
  EXPECT_EQ(e.ids, (std::vector<int32_t>{1, 2, 9, 9}));
  EXPECT_EQ(e.type_ids, (std::vector<int32_t>{0, 0, 2, 2}));
  EXPECT_EQ(e.attention_mask, (std::vector<uint8_t>{1, 1, 0, 0}));
  EXPECT_EQ(e.special_tokens_mask, (std::vector<uint8_t>{0, 0, 1, 1}));
  EXPECT_EQ(e.word_ids, (std::vector<int32_t>{0, 1, -1, -1}));
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<int32_t>{3, 9, 9, 9}));
  p.direction = Direction::Left;
  Encoding l = seq({1});
  encoding_ops::pad(l, 3, p);
  EXPECT_EQ(l.ids, (std::vector<int32_t>{9, 9, 1}));
  EXPECT_EQ(l.offsets, (Offs{{0, 0}, {0, 0}, {0, 1}}));
  EXPECT_EQ(l.tokens[0], "<pad>");
  std::vector<Encoding> batch{seq({1}), seq({1, 2, 3})};
  p.to_longest = true;
  p.pad_to_multiple_of = 4;
  encoding_ops::pad_encodings(batch, p);
  EXPECT_EQ(batch[0].size(), 4u);
  EXPECT_EQ(batch[1].size(), 4u);
}

TEST(EncodingOps, MergeCombinesOverflowsLikeRust) {
  Encoding a = seq({1});
  a.overflowing.push_back(seq({2}));
  Encoding b = seq({3});
  b.overflowing.push_back(seq({4}));
  encoding_ops::merge_with(a, b);
  EXPECT_EQ(a.ids, (std::vector<int32_t>{1, 3}));
  ASSERT_EQ(a.overflowing.size(), 3u);
  EXPECT_EQ(a.overflowing[0].ids, (std::vector<int32_t>{2, 3}));
  ASSERT_EQ(a.overflowing[0].overflowing.size(), 1u);  // nested, as Rust clones the pair with its overflow
  EXPECT_EQ(a.overflowing[0].overflowing[0].ids, (std::vector<int32_t>{2, 4}));
  EXPECT_EQ(a.overflowing[1].ids, (std::vector<int32_t>{2, 4}));
  EXPECT_EQ(a.overflowing[2].ids, (std::vector<int32_t>{1, 4}));
  ASSERT_EQ(a.overflowing[2].overflowing.size(), 1u);
  EXPECT_EQ(a.overflowing[2].overflowing[0].ids, (std::vector<int32_t>{2, 4}));
}

}  // namespace
}  // namespace wasmpipe
