// Maximum, argmax and sum of exponentials of a logits row: the per-token hot path of greedy
// search and of beam search's log_softmax (num_beams rows of the whole vocabulary per step).
// std::max_element's dependent compare-and-branch chain costs ~15 ns per element in wasm (0.8 ms
// per 50k-token vocabulary); independent SIMD accumulators make it ~10x faster. Results equal
// torch.max / torch.argmax (what HF's greedy search calls): a NaN is the largest value (the first
// NaN wins, the maximum is NaN), and ties resolve to the first index. musl's expf costs ~15 ns in
// wasm; sum_exp evaluates 4 lanes at once with a Cephes-style expf polynomial (max. error ~1 ulp
// per term, the same order as torch's vectorized exp; only the log-sum-exp of a row depends on it).
// Its cost is the floor of beam search's time outside run(): every term of num_beams rows is
// needed. A variant without the skip tests for narrow rows (16 per iteration, two partial sums)
// measured no faster in Chromium 156 (generation-ab.js, 4 rounds: 0.85-1.07x of this one).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "generation/logits_processors.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace wasmpipe::generation {

namespace {
// sum_exp skips blocks of terms e^x with x < -40 (x = element - maximum): each is below
// 4.3e-18 while the sum is >= 1 (the maximum's own term), so for any row shorter than 2^24 they
// change the sum by less than 7.2e-11 relative, far below float32's 6e-8 rounding of the sum.
// The vocabulary's far tail (most of a trained model's row) then costs a compare, not an exp.
constexpr float kNegligibleExponent = -40.0f;
// Elements per float32 block of sum_exp (8 terms per lane).
constexpr size_t kBlock = 32;
// The larger of two values, NaN if either is NaN (as torch.max).
inline float nan_max(float m, float x) {
  if (std::isnan(m)) return m;
  return (x <= m) ? m : x;  // x NaN: x
}
}  // namespace

float row_max(const float* row, size_t n) {
  float m = row[0];
  size_t i = 0;
#ifdef __wasm_simd128__
  if (n >= 16) {
    // pmax (a < x ? x : a) is one x86 maxps; f32x4.max, which propagates NaN, is a sequence of ~8
    // instructions in V8. NaNs are flagged on the side instead (x != x). -0 and +0 compare equal.
    // 16 elements per step in four independent accumulators (twice as fast as two over 8).
    v128_t a = wasm_f32x4_splat(m), b = a, c = a, d = a;
    v128_t nan = wasm_f32x4_ne(a, a);
    for (; i + 16 <= n; i += 16) {
      const v128_t w = wasm_v128_load(row + i), x = wasm_v128_load(row + i + 4);
      const v128_t y = wasm_v128_load(row + i + 8), z = wasm_v128_load(row + i + 12);
      a = wasm_f32x4_pmax(a, w);
      b = wasm_f32x4_pmax(b, x);
      c = wasm_f32x4_pmax(c, y);
      d = wasm_f32x4_pmax(d, z);
      nan = wasm_v128_or(nan, wasm_v128_or(wasm_v128_or(wasm_f32x4_ne(w, w), wasm_f32x4_ne(x, x)), wasm_v128_or(wasm_f32x4_ne(y, y), wasm_f32x4_ne(z, z))));
    }
    if (wasm_i32x4_bitmask(nan) != 0) return std::numeric_limits<float>::quiet_NaN();
    float lanes[4];
    wasm_v128_store(lanes, wasm_f32x4_pmax(wasm_f32x4_pmax(a, b), wasm_f32x4_pmax(c, d)));
    for (float x : lanes) m = nan_max(m, x);
  }
#endif
  for (; i < n; ++i) m = nan_max(m, row[i]);
  return m;
}

size_t argmax(const float* row, size_t n) {
  if (n == 0) return 0;
  const float m = row_max(row, n);
  size_t i = 0;
  if (std::isnan(m)) {  // torch.argmax: the first NaN
    while (!std::isnan(row[i])) ++i;
    return i;
  }
#ifdef __wasm_simd128__
  const v128_t target = wasm_f32x4_splat(m);
  while (i + 4 <= n && !wasm_v128_any_true(wasm_f32x4_eq(wasm_v128_load(row + i), target))) i += 4;
#endif
  for (; i < n; ++i) {
    if (row[i] == m) return i;
  }
  return 0;  // unreachable: m is an element of the row
}

