// Encoding with per-call truncation / padding options (the full Encoding, overflowing included):
// what tokenizer(text, { truncation, stride, padding, return_overflowing_tokens, ... }) needs.
// JsTokenizer (bindings.cpp) forwards its encodeWithOptions to encode_with_options.
#pragma once
#include <emscripten/val.h>

#include "tokenizer/encoding.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe::bindings {

// texts: a string (one encoding) or an array of strings (a batch, padded together like Rust's
// encode_batch). pairs: null/undefined, or the same shape as texts. options:
//   add_special_tokens: boolean (default true)
//   truncation: undefined = the tokenizer's own (tokenizer.json); null/false = off;
//               { max_length, stride = 0, strategy = 'longest_first' | 'only_first' | 'only_second',
//                 direction = 'right' | 'left' }
//   padding:    undefined = the tokenizer's own; null/false = off;
//               { strategy = 'longest' | 'max_length', max_length (for 'max_length'),
//                 pad_to_multiple_of = 0, direction = 'right' | 'left',
//                 pad_id, pad_type_id = 0, pad_token } (pad_id / pad_token default to the
//                 tokenizer's pad token)
// Returns an encoding {ids, type_ids, tokens, offsets (UTF-16), attention_mask,
// special_tokens_mask, word_ids, sequence_ids, overflowing: [encoding...]} or an array of them.
// The tokenizer's own settings are restored afterwards, also when this throws.
emscripten::val encode_with_options(Tokenizer& tok, const PaddingParams& default_pad, const emscripten::val& texts,
                                    const emscripten::val& pairs, const emscripten::val& options);

}  // namespace wasmpipe::bindings
