// One generate() call as a state machine the JS driver feeds with logits:
//
//   Generator gen(config, decoder_prompt, vocab);
//   while (!gen.done()) {
//     run the decoder on gen.next_tokens() (cache rows reordered by gen.source_rows())
//     gen.step(last-position logits, rows);
//   }
//   gen.sequences();
//
// Strategies follow transformers 4.57: greedy / multinomial sampling (GenerationMixin._sample)
// and beam search (GenerationMixin._beam_search, sampling variant included). Batch size is one
// prompt; rows are beams (beam search) or return sequences (sampling).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "generation/generation_config.h"
#include "generation/logits_processors.h"
#include "generation/rng.h"

namespace wasmpipe::generation {

class BeamSearch;
class BatchGenerator;

// Whether rows[r] == r for every r (the KV cache keeps its rows).
bool is_identity(const std::vector<int32_t>& rows);

class Generator {
 public:
  // decoder_prompt: the decoder's input ids (decoder_start_token_id for seq2seq, the prompt for
  // decoder-only models). Resolves lengths (prepare_lengths) and validates the config.
  Generator(GenerationConfig config, std::vector<int64_t> decoder_prompt, size_t vocab_size);
  ~Generator();
  Generator(Generator&&) noexcept;
  Generator& operator=(Generator&&) noexcept;

  // Rows the next step's logits must have. Before the first step all rows are identical, so the
  // first step also accepts one row (the KV cache then grows to rows() via source_rows()).
  size_t rows() const { return rows_; }
  bool done() const { return done_; }
  size_t steps() const { return steps_; }

  // Feeds the last-position logits of every row ([rows_in, vocab] row-major).
  void step(const float* logits, size_t rows_in, size_t vocab);

  // After step(): per row, the token to feed next and the row of the previous step's cache it
  // continues (identity for greedy; beam reorder indices for beam search).
  const std::vector<int64_t>& next_tokens() const { return next_tokens_; }
  const std::vector<int32_t>& source_rows() const { return source_rows_; }
  // Whether source_rows() is the identity over rows() (no cache reorder needed).
  bool source_rows_identity() const;

  // Results as HF returns them: full rows (prompt included), padded to one length.
  std::vector<std::vector<int64_t>> sequences() const;
  // Beam scores (sequences_scores) for beam search; empty otherwise.
  std::vector<float> sequence_scores() const;

  const GenerationConfig& config() const { return config_; }
  int64_t max_length() const { return config_.max_length; }
  int64_t prompt_length() const { return static_cast<int64_t>(prompt_len_); }
  size_t current_length() const { return cur_len_; }

 private:
  friend class BatchGenerator;  // steps a prompt's beams without stopping them (batch_generator.h)
  void step_sample(const float* logits, size_t rows_in);
  int64_t greedy_token(const float* src, const int64_t* seq);  // processors + argmax for one row

  GenerationConfig config_;
  size_t vocab_;
  size_t prompt_len_;
  size_t rows_;
  size_t cur_len_;
  size_t steps_ = 0;
  bool done_ = false;
  bool in_batch_ = false;  // beam search: the batch decides when to stop
  std::unique_ptr<LogitsProcessor> processor_;
  Rng rng_;
  std::unique_ptr<BeamSearch> beam_;
  // Greedy/sample: sequences [rows][max_length], which rows are still going.
  std::vector<int64_t> seqs_;
  std::vector<uint8_t> unfinished_;
  std::vector<float> row_;    // one row of scores being processed
  std::vector<int32_t> masked_;  // greedy: the ids the processors mask this step
  std::vector<float> probs_;  // sampling probabilities
  std::vector<int64_t> next_tokens_;
  std::vector<int32_t> source_rows_;
};

}  // namespace wasmpipe::generation
