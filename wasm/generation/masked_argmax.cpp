// Greedy search's argmax when logits processors only mask ids (set them to -inf): the processed
// row's argmax without copying the row. A masked raw maximum is common (min_new_tokens holding
// back a predicted eos, suppress_tokens); copying the vocabulary (200 KB at 50k) and masking it
// cost 3-7x a plain argmax per step. The stretches between masked ids are searched instead.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "generation/masked_argmax.h"
#include "generation/logits_processors.h"

namespace wasmpipe::generation {

std::ptrdiff_t argmax_unmasked(const float* row, size_t n, const std::vector<int32_t>& masked) {
  // torch.argmax over the processed row: the first NaN, else the first maximum. Stretches are
  // visited in index order, so a later stretch wins only with a NaN or a strictly larger value.
  std::ptrdiff_t best = -1;
  float best_value = 0.0f;
  size_t lo = 0;
  const auto visit = [&](size_t hi) {
    if (hi > lo && !(best >= 0 && std::isnan(best_value))) {
      const size_t i = lo + argmax(row + lo, hi - lo);
      if (best < 0 || std::isnan(row[i]) || row[i] > best_value) {
        best = static_cast<std::ptrdiff_t>(i);
        best_value = row[i];
      }
    }
  };
  for (const int32_t id : masked) {
    if (id < 0 || static_cast<size_t>(id) >= n) continue;  // out of the vocabulary: process() ignores it too
    visit(static_cast<size_t>(id));
    lo = static_cast<size_t>(id) + 1;
  }
  visit(n);
  // Every unmasked value -inf (or none left): the processed row is all -inf and torch.argmax
  // answers index 0, masked or not. The caller takes the copying path then.
  if (best < 0 || (!std::isnan(best_value) && best_value == -INFINITY)) return -1;
  return best;
}

}  // namespace wasmpipe::generation
