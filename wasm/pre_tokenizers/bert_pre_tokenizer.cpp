#include "pre_tokenizers/bert_pre_tokenizer.h"

#include <array>

#include "core/unicode.h"
#include "core/utf8.h"

namespace wasmpipe::pre_tokenizers {
namespace {

// Each ASCII byte's class, for pre_tokenize_words' runs.
enum AsciiClass : uint8_t { kWordChar, kSpace, kPunct };
constexpr std::array<uint8_t, 128> kAsciiClass = [] {
  std::array<uint8_t, 128> t{};
  for (unsigned b = 0; b < 128; ++b) {
    t[b] = ((b >= 0x09 && b <= 0x0D) || b == 0x20)                        ? kSpace
           : BertPreTokenizer::ascii_punct(static_cast<unsigned char>(b)) ? kPunct
                                                                          : kWordChar;
  }
  return t;
}();

}  // namespace

BertAsciiClass BertPreTokenizer::ascii_class(unsigned char b) noexcept {
  return b < 0x80 ? static_cast<BertAsciiClass>(kAsciiClass[b]) : BertAsciiClass::kWordChar;
}

void BertPreTokenizer::pre_tokenize(PreTokenizedString& pts) const {
  // One pass doing both of Rust's splits: whitespace (Removed), then punctuation (Isolated).
  pts.split([](size_t, NormalizedString&& s, std::vector<Split>& out) {
    const std::string& t = s.get();
    constexpr size_t npos = static_cast<size_t>(-1);
    size_t word = npos;
    size_t i = 0;
    bool whole = true;  // the split is one single word: reuse it as is
    auto push = [&](size_t b, size_t e) { out.push_back(Split{s.slice(b, e), std::nullopt}); };
    if (t.size() > 64) out.reserve(out.size() + t.size() / 4);
    while (i < t.size()) {
      const size_t start = i;
      const unsigned char b = static_cast<unsigned char>(t[i]);
      bool ws, punct;
      if (b < 0x80) {
        ++i;
        ws = (b >= 0x09 && b <= 0x0D) || b == 0x20;
        punct = !ws && ascii_punct(b);
      } else {
        const char32_t c = utf8::decode(t, i);
        ws = unicode::is_whitespace(c);
        punct = !ws && unicode::is_bert_punctuation(c);
      }
      if (ws || punct) {
        if (word != npos) {
          push(word, start);
          word = npos;
        }
        if (punct) push(start, i);
        whole = false;
      } else if (word == npos) {
        word = start;
      }
    }
    if (word != npos) {
      if (whole && word == 0) {
        out.push_back(Split{std::move(s), std::nullopt});
      } else {
        push(word, t.size());
      }
    }
  });
}

void BertPreTokenizer::pre_tokenize_words(std::string_view t, uint32_t, WordSink& sink, WordScratch&) const {
  // The same pass as pre_tokenize: words between whitespace, each punctuation char alone.
  constexpr size_t npos = static_cast<size_t>(-1);
  size_t word = npos;
  size_t i = 0;
  const size_t n = t.size();
  while (i < n) {
    const size_t start = i;
    const unsigned char b = static_cast<unsigned char>(t[i]);
    bool ws, punct;
    if (b < 0x80) {
      const uint8_t cls = kAsciiClass[b];
      ++i;
      if (cls == kWordChar) {  // the rest of a run of ASCII word chars
        while (i < n && static_cast<unsigned char>(t[i]) < 0x80 && kAsciiClass[static_cast<unsigned char>(t[i])] == kWordChar) ++i;
        if (word == npos) word = start;
        continue;
      }
      ws = cls == kSpace;
      punct = cls == kPunct;
    } else {
      const char32_t c = utf8::decode(t, i);
      ws = unicode::is_whitespace(c);
      punct = !ws && unicode::is_bert_punctuation(c);
    }
    if (ws || punct) {
      if (word != npos) {
        sink.word(t.substr(word, start - word));
        word = npos;
      }
      if (punct) sink.word(t.substr(start, i - start));
    } else if (word == npos) {
      word = start;
    }
  }
  if (word != npos) sink.word(t.substr(word));
}

}  // namespace wasmpipe::pre_tokenizers