namespace {

// The sum of exp(row[i] - shift), shift: the row's maximum, finite.
double sum_exp(const float* row, size_t n, float shift) {
  size_t i = 0;
  double sum = 0.0;
#ifdef __wasm_simd128__
  if (n >= 8) {
    // The loop's constants are made opaque (OR-ed with a zero the compiler cannot prove): as plain
    // splats, LLVM / wasm-opt emit a v128.const at every use inside the loop, which V8 then builds
    // there from immediates each time. Opaque, they are computed once before the loop (Chromium:
    // this sum ~12% faster on 50k-token rows).
    const v128_t zero = wasm_i32x4_splat(static_cast<int32_t>(n >> 31));  // n < 2^31: all zero bits
    auto constant = [&](float c) { return wasm_v128_or(wasm_f32x4_splat(c), zero); };
    const v128_t shift_v = wasm_f32x4_splat(shift);
    const v128_t negligible = constant(kNegligibleExponent);
    const v128_t log2e = constant(1.44269504088896341f);
    // Adding 1.5 * 2^23 rounds to an integer, which then sits in the low mantissa bits: k as a
    // float and as an int32 without f32x4.nearest / i32x4.trunc_sat (a long sequence in V8).
    const v128_t round_magic = constant(12582912.0f);
    const v128_t ln2_hi = constant(0.693359375f);
    const v128_t ln2_lo = constant(-2.12194440e-4f);
    const v128_t one = constant(1.0f);
    const v128_t c0 = constant(4.9999994040e-1f), c1 = constant(1.6666521132e-1f), c2 = constant(4.1668388993e-2f),
                 c3 = constant(8.3687156439e-3f), c4 = constant(1.3814597623e-3f);
    // e^x in 4 lanes for x in [-40, 0] (other lanes: any value; the caller masks them).
    auto exp_lanes = [&](v128_t x) {
      // x = k ln2 + r, |r| <= ln2 / 2 (Cody-Waite: k ln2 in two parts); e^x = 2^k e^r.
      const v128_t biased = wasm_f32x4_add(wasm_f32x4_mul(x, log2e), round_magic);
      const v128_t k = wasm_f32x4_sub(biased, round_magic);
      const v128_t r = wasm_f32x4_sub(wasm_f32x4_sub(x, wasm_f32x4_mul(k, ln2_hi)), wasm_f32x4_mul(k, ln2_lo));
      // e^r = 1 + r + r^2 P(r), P of degree 4 (Cephes expf's form, one degree lower, coefficients
      // fitted for the least maximal relative error over |r| <= ln2 / 2: 3e-9 in exact arithmetic,
      // 8.0e-8 evaluated in float32, vs 7.7e-8 for Cephes' degree 5), in Estrin's form (two
      // independent pairs joined by r^2: the dependency chain, which bounds this loop, is short).
      const v128_t r2 = wasm_f32x4_mul(r, r);
      const v128_t p01 = wasm_f32x4_add(wasm_f32x4_mul(c1, r), c0);
      const v128_t p23 = wasm_f32x4_add(wasm_f32x4_mul(c3, r), c2);
      const v128_t p = wasm_f32x4_add(p01, wasm_f32x4_mul(r2, wasm_f32x4_add(p23, wasm_f32x4_mul(r2, c4))));
      const v128_t er = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(r2, p), r), one);
      // * 2^k: k added to the exponent field (e^r in [0.7, 1.5], k in [-58, 0]: a normal result).
      // k sits in biased's low mantissa bits above round_magic's zeros, so biased << 23 is k << 23.
      return wasm_i32x4_add(er, wasm_i32x4_shl(biased, 23));
    };
    // Terms add up in float32 lanes over blocks of kBlock elements (at most kBlock / 4 terms <= 1
    // per lane: the block's rounding error stays below ~4e-7 relative worst case, ~1e-8
    // typically), and each block's lanes into float64: the sum's rounding stays far below the
    // terms' own, without a float64 conversion per term. 8 elements per iteration: one skip test
    // and one loop step for two vectors.
    v128_t acc_lo = wasm_f64x2_splat(0.0);
    v128_t acc_hi = acc_lo;
    const size_t whole = n & ~static_cast<size_t>(7);
    while (i < whole) {
      const size_t end = std::min(whole, i + kBlock);
      v128_t block = zero;
      for (; i < end; i += 8) {
        const v128_t x0 = wasm_f32x4_sub(wasm_v128_load(row + i), shift_v);
        const v128_t x1 = wasm_f32x4_sub(wasm_v128_load(row + i + 4), shift_v);
        // Terms below e^-40 (or masked, -inf) add nothing visible (see the top): all eight skip
        // the exp, and within a computed vector they are zeroed (whatever the lane computed).
        const v128_t tiny0 = wasm_f32x4_lt(x0, negligible);
        const v128_t tiny1 = wasm_f32x4_lt(x1, negligible);
        // One bit per lane, tested as an integer: i32x4.bitmask is one movmskps in V8, all_true /
        // any_true several instructions each. Vectors with no lane to zero (a narrow row's usual
        // case) skip the masking: 14% faster on a tiny model's 50k-token rows, the same sum.
        const uint32_t tiny = wasm_i32x4_bitmask(tiny0) | (wasm_i32x4_bitmask(tiny1) << 4);
        if (tiny == 0xff) continue;
        if (tiny == 0) {
          block = wasm_f32x4_add(block, wasm_f32x4_add(exp_lanes(x0), exp_lanes(x1)));
          continue;
        }
        block = wasm_f32x4_add(block, wasm_f32x4_add(wasm_v128_andnot(exp_lanes(x0), tiny0), wasm_v128_andnot(exp_lanes(x1), tiny1)));
      }
      acc_lo = wasm_f64x2_add(acc_lo, wasm_f64x2_promote_low_f32x4(block));
      acc_hi = wasm_f64x2_add(acc_hi, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(block, block, 2, 3, 2, 3)));
    }
    double lanes[2];
    wasm_v128_store(lanes, wasm_f64x2_add(acc_lo, acc_hi));
    sum = lanes[0] + lanes[1];
  }
#endif
  for (; i < n; ++i) sum += std::exp(row[i] - shift);  // float exp, float64 sum
  return sum;
}

}  // namespace

RowExpSum max_and_sum_exp(const float* row, size_t n) {
  const float m = row_max(row, n);
  // A NaN in the row, or an infinite maximum: exp(x - max) is NaN somewhere, so is the sum.
  if (!std::isfinite(m)) return {m, std::numeric_limits<double>::quiet_NaN()};
  return {m, sum_exp(row, n, m)};
}

}  // namespace wasmpipe::generation
