#include "pre_tokenizers/words.h"

namespace wasmpipe::pre_tokenizers {

void PreTokenizer::pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch&) const {
  if (text.empty()) return;
  PreTokenizedString pts;
  pts.splits().push_back(Split{NormalizedString(text, shift), std::nullopt});
  pre_tokenize(pts);
  for (const Split& s : pts.splits()) sink.word(s.normalized.get());
}

void sink_pieces(std::string_view text, const std::vector<Match>& matches, SplitBehavior behavior,
                 std::vector<SplitPiece>& pieces, WordSink& sink) {
  split_pieces(matches, behavior, pieces);
  for (const SplitPiece& p : pieces)
    if (!p.remove && p.b < p.e) sink.word(text.substr(p.b, p.e - p.b));
}

}  // namespace wasmpipe::pre_tokenizers
