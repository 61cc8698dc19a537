// The windows a stride truncation made of one input: the encoding the tokenizer returned (the first
// window) followed by its `overflowing` ones, each post-processed alone and with the offsets of
// the original text. Python's pipelines run one model row per window (return_overflowing_tokens).
#pragma once
#include <vector>

#include "tokenizer/encoding.h"

namespace wasmpipe {

// Moves `main` and its overflowing encodings into one list, in the tokenizer's order. Windows of
// a truncated sequence hold no windows of their own: nested `overflowing` lists are dropped.
std::vector<Encoding> take_windows(Encoding main);

}  // namespace wasmpipe
