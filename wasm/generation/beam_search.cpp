#include "generation/beam_search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/checked_size.h"
#include "core/error.h"
#include "generation/sequence_capacity.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace wasmpipe::generation {
namespace {

constexpr float kBig = 1.0e9f;  // HF's -1.0e9 penalty

// (score desc, index asc): torch.topk's order, with ties resolved towards the lower index.
template <class Scores>
void top_n_indices(const Scores& score_of, size_t count, size_t n, std::vector<int32_t>& out) {
  out.clear();
  for (size_t i = 0; i < count; ++i) {
    const float s = score_of(i);
    if (out.size() == n && !(s > score_of(static_cast<size_t>(out.back())))) continue;
    auto pos = out.end();
    while (pos != out.begin() && s > score_of(static_cast<size_t>(*(pos - 1)))) --pos;
    out.insert(pos, static_cast<int32_t>(i));
    if (out.size() > n) out.pop_back();
  }
}

}  // namespace

BeamSearch::BeamSearch(const GenerationConfig& config, const std::vector<int64_t>& prompt, size_t vocab)
    : c_(config),
      nb_(static_cast<size_t>(config.num_beams)),
      vocab_(vocab),
      prompt_len_(prompt.size()),
      max_len_(sequence_capacity(config.max_length, nb_, 4)),  // run_seq_, fin_seq_ and their next buffers
      keep_(std::max<size_t>(2, 1 + config.eos_token_id.size()) * nb_),
      cur_len_(prompt.size()) {
  if (config.eos_token_id.empty()) fill_ = -1;
  else fill_ = (config.pad_token_id && *config.pad_token_id != 0) ? *config.pad_token_id : config.eos_token_id.front();
  const size_t flat = checked_product(nb_, vocab_, "beam search: num_beams x vocabulary");
  if (keep_ > flat) {
    throw Error(ErrorCode::InvalidArgument, "num_beams is too large for the model's vocabulary (" + std::to_string(vocab_) + ")");
  }
  accumulated_.resize(flat);
  cands_.reserve(keep_);
  top_.reserve(keep_ + 1);
  order_.reserve(keep_ + nb_ + 1);
  auto init_rows = [&](std::vector<int64_t>& rows) {
    rows.assign(nb_ * max_len_, fill_);
    for (size_t b = 0; b < nb_; ++b) std::copy(prompt.begin(), prompt.end(), rows.begin() + static_cast<std::ptrdiff_t>(b * max_len_));
  };
  init_rows(run_seq_);
  init_rows(run_seq_next_);
  init_rows(fin_seq_);
  init_rows(fin_seq_next_);
  run_score_.assign(nb_, -kBig);
  run_score_[0] = 0.0f;
  run_source_.assign(nb_, 0);
  fin_score_.assign(nb_, -kBig);
  fin_len_.assign(nb_, 0);
  fin_done_.assign(nb_, 0);
  fin_score_next_.resize(nb_);
  fin_len_next_.resize(nb_);
  fin_done_next_.resize(nb_);
}

bool BeamSearch::step(const float* logits, size_t rows_in, LogitsProcessor& processor, Rng& rng) {
  if (done_) throw Error(ErrorCode::Internal, "beam search stepped after it finished");
  if (cur_len_ >= max_len_) throw Error(ErrorCode::Internal, "beam search ran past max_length");
  // Per beam: log_softmax, processors (and warpers when sampling); the beam's score is added when
  // the top K are picked. Before the first step all beams share one row (rows_in == 1).
  top_.clear();
  if (!c_.do_sample && processor.masks_only(cur_len_)) {
    // Processors that only mask: the log-softmax is read in place ((logit - lse) + beam score per
    // candidate, the same float operations as writing it out first) and the masked ids are -inf.
    float lse = 0.0f, top = 0.0f;
    for (size_t b = 0; b < nb_; ++b) {
      const float* row = logits + (rows_in > 1 ? b : 0) * vocab_;
      if (b == 0 || rows_in > 1) {
        const RowExpSum r = max_and_sum_exp(row, vocab_);
        top = r.max;
        lse = static_cast<float>(static_cast<double>(top) + std::log(r.sum));  // log_sum_exp
      }
      processor.masked_ids(run_seq_.data() + b * max_len_, cur_len_, masked_);
      scan_row(row, b, lse, top, masked_);
    }
  } else {
    masked_.clear();
    for (size_t b = 0; b < nb_; ++b) {
      float* row = accumulated_.data() + b * vocab_;
      if (b == 0 || rows_in > 1) {
        log_softmax_into(logits + (rows_in > 1 ? b : 0) * vocab_, vocab_, row);
        processor.process(row, run_seq_.data() + b * max_len_, cur_len_);
        if (c_.do_sample) processor.warp(row);
      } else {
        std::copy(accumulated_.begin(), accumulated_.begin() + static_cast<std::ptrdiff_t>(vocab_), row);  // identical beams
      }
      if (!c_.do_sample) scan_row(row, b, 0.0f, std::numeric_limits<float>::infinity(), masked_);  // x - 0 == x: the row as written
    }
  }
  select_top_k(rng);
  update_finished();
  update_running();
  ++cur_len_;
  check_early_stop();
  const bool exists_open_beam = !(all_finished() && c_.early_stopping == EarlyStopping::True);
  return improvement_possible() && exists_open_beam && any_valid_continuation();
}

