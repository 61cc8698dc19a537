// The raw path of tokenizer.tokenize(): only the token strings of one text (or pair), without the
// records of the full path (tokenizer_raw_full.cpp: ids, masks, word ids, offsets turned into
// UTF-16 units through an index of each text) that tokenize() would throw away.
// JS (js/tokenizer-raw-full.js, tokenizeOnly) writes the UTF-8 byte lengths of the text and pair
// and then their UTF-8 into the handle's input buffer; the tokens come back as their UTF-8 in
// token_bytes plus their byte and UTF-16 lengths in records (one TextDecoder call in JS).
#include <emscripten/emscripten.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "bindings/raw_io.h"
#include "bindings/tokenizer_handle.h"
#include "core/error.h"
#include "tokenizer/settings_scope.h"

using wasmpipe::bindings::RawEncodeBuffers;
using wasmpipe::bindings::TokenizerHandle;

namespace {

// Bits of `flags` (js/tokenizer-raw-full.js sends the same values).
constexpr uint32_t kAddSpecialTokens = 1;
constexpr uint32_t kHasPair = 2;

}  // namespace

extern "C" {

// The tokens of encode(text) / encode_pair(text, pair), never truncated nor padded whatever
// tokenizer.json sets (as transformers' tokenize()). The input buffer holds the uint32 byte
// length of the text (then, with kHasPair, of the pair), then their UTF-8. Returns the number of
// int32 records (wasmpipe_tokenizer_records): 1 when every token is valid UTF-8, else 0; the
// number of tokens n; their UTF-8 byte lengths (n); their UTF-16 lengths (n). The tokens' UTF-8 is
// at wasmpipe_tokenizer_token_bytes. -1 on error (tokenizerLastError).
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_tokenizer_tokenize(TokenizerHandle* handle, uint32_t flags) {
  RawEncodeBuffers& io = handle->raw_buffers();
  return wasmpipe::bindings::raw_guarded(io, [&] {
    const bool has_pair = (flags & kHasPair) != 0;
    size_t bytes = wasmpipe::bindings::header_bytes(io, 0, 1, has_pair ? 2 : 1);
    wasmpipe::bindings::read_strings(io, io.input.data(), 1, bytes, io.texts);
    if (has_pair) wasmpipe::bindings::read_strings(io, io.input.data() + 4, 1, bytes, io.pairs);
    wasmpipe::Tokenizer& tok = handle->tokenizer();
    // Only a tokenizer.json with its own truncation or padding pays for switching them off.
    std::optional<wasmpipe::TokenizerSettingsScope> restore;
    if (tok.truncation() || tok.padding()) {
      restore.emplace(tok);
      tok.set_truncation(std::nullopt);
      tok.set_padding(std::nullopt);
    }
    const bool add_special_tokens = (flags & kAddSpecialTokens) != 0;
    const wasmpipe::Encoding e = has_pair ? tok.encode_pair(io.texts[0], io.pairs[0], add_special_tokens)
                                          : tok.encode(io.texts[0], add_special_tokens);
    io.records.clear();
    io.token_bytes.clear();
    io.records.push_back(1);
    io.records.push_back(static_cast<int32_t>(e.tokens.size()));
    if (!wasmpipe::bindings::append_token_strings(io, e.tokens)) io.records[0] = 0;
    return static_cast<int32_t>(io.records.size());
  });
}

}  // extern "C"
