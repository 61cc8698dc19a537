#include "pipelines/numpy_band_select.h"

#include <algorithm>
#include <utility>

#include "pipelines/numpy_order.h"

namespace wasmpipe::numpy_order {
namespace {

// The permutation numpy's introselect works on, as a linked list of runs: each run is either one
// band entry with a nonzero score ("special") or consecutive flat indices (step +1 or -1) that all
// hold -0.f, which every comparison treats alike, so a stretch of swaps between two runs is one
// exchange of (reversed) runs.
struct Run {
  int64_t first;
  int32_t step;
  uint32_t len;
  bool special;
  int32_t prev, next;
};

struct Cursor {
  int32_t node;
  uint32_t off;
};

class BandPermutation {
 public:
  BandPermutation(std::span<const float> p_start, std::span<const float> p_end, size_t max_answer_len)
      : ps_(p_start), pe_(p_end), n_(p_start.size()), l_(max_answer_len) {
    int64_t zeros_from = 0;
    for (size_t s = 0; s < n_; ++s) {
      for (size_t e = s; e < n_ && e - s < l_; ++e) {
        if (!(ps_[s] * pe_[e] > 0.f)) continue;  // -0.f: like every entry outside the band
        const int64_t flat = static_cast<int64_t>(s * n_ + e);
        if (flat > zeros_from) append({zeros_from, 1, static_cast<uint32_t>(flat - zeros_from), false, -1, -1});
        append({flat, 1, 1, true, -1, -1});
        zeros_from = flat + 1;
      }
    }
    const int64_t total = static_cast<int64_t>(n_ * n_);
    if (total > zeros_from) append({zeros_from, 1, static_cast<uint32_t>(total - zeros_from), false, -1, -1});
  }

  // Element values (numpy's float order; no NaN reaches here).
  float value(const Cursor& c) const {
    const Run& r = runs_[c.node];
    if (!r.special) return -0.f;
    const size_t s = static_cast<size_t>(r.first) / n_, e = static_cast<size_t>(r.first) % n_;
    return -(ps_[s] * pe_[e]);
  }
  float value_at(int64_t pos) { return value(locate(pos)); }

  Cursor locate(int64_t pos) const {
    int32_t node = head_;
    while (pos >= runs_[node].len) {
      pos -= runs_[node].len;
      node = runs_[node].next;
    }
    return {node, static_cast<uint32_t>(pos)};
  }

  void swap_at(int64_t p, int64_t q) {
    if (p == q) return;
    a_ = locate(p);
    isolate(a_);
    b_ = locate(q);
    isolate(b_);
    exchange(a_.node, b_.node);
  }

  // One Hoare partition of [low, high] around the value at `low` (numpy's unguarded scans: the
  // median of three left sentinels at low + 1 and high). Returns the final (ll, hh).
  std::pair<int64_t, int64_t> partition(int64_t low, int64_t high) {
    const float pivot = value_at(low);
    int64_t ll = low + 1, hh = high;
    a_ = locate(ll);
    b_ = locate(hh);
    for (;;) {
      do {
        forward(a_);
        ++ll;
      } while (value(a_) < pivot);
      back(b_);
      --hh;
      while (pivot < value(b_)) {
        if (!runs_[b_.node].special) {  // a whole run of -0.f above the pivot: skip it at once
          hh -= b_.off;
          b_.off = 0;
        }
        back(b_);
        --hh;
      }
      if (hh < ll) break;
      // pivot -0.f: the left scan stops at every -0.f, the right one at every entry; m swaps in a
      // row pair ll + j with hh - j, until either run ends or the scans would meet.
      const int64_t m = std::min<int64_t>({runs_[a_.node].len - a_.off, b_.off + 1, (hh - ll + 1) / 2});
      if (pivot == 0.f && !runs_[a_.node].special && m > 1) {
        split(a_.node, a_.off + static_cast<uint32_t>(m));
        split(a_.node, a_.off);
        split(b_.node, b_.off + 1);
        split(b_.node, b_.off + 1 - static_cast<uint32_t>(m));
        exchange(a_.node, b_.node);
        a_.off = static_cast<uint32_t>(m - 1);
        b_.off = 0;
        ll += m - 1;
        hh -= m - 1;
      } else if (ll != hh) {
        isolate(a_);
        isolate(b_);
        exchange(a_.node, b_.node);
      }
    }
    return {ll, hh};
  }

  // Rebuilds the list in position order, joining neighbours that continue each other's run of
  // -0.f entries: single swaps leave many short runs, and walking a scattered list is what the
  // position lookups would otherwise spend their time on. Invalidates cursors.
  void compact() {
    scratch_.clear();
    for (int32_t node = head_; node != -1; node = runs_[node].next) {
      const Run& r = runs_[node];
      if (!scratch_.empty() && !r.special && !scratch_.back().special) {
        Run& b = scratch_.back();
        const int64_t d = r.first - (b.first + int64_t{b.step} * (b.len - 1));
        if ((d == 1 || d == -1) && (b.len == 1 || b.step == d) && (r.len == 1 || r.step == d)) {
          b.step = static_cast<int32_t>(d);
          b.len += r.len;
          continue;
        }
      }
      scratch_.push_back(r);
    }
    for (size_t i = 0; i < scratch_.size(); ++i) {
      scratch_[i].prev = static_cast<int32_t>(i) - 1;
      scratch_[i].next = i + 1 < scratch_.size() ? static_cast<int32_t>(i + 1) : -1;
    }
    runs_.swap(scratch_);
    head_ = 0;
    tail_ = static_cast<int32_t>(runs_.size()) - 1;
  }

