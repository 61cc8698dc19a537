#include "sentencepiece/spm_bpe.h"

#include <algorithm>
#include <queue>
#include <unordered_map>

#include "sentencepiece/one_char_len.h"

namespace wasmpipe::sentencepiece {
namespace {

struct Symbol {
  int32_t prev, next;
  uint32_t begin, end;  // the symbol's text is normalized[begin, end); empty once merged away
  bool freeze;
};

struct SymbolPair {
  int32_t left, right;
  float score;
  size_t size;
};

// spm's agenda order: the higher score first, then the leftmost pair.
struct LowerPriority {
  bool operator()(const SymbolPair& a, const SymbolPair& b) const {
    return a.score != b.score ? a.score < b.score : a.left > b.left;
  }
};

}  // namespace

SpmBpe::SpmBpe(const ModelProto& proto) : tables_(proto), unk_id_(proto.unk_id) {
  for (const Piece& p : proto.pieces)
    if (p.type == PieceType::UserDefined && !p.piece.empty()) user_defined_.push_back(p.piece);
  std::stable_sort(user_defined_.begin(), user_defined_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

int32_t SpmBpe::piece_to_id(std::string_view piece) const {
  if (const int32_t id = tables_.reserved.find(piece); id >= 0) return id;
  const int32_t id = tables_.matchable.find(piece);
  return id >= 0 ? id : unk_id_;
}

void SpmBpe::encode(std::string_view text, std::vector<Token>& out) const {
  if (text.empty()) return;
  std::vector<Symbol> symbols;
  for (uint32_t pos = 0; pos < text.size();) {
    size_t len = 0;
    bool freeze = false;
    for (const std::string& u : user_defined_) {
      if (text.substr(pos, u.size()) == u) {
        len = u.size();
        freeze = true;
        break;
      }
    }
    if (!freeze) len = std::min(one_char_len(static_cast<unsigned char>(text[pos])), text.size() - pos);
    const auto index = static_cast<int32_t>(symbols.size());
    symbols.push_back({index - 1, -1, pos, static_cast<uint32_t>(pos + len), freeze});
    pos += static_cast<uint32_t>(len);
  }
  for (size_t i = 0; i + 1 < symbols.size(); ++i) symbols[i].next = static_cast<int32_t>(i + 1);

  std::priority_queue<SymbolPair, std::vector<SymbolPair>, LowerPriority> agenda;
  // Unused pieces made by a merge -> the two pieces it was made of (spm's rev_merge).
  std::unordered_map<std::string_view, std::pair<std::string_view, std::string_view>> rev_merge;
  auto piece_of = [&](const Symbol& s) { return text.substr(s.begin, s.end - s.begin); };
  auto maybe_add_pair = [&](int32_t left, int32_t right) {
    if (left < 0 || right < 0 || symbols[left].freeze || symbols[right].freeze) return;
    const std::string_view piece = text.substr(symbols[left].begin, symbols[right].end - symbols[left].begin);
    const int32_t id = tables_.matchable.find(piece);
    if (id < 0) return;
    agenda.push({left, right, tables_.scores[id], piece.size()});
    if (tables_.types[id] == PieceType::Unused) rev_merge[piece] = {piece_of(symbols[left]), piece_of(symbols[right])};
  };
  for (size_t i = 1; i < symbols.size(); ++i) maybe_add_pair(static_cast<int32_t>(i - 1), static_cast<int32_t>(i));

  while (!agenda.empty()) {
    const SymbolPair top = agenda.top();
    agenda.pop();
    Symbol& left = symbols[top.left];
    Symbol& right = symbols[top.right];
    // Stale: one side was merged away or grew since the pair was queued.
    if (left.begin == left.end || right.begin == right.end || (left.end - left.begin) + (right.end - right.begin) != top.size)
      continue;
    left.end = right.end;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = top.left;
    right.end = right.begin;
    maybe_add_pair(left.prev, top.left);
    maybe_add_pair(top.left, left.next);
  }

  const size_t first = out.size();
  // Splits an unused piece back into the pieces it was merged from (spm's resegment), by text:
  // rev_merge holds the parts of the last place that piece was made, so their offsets are not
  // this one's; the parts of `w` at `begin` start at begin and at begin + the first's size.
  auto emit = [&](auto&& self, std::string_view w, uint32_t begin) -> void {
    const int32_t id = piece_to_id(w);
    if (tables_.types[id] == PieceType::Unused) {
      auto it = rev_merge.find(w);
      if (it != rev_merge.end()) {
        const auto [left, right] = it->second;
        self(self, left, begin);
        self(self, right, begin + static_cast<uint32_t>(left.size()));
        return;
      }
    }
    out.push_back({id, std::string(w), begin, begin + static_cast<uint32_t>(w.size())});
  };
  for (int32_t i = 0; i != -1; i = symbols[i].next) emit(emit, piece_of(symbols[i]), symbols[i].begin);
  merge_unknown_runs(out, first, unk_id_);
}

}  // namespace wasmpipe::sentencepiece
