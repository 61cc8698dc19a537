// The lookup tables both SentencePiece segmenters (SpmBpe, SpmUnigram) build from a model's pieces,
// as spm's ModelInterface::InitializePieces does: each piece's score and type by id, and text -> id
// split into the pieces a segmentation matches (NORMAL, USER_DEFINED, UNUSED: spm's pieces_) and
// the others (control, unknown, byte: spm's reserved_id_map_).
#pragma once
#include <vector>

#include "models/vocab.h"
#include "sentencepiece/model_proto.h"

namespace wasmpipe::sentencepiece {

inline bool is_matchable(PieceType type) {
  return type == PieceType::Normal || type == PieceType::UserDefined || type == PieceType::Unused;
}

struct PieceTables {
  explicit PieceTables(const ModelProto& proto);

  models::Vocab matchable;  // spm's pieces_
  models::Vocab reserved;   // spm's reserved_id_map_
  std::vector<float> scores;
  std::vector<PieceType> types;
};

}  // namespace wasmpipe::sentencepiece