// Adds beam b's continuations to top_, the best keep_ of HF's flat next_token_scores (log_softmax
// + beam score, flat index b * vocab + token) in torch.topk's order: score descending, ties
// towards the lower index (rows and tokens arrive in ascending flat order, and a candidate goes
// after the equal ones). Once keep_ are held, only a score above the last one can enter, and
// score(x) = (x - lse) + offset never decreases as x grows (float rounding is monotonic): a row
// whose maximum `best` cannot enter is skipped whole, and elsewhere a block of 16 is skipped with
// SIMD compares of the raw values against the largest x whose score cannot enter (NaN never
// beats it, as in the scalar test): almost every block.
void BeamSearch::scan_row(const float* row, size_t b, float lse, float best, const std::vector<int32_t>& masked) {
  const float offset = run_score_[b];
  const auto base = static_cast<int32_t>(b * vocab_);
  auto score = [&](float x) { return (x - lse) + offset; };
  bool full = top_.size() == keep_;
  float nth = full ? top_.back().score : 0.0f;
  if (full && !(score(best) > nth)) return;
  // The largest float x with score(x) <= nth (-inf when not found in a few ulps: no skipping).
  auto cutoff = [&] {
    float x = (nth - offset) + lse;
    for (int tries = 0; tries < 8 && std::isfinite(x); ++tries, x = std::nextafter(x, -std::numeric_limits<float>::infinity())) {
      if (!(score(x) > nth)) return x;
    }
    return -std::numeric_limits<float>::infinity();
  };
  float skip_below = full ? cutoff() : 0.0f;  // raw values <= it cannot enter
  auto consider = [&](size_t t, float s) {
    if (full && !(s > nth)) return;
    auto pos = top_.end();
    while (pos != top_.begin() && s > (pos - 1)->score) --pos;
    top_.insert(pos, Scored{s, base + static_cast<int32_t>(t)});  // within the reserved capacity
    if (top_.size() > keep_) top_.pop_back();
    full = top_.size() == keep_;
    if (full) {
      nth = top_.back().score;
      skip_below = cutoff();
    }
  };
  auto range = [&](size_t t, size_t end) {
#ifdef __wasm_simd128__
    // 16 values per test: a hit is rare once keep_ are held, so the loop's cost is the test itself.
    v128_t skip_v = wasm_f32x4_splat(skip_below);
    for (; t + 16 <= end; t += 16) {
      if (full) {
        const v128_t hit = wasm_v128_or(wasm_v128_or(wasm_f32x4_gt(wasm_v128_load(row + t), skip_v), wasm_f32x4_gt(wasm_v128_load(row + t + 4), skip_v)),
                                        wasm_v128_or(wasm_f32x4_gt(wasm_v128_load(row + t + 8), skip_v), wasm_f32x4_gt(wasm_v128_load(row + t + 12), skip_v)));
        if (!wasm_v128_any_true(hit)) continue;
      }
      for (size_t j = t; j < t + 16; ++j) consider(j, score(row[j]));
      skip_v = wasm_f32x4_splat(skip_below);
    }
#endif
    for (; t < end; ++t) consider(t, score(row[t]));
  };
  size_t start = 0;
  for (int32_t id : masked) {  // sorted, distinct, inside the vocabulary
    range(start, static_cast<size_t>(id));
    consider(static_cast<size_t>(id), -std::numeric_limits<float>::infinity());
    start = static_cast<size_t>(id) + 1;
  }
  range(start, vocab_);
}

