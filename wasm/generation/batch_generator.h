// generate() for a batch of prompts padded to one length, as transformers 4.57 runs it:
// rows are prompt-major (prompt i owns rows [i*per, (i+1)*per), per = num_beams for beam search,
// num_return_sequences otherwise). Every prompt keeps its own logits processing, finished-rows
// tracking and (for beam search) its own running / finished hypotheses; the batch only decides
// when to stop, as HF does:
// - greedy / sampling: once every row of every prompt is finished (finished rows are fed
//   pad_token_id meanwhile);
// - beam search: _beam_search_has_unfinished_sequences over the whole batch (any prompt can still
//   improve, not all finished with early_stopping=True, any continuation valid).
// Outputs are padded to the batch's longest row, as HF crops its static tensors.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "generation/generation_config.h"
#include "generation/generator.h"

namespace wasmpipe::generation {

class BatchGenerator {
 public:
  // prompts: the decoder input ids per prompt, all the same length (decoder-only prompts padded
  // on the left with their pad ids; seq2seq prompts are the decoder start). Sampling prompt i uses
  // seed + i, so a batch of one samples as a single call with the same seed.
  BatchGenerator(const GenerationConfig& config, const std::vector<std::vector<int64_t>>& prompts, size_t vocab_size);

  size_t batch_size() const { return items_.size(); }
  size_t rows_per_prompt() const { return per_; }
  size_t rows() const { return items_.size() * per_; }
  bool done() const { return done_; }
  size_t steps() const { return steps_; }

  // Last-position logits of every row ([rows_in, vocab]); before the first step one row per prompt
  // is accepted (all of a prompt's rows are identical then).
  void step(const float* logits, size_t rows_in, size_t vocab);

  // Generation stopped from outside (an abort) after a step: beam search finalizes its hypotheses
  // as HF does when a StoppingCriteria stops every candidate (BeamSearch::finish_now); greedy and
  // sampling rows stay as they are. No-op when done or before the first step.
  void stop_now();

  // After step(): per row, the next input id and the previous step's cache row it continues.
  const std::vector<int64_t>& next_tokens() const { return next_tokens_; }
  const std::vector<int32_t>& source_rows() const { return source_rows_; }
  bool source_rows_identity() const;

  // batch * num_return_sequences rows (prompt-major), padded to one length; beam scores likewise
  // (empty without beam search).
  std::vector<std::vector<int64_t>> sequences() const;
  std::vector<float> sequence_scores() const;
  const GenerationConfig& config() const { return items_.front().config(); }

 private:
  bool beams() const { return config().num_beams > 1; }

  std::vector<Generator> items_;
  size_t per_ = 0;
  size_t steps_ = 0;
  bool done_ = false;
  std::vector<int64_t> next_tokens_;
  std::vector<int32_t> source_rows_;
};

}  // namespace wasmpipe::generation
