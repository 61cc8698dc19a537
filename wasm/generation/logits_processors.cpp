#include "generation/logits_processors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/error.h"

namespace wasmpipe::generation {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

void check_id(int64_t id, size_t vocab, const char* option) {
  if (id < 0 || static_cast<size_t>(id) >= vocab) {
    throw Error(ErrorCode::InvalidArgument, std::string(option) + " contains token id " + std::to_string(id) +
                                                ", outside the model's vocabulary (size " + std::to_string(vocab) + ")");
  }
}

}  // namespace

float log_sum_exp(const float* row, size_t n) {
  const RowExpSum r = max_and_sum_exp(row, n);
  return static_cast<float>(static_cast<double>(r.max) + std::log(r.sum));
}

void log_softmax_into(const float* row, size_t n, float* out) {
  const float lse = log_sum_exp(row, n);
  for (size_t i = 0; i < n; ++i) out[i] = row[i] - lse;
}

void softmax(const float* row, size_t n, float* out) {
  const float m = row_max(row, n);
  float sum = 0.0f;
  for (size_t i = 0; i < n; ++i) sum += (out[i] = std::exp(row[i] - m));
  for (size_t i = 0; i < n; ++i) out[i] /= sum;
}

LogitsProcessor::LogitsProcessor(const GenerationConfig& config, size_t vocab_size, int64_t input_len)
    : c_(config), vocab_(vocab_size), min_new_prompt_len_(input_len) {
  if (vocab_ == 0) throw Error(ErrorCode::InvalidArgument, "the model's logits have an empty vocabulary dimension");
  // HF: the first generated position, one later when a forced BOS token occupies it.
  begin_index_ = input_len;
  if (!(input_len > 1 || !c_.forced_bos_token_id)) begin_index_ += 1;
  if (c_.num_beams > 1) {
    min_tokens_to_keep_ = c_.eos_token_id.empty() ? 2 : c_.eos_token_id.size() + 1;
  } else {
    min_tokens_to_keep_ = 1;
  }
  for (const auto& words : c_.bad_words_ids) {
    for (int64_t id : words) check_id(id, vocab_, "bad_words_ids");
    // NoBadWordsLogitsProcessor drops entries that are exactly one eos token.
    if (words.size() == 1 && c_.is_eos(words[0])) continue;
    bad_words_.push_back(words);
  }
  if (c_.forced_bos_token_id) check_id(*c_.forced_bos_token_id, vocab_, "forced_bos_token_id");
  for (int64_t id : c_.forced_eos_token_id) check_id(id, vocab_, "forced_eos_token_id");
  if (c_.repetition_penalty != 1.0f) seen_.assign(vocab_, 0);
  if (c_.do_sample) {
    order_.resize(vocab_);
    work_.resize(vocab_);
  }
}

void LogitsProcessor::process(float* scores, const int64_t* seq, size_t len) {
  const auto cur_len = static_cast<int64_t>(len);
  auto ban = [scores](int64_t id) { scores[id] = kNegInf; };
  if (c_.repetition_penalty != 1.0f) repetition_penalty(scores, seq, len);
  early_masks(seq, len, ban);
  if (c_.forced_bos_token_id && cur_len == 1) {
    std::fill(scores, scores + vocab_, kNegInf);
    scores[*c_.forced_bos_token_id] = 0.0f;
  }
  if (!c_.forced_eos_token_id.empty() && cur_len == c_.max_length - 1) {
    std::fill(scores, scores + vocab_, kNegInf);
    for (int64_t id : c_.forced_eos_token_id) scores[id] = 0.0f;
  }
  late_masks(len, ban);
}

bool LogitsProcessor::masks_only(size_t len) const {
  const auto cur_len = static_cast<int64_t>(len);
  return c_.repetition_penalty == 1.0f && !(c_.forced_bos_token_id && cur_len == 1) &&
         !(!c_.forced_eos_token_id.empty() && cur_len == c_.max_length - 1);
}