bool BeamSearch::all_finished() const {
  return std::all_of(fin_done_.begin(), fin_done_.end(), [](uint8_t f) { return f != 0; });
}

bool BeamSearch::any_valid_continuation() const {
  return !std::all_of(cands_.begin(), cands_.end(), [](const Candidate& k) { return k.hit; });
}

void BeamSearch::select_top_k(Rng& rng) {
  cands_.clear();
  const size_t total = nb_ * vocab_;
  if (!c_.do_sample) {
    if (top_.size() < keep_) throw Error(ErrorCode::Internal, "beam search found too few continuations");
    for (const Scored& k : top_) {
      const auto flat = static_cast<size_t>(k.flat);
      cands_.push_back({k.score, static_cast<int32_t>(flat / vocab_), static_cast<int64_t>(flat % vocab_), false});
    }
  } else {
    // The sampling distribution is over the sums themselves.
    for (size_t b = 0; b < nb_; ++b) {
      float* row = accumulated_.data() + b * vocab_;
      const float s = run_score_[b];
      for (size_t t = 0; t < vocab_; ++t) row[t] += s;
    }
    // torch.multinomial(softmax(accumulated), K) without replacement, in draw order.
    std::vector<float>& probs = probs_;
    probs.resize(total);
    softmax(accumulated_.data(), total, probs.data());
    for (size_t k = 0; k < keep_; ++k) {
      const size_t flat = sample_index(probs.data(), total, rng);
      if (probs[flat] <= 0) {
        throw Error(ErrorCode::InvalidArgument, "beam sampling: fewer than " + std::to_string(keep_) +
                                                    " tokens have a non-zero probability (raise top_k / top_p or lower num_beams)");
      }
      probs[flat] = 0;
      cands_.push_back({accumulated_[flat], static_cast<int32_t>(flat / vocab_), static_cast<int64_t>(flat % vocab_), false});
    }
  }
  const bool at_max = cur_len_ + 1 >= max_len_;
  for (auto& k : cands_) k.hit = at_max || c_.is_eos(k.token);
}

void BeamSearch::update_finished() {
  const bool full = c_.early_stopping == EarlyStopping::True &&
                    std::all_of(fin_done_.begin(), fin_done_.end(), [](uint8_t f) { return f != 0; });
  const auto denom = static_cast<float>(std::pow(static_cast<double>(cur_len_ + 1 - prompt_len_), c_.length_penalty));
  heuristic_before_step_ = heuristic_unsatisfied_;  // finish_now() redoes this merge with these flags
  // Merged list: the finished set first (indices 0..nb-1), then the K candidates.
  auto score_of = [&](size_t i) -> float {
    if (i < nb_) return fin_score_[i];
    const size_t k = i - nb_;
    float s = cands_[k].score / denom;
    if (full) s += -kBig;
    if (!heuristic_unsatisfied_) s += -kBig;
    const bool just_finished = cands_[k].hit && k < nb_;
    if (!just_finished) s += -kBig;
    return s;
  };
  std::vector<int32_t>& top = order_;
  top_n_indices(score_of, nb_ + cands_.size(), nb_, top);
  std::vector<float>& new_scores = fin_score_next_;
  std::vector<size_t>& new_len = fin_len_next_;
  std::vector<uint8_t>& new_done = fin_done_next_;
  for (size_t j = 0; j < nb_; ++j) {
    const auto i = static_cast<size_t>(top[j]);
    int64_t* dst = fin_seq_next_.data() + j * max_len_;
    new_scores[j] = score_of(i);
    if (i < nb_) {
      std::copy_n(fin_seq_.data() + i * max_len_, max_len_, dst);
      new_len[j] = fin_len_[i];
      new_done[j] = fin_done_[i];
    } else {
      const Candidate& k = cands_[i - nb_];
      std::copy_n(run_seq_.data() + static_cast<size_t>(k.beam) * max_len_, max_len_, dst);
      dst[cur_len_] = k.token;
      new_len[j] = cur_len_ + 1 - prompt_len_;
      new_done[j] = (k.hit && (i - nb_) < nb_) ? 1 : 0;
    }
  }
  fin_seq_.swap(fin_seq_next_);
  fin_score_.swap(new_scores);
  fin_len_.swap(new_len);
  fin_done_.swap(new_done);
}

