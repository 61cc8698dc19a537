// The raw encode path of tokenizer.encode(): plain wasm exports called with numbers, no Embind
// marshalling on the hot path. JS (js/tokenizer-raw.js) writes the text's UTF-8 with
// TextEncoder.encodeInto straight into the handle's input buffer, calls
// wasmpipe_tokenizer_encode_ids, and copies the ids out of the handle's output buffer.
// An Embind call costs ~0.5-1 µs per string in Chromium (std::string conversion, val objects,
// the non-eval invoker under DYNAMIC_EXECUTION=0); a wasm export call costs a few ns.
//
// Errors never cross as exceptions: a failed call returns -1 and keeps its message in the
// handle, which tokenizerLastError() turns into the usual Error object with `.code`.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>

#include "bindings/guarded.h"
#include "bindings/model_inputs.h"
#include "bindings/raw_io.h"
#include "bindings/tokenizer_handle.h"
#include "core/error.h"
#include "core/scratch_slot.h"

using wasmpipe::bindings::RawEncodeBuffers;
using wasmpipe::bindings::TokenizerHandle;
using wasmpipe::bindings::raw_guarded;
using wasmpipe::bindings::read_strings;

namespace {

// Bits of the `flags` argument (js/tokenizer-raw.js sends the same values).
constexpr uint32_t kAddSpecialTokens = 1;
constexpr uint32_t kHasPair = 2;
constexpr uint32_t kTruncation = 4;
constexpr uint32_t kPadToMaxLength = 8;
constexpr uint32_t kPadLeft = 16;

// Frees each buffer that holds more than kScratchKeepBytes (a huge input's), so that a handle's
// memory follows its usual inputs rather than the largest one ever seen.
template <class V>
void release_if_large(V& v) {
  if (wasmpipe::capacity_bytes(v) > wasmpipe::kScratchKeepBytes) V().swap(v);
}

void release_large(std::vector<std::string>& strings) {
  size_t bytes = wasmpipe::capacity_bytes(strings);
  for (const std::string& s : strings) bytes += s.capacity();
  if (bytes > wasmpipe::kScratchKeepBytes) std::vector<std::string>().swap(strings);
}

// The handle's address, which JS passes back to the exports below (it never outlives the
// handle: js/tokenizer.js drops it with the handle on dispose()).
uintptr_t tokenizer_address(TokenizerHandle& handle) { return reinterpret_cast<uintptr_t>(&handle); }

emscripten::val tokenizer_last_error(TokenizerHandle& handle) {
  const RawEncodeBuffers& io = handle.raw_buffers();
  return wasmpipe::bindings::make_error(io.error_code, io.error);
}

}  // namespace

