// The model of transformers' slow tokenizers that pair a SentencePiece model with vocab.json
// (MarianTokenizer, M2M100Tokenizer; neither has a fast class): the SentencePiece model segments
// the text exactly as spm does (SpmUnigram, SpmBpe), then each piece is looked up in vocab.json
// (a piece that is not there becomes the unk token's id).
#pragma once
#include <memory>
#include <string>

#include "models/model.h"
#include "sentencepiece/space_symbol.h"
#include "sentencepiece/spm_segmenter.h"
#include "models/vocab.h"

namespace wasmpipe::sentencepiece {

class VocabJsonModel final : public models::Model {
 public:
  // `marian_codes`: MarianTokenizer's handling of a leading ">>xx<<" (below).
  VocabJsonModel(std::unique_ptr<SpmSegmenter> segmenter, models::Vocab vocab, int32_t unk_id, bool marian_codes)
      : segmenter_(std::move(segmenter)), vocab_(std::move(vocab)), unk_id_(unk_id), marian_codes_(marian_codes) {}

  // `sequence` is a normalized chunk ("▁" dummy prefix first). MarianTokenizer first takes a
  // leading ">>xx<<" language code off the chunk as one token, then encodes the rest on its own.
  void tokenize(std::string_view sequence, std::vector<Token>& out) const override {
    const size_t first = out.size();
    size_t code_end = 0;
    if (marian_codes_ && sequence.substr(0, kSpace.size() + 2) == std::string(kSpace) + ">>") {
      const size_t close = sequence.find("<<", kSpace.size() + 2);
      if (close != std::string_view::npos) code_end = close + 2;
    }
    if (code_end == 0) {
      segmenter_->encode(sequence, out);
    } else {
      out.push_back({0, std::string(sequence.substr(kSpace.size(), code_end - kSpace.size())), 0, uint32_t(code_end)});
      std::string_view rest = sequence.substr(code_end);
      if (!rest.empty()) {
        // The rest gets its own dummy prefix, aligned to where it starts.
        const bool has_prefix = rest.substr(0, kSpace.size()) == kSpace;
        const std::string scratch = has_prefix ? std::string() : std::string(kSpace) + std::string(rest);
        const size_t from = out.size();
        segmenter_->encode(has_prefix ? rest : std::string_view(scratch), out);
        const uint32_t shift = uint32_t(code_end), pad = has_prefix ? 0 : uint32_t(kSpace.size());
        for (size_t i = from; i < out.size(); ++i) {
          out[i].start = shift + (out[i].start > pad ? out[i].start - pad : 0);
          out[i].end = shift + (out[i].end > pad ? out[i].end - pad : 0);
        }
      }
    }
    for (size_t i = first; i < out.size(); ++i) {
      const int32_t id = vocab_.find(out[i].value);
      out[i].id = id >= 0 ? id : unk_id_;
      if (id < 0) out[i].value = std::string(*vocab_.token(unk_id_));
    }
  }
  std::optional<int32_t> token_to_id(std::string_view token) const override {
    const int32_t id = vocab_.find(token);
    return id >= 0 ? std::optional<int32_t>(id) : std::nullopt;
  }
  // The slow tokenizers' _convert_id_to_token is decoder.get(index, unk_token): an id vocab.json
  // lacks (M2M100's "madeup word" ids past the language codes, which its model can emit) decodes
  // as the unknown token, where the Rust tokenizers skip it.
  std::optional<std::string_view> id_to_token(int32_t id) const override {
    if (auto t = vocab_.token(id)) return t;
    return vocab_.token(unk_id_);
  }
  size_t vocab_size() const override { return vocab_.size(); }
  std::string_view type() const override { return "VocabJson"; }

 private:
  std::unique_ptr<SpmSegmenter> segmenter_;
  models::Vocab vocab_;
  int32_t unk_id_;
  bool marian_codes_;
};

}  // namespace wasmpipe::sentencepiece
