// Size arithmetic on counts that come from callers (JS passes them as wasm32 size_t): a product
// that does not fit in size_t must be an error, not a small wrapped value that then passes a
// bounds check and indexes out of bounds.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/error.h"

namespace wasmpipe {

// a * b, or InvalidArgument naming `what` (e.g. "token-classification: batch x seq x labels").
inline size_t checked_product(size_t a, size_t b, const char* what) {
  size_t out;
  if (__builtin_mul_overflow(a, b, &out)) {
    throw Error(ErrorCode::InvalidArgument, std::string(what) + ": " + std::to_string(a) + " x " + std::to_string(b) +
                                                " does not fit in memory sizes: pass the real dimensions");
  }
  return out;
}

// v.resize(n) for a count from a caller: past max_size() (2^30 floats on wasm32) resize() throws
// std::length_error("vector"), which says nothing; this says what was too large.
template <class T>
void checked_resize(std::vector<T>& v, size_t n, const char* what) {
  if (n > v.max_size()) {
    throw Error(ErrorCode::InvalidArgument, std::string(what) + ": " + std::to_string(n) +
                                                " values do not fit in memory: pass the real size");
  }
  v.resize(n);
}

}  // namespace wasmpipe
