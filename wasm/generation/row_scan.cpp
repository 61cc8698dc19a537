// Maximum, argmax and sum of exponentials of a logits row: the per-token hot path of greedy
// search and of beam search's log_softmax (num_beams rows of the whole vocabulary per step). std::max_element's dependent compare-and-branch chain costs ~15 ns per element
// in wasm (0.8 ms per 50k-token vocabulary); two independent SIMD accumulators make it ~10x
// faster. Results equal torch.max / torch.argmax (what HF's greedy search calls): a NaN is the
// largest value (the first NaN wins, the maximum is NaN), and ties resolve to the first index. musl's expf costs ~15 ns in wasm; sum_exp
// evaluates 4 lanes at once with Cephes' expf polynomial (max. error ~1 ulp per term, the
// same order as torch's vectorized exp; only the log-sum-exp of a row depends on it).
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
  if (n >= 8) {
    // pmax (a < x ? x : a) is one x86 maxps; f32x4.max, which propagates NaN, is a sequence of ~8
    // instructions in V8. NaNs are flagged on the side instead (x != x). -0 and +0 compare equal.
    v128_t a = wasm_f32x4_splat(m);
    v128_t b = a;
    v128_t nan = wasm_f32x4_ne(a, a);
    for (; i + 8 <= n; i += 8) {
      const v128_t x = wasm_v128_load(row + i);
      const v128_t y = wasm_v128_load(row + i + 4);
      a = wasm_f32x4_pmax(a, x);
      b = wasm_f32x4_pmax(b, y);
      nan = wasm_v128_or(nan, wasm_v128_or(wasm_f32x4_ne(x, x), wasm_f32x4_ne(y, y)));
    }
    if (wasm_v128_any_true(nan)) return std::numeric_limits<float>::quiet_NaN();
    float lanes[4];
    wasm_v128_store(lanes, wasm_f32x4_pmax(a, b));
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

double sum_exp(const float* row, size_t n, float shift) {
  if (std::isnan(shift)) return shift;  // the row's maximum is NaN: it holds a NaN
  size_t i = 0;
  double sum = 0.0;
#ifdef __wasm_simd128__
  if (n >= 4) {
    const v128_t shift_v = wasm_f32x4_splat(shift);
    const v128_t negligible = wasm_f32x4_splat(kNegligibleExponent);
    const v128_t lowest = wasm_f32x4_splat(-86.0f);  // 2^k below stays a normal float
    const v128_t log2e = wasm_f32x4_splat(1.44269504088896341f);
    // Adding 1.5 * 2^23 rounds to an integer, which then sits in the low mantissa bits: k as a
    // float and as an int32 without f32x4.nearest / i32x4.trunc_sat (a long sequence in V8).
    const v128_t round_magic = wasm_f32x4_splat(12582912.0f);
    const v128_t ln2_hi = wasm_f32x4_splat(0.693359375f);
    const v128_t ln2_lo = wasm_f32x4_splat(-2.12194440e-4f);
    const v128_t one = wasm_f32x4_splat(1.0f);
    // Terms add up in float32 lanes over blocks of kBlock elements (at most kBlock / 4 terms <= 1
    // per lane: the block's rounding error stays below ~4e-7 relative worst case, ~1e-8
    // typically), and each block's lanes into float64: the sum's rounding stays far below the
    // terms' own, without a float64 conversion per term.
    v128_t acc_lo = wasm_f64x2_splat(0.0);
    v128_t acc_hi = acc_lo;
    const size_t whole = n & ~static_cast<size_t>(3);
    while (i < whole) {
      const size_t end = std::min(whole, i + kBlock);
      v128_t block = wasm_f32x4_splat(0.0f);
      for (; i < end; i += 4) {
        const v128_t x = wasm_f32x4_sub(wasm_v128_load(row + i), shift_v);
        // All four terms below e^-40 (or masked, -inf): they add nothing visible (see the top).
        if (wasm_i32x4_bitmask(wasm_f32x4_lt(x, negligible)) == 0xF) continue;
        const v128_t xc = wasm_f32x4_pmax(x, lowest);
        // x = k ln2 + r, |r| <= ln2 / 2 (Cody-Waite: k ln2 in two parts); e^x = 2^k e^r.
        const v128_t biased = wasm_f32x4_add(wasm_f32x4_mul(xc, log2e), round_magic);
        const v128_t k = wasm_f32x4_sub(biased, round_magic);
        const v128_t r = wasm_f32x4_sub(wasm_f32x4_sub(xc, wasm_f32x4_mul(k, ln2_hi)), wasm_f32x4_mul(k, ln2_lo));
        // Cephes expf: e^r = 1 + r + r^2 P(r), P of degree 5 in Estrin's form (three independent
        // pairs joined by r^2 and r^4: a dependency chain half as long as Horner's, which is what
        // bounds this loop; as accurate, max. relative error 7.6e-8 over [-40, 0] vs 7.9e-8).
        const v128_t r2 = wasm_f32x4_mul(r, r);
        const v128_t p01 = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(1.6666665459e-1f), r), wasm_f32x4_splat(5.0000001201e-1f));
        const v128_t p23 = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(8.3334519073e-3f), r), wasm_f32x4_splat(4.1665795894e-2f));
        const v128_t p45 = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(1.9875691500e-4f), r), wasm_f32x4_splat(1.3981999507e-3f));
        const v128_t p = wasm_f32x4_add(p01, wasm_f32x4_mul(r2, wasm_f32x4_add(p23, wasm_f32x4_mul(r2, p45))));
        const v128_t er = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(r2, p), r), one);
        // * 2^k: k added to the exponent field (e^r in [0.7, 1.5], k in [-124, 0]: a normal result).
        // k sits in biased's low mantissa bits above round_magic's zeros, so biased << 23 is k << 23.
        const v128_t e = wasm_i32x4_add(er, wasm_i32x4_shl(biased, 23));
        block = wasm_f32x4_add(block, e);
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

}  // namespace wasmpipe::generation
