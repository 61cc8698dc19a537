#include "sentencepiece/piece_tables.h"

namespace wasmpipe::sentencepiece {

PieceTables::PieceTables(const ModelProto& proto) {
  scores.reserve(proto.pieces.size());
  types.reserve(proto.pieces.size());
  for (size_t i = 0; i < proto.pieces.size(); ++i) {
    const Piece& p = proto.pieces[i];
    scores.push_back(p.score);
    types.push_back(p.type);
    models::Vocab& table = is_matchable(p.type) ? matchable : reserved;
    // spm rejects a model with a duplicate piece; the first one is kept here.
    if (table.find(p.piece) < 0) table.insert(p.piece, static_cast<int32_t>(i));
  }
}

}  // namespace wasmpipe::sentencepiece
