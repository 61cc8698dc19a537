// SentencePiece's own unigram segmentation (unigram_model.cc EncodeOptimized), for tokenizers
// that must equal spm_encode (Marian): float scores as spm keeps them (Rust's Unigram sums in
// double, which breaks near-ties differently), only NORMAL / USER_DEFINED pieces match (control
// and unused ones never do), user-defined pieces get spm's bonus, an unmatched char costs
// min_score - 10, and consecutive unknown chars become one unknown piece.
#pragma once
#include <string>
#include <vector>

#include "sentencepiece/model_proto.h"
#include "sentencepiece/piece_tables.h"
#include "sentencepiece/spm_segmenter.h"
#include "tokenizer/token.h"

namespace wasmpipe::sentencepiece {

class SpmUnigram final : public SpmSegmenter {
 public:
  explicit SpmUnigram(const ModelProto& proto);
  void encode(std::string_view normalized, std::vector<Token>& out) const override;

 private:
  PieceTables tables_;
  int32_t unk_id_;
  float min_score_, max_score_;
  size_t max_len_ = 0;
};

}  // namespace wasmpipe::sentencepiece