extern "C" {

// The input buffer, grown to hold at least `capacity` bytes (its contents are not kept); null when
// out of memory. Growing may grow wasm memory: JS re-takes its views of the heap afterwards.
EMSCRIPTEN_KEEPALIVE uint8_t* wasmpipe_tokenizer_input(TokenizerHandle* handle, size_t capacity) {
  RawEncodeBuffers& io = handle->raw_buffers();
  const int32_t ok = raw_guarded(io, [&] {
    if (io.input.size() < capacity) {
      io.input.clear();
      io.input.shrink_to_fit();  // no copy of the old contents: the caller rewrites them
      io.input.resize(capacity);
    }
    return 0;
  });
  return ok < 0 ? nullptr : io.input.data();
}

// Encodes the text in input[0, text_len) (and, with kHasPair, the pair in
// input[text_len, text_len + pair_len)); both are UTF-8. Returns the number of ids, which
// wasmpipe_tokenizer_ids() points at until the next call, or -1 (see tokenizerLastError).
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_tokenizer_encode_ids(TokenizerHandle* handle, size_t text_len, size_t pair_len,
                                                           uint32_t flags) {
  RawEncodeBuffers& io = handle->raw_buffers();
  return raw_guarded(io, [&] {
    if (text_len + pair_len > io.input.size() || ((flags & kHasPair) == 0 && pair_len != 0)) {
      throw wasmpipe::Error(wasmpipe::ErrorCode::Internal, "raw encode: the text lengths exceed the input buffer");
    }
    const auto* bytes = reinterpret_cast<const char*>(io.input.data());
    const std::string_view text(bytes, text_len);
    const std::string_view pair(bytes + text_len, pair_len);
    io.ids = handle->tokenizer().encode_ids(text, (flags & kHasPair) ? &pair : nullptr, (flags & kAddSpecialTokens) != 0);
    return static_cast<int32_t>(io.ids.size());
  });
}

EMSCRIPTEN_KEEPALIVE const int32_t* wasmpipe_tokenizer_ids(TokenizerHandle* handle) {
  return handle->raw_buffers().ids.data();
}

// A batch -> the model's int64 inputs [3][count][seq] (model_inputs.h). The input buffer holds
// `count` uint32 byte lengths of the texts (then, with kHasPair, `count` of the pairs), then the
// UTF-8 of every text, then of every pair. max_length 0 = the tokenizer's model_max_length;
// pad_id -1 = its config's pad token. Returns seq (wasmpipe_tokenizer_model_inputs and
// wasmpipe_tokenizer_lengths point at the results until the next call), or -1.
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_tokenizer_encode_for_model(TokenizerHandle* handle, size_t count, uint32_t flags,
                                                                 size_t max_length, int32_t pad_id) {
  RawEncodeBuffers& io = handle->raw_buffers();
  return raw_guarded(io, [&] {
    const bool has_pairs = (flags & kHasPair) != 0;
    size_t bytes = wasmpipe::bindings::header_bytes(io, 0, count, has_pairs ? 2 : 1);
    const uint8_t* lengths = io.input.data();
    read_strings(io, lengths, count, bytes, io.texts);
    if (has_pairs) read_strings(io, lengths + 4 * count, count, bytes, io.pairs);
    const wasmpipe::bindings::ModelInputOptions options{(flags & kAddSpecialTokens) != 0, (flags & kTruncation) != 0,
                                                        max_length, (flags & kPadToMaxLength) != 0, pad_id,
                                                        (flags & kPadLeft) != 0};
    const size_t seq = wasmpipe::bindings::encode_model_inputs(handle->tokenizer(), handle->config_padding(), io.texts,
                                                               has_pairs ? &io.pairs : nullptr, options,
                                                               io.model_inputs, io.lengths);
    return static_cast<int32_t>(seq);
  });
}

EMSCRIPTEN_KEEPALIVE const int64_t* wasmpipe_tokenizer_model_inputs(TokenizerHandle* handle) {
  return handle->raw_buffers().model_inputs.data();
}

EMSCRIPTEN_KEEPALIVE const int32_t* wasmpipe_tokenizer_lengths(TokenizerHandle* handle) {
  return handle->raw_buffers().lengths.data();
}

// Frees the buffers a huge call grew past kScratchKeepBytes (the input included: JS asks for it
// again, wasmpipe_tokenizer_input). Called by JS once it has copied that call's results out.
EMSCRIPTEN_KEEPALIVE void wasmpipe_tokenizer_release_large(TokenizerHandle* handle) {
  RawEncodeBuffers& io = handle->raw_buffers();
  release_if_large(io.input);
  release_if_large(io.ids);
  release_if_large(io.model_inputs);
  release_if_large(io.lengths);
  release_if_large(io.records);
  release_if_large(io.token_bytes);
  release_if_large(io.text);
  release_large(io.texts);
  release_large(io.pairs);
}

// kScratchKeepBytes, so that JS applies the same limit to what it keeps.
EMSCRIPTEN_KEEPALIVE size_t wasmpipe_scratch_keep_bytes() { return wasmpipe::kScratchKeepBytes; }

}  // extern "C"

EMSCRIPTEN_BINDINGS(wasmpipe_tokenizer_raw) {
  emscripten::function("tokenizerAddress", &tokenizer_address);
  emscripten::function("tokenizerLastError", &tokenizer_last_error);
}
