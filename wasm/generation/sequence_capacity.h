// The length of the token buffers that hold every row's sequence (rows x max_length ids each).
// max_length comes from callers with no upper bound (HF has none either: it allocates as it goes),
// while wasmpipe allocates the whole length up front: on wasm32 a cast to size_t cuts a large
// int64 to 32 bits and rows x max_length wraps, so a small buffer would be indexed far out of
// bounds. Anything whose buffers exceed a 4 GiB address space is rejected with a clear error.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "core/error.h"

namespace wasmpipe::generation {

// max_length as a size_t, or InvalidArgument when `buffers` buffers of rows x max_length int64 ids
// do not fit in 4 GiB (wasm32's whole memory) on any platform.
inline size_t sequence_capacity(int64_t max_length, size_t rows, size_t buffers) {
  constexpr uint64_t kLimit = std::min<uint64_t>(std::numeric_limits<size_t>::max(), (uint64_t{1} << 32) - 1);
  uint64_t ids = 0, bytes = 0;
  const bool fits = max_length >= 0 &&
                    !__builtin_mul_overflow(static_cast<uint64_t>(max_length), static_cast<uint64_t>(rows), &ids) &&
                    !__builtin_mul_overflow(ids, uint64_t{sizeof(int64_t)} * buffers, &bytes) && bytes <= kLimit;
  if (!fits) {
    throw Error(ErrorCode::InvalidArgument, "max_length " + std::to_string(max_length) + " is too large for " +
                                                std::to_string(rows) + " rows (num_beams / num_return_sequences): their "
                                                "token buffers would not fit in memory; use max_new_tokens to bound the output");
  }
  return static_cast<size_t>(max_length);
}

}  // namespace wasmpipe::generation
