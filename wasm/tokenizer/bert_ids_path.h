// The ids-only encode path of the BERT pipeline (BertNormalizer, BertPreTokenizer, WordPiece) fused
// into one pass over the raw text. On ASCII the three steps are byte maps: the normalizer drops
// controls, turns \t \n \r into spaces and lowercases (nothing decomposes, nothing is a mark); the
// pre-tokenizer cuts words at spaces and isolates punctuation. One table gives each byte's
// normalized value and class, words are written lowercased into a buffer as they are read, and a
// single-char word (2/3 of the words of code, all punctuation) takes its id from a table the model
// filled, without hashing or a cache lookup.
//
// Text with non-ASCII chars goes through the general components, one region at a time: from the
// start of the word the char is in to the next ASCII space or punctuation. Such a cut is exact:
// the normalizer maps each char alone except for reordering runs of combining marks, which never
// cross an ASCII char (a starter); and the pre-tokenizer always ends a word at a space or a
// punctuation char, so the region's words are those the whole text has there.
//
// A region is normalized char by char from a memo of what each non-ASCII char normalizes to
// alone (BertNormalizer::normalizes_alone: nearly every char, accented ones included), which
// saves the Unicode property lookups of the normalizer (half of the work on CJK, Korean or
// Cyrillic text); a region with a char that does not normalize alone takes the normalizer.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/model.h"
#include "normalizers/bert_normalizer.h"
#include "pre_tokenizers/bert_pre_tokenizer.h"

namespace wasmpipe {

class BertIdsPath {
  struct PassKey {  // only make() builds one (through make_unique)
    explicit PassKey() = default;
  };

 public:
  // Buffers reused across calls.
  // What a non-ASCII char normalizes to alone (a direct-mapped memo entry).
  struct CharOut {
    char32_t c = 0;  // 0: an empty entry (never a non-ASCII char)
    uint8_t len = 0;  // kNotAlone: the char does not normalize alone (or its output is too long)
    char bytes[11];
  };
  static constexpr uint8_t kNotAlone = 0xFF;
  static constexpr size_t kCharMemo = 2048;  // entries (a power of two): 32 KB, made on first use
  struct Scratch {
    std::string word;    // the normalized bytes of the current ASCII word
    std::string region;  // the normalized text of a region the general components handle
    std::vector<CharOut> chars;  // the memo, indexed by the char's low bits
    std::string one;  // the normalization of one char (filling the memo)
  };
  // Null unless `normalizer` is a BertNormalizer, `pre_tokenizer` a BertPreTokenizer and `model`
  // a model whose ids depend on the word only (WordPiece): then fusing them is exact.
  static std::unique_ptr<const BertIdsPath> make(const normalizers::Normalizer* normalizer,
                                                 const pre_tokenizers::PreTokenizer* pre_tokenizer,
                                                 const models::Model& model);

  // Hands the words of `text` (raw input without added tokens; the tokenizer has no normalized
  // added tokens) to `sink` as normalize + pre-tokenize would: sink.word(w) for a word, or
  // sink.known(id) for a single-char word whose one id the model gives (the same id).
  template <class Sink>
  void encode(std::string_view text, Sink& sink, Scratch& sc, pre_tokenizers::WordScratch& words) const;

  BertIdsPath(PassKey, const normalizers::BertNormalizer& normalizer,
              const pre_tokenizers::BertPreTokenizer& pre_tokenizer, const models::Model& model);

 private:
  enum Class : uint8_t { kWord, kSpace, kPunct, kDrop };
  static constexpr std::array<char, 128> kAsciiChars = [] {
    std::array<char, 128> a{};
    for (int c = 0; c < 128; ++c) a[c] = static_cast<char>(c);
    return a;
  }();
  struct Byte {
    char normalized;
    Class cls;
  };
  // The general components on text[from, ...) up to the next ASCII space or punctuation (or the
  // end); returns where the region ends.
  size_t region(std::string_view text, size_t from, pre_tokenizers::WordSink& sink, Scratch& sc,
                pre_tokenizers::WordScratch& words) const;
  // The normalization of the region `r` into sc.region from the memo; false (sc.region then
  // unspecified) when one of its chars does not normalize alone.
  bool normalize_by_chars(std::string_view r, Scratch& sc) const;

  const normalizers::BertNormalizer& normalizer_;
  const pre_tokenizers::BertPreTokenizer& pre_tokenizer_;
  std::array<Byte, 128> bytes_{};
  // The id of the one-char word of each normalized ASCII byte, -1 when it is not a single id
  // (or the model throws on it: the word then takes the general route, which throws).
  std::array<int32_t, 128> single_id_{};
};

template <class Sink>
void BertIdsPath::encode(std::string_view text, Sink& sink, Scratch& sc, pre_tokenizers::WordScratch& words) const {
  const size_t n = text.size();
  if (sc.word.size() < n) sc.word.resize(n);  // a word is never longer than the text
  char* const buf = sc.word.data();
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  auto one = [&](unsigned char c) {
    const int32_t id = single_id_[c];
    if (id >= 0) sink.known(id);
    else sink.word(std::string_view(&kAsciiChars[c], 1));
  };
  size_t i = 0;
  while (i < n) {
    const unsigned char b = in[i];
    if (b >= 0x80) {
      i = region(text, i, sink, sc, words);
      continue;
    }
    const Byte e = bytes_[b];
    if (e.cls != kWord) {
      if (e.cls == kPunct) one(static_cast<unsigned char>(e.normalized));
      ++i;
      continue;
    }
    // A word: its bytes, normalized, until a space or punctuation (dropped bytes join its parts).
    const size_t start = i;
    size_t len = 0;
    bool general = false;
    for (; i < n; ++i) {
      const unsigned char c = in[i];
      if (c >= 0x80) {
        general = true;
        break;
      }
      const Byte w = bytes_[c];
      if (w.cls == kWord) buf[len++] = w.normalized;
      else if (w.cls != kDrop) break;
    }
    if (general) i = region(text, start, sink, sc, words);
    else if (len == 1) one(static_cast<unsigned char>(buf[0]));
    else sink.word(std::string_view(buf, len));
  }
}

}  // namespace wasmpipe
