// The orders numpy's generic (baseline, non-SIMD) sorting code gives, for reproducing Python
// pipelines exactly where equal values make the result depend on the algorithm:
// question-answering's decode_spans takes np.argpartition(-scores, k)[:k], then np.argsort of
// those. Equal scores happen (dynamically quantized models give identical logits; zero scores
// outside the allowed spans), and then which spans are kept, and in which order, is numpy's.
//
// numpy dispatches both functions to SIMD code (x86-simd-sort) on AVX2 and AVX-512 CPUs, each
// with its own order for equal values: Python's answers then depend on the machine. The generic
// order is the one every CPU can give (NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL
// AVX512_SPR" selects it), so the QA fixture generators pin it (tests/fixtures/numpy_generic_order.py)
// and this file reproduces it. Verified against numpy 2.4 (tests/cpp/numpy_order_test.cpp, data
// from tests/fixtures/generate_numpy_order.py).
#pragma once
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace wasmpipe::numpy_order {

// floor(log2(n)) for n >= 1, as numpy's npy_get_msb, which sizes its introsort's depth limit
// (2 * floor(log2(n))). For 0 it is -1 where numpy's is 0: argsort of an empty range then takes
// its not-reproduced exit, and the caller's own order of nothing is the same answer.
inline int floor_log2(uint64_t n) { return static_cast<int>(std::bit_width(n)) - 1; }

// np.argpartition(values, kth) for one kth (introselect: median-of-3 quickselect, a selection
// scan when kth < 3). Returns false, leaving `perm` unspecified, in the one case not reproduced:
// numpy's median-of-medians fallback after 2 * log2(n) unproductive rounds (never seen on
// pipeline data; callers then use their own order).
bool argpartition(std::span<const float> values, uint32_t kth, std::vector<uint32_t>& perm);

// np.argsort(values) (kind "quicksort": median-of-3 quicksort, insertion sort below 16 elements).
// Returns false in the one case not reproduced: its heapsort fallback after 2 * log2(n) levels.
bool argsort(std::span<const float> values, std::vector<uint32_t>& perm);

}  // namespace wasmpipe::numpy_order
