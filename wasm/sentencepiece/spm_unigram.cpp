#include "sentencepiece/spm_unigram.h"

#include <algorithm>
#include <cfloat>

#include "sentencepiece/one_char_len.h"

namespace wasmpipe::sentencepiece {

SpmUnigram::SpmUnigram(const ModelProto& proto)
    : tables_(proto), unk_id_(proto.unk_id), min_score_(FLT_MAX), max_score_(FLT_MIN) {
  for (const Piece& p : proto.pieces) {
    if (p.type == PieceType::Normal) {
      min_score_ = std::min(min_score_, p.score);
      max_score_ = std::max(max_score_, p.score);
    }
    if (is_matchable(p.type)) max_len_ = std::max(max_len_, p.piece.size());
  }
}

void SpmUnigram::encode(std::string_view text, std::vector<Token>& out) const {
  if (text.empty()) return;
  struct BestPathNode {
    int32_t id = -1;
    float best_path_score = 0;
    int64_t starts_at = -1;
  };
  const size_t size = text.size();
  const float unk_score = min_score_ - 10.0f;
  std::vector<BestPathNode> best(size + 1);
  size_t starts_at = 0;
  while (starts_at < size) {
    const float till_here = best[starts_at].best_path_score;
    bool has_single_node = false;
    const size_t mblen = std::min(one_char_len(static_cast<unsigned char>(text[starts_at])), size - starts_at);
    const size_t longest = std::min(max_len_, size - starts_at);
    for (size_t length = 1; length <= longest; ++length) {
      const int32_t id = tables_.matchable.find(text.substr(starts_at, length));
      if (id < 0 || tables_.types[id] == PieceType::Unused) continue;
      BestPathNode& target = best[starts_at + length];
      // As spm: the user-defined bonus is a float product (size_t * float) minus 0.1 in double, the
      // path's score is summed in double and stored as a float.
      const double score = tables_.types[id] == PieceType::UserDefined ? static_cast<float>(length) * max_score_ - 0.1
                                                                      : tables_.scores[id];
      const double candidate = score + till_here;
      if (target.starts_at == -1 || candidate > target.best_path_score) {
        target.best_path_score = static_cast<float>(candidate);
        target.starts_at = static_cast<int64_t>(starts_at);
        target.id = id;
      }
      if (length == mblen) has_single_node = true;
    }
    if (!has_single_node) {
      BestPathNode& target = best[starts_at + mblen];
      const float candidate = unk_score + till_here;
      if (target.starts_at == -1 || candidate > target.best_path_score) {
        target.best_path_score = candidate;
        target.starts_at = static_cast<int64_t>(starts_at);
        target.id = unk_id_;
      }
    }
    starts_at += mblen;
  }
  const size_t first = out.size();
  for (size_t end = size; end > 0;) {
    const BestPathNode& n = best[end];
    const size_t begin = static_cast<size_t>(n.starts_at);
    out.push_back({n.id, std::string(text.substr(begin, end - begin)), static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
    end = begin;
  }
  std::reverse(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  merge_unknown_runs(out, first, unk_id_);
}

}  // namespace wasmpipe::sentencepiece
