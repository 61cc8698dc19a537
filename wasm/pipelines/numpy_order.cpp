#include "pipelines/numpy_order.h"

#include <numeric>
#include <utility>

namespace wasmpipe::numpy_order {
namespace {

// numpy's float order: NaN sorts last.
bool less(float a, float b) { return a < b || (b != b && a == a); }

}  // namespace

bool argpartition(std::span<const float> v, uint32_t kth, std::vector<uint32_t>& t) {
  const size_t n = v.size();
  t.resize(n);
  std::iota(t.begin(), t.end(), 0u);
  if (kth >= n) return false;
  auto lt = [&](size_t i, size_t j) { return less(v[t[i]], v[t[j]]); };
  if (kth < 3) {  // a selection scan: the smallest, then the next, ...
    for (size_t i = 0; i <= kth; ++i) {
      size_t min = i;
      for (size_t k = i + 1; k < n; ++k)
        if (less(v[t[k]], v[t[min]])) min = k;
      std::swap(t[i], t[min]);
    }
    return true;
  }
  if (kth == n - 1) {  // the last of the largest values goes last
    size_t max = 0;
    for (size_t k = 1; k < n; ++k)
      if (!(v[t[k]] < v[t[max]])) max = k;
    std::swap(t[kth], t[max]);
    return true;
  }
  int64_t low = 0, high = static_cast<int64_t>(n) - 1;
  int depth = 2 * floor_log2(n);
  while (low + 1 < high) {
    int64_t ll = low + 1, hh = high;
    if (depth <= 0 && hh - ll >= 5) return false;  // median of medians: not reproduced
    // Median of three: the pivot goes to `low`, the smallest of the three to low + 1, the largest
    // stays at `high`, so the partition scans need no bounds checks.
    const int64_t mid = low + (high - low) / 2;
    if (lt(high, mid)) std::swap(t[high], t[mid]);
    if (lt(high, low)) std::swap(t[high], t[low]);
    if (lt(low, mid)) std::swap(t[low], t[mid]);
    std::swap(t[mid], t[low + 1]);
    --depth;
    const float pivot = v[t[low]];
    for (;;) {
      do ++ll; while (less(v[t[ll]], pivot));
      do --hh; while (less(pivot, v[t[hh]]));
      if (hh < ll) break;
      std::swap(t[ll], t[hh]);
    }
    std::swap(t[low], t[hh]);
    if (hh >= kth) high = hh - 1;
    if (hh <= kth) low = ll;
  }
  if (high == low + 1 && lt(high, low)) std::swap(t[high], t[low]);
  return true;
}

bool argsort(std::span<const float> v, std::vector<uint32_t>& t) {
  const size_t n = v.size();
  t.resize(n);
  std::iota(t.begin(), t.end(), 0u);
  if (n < 2) return true;
  struct Range {
    int64_t lo, hi;
    int depth;
  };
  std::vector<Range> stack;
  int64_t pl = 0, pr = static_cast<int64_t>(n) - 1;
  int depth = 2 * floor_log2(n);
  for (;;) {
    if (depth < 0) return false;  // heapsort: not reproduced
    while (pr - pl > 15) {
      const int64_t pm = pl + ((pr - pl) >> 1);
      if (less(v[t[pm]], v[t[pl]])) std::swap(t[pm], t[pl]);
      if (less(v[t[pr]], v[t[pm]])) std::swap(t[pr], t[pm]);
      if (less(v[t[pm]], v[t[pl]])) std::swap(t[pm], t[pl]);
      const float pivot = v[t[pm]];
      int64_t pi = pl, pj = pr - 1;
      std::swap(t[pm], t[pj]);
      for (;;) {
        do ++pi; while (less(v[t[pi]], pivot));
        do --pj; while (less(pivot, v[t[pj]]));
        if (pi >= pj) break;
        std::swap(t[pi], t[pj]);
      }
      std::swap(t[pi], t[pr - 1]);
      // The larger part waits on the stack; the smaller is sorted first.
      --depth;
      if (pi - pl < pr - pi) {
        stack.push_back({pi + 1, pr, depth});
        pr = pi - 1;
      } else {
        stack.push_back({pl, pi - 1, depth});
        pl = pi + 1;
      }
    }
    for (int64_t i = pl + 1; i <= pr; ++i) {  // insertion sort
      const uint32_t x = t[i];
      int64_t j = i;
      while (j > pl && less(v[x], v[t[j - 1]])) {
        t[j] = t[j - 1];
        --j;
      }
      t[j] = x;
    }
    if (stack.empty()) return true;
    pl = stack.back().lo;
    pr = stack.back().hi;
    depth = stack.back().depth;
    stack.pop_back();
  }
}

}  // namespace wasmpipe::numpy_order
