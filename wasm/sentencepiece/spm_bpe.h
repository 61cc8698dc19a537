// SentencePiece's own BPE segmentation (bpe_model.cc Model::Encode), for slow tokenizers that must
// equal sp_model.encode (M2M100): the chunk is split into characters (user-defined pieces whole and
// frozen), then the adjacent pair whose concatenation is the highest-scoring piece is merged
// (leftmost first on ties) until no pair is a piece; a result that is an UNUSED piece is split
// back into the pieces it was merged from. Unlike the converted fast tokenizer (Rust BPE with
// merges generated from the scores), any two adjacent symbols merge when their concatenation is
// a piece, and runs of unknown pieces are joined as SentencePieceProcessor does.
#pragma once
#include <string>
#include <vector>

#include "sentencepiece/model_proto.h"
#include "sentencepiece/piece_tables.h"
#include "sentencepiece/spm_segmenter.h"

namespace wasmpipe::sentencepiece {

class SpmBpe final : public SpmSegmenter {
 public:
  explicit SpmBpe(const ModelProto& proto);
  void encode(std::string_view normalized, std::vector<Token>& out) const override;

 private:
  int32_t piece_to_id(std::string_view piece) const;  // spm PieceToId: reserved, then pieces, else unk

  PieceTables tables_;
  std::vector<std::string> user_defined_;  // matched whole at the split, longest first
  int32_t unk_id_;
};

}  // namespace wasmpipe::sentencepiece
