// The ids-only pre-tokenization of Sequence[Split, ByteLevel] as Llama-3, gpt-4o and Qwen2 files
// write it: a Split whose regex has a hand-written matcher (core/regex_fast.h) keeping the matches
// (Isolated: and the gaps between them; Removed with invert: only the matches), then ByteLevel
// without its own regex. Done in one pass over the matches, without the match and piece lists and
// the nested sink per word of the generic path; the pre-tokens are the same texts in the same order.
#pragma once
#include <string_view>

#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

// When `first` then `second` is such a pair: hands every pre-token of `text` to `sink` and returns
// true. Otherwise returns false having done nothing.
bool split_then_byte_level_words(const PreTokenizer& first, const PreTokenizer& second, std::string_view text,
                                 WordSink& sink, WordScratch& scratch);

}  // namespace wasmpipe::pre_tokenizers