void LogitsProcessor::masked_ids(const int64_t* seq, size_t len, std::vector<int32_t>& out) const {
  out.clear();
  auto ban = [&out](int64_t id) { out.push_back(static_cast<int32_t>(id)); };
  early_masks(seq, len, ban);
  late_masks(len, ban);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// Ids reaching `ban` are inside the vocabulary (out-of-range ones have no effect, as in HF).
template <class Ban>
void LogitsProcessor::early_masks(const int64_t* seq, size_t len, Ban&& ban) const {
  const auto cur_len = static_cast<int64_t>(len);
  auto ban_eos = [&] {
    for (int64_t e : c_.eos_token_id) {
      if (e >= 0 && static_cast<size_t>(e) < vocab_) ban(e);
    }
  };
  if (c_.no_repeat_ngram_size > 0) no_repeat_ngram(seq, len, ban);
  if (!bad_words_.empty()) bad_words(seq, len, ban);
  if (c_.min_length > 0 && cur_len < c_.min_length) ban_eos();
  if (c_.min_new_tokens && cur_len - min_new_prompt_len_ < *c_.min_new_tokens) ban_eos();
}

template <class Ban>
void LogitsProcessor::late_masks(size_t len, Ban&& ban) const {
  for (int64_t id : c_.suppress_tokens) {
    if (id >= 0 && static_cast<size_t>(id) < vocab_) ban(id);  // out of range: no effect, as HF's isin
  }
  if (c_.has_begin_suppress_tokens && static_cast<int64_t>(len) == begin_index_) {
    for (int64_t id : c_.begin_suppress_tokens) {
      if (id >= 0 && static_cast<size_t>(id) < vocab_) ban(id);
    }
  }
}

void LogitsProcessor::repetition_penalty(float* scores, const int64_t* seq, size_t len) {
  // Each distinct id once (HF gathers then scatters, so duplicates are penalized once).
  if (++stamp_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    stamp_ = 1;
  }
  const float p = c_.repetition_penalty;
  for (size_t i = 0; i < len; ++i) {
    const int64_t id = seq[i];
    if (id < 0 || static_cast<size_t>(id) >= vocab_ || seen_[id] == stamp_) continue;
    seen_[id] = stamp_;
    float& s = scores[id];
    s = s < 0 ? s * p : s / p;
  }
}

template <class Ban>
void LogitsProcessor::no_repeat_ngram(const int64_t* seq, size_t len, Ban&& ban) const {
  const auto n = static_cast<size_t>(c_.no_repeat_ngram_size);
  if (len + 1 < n) return;
  // Ban every token that followed an earlier occurrence of the last n-1 tokens.
  const int64_t* key = seq + (len + 1 - n);
  for (size_t start = 0; start + n <= len; ++start) {
    if (std::equal(key, key + (n - 1), seq + start)) {
      const int64_t banned = seq[start + n - 1];
      if (banned >= 0 && static_cast<size_t>(banned) < vocab_) ban(banned);
    }
  }
}

template <class Ban>
void LogitsProcessor::bad_words(const int64_t* seq, size_t len, Ban&& ban) const {
  for (const auto& words : bad_words_) {
    if (words.size() == 1) {
      ban(words[0]);
      continue;
    }
    if (words.size() > len) continue;  // longer than the context: ignored
    const size_t prefix = words.size() - 1;
    if (std::equal(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(prefix), seq + (len - prefix))) {
      ban(words.back());
    }
  }
}

void LogitsProcessor::warp(float* scores) {
  if (c_.temperature != 1.0f) {
    for (size_t i = 0; i < vocab_; ++i) scores[i] /= c_.temperature;
  }
  if (c_.top_k != 0) top_k(scores);
  if (c_.top_p < 1.0f) top_p(scores);
  if (c_.min_p) min_p(scores);
}

void LogitsProcessor::top_k(float* scores) {
  const size_t k = std::min(std::max<size_t>(static_cast<size_t>(c_.top_k), min_tokens_to_keep_), vocab_);
  std::copy(scores, scores + vocab_, work_.begin());
  std::nth_element(work_.begin(), work_.begin() + static_cast<std::ptrdiff_t>(k - 1), work_.end(), std::greater<>());
  const float kth = work_[k - 1];
  for (size_t i = 0; i < vocab_; ++i) {
    if (scores[i] < kth) scores[i] = kNegInf;  // ties with the k-th survive, as in HF
  }
}

void LogitsProcessor::top_p(float* scores) {
  // HF: sort ascending, cumulative softmax, drop the low tail whose mass is <= 1 - top_p, and
  // always keep the min_tokens_to_keep best.
  std::iota(order_.begin(), order_.end(), 0);
  // std::sort with an index tie-break: deterministic and, unlike stable_sort, allocation-free.
  std::sort(order_.begin(), order_.end(),
            [&](int32_t a, int32_t b) { return scores[a] < scores[b] || (scores[a] == scores[b] && a < b); });
  const float m = scores[order_.back()];
  float sum = 0.0f;
  for (size_t i = 0; i < vocab_; ++i) sum += (work_[i] = std::exp(scores[order_[i]] - m));
  const float threshold = 1.0f - c_.top_p;
  float cumulative = 0.0f;
  const size_t removable = vocab_ - std::min(min_tokens_to_keep_, vocab_);
  for (size_t i = 0; i < removable; ++i) {
    cumulative += work_[i] / sum;
    if (cumulative > threshold) break;
    scores[order_[i]] = kNegInf;
  }
}

void LogitsProcessor::min_p(float* scores) {
  softmax(scores, vocab_, work_.data());
  const float top = row_max(work_.data(), work_.size());
  const float cut = *c_.min_p * top;
  // The min_tokens_to_keep best-scoring tokens always survive.
  std::iota(order_.begin(), order_.end(), 0);
  const size_t keep = std::min(min_tokens_to_keep_, vocab_);
  std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(keep), order_.end(),
                    [&](int32_t a, int32_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
  for (size_t i = 0; i < keep; ++i) work_[order_[i]] = std::numeric_limits<float>::infinity();
  for (size_t i = 0; i < vocab_; ++i) {
    if (work_[i] < cut) scores[i] = kNegInf;
  }
}

}  // namespace wasmpipe::generation
