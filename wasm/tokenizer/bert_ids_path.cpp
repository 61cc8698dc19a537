#include "tokenizer/bert_ids_path.h"

#include <cstring>

#include "core/error.h"
#include "core/utf8.h"
#include "models/wordpiece.h"

namespace wasmpipe {

std::unique_ptr<const BertIdsPath> BertIdsPath::make(const normalizers::Normalizer* normalizer,
                                                     const pre_tokenizers::PreTokenizer* pre_tokenizer,
                                                     const models::Model& model) {
  const auto* n = dynamic_cast<const normalizers::BertNormalizer*>(normalizer);
  const auto* p = dynamic_cast<const pre_tokenizers::BertPreTokenizer*>(pre_tokenizer);
  if (!n || !p || !model.ids_depend_on_word_only()) return nullptr;
  return std::make_unique<const BertIdsPath>(PassKey(), *n, *p, model);
}

BertIdsPath::BertIdsPath(PassKey, const normalizers::BertNormalizer& normalizer,
                         const pre_tokenizers::BertPreTokenizer& pre_tokenizer, const models::Model& model)
    : normalizer_(normalizer), pre_tokenizer_(pre_tokenizer) {
  for (int b = 0; b < 128; ++b) {
    const int16_t m = normalizer.ascii_byte(static_cast<unsigned char>(b));
    if (m < 0) {
      bytes_[b] = {0, kDrop};
      continue;
    }
    const auto c = static_cast<unsigned char>(m);
    using pre_tokenizers::BertAsciiClass;
    const BertAsciiClass k = pre_tokenizers::BertPreTokenizer::ascii_class(c);
    bytes_[b] = {static_cast<char>(c), k == BertAsciiClass::kSpace   ? kSpace
                                       : k == BertAsciiClass::kPunct ? kPunct
                                                                     : kWord};
  }
  std::vector<int32_t> ids;
  for (int c = 0; c < 128; ++c) {
    single_id_[c] = -1;
    ids.clear();
    try {
      model.tokenize_ids(std::string_view(&kAsciiChars[c], 1), ids);
    } catch (const Error&) {
      continue;  // (no unk token, say): encoding the word will throw the same error
    }
    if (ids.size() == 1) single_id_[c] = ids[0];
  }
}

size_t BertIdsPath::region(std::string_view text, size_t from, pre_tokenizers::WordSink& sink, Scratch& sc,
                           pre_tokenizers::WordScratch& words) const {
  size_t end = from;
  while (end < text.size()) {
    const auto b = static_cast<unsigned char>(text[end]);
    if (b < 0x80 && (bytes_[b].cls == kSpace || bytes_[b].cls == kPunct)) break;
    ++end;
  }
  const std::string_view r = text.substr(from, end - from);
  if (!normalize_by_chars(r, sc)) normalizer_.normalize_text(r, sc.region);
  pre_tokenizer_.pre_tokenize_words(sc.region, 0, sink, words);
  return end;
}

bool BertIdsPath::normalize_by_chars(std::string_view r, Scratch& sc) const {
  if (sc.chars.empty()) sc.chars.resize(kCharMemo);
  std::string& out = sc.region;
  out.clear();
  size_t i = 0;
  while (i < r.size()) {
    const auto b = static_cast<unsigned char>(r[i]);
    if (b < 0x80) {  // ASCII maps byte to byte (and a dropped control holds nothing back)
      if (bytes_[b].cls != kDrop) out.push_back(bytes_[b].normalized);
      ++i;
      continue;
    }
    const size_t at = i;
    const char32_t c = utf8::decode(r, i);
    CharOut& m = sc.chars[c & (kCharMemo - 1)];
    if (m.c != c) {
      m.c = c;
      m.len = kNotAlone;
      if (normalizer_.normalizes_alone(c)) {
        normalizer_.normalize_text(r.substr(at, i - at), sc.one);
        if (sc.one.size() <= sizeof m.bytes) {
          std::memcpy(m.bytes, sc.one.data(), sc.one.size());
          m.len = static_cast<uint8_t>(sc.one.size());
        }
      }
    }
    if (m.len == kNotAlone) return false;
    out.append(m.bytes, m.len);
  }
  return true;
}

}  // namespace wasmpipe
