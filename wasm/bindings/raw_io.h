// Helpers of the raw (non-Embind) tokenizer exports (tokenizer_raw.cpp, tokenizer_raw_full.cpp):
// reading the strings JS wrote into the handle's input buffer, and turning exceptions into the
// handle's last error (a raw export returns -1 instead of throwing across the boundary).
#pragma once
#include <cstdint>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "bindings/tokenizer_handle.h"
#include "core/error.h"
#include "core/utf8.h"

namespace wasmpipe::bindings {

// The bytes of an input header of `fixed_words` uint32 words then `per_text` uint32 lengths per
// text, for `count` texts. Checked: on wasm32, 4 * (fixed_words + count * per_text) wraps for a
// count near 2^30 and would pass a size check with a tiny header.
inline size_t header_bytes(const RawEncodeBuffers& io, size_t fixed_words, size_t count, size_t per_text) {
  const size_t words = io.input.size() / 4;
  if (fixed_words > words || count > (words - fixed_words) / per_text) {
    throw Error(ErrorCode::InvalidArgument, "raw encode: a count of " + std::to_string(count) +
                                                " texts does not fit the input buffer; pass as many texts as JS wrote");
  }
  return 4 * (fixed_words + count * per_text);
}

// Appends `tokens`' UTF-8 to io.token_bytes and to io.records their UTF-8 byte lengths, then their
// UTF-16 lengths (JS slices them out of one decoded string). Returns false when a token is not
// valid UTF-8 (its UTF-16 length is then unknown and JS decodes each token alone).
inline bool append_token_strings(RawEncodeBuffers& io, const std::vector<std::string>& tokens) {
  for (const std::string& t : tokens) io.records.push_back(static_cast<int32_t>(t.size()));
  bool valid = true;
  for (const std::string& t : tokens) {
    io.token_bytes += t;
    valid = valid && utf8::find_invalid(t) == std::string::npos;
    int32_t units = 0;
    for (const char ch : t) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c & 0xC0) != 0x80) units += (c >= 0xF0) ? 2 : 1;  // 4-byte sequences are surrogate pairs
    }
    io.records.push_back(units);
  }
  return valid;
}

// `count` strings from the input buffer: their byte lengths are the uint32 values at
// lengths[0, count), their UTF-8 follows one another from `bytes` on (advanced past them).
inline void read_strings(const RawEncodeBuffers& io, const uint8_t* lengths, size_t count, size_t& bytes,
                         std::vector<std::string>& out) {
  out.resize(count);
  for (size_t i = 0; i < count; ++i) {
    uint32_t n;
    std::memcpy(&n, lengths + 4 * i, 4);
    if (n > io.input.size() - bytes) {
      throw Error(ErrorCode::Internal, "raw encode: the text lengths exceed the input buffer");
    }
    out[i].assign(reinterpret_cast<const char*>(io.input.data() + bytes), n);  // keeps its capacity
    bytes += n;
  }
}

// f()'s result, or -1 with the error kept in `io` for tokenizerLastError().
template <class F>
int32_t raw_guarded(RawEncodeBuffers& io, F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    io.error = e.what();
    io.error_code = error_code_name(e.code());
  } catch (const std::bad_alloc&) {
    io.error = "out of memory in the wasmpipe module (input too large?)";
    io.error_code = "OUT_OF_MEMORY";
  } catch (const std::exception& e) {
    io.error = e.what();
    io.error_code = "INTERNAL";
  }
  return -1;
}

}  // namespace wasmpipe::bindings