  // np.argpartition's selection scan for kth < 3: the first smallest of [i, end) goes to i.
  void select_min(int64_t i) {
    Cursor c = locate(i);
    float best = value(c);
    int64_t best_pos = i, pos = i - c.off;
    for (int32_t node = c.node; node != -1; pos += runs_[node].len, node = runs_[node].next) {
      if (!runs_[node].special || pos <= i) continue;  // -0.f is never below a value <= 0
      const float v = value({node, 0});
      if (v < best) best = v, best_pos = pos;
    }
    swap_at(i, best_pos);
  }

  void first(size_t count, std::vector<uint32_t>& out) const {
    out.clear();
    for (int32_t node = head_; node != -1 && out.size() < count; node = runs_[node].next) {
      const Run& r = runs_[node];
      for (uint32_t i = 0; i < r.len && out.size() < count; ++i) out.push_back(static_cast<uint32_t>(r.first + int64_t{r.step} * i));
    }
  }

 private:
  void append(Run r) {
    r.prev = tail_;
    runs_.push_back(r);
    const auto id = static_cast<int32_t>(runs_.size() - 1);
    if (tail_ >= 0) runs_[tail_].next = id;
    else head_ = id;
    tail_ = id;
  }

  // Splits a run before offset `off`; the cursors follow their elements.
  void split(int32_t node, uint32_t off) {
    Run& r = runs_[node];
    if (off == 0 || off >= r.len) return;
    Run right{r.first + int64_t{r.step} * off, r.step, r.len - off, r.special, node, r.next};
    r.len = off;
    runs_.push_back(right);
    const auto id = static_cast<int32_t>(runs_.size() - 1);
    Run& left = runs_[node];  // push_back may have moved it
    if (left.next >= 0) runs_[left.next].prev = id;
    else tail_ = id;
    left.next = id;
    for (Cursor* c : {&a_, &b_}) {
      if (c->node == node && c->off >= off) *c = {id, c->off - off};
    }
  }

  void isolate(Cursor& c) {
    split(c.node, c.off + 1);
    split(c.node, c.off);
  }

  // Swaps the contents of two runs of equal length, element j with element len - 1 - j of the
  // other (positions ll + j <-> hh - j); for single elements, a plain swap.
  void exchange(int32_t x, int32_t y) {
    Run& a = runs_[x];
    Run& b = runs_[y];
    std::swap(a.first, b.first);
    std::swap(a.step, b.step);
    std::swap(a.special, b.special);
    for (Run* r : {&a, &b}) {
      r->first += int64_t{r->step} * (r->len - 1);
      r->step = -r->step;
    }
  }

  void forward(Cursor& c) const {
    if (c.off + 1 < runs_[c.node].len) ++c.off;
    else c = {runs_[c.node].next, 0};
  }
  void back(Cursor& c) const {
    if (c.off > 0) --c.off;
    else c = {runs_[c.node].prev, runs_[runs_[c.node].prev].len - 1};
  }

  std::span<const float> ps_, pe_;
  size_t n_, l_;
  std::vector<Run> runs_, scratch_;
  int32_t head_ = -1, tail_ = -1;
  Cursor a_{-1, 0}, b_{-1, 0};
};

}  // namespace

bool band_argpartition(std::span<const float> p_start, std::span<const float> p_end, size_t max_answer_len,
                       uint32_t kth, std::vector<uint32_t>& first) {
  const size_t n = p_start.size();
  const int64_t total = static_cast<int64_t>(n) * static_cast<int64_t>(n);
  if (p_end.size() != n || int64_t{kth} + 1 >= total || total > int64_t{UINT32_MAX}) return false;
  for (size_t i = 0; i < n; ++i) {
    if (!(p_start[i] >= 0.f) || !(p_end[i] >= 0.f)) return false;  // NaN or negative: not a probability
  }
  BandPermutation t(p_start, p_end, max_answer_len);
  if (kth < 3) {
    for (int64_t i = 0; i <= kth; ++i) t.select_min(i);
    t.first(kth, first);
    return true;
  }
  int64_t low = 0, high = total - 1;
  int depth = 2 * floor_log2(static_cast<uint64_t>(total));
  const auto lt = [&](int64_t i, int64_t j) { return t.value_at(i) < t.value_at(j); };
  while (low + 1 < high) {
    if (depth <= 0 && high - (low + 1) >= 5) return false;  // median of medians: not reproduced
    t.compact();
    const int64_t mid = low + (high - low) / 2;
    if (lt(high, mid)) t.swap_at(high, mid);
    if (lt(high, low)) t.swap_at(high, low);
    if (lt(low, mid)) t.swap_at(low, mid);
    t.swap_at(mid, low + 1);
    --depth;
    const auto [ll, hh] = t.partition(low, high);
    t.swap_at(low, hh);
    if (hh >= kth) high = hh - 1;
    if (hh <= kth) low = ll;
  }
  if (high == low + 1 && lt(high, low)) t.swap_at(high, low);
  t.first(kth, first);
  return true;
}

}  // namespace wasmpipe::numpy_order
