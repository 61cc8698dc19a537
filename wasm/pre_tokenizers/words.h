// Helpers of the ids-only pre-tokenization (PreTokenizer::pre_tokenize_words): no
// NormalizedString, no alignment, no allocation once the scratch buffers have grown.
#pragma once
#include <string_view>
#include <vector>

#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

// The kept, non-empty pieces `behavior` makes of `matches` over `text`, handed to `sink` (what
// split_with_behavior + PreTokenizedString::split keep).
void sink_pieces(std::string_view text, const std::vector<Match>& matches, SplitBehavior behavior,
                 std::vector<SplitPiece>& pieces, WordSink& sink);

}  // namespace wasmpipe::pre_tokenizers
