// The raw path of tokenizer.decode(): JS writes the ids as int32 into the handle's input buffer,
// one export call decodes them, and JS reads the text's UTF-8 out of wasm memory with TextDecoder.
// Embind's decode cost ~2-4 µs per call more (the ids' val conversion, the std::string return and
// the invoker), a tenth of decoding a sentence; a streamer decodes once per generated token.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstring>
#include <span>

#include "bindings/raw_io.h"
#include "bindings/tokenizer_handle.h"
#include "core/error.h"

using wasmpipe::bindings::RawEncodeBuffers;
using wasmpipe::bindings::TokenizerHandle;

namespace {

// Bits of `flags` (js/tokenizer-raw-decode.js sends the same values).
constexpr uint32_t kSkipSpecialTokens = 1;
constexpr uint32_t kCleanUp = 2;
constexpr uint32_t kCleanUpAsConfigured = 4;  // the tokenizer's clean_up_tokenization_spaces (ignores kCleanUp)

}  // namespace

extern "C" {

// Decodes the `count` int32 ids at the start of the input buffer. Returns the decoded text's
// UTF-8 byte length (wasmpipe_tokenizer_text points at it until the next call), or -1.
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_tokenizer_decode(TokenizerHandle* handle, size_t count, uint32_t flags) {
  RawEncodeBuffers& io = handle->raw_buffers();
  return wasmpipe::bindings::raw_guarded(io, [&] {
    if (count > io.input.size() / 4) {
      throw wasmpipe::Error(wasmpipe::ErrorCode::Internal, "raw decode: the id count exceeds the input buffer");
    }
    // The ids are copied into the ids scratch (the input buffer's bytes are not int32 objects);
    // encode's ids there are only valid until the next call anyway.
    io.ids.resize(count);
    if (count) std::memcpy(io.ids.data(), io.input.data(), 4 * count);
    const wasmpipe::Tokenizer& tok = handle->tokenizer();
    const bool clean_up = (flags & kCleanUpAsConfigured) ? tok.clean_up_tokenization_spaces() : (flags & kCleanUp) != 0;
    io.text = tok.decode(std::span<const int32_t>(io.ids), (flags & kSkipSpecialTokens) != 0, clean_up);
    if (io.text.size() > INT32_MAX) throw wasmpipe::Error(wasmpipe::ErrorCode::Internal, "raw decode: text over 2 GB");
    return static_cast<int32_t>(io.text.size());
  });
}

EMSCRIPTEN_KEEPALIVE const char* wasmpipe_tokenizer_text(TokenizerHandle* handle) {
  return handle->raw_buffers().text.data();
}

}  // extern "C"
