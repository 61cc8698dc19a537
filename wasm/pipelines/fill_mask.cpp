#include "pipelines/fill_mask.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "pipelines/text_classification.h"

namespace wasmpipe {

std::vector<int32_t> resolve_fill_mask_targets(const Tokenizer& tok, const std::vector<std::string>& targets) {
  std::vector<int32_t> ids;
  for (const auto& target : targets) {
    if (auto id = tok.token_to_id(target)) {
      ids.push_back(*id);
      continue;
    }
    const Encoding enc = tok.encode(target, /*add_special_tokens=*/false);
    if (!enc.ids.empty()) ids.push_back(enc.ids.front());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) {
    throw Error(ErrorCode::InvalidArgument,
                "fill-mask: none of the targets is a token of this model's vocabulary (each one tokenized to "
                "nothing): pass at least one non-empty target");
  }
  return ids;
}

std::vector<size_t> mask_positions(std::span<const int32_t> ids, int32_t mask_id) {
  std::vector<size_t> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == mask_id) out.push_back(i);
  }
  return out;
}

namespace {

// The k best candidates by (score descending, index ascending), in that order, into order[0..k):
// a strict total order, so the same k, in the same order, as the partial_sort below. One pass that
// mostly compares against the k-th best so far: ~2x faster than partial_sort over a 30k-word
// vocabulary. Only for small k, and not when a score is NaN (no total order: partial_sort's answer
// is kept then).
template <class Score>
bool top_k_by_scan(size_t k, size_t candidates, const Score& score_of, std::vector<size_t>& order) {
  constexpr size_t kMaxScanK = 32;
  if (k == 0 || k > kMaxScanK) return false;
  size_t filled = 0;
  float kth = -INFINITY;  // every score beats it until k candidates are held
  for (size_t c = 0; c < candidates; ++c) {
    const float s = score_of(c);
    if (s != s) return false;
    if (!(s > kth) && filled == k) continue;
    size_t j = filled < k ? filled++ : k - 1;
    for (; j > 0 && s > score_of(order[j - 1]); --j) order[j] = order[j - 1];  // equal: earlier index first
    order[j] = c;
    if (filled == k) kth = score_of(order[k - 1]);
  }
  return true;
}

}  // namespace

std::vector<std::vector<FillMaskCandidate>> fill_mask(const Tokenizer& tok, std::span<const int32_t> ids,
                                                      const std::vector<std::span<const float>>& mask_logits,
                                                      int32_t mask_id, size_t top_k, const std::vector<int32_t>* targets) {
  const auto masks = mask_positions(ids, mask_id);
  if (masks.empty()) throw Error(ErrorCode::InvalidArgument, "fill-mask: the input has no mask token");
  if (mask_logits.size() != masks.size()) {
    throw Error(ErrorCode::InvalidArgument, "fill-mask: got logits for " + std::to_string(mask_logits.size()) + " masks, the input has " +
                                                std::to_string(masks.size()));
  }
  const size_t vocab = mask_logits.front().size();
  for (const auto& row : mask_logits) {
    if (row.size() != vocab || vocab == 0) throw Error(ErrorCode::InvalidArgument, "fill-mask: mask logits of different or zero size");
  }
  if (targets) {
    for (int32_t t : *targets) {
      if (t < 0 || static_cast<size_t>(t) >= vocab) {
        throw Error(ErrorCode::InvalidArgument, "fill-mask: target id " + std::to_string(t) +
                                                    " is outside the model's output vocabulary (" + std::to_string(vocab) + ")");
      }
    }
  }
  const bool single_mask = masks.size() == 1;
  const size_t candidates = targets ? targets->size() : vocab;
  const size_t k = std::min(top_k, candidates);
  std::optional<int32_t> pad_id;
  if (auto pad = tok.special_token("pad_token")) pad_id = tok.token_to_id(*pad);
  const bool clean_up = tok.clean_up_tokenization_spaces();

  std::vector<float> probs(vocab);
  // The top k by scan need k slots; the whole candidate list (a 30k-word vocabulary: a 120 KB
  // allocation and fill per call) only where that falls back to sorting.
  std::vector<size_t> order(k);
  std::vector<int32_t> filled;
  filled.reserve(ids.size());
  std::vector<std::vector<FillMaskCandidate>> results;
  for (size_t mi = 0; mi < masks.size(); ++mi) {
    const size_t m = masks[mi];
    std::copy(mask_logits[mi].begin(), mask_logits[mi].end(), probs.begin());
    apply_score_function(probs, ScoreFunction::Softmax);
    const auto score_of = [&](size_t c) { return probs[targets ? (*targets)[c] : c]; };
    if (!top_k_by_scan(k, candidates, score_of, order)) {
      order.resize(candidates);
      std::iota(order.begin(), order.end(), size_t{0});
      std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](size_t a, size_t b) {
        const float sa = score_of(a), sb = score_of(b);
        return sa > sb || (sa == sb && a < b);
      });
    }
    std::vector<FillMaskCandidate> row;
    row.reserve(k);
    for (size_t r = 0; r < k; ++r) {
      const auto token = static_cast<int32_t>(targets ? (*targets)[order[r]] : order[r]);
      filled.clear();
      for (size_t i = 0; i < ids.size(); ++i) {
        const int32_t id = i == m ? token : ids[i];
        if (!pad_id || id != *pad_id) filled.push_back(id);  // transformers drops padding ids
      }
      // Other masks stay visible in the sequence (special tokens are only skipped for one mask).
      row.push_back({score_of(order[r]), token, tok.decode(std::span(&token, 1), false, clean_up),
                     tok.decode(filled, /*skip_special_tokens=*/single_mask, clean_up)});
    }
    results.push_back(std::move(row));
  }
  return results;
}

}  // namespace wasmpipe
