#include "generation/generator.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "generation/beam_search.h"
#include "generation/masked_argmax.h"
#include "generation/sequence_capacity.h"

namespace wasmpipe::generation {

size_t sample_index(const float* weights, size_t n, Rng& rng) {
  double total = 0;
  for (size_t i = 0; i < n; ++i) total += weights[i];
  const double target = rng.uniform() * total;
  double cumulative = 0;
  size_t last_positive = n;
  for (size_t i = 0; i < n; ++i) {
    if (weights[i] <= 0) continue;
    cumulative += weights[i];
    last_positive = i;
    if (target < cumulative) return i;
  }
  return last_positive == n ? 0 : last_positive;  // rounding at the very end of the range
}

Generator::Generator(GenerationConfig config, std::vector<int64_t> decoder_prompt, size_t vocab_size)
    : config_(std::move(config)),
      vocab_(vocab_size),
      prompt_len_(decoder_prompt.size()),
      cur_len_(decoder_prompt.size()),
      rng_(config_.seed.value_or(0)) {
  if (decoder_prompt.empty()) {
    throw Error(ErrorCode::InvalidArgument, "generation needs at least one input token (the prompt is empty and the model "
                                            "has no bos/decoder_start token to start from)");
  }
  if (vocab_ == 0) throw Error(ErrorCode::InvalidArgument, "the model's logits have an empty vocabulary dimension");
  prepare_lengths(config_, static_cast<int64_t>(prompt_len_));
  processor_ = std::make_unique<LogitsProcessor>(config_, vocab_, static_cast<int64_t>(prompt_len_));
  if (config_.num_beams > 1) {
    beam_ = std::make_unique<BeamSearch>(config_, decoder_prompt, vocab_);
    rows_ = beam_->num_beams();
  } else {
    rows_ = static_cast<size_t>(config_.num_return_sequences);
    // Greedy always produces at least one token (HF checks stopping after the first one).
    const size_t capacity = std::max<size_t>(sequence_capacity(std::max<int64_t>(config_.max_length, 0), rows_, 1), prompt_len_ + 1);
    seqs_.assign(rows_ * capacity, 0);
    for (size_t r = 0; r < rows_; ++r) std::copy(decoder_prompt.begin(), decoder_prompt.end(), seqs_.begin() + static_cast<std::ptrdiff_t>(r * capacity));
    unfinished_.assign(rows_, 1);
    row_.resize(vocab_);
    if (config_.do_sample) probs_.resize(vocab_);
  }
  next_tokens_.reserve(rows_);
  source_rows_.reserve(rows_);
}

Generator::~Generator() = default;
Generator::Generator(Generator&&) noexcept = default;
Generator& Generator::operator=(Generator&&) noexcept = default;

void Generator::step(const float* logits, size_t rows_in, size_t vocab) {
  if (done_) throw Error(ErrorCode::InvalidArgument, "generation is already finished: step() called again");
  if (vocab != vocab_) {
    throw Error(ErrorCode::InvalidArgument, "the logits have " + std::to_string(vocab) + " entries per row; the generator expects " +
                                                std::to_string(vocab_));
  }
  if (rows_in != rows_ && !(steps_ == 0 && rows_in == 1)) {
    throw Error(ErrorCode::InvalidArgument, "the logits have " + std::to_string(rows_in) + " rows; this step needs " +
                                                std::to_string(rows_) + (steps_ == 0 ? " (or 1)" : ""));
  }
  if (beam_) {
    const bool more = beam_->step(logits, rows_in, *processor_, rng_);
    beam_->next_inputs(next_tokens_, source_rows_);
    if (rows_in == 1) std::fill(source_rows_.begin(), source_rows_.end(), 0);  // one cache row so far
    ++cur_len_;
    if (!more && !in_batch_) {
      beam_->finish();
      done_ = true;
    }
  } else {
    step_sample(logits, rows_in);
  }
  ++steps_;
}

void Generator::step_sample(const float* logits, size_t rows_in) {
  const size_t capacity = seqs_.size() / rows_;
  const int64_t pad = config_.pad_token_id.value_or(0);
  next_tokens_.resize(rows_);
  source_rows_.resize(rows_);
  bool any_unfinished = false;
  for (size_t r = 0; r < rows_; ++r) {
    const float* src = logits + (rows_in == 1 ? 0 : r) * vocab_;
    int64_t* seq = seqs_.data() + r * capacity;
    int64_t token = pad;
    if (config_.do_sample) {  // also for finished rows: the random stream advances as before
      std::copy(src, src + vocab_, row_.begin());
      processor_->process(row_.data(), seq, cur_len_);
      processor_->warp(row_.data());
      softmax(row_.data(), vocab_, probs_.data());
      token = static_cast<int64_t>(sample_index(probs_.data(), vocab_, rng_));
    } else if (unfinished_[r]) {
      token = greedy_token(src, seq);
    }
    if (!unfinished_[r]) token = pad;  // finished rows are padded, as HF does
    seq[cur_len_] = token;
    next_tokens_[r] = token;
    source_rows_[r] = static_cast<int32_t>(rows_in == 1 ? 0 : r);
    const bool eos = std::find(config_.eos_token_id.begin(), config_.eos_token_id.end(), token) != config_.eos_token_id.end();
    if (eos || static_cast<int64_t>(cur_len_ + 1) >= config_.max_length) unfinished_[r] = 0;
    any_unfinished = any_unfinished || unfinished_[r];
  }
  ++cur_len_;
  done_ = !any_unfinished || cur_len_ >= capacity;
}

int64_t Generator::greedy_token(const float* src, const int64_t* seq) {
  if (processor_->masks_only(cur_len_)) {
    // Masks (-inf) never create a new maximum: the raw row's first maximum is the processed row's
    // too unless it is masked itself. No copy of the row then (the common case).
    const size_t best = argmax(src, vocab_);
    processor_->masked_ids(seq, cur_len_, masked_);
    if (!std::binary_search(masked_.begin(), masked_.end(), static_cast<int32_t>(best))) return static_cast<int64_t>(best);
    // The maximum itself is masked (e.g. eos before min_new_tokens): search around the masks.
    const std::ptrdiff_t around = argmax_unmasked(src, vocab_, masked_);
    if (around >= 0) return static_cast<int64_t>(around);
  }
  std::copy(src, src + vocab_, row_.begin());
  processor_->process(row_.data(), seq, cur_len_);
  return static_cast<int64_t>(argmax(row_.data(), vocab_));
}

bool is_identity(const std::vector<int32_t>& rows) {
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r] != static_cast<int32_t>(r)) return false;
  }
  return true;
}

bool Generator::source_rows_identity() const { return is_identity(source_rows_); }

std::vector<std::vector<int64_t>> Generator::sequences() const {
  if (beam_) return beam_->sequences(static_cast<size_t>(config_.num_return_sequences));
  const size_t capacity = seqs_.size() / rows_;
  std::vector<std::vector<int64_t>> out(rows_);
  for (size_t r = 0; r < rows_; ++r) out[r].assign(seqs_.begin() + static_cast<std::ptrdiff_t>(r * capacity),
                                                   seqs_.begin() + static_cast<std::ptrdiff_t>(r * capacity + cur_len_));
  return out;
}

std::vector<float> Generator::sequence_scores() const {
  if (beam_) return beam_->scores(static_cast<size_t>(config_.num_return_sequences));
  return {};
}

}  // namespace wasmpipe::generation
