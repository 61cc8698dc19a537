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

namespace wasmpipe::bindings {

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
