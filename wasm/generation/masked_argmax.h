#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wasmpipe::generation {

// torch.argmax of `row` with the ids in `masked` (sorted, unique) set to -inf, without touching
// the row; -1 when every unmasked value is -inf (the processed row's argmax is then 0).
std::ptrdiff_t argmax_unmasked(const float* row, size_t n, const std::vector<int32_t>& masked);

}  // namespace wasmpipe::generation
