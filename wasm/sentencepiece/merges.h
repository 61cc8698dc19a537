// BPE merges of a SentencePiece BPE model, derived the way transformers' converter does
// (convert_slow_tokenizer.generate_merges with vocab_scores): every split of every piece into
// two pieces of the vocabulary, ordered by (score, code points of the left part, of the right
// part) descending, ties keeping vocabulary order (Python's stable sort).
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/vocab.h"

namespace wasmpipe::sentencepiece {

// `pieces[i]` = (piece, score) with id i; `vocab` maps each piece to its id (a later duplicate
// wins). The views point into `pieces`.
std::vector<std::pair<std::string_view, std::string_view>> generate_merges(
    const std::vector<std::pair<std::string, double>>& pieces, const models::Vocab& vocab);

}  // namespace wasmpipe::sentencepiece
