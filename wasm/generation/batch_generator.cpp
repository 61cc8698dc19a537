#include "generation/batch_generator.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "generation/beam_search.h"

namespace wasmpipe::generation {

BatchGenerator::BatchGenerator(const GenerationConfig& config, const std::vector<std::vector<int64_t>>& prompts,
                               size_t vocab_size) {
  if (prompts.empty()) throw Error(ErrorCode::InvalidArgument, "batched generation needs at least one prompt");
  const size_t len = prompts.front().size();
  items_.reserve(prompts.size());
  for (size_t i = 0; i < prompts.size(); ++i) {
    if (prompts[i].size() != len) {
      throw Error(ErrorCode::InvalidArgument, "batched generation: prompt " + std::to_string(i) + " has " +
                                                  std::to_string(prompts[i].size()) + " ids but prompt 0 has " +
                                                  std::to_string(len) + " (pad the prompts to one length first)");
    }
    GenerationConfig c = config;
    if (c.seed) c.seed = *c.seed + i;
    items_.emplace_back(std::move(c), prompts[i], vocab_size);
    items_.back().in_batch_ = true;
  }
  per_ = items_.front().rows();
  next_tokens_.reserve(rows());
  source_rows_.reserve(rows());
}

void BatchGenerator::step(const float* logits, size_t rows_in, size_t vocab) {
  if (done_) throw Error(ErrorCode::InvalidArgument, "generation is already finished: step() called again");
  const size_t batch = items_.size();
  if (rows_in != rows() && !(steps_ == 0 && rows_in == batch)) {
    throw Error(ErrorCode::InvalidArgument, "the logits have " + std::to_string(rows_in) + " rows; this step needs " +
                                                std::to_string(rows()) + (steps_ == 0 ? " (or one per prompt)" : ""));
  }
  const size_t in_per = rows_in / batch;
  const int64_t pad = config().pad_token_id.value_or(0);
  next_tokens_.resize(rows());
  source_rows_.resize(rows());
  bool improvement = false, all_finished = true, valid = false, all_done = true;
  for (size_t i = 0; i < batch; ++i) {
    Generator& g = items_[i];
    if (g.done()) {  // greedy / sampling: its rows are finished and take pad tokens (HF)
      for (size_t r = 0; r < per_; ++r) {
        next_tokens_[i * per_ + r] = pad;
        source_rows_[i * per_ + r] = static_cast<int32_t>(i * in_per + (in_per == 1 ? 0 : r));
      }
      continue;
    }
    g.step(logits + i * in_per * vocab, in_per, vocab);
    for (size_t r = 0; r < per_; ++r) {
      next_tokens_[i * per_ + r] = g.next_tokens()[r];
      source_rows_[i * per_ + r] = static_cast<int32_t>(i * in_per) + g.source_rows()[r];
    }
    if (g.beam_) {
      improvement = improvement || g.beam_->improvement_possible();
      all_finished = all_finished && g.beam_->all_finished();
      valid = valid || g.beam_->any_valid_continuation();
    }
    all_done = all_done && g.done();
  }
  ++steps_;
  if (beams()) {
    const bool exists_open_beam = !(all_finished && config().early_stopping == EarlyStopping::True);
    done_ = !(improvement && exists_open_beam && valid);
    if (done_) {
      for (Generator& g : items_) {
        g.beam_->finish();
        g.done_ = true;
      }
    }
  } else {
    done_ = all_done;
  }
}

void BatchGenerator::stop_now() {
  if (done_ || steps_ == 0 || !beams()) return;
  for (Generator& g : items_) {
    g.beam_->finish_now();
    g.done_ = true;
  }
  done_ = true;
}

bool BatchGenerator::source_rows_identity() const { return is_identity(source_rows_); }

std::vector<std::vector<int64_t>> BatchGenerator::sequences() const {
  std::vector<std::vector<int64_t>> out;
  size_t longest = 0;
  for (const Generator& g : items_) {
    for (auto& row : g.sequences()) {
      longest = std::max(longest, row.size());
      out.push_back(std::move(row));
    }
  }
  // HF pads finished greedy rows with pad_token_id; beam outputs with its fill value.
  const int64_t fill = beams() ? items_.front().beam_->fill_token() : config().pad_token_id.value_or(0);
  for (auto& row : out) row.resize(longest, fill);
  return out;
}

std::vector<float> BatchGenerator::sequence_scores() const {
  std::vector<float> out;
  for (const Generator& g : items_) {
    const auto s = g.sequence_scores();
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

}  // namespace wasmpipe::generation
