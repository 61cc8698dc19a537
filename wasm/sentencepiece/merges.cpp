#include "sentencepiece/merges.h"

#include <algorithm>

#include "core/utf8.h"

namespace wasmpipe::sentencepiece {

std::vector<std::pair<std::string_view, std::string_view>> generate_merges(
    const std::vector<std::pair<std::string, double>>& pieces, const models::Vocab& vocab) {
  struct Candidate {
    std::string_view left, right;
    double score;
    int32_t left_id, right_id;
    uint32_t left_chars, right_chars;
  };
  // Python's dict(vocab_scores): a piece keeps its first position and its last score.
  models::Vocab first_index;
  first_index.reserve(pieces.size());
  std::vector<double> score_of(pieces.size());
  for (size_t i = 0; i < pieces.size(); ++i) {
    const int32_t first = first_index.find(pieces[i].first);
    if (first < 0) {
      first_index.insert(pieces[i].first, static_cast<int32_t>(i));
      score_of[i] = pieces[i].second;
    } else {
      score_of[static_cast<size_t>(first)] = pieces[i].second;
    }
  }

  std::vector<Candidate> all, local;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const std::string_view piece = pieces[i].first;
    if (first_index.find(piece) != static_cast<int32_t>(i)) continue;  // a later duplicate
    local.clear();
    const uint32_t total_chars = static_cast<uint32_t>(utf8::char_count(piece));
    size_t pos = 0;
    uint32_t chars = 0;
    utf8::decode(piece, pos);  // splits start after the first char
    ++chars;
    while (pos < piece.size()) {
      const std::string_view l = piece.substr(0, pos), r = piece.substr(pos);
      const int32_t li = vocab.find(l), ri = vocab.find(r);
      if (li >= 0 && ri >= 0) local.push_back({l, r, score_of[i], li, ri, chars, total_chars - chars});
      utf8::decode(piece, pos);
      ++chars;
    }
    std::stable_sort(local.begin(), local.end(), [](const Candidate& a, const Candidate& b) {
      return a.left_id != b.left_id ? a.left_id < b.left_id : a.right_id < b.right_id;
    });
    all.insert(all.end(), local.begin(), local.end());
  }
  // sorted(..., key=(score, len(left), len(right)), reverse=True): stable, larger keys first.
  std::stable_sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.left_chars != b.left_chars) return a.left_chars > b.left_chars;
    return a.right_chars > b.right_chars;
  });
  std::vector<std::pair<std::string_view, std::string_view>> merges;
  merges.reserve(all.size());
  for (const Candidate& c : all) merges.emplace_back(c.left, c.right);
  return merges;
}

}  // namespace wasmpipe::sentencepiece