void BeamSearch::update_running() {
  auto score_of = [&](size_t k) { return cands_[k].score + (cands_[k].hit ? -kBig : -0.0f); };
  std::vector<int32_t>& top = order_;
  top_n_indices(score_of, cands_.size(), nb_, top);
  for (size_t j = 0; j < nb_; ++j) {
    const Candidate& k = cands_[static_cast<size_t>(top[j])];
    int64_t* dst = run_seq_next_.data() + j * max_len_;
    std::copy_n(run_seq_.data() + static_cast<size_t>(k.beam) * max_len_, max_len_, dst);
    dst[cur_len_] = k.token;
    run_score_[j] = score_of(static_cast<size_t>(top[j]));
    run_source_[j] = k.beam;
  }
  run_seq_.swap(run_seq_next_);
}

void BeamSearch::check_early_stop() {
  // HF's heuristic: can the best running beam still beat the worst finished one?
  const size_t best_len = (c_.early_stopping == EarlyStopping::Never && c_.length_penalty > 0.0f)
                              ? max_len_ - prompt_len_
                              : cur_len_ - prompt_len_;
  const float best = run_score_[0] / static_cast<float>(std::pow(static_cast<double>(best_len), c_.length_penalty));
  const float min_finished = *std::min_element(fin_score_.begin(), fin_score_.end());
  bool any = false;
  for (size_t j = 0; j < nb_; ++j) any = any || best > (fin_done_[j] ? min_finished : -kBig);
  heuristic_unsatisfied_ = heuristic_unsatisfied_ && any;
}

void BeamSearch::next_inputs(std::vector<int64_t>& tokens, std::vector<int32_t>& sources) const {
  tokens.resize(nb_);
  sources.resize(nb_);
  for (size_t j = 0; j < nb_; ++j) {
    tokens[j] = run_seq_[j * max_len_ + cur_len_ - 1];
    sources[j] = run_source_[j];
  }
}

// HF stops from outside through a StoppingCriteria that every candidate of the step hits: then
// the first num_beams of the K candidates all enter the finished set (score / generated length **
// length_penalty, with the step's "full" / heuristic penalties) in one merge with the finished set
// of before the step. update_finished() swapped that set into the *_next_ buffers and
// update_running() swapped the step's source rows into run_seq_next_: swap both back, mark every
// candidate as a hit and redo the merge.
void BeamSearch::finish_now() {
  if (done_ || cur_len_ == prompt_len_) return;  // before the first step HF cannot stop: running beams
  fin_seq_.swap(fin_seq_next_);
  fin_score_.swap(fin_score_next_);
  fin_len_.swap(fin_len_next_);
  fin_done_.swap(fin_done_next_);
  run_seq_.swap(run_seq_next_);
  --cur_len_;
  heuristic_unsatisfied_ = heuristic_before_step_;
  for (Candidate& k : cands_) k.hit = true;
  update_finished();
  ++cur_len_;
  done_ = true;
}

std::vector<std::vector<int64_t>> BeamSearch::sequences(size_t num_return) const {
  if (!done_) {
    // Stopped early (abort): the best running beams as they stand, unpadded.
    std::vector<std::vector<int64_t>> out(num_return);
    for (size_t j = 0; j < num_return; ++j) out[j].assign(run_seq_.data() + j * max_len_, run_seq_.data() + j * max_len_ + cur_len_);
    return out;
  }
  size_t longest = 0;
  for (size_t j = 0; j < num_return; ++j) longest = std::max(longest, fin_len_[j]);
  std::vector<std::vector<int64_t>> out(num_return);
  for (size_t j = 0; j < num_return; ++j) {
    const int64_t* row = fin_seq_.data() + j * max_len_;
    out[j].assign(row, row + prompt_len_ + fin_len_[j]);
    out[j].resize(prompt_len_ + longest, fill_);
  }
  return out;
}

std::vector<float> BeamSearch::scores(size_t num_return) const {
  if (!done_) return {run_score_.begin(), run_score_.begin() + static_cast<std::ptrdiff_t>(num_return)};
  return {fin_score_.begin(), fin_score_.begin() + static_cast<std::ptrdiff_t>(num_return)};
}

}  // namespace wasmpipe::generation
