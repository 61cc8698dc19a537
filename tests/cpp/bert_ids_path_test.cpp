// The fused BERT ids path (tokenizer/bert_ids_path.h) against the full encode path, whose ids
// match HF Rust tokenizers (tokenizer_bert_test, tokenizer-fixtures.test.js): random strings mixing
// ASCII with what is not byte-to-byte on ASCII's borders (combining marks in and out of canonical
// order after ASCII letters and punctuation, controls, Unicode spaces and punctuation, CJK, chars
// whose lowercase or decomposition is ASCII), for every BertNormalizer option set, with and
// without special tokens, pairs and truncation (which counts tokens per word).
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "core/error.h"
#include "core/utf8.h"
#include "normalizers/bert_normalizer.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_tiny.h"

namespace wasmpipe {
namespace {

const std::vector<std::string> kPieces = {
    "a", "e", "i", "s", "x", "A", "E", "I", "X", "hello", "World", "UN", "aff", "able", "cafe", "the", "1", "42",
    " ", " ", " ", "  ", "\t", "\n", "\r", "\v", "\f", std::string(1, '\0'), "\x01", "\x1b", "\x7f",
    ",", ".", "!", "'", "?", "[", "]", "#", "##", "-", "_", "(", ")", "{", "~", "`", "@", "/", "\\",
    "é", "E\xCC\x81", "e\xCC\x81", "\xCC\x81", "\xCC\xA3\xCC\x81", "\xCC\x81\xCC\xA3", "\xCD\x85", "ï", "Ǆ", "ǅ",
    "ß", "İ", "\xE2\x84\xAA" /* Kelvin sign: lowercases to k */, "\xEF\xAC\x81" /* ﬁ */, "Σ", "ς",
    "\xC2\xA0" /* nbsp */, "\xE3\x80\x80" /* ideographic space */, "\xE2\x80\x94" /* em dash */, "¿", "«",
    "\xEF\xBF\xBD", "\xE2\x80\x8B" /* ZWSP (Cf) */, "\xC2\x85" /* NEL (Cc) */, "\xE2\x80\xA8",
    "中", "文", "\xF0\xA0\x80\x80" /* CJK ext B */, "ア", "한", "ก", "م", "👍", "\xF0\x9F\x8F\xBD",
    "が" /* kana + U+3099 (Mn, ccc 8) */, "\xE1\xBE\xB3" /* ᾳ: α + U+0345 (Mn, ccc 240) */, "\xCD\x84" /* U+0344 */,
    "\xE3\x80\xAE" /* U+302E: Mc with ccc 224 (kept, reordered) */, "\xF0\x9D\x85\xAD" /* U+1D16D: Mc, ccc 226 */,
    "\xE0\xA4\x95\xE0\xA5\x8D" /* Devanagari ka + virama */, "Ёж", "ΆΣ", "\xEF\xA4\x80" /* CJK compatibility ideograph */,
    "[CLS]", "[SEP]", "[MASK]", "[UNK]"};

std::string random_text(std::mt19937& rng) {
  std::uniform_int_distribution<size_t> len(0, 24), pick(0, kPieces.size() - 1);
  std::string s;
  for (size_t n = len(rng); n > 0; --n) s += kPieces[pick(rng)];
  return s;
}

// ids of `encode` (the full path, with alignments) and of `encode_ids` (the fused path), or the
// error code each threw.
struct Outcome {
  std::vector<int32_t> ids;
  int error = -1;
  bool operator==(const Outcome&) const = default;
};
template <class F>
Outcome run(F&& f) {
  try {
    return {f(), -1};
  } catch (const Error& e) {
    return {{}, static_cast<int>(e.code())};
  }
}

void expect_same(const Tokenizer& t, const std::string& a, const std::string* b, bool special, const char* what) {
  const std::string_view bv = b ? std::string_view(*b) : std::string_view();
  const Outcome full = run([&] { return b ? t.encode_pair(a, *b, special).ids : t.encode(a, special).ids; });
  const Outcome fused = run([&] { return t.encode_ids(a, b ? &bv : nullptr, special); });
  ASSERT_EQ(fused, full) << what << " text=" << testing::PrintToString(a)
                         << (b ? " pair=" + testing::PrintToString(*b) : std::string());
}

struct NormalizerOptions {
  bool clean_text, chinese, lowercase;
  int strip_accents;  // -1 null
};

std::string tokenizer_json(const NormalizerOptions& o, size_t max_chars, const char* truncation,
                           const std::function<void(nlohmann::json&)>& more = nullptr) {
  return test::tiny_with([&](nlohmann::json& j) {
    j["normalizer"]["clean_text"] = o.clean_text;
    j["normalizer"]["handle_chinese_chars"] = o.chinese;
    j["normalizer"]["lowercase"] = o.lowercase;
    if (o.strip_accents < 0) j["normalizer"]["strip_accents"] = nullptr;
    else j["normalizer"]["strip_accents"] = o.strip_accents == 1;
    j["model"]["max_input_chars_per_word"] = max_chars;
    if (truncation) j["truncation"] = nlohmann::json::parse(truncation);
    if (more) more(j);
  });
}

TEST(BertIdsPath, EqualsTheFullPathOnRandomMixedText) {
  std::mt19937 rng(20261126);
  size_t compared = 0;
  for (int mask = 0; mask < 24; ++mask) {
    const NormalizerOptions o{(mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask >> 3) - 1};
    const Tokenizer t = Tokenizer::from_json(tokenizer_json(o, 10, nullptr));
    for (int k = 0; k < 1500; ++k) {
      const std::string a = random_text(rng), b = random_text(rng);
      expect_same(t, a, nullptr, k % 2 == 0, "single");
      if (k % 4 == 0) expect_same(t, a, &b, true, "pair");
      compared += 1 + (k % 4 == 0);
    }
  }
  EXPECT_GT(compared, 40000u);
}

TEST(BertIdsPath, EqualsTheFullPathWithEveryNormalizedCharInTheVocab) {
  // The tiny vocab turns most non-ASCII words into [UNK], whatever they normalize to. With every
  // char the normalizer can make from the pieces in the vocab (alone and as a continuation),
  // WordPiece spells each word char by char: the ids show the normalized text itself.
  std::mt19937 rng(11);
  for (int mask = 0; mask < 24; ++mask) {
    const NormalizerOptions o{(mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask >> 3) - 1};
    normalizers::BertNormalizer::Options no;
    no.clean_text = o.clean_text;
    no.handle_chinese_chars = o.chinese;
    no.lowercase = o.lowercase;
    if (o.strip_accents >= 0) no.strip_accents = o.strip_accents == 1;
    const normalizers::BertNormalizer normalizer(no);
    const Tokenizer t = Tokenizer::from_json(tokenizer_json(o, 100, nullptr, [&](nlohmann::json& j) {
      int id = 1000;
      std::string normalized;
      for (const std::string& piece : kPieces) {
        normalizer.normalize_text(piece, normalized);
        for (size_t i = 0; i < normalized.size();) {
          const size_t at = i;
          utf8::decode(normalized, i);
          const std::string c = normalized.substr(at, i - at);
          if (!j["model"]["vocab"].contains(c)) j["model"]["vocab"][c] = id++;
          if (!j["model"]["vocab"].contains("##" + c)) j["model"]["vocab"]["##" + c] = id++;
        }
      }
    }));
    for (int k = 0; k < 1000; ++k) {
      const std::string a = random_text(rng), b = random_text(rng);
      expect_same(t, a, nullptr, true, "every char");
      if (k % 4 == 0) expect_same(t, a, &b, true, "every char, pair");
    }
  }
}

TEST(BertIdsPath, EqualsTheFullPathWithTruncation) {
  // Truncation reads the tokens of each word (Rust's early exit): single-char words count too.
  std::mt19937 rng(7);
  for (const char* trunc : {R"({"max_length": 9, "strategy": "LongestFirst", "stride": 0, "direction": "Right"})",
                            R"({"max_length": 7, "strategy": "OnlySecond", "stride": 2, "direction": "Left"})"}) {
    const Tokenizer t = Tokenizer::from_json(tokenizer_json({true, true, true, -1}, 10, trunc));
    for (int k = 0; k < 2000; ++k) {
      const std::string a = random_text(rng), b = random_text(rng);
      expect_same(t, a, &b, true, trunc);
      expect_same(t, a + b, nullptr, k % 2 == 0, trunc);
    }
  }
}

TEST(BertIdsPath, LongWordsAndTinyWordLimits) {
  // max_input_chars_per_word 0 makes even one-char words [UNK]; 3 splits at the ASCII / non-ASCII border.
  std::mt19937 rng(99);
  for (size_t max_chars : {size_t{0}, size_t{1}, size_t{3}}) {
    const Tokenizer t = Tokenizer::from_json(tokenizer_json({true, true, true, -1}, max_chars, nullptr));
    for (int k = 0; k < 1000; ++k) expect_same(t, random_text(rng), nullptr, true, "max chars");
  }
  const Tokenizer t = Tokenizer::from_json(test::kTinyTokenizerJson);
  for (const std::string& s : {std::string(5000, 'a'), std::string(3000, 'A') + "é" + std::string(3000, 'x'),
                               std::string(2000, ','), "hello" + std::string(100, '\x01') + "world"})
    expect_same(t, s, nullptr, true, "long");
}

TEST(BertIdsPath, MissingUnkThrowsAsTheFullPathDoes) {
  const Tokenizer t = Tokenizer::from_json(test::tiny_with([](nlohmann::json& j) { j["model"]["vocab"].erase("[UNK]"); }));
  for (const char* s : {"hello", "z", "hello z", "é", "zé,", "a b c"}) expect_same(t, s, nullptr, true, "no unk");
}

}  // namespace
}  // namespace wasmpipe
