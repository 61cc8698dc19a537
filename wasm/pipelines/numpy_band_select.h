// np.argpartition(-scores.flatten(), k)[:k] for question-answering's [n, n] span score matrix
// without building it: numpy_order::argpartition's exact steps (numpy's generic introselect), run on
// a run-length view of the permutation. Only the "band" entries (start <= end < start +
// max_answer_len) with a positive score differ from -0.f; every other entry is -0.f, so a run of
// consecutive indices holding only those moves as one piece. Work: O(B log(n^2)) for B band entries,
// instead of building and partitioning all n^2 entries (the quadratic path numpy itself takes).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace wasmpipe::numpy_order {

// p_start, p_end: the window's n start / end probabilities (>= 0, no NaN); the matrix entry at flat
// index s * n + e is -(p_start[s] * p_end[e]) when s <= e < s + max_answer_len, else -0.f.
// Writes the first `kth` entries of np.argpartition(matrix.flatten(), kth) to `first` (flat
// indices). Returns false where numpy_order::argpartition does (its median-of-medians fallback), or
// when kth + 1 >= n * n (numpy's other branches; the caller sorts such tiny windows directly).
bool band_argpartition(std::span<const float> p_start, std::span<const float> p_end, size_t max_answer_len,
                       uint32_t kth, std::vector<uint32_t>& first);

}  // namespace wasmpipe::numpy_order
