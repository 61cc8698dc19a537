// The logits processors and sampling warpers of transformers 4.57 (generation/logits_process.py),
// applied to one row of scores in HF's order (GenerationMixin._get_logits_processor):
//   repetition_penalty, no_repeat_ngram_size, bad_words_ids, min_length, min_new_tokens,
//   forced_bos_token_id, forced_eos_token_id, suppress_tokens, begin_suppress_tokens,
//   then, with do_sample: temperature, top_k, top_p, min_p.
// Greedy/sampling pass raw logits; beam search passes log-softmaxed scores (as HF does).
// All scratch memory is allocated once per generator: nothing is allocated per token.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "generation/generation_config.h"

namespace wasmpipe::generation {

class LogitsProcessor {
 public:
  // `config` must have gone through prepare_lengths(); `input_len` is the decoder input length the
  // generation started from (HF's input_ids_seq_length).
  LogitsProcessor(const GenerationConfig& config, size_t vocab_size, int64_t input_len);

  // Processes one row in place. `seq`/`len`: the row's whole decoder sequence so far.
  void process(float* scores, const int64_t* seq, size_t len);
  // Whether process() at this length only sets some scores to -inf (no repetition penalty, no
  // forced token): beam search then reads the log-softmax in place instead of writing it out.
  bool masks_only(size_t len) const;
  // The ids process() would set to -inf at this length (masks_only), sorted, without duplicates,
  // in `out` (its capacity is reused: nothing is allocated once it has grown).
  void masked_ids(const int64_t* seq, size_t len, std::vector<int32_t>& out) const;
  // The sampling warpers (only meaningful with do_sample).
  void warp(float* scores);

  size_t vocab_size() const { return vocab_; }

 private:
  void repetition_penalty(float* scores, const int64_t* seq, size_t len);
  // The masking processors before / after the forced-token ones (HF's order), each id passed to
  // `ban` (possibly more than once).
  template <class Ban>
  void early_masks(const int64_t* seq, size_t len, Ban&& ban) const;
  template <class Ban>
  void late_masks(size_t len, Ban&& ban) const;
  template <class Ban>
  void no_repeat_ngram(const int64_t* seq, size_t len, Ban&& ban) const;
  template <class Ban>
  void bad_words(const int64_t* seq, size_t len, Ban&& ban) const;
  void top_k(float* scores);
  void top_p(float* scores);
  void min_p(float* scores);

  const GenerationConfig c_;  // a copy: the owner may be moved
  size_t vocab_;
  int64_t min_new_prompt_len_;  // MinNewTokensLengthLogitsProcessor.prompt_length_to_skip
  int64_t begin_index_;         // SuppressTokensAtBeginLogitsProcessor.begin_index
  size_t min_tokens_to_keep_;
  std::vector<std::vector<int64_t>> bad_words_;  // bad_words_ids minus single-token eos entries
  std::vector<uint32_t> seen_;                   // repetition penalty: stamp per token id
  uint32_t stamp_ = 0;
  std::vector<int32_t> order_;  // warpers: token ids sorted by score
  std::vector<float> work_;     // warpers: a copy of the scores
};

// Numerics shared by the strategies.
void log_softmax_into(const float* row, size_t n, float* out);  // out may be row
float log_sum_exp(const float* row, size_t n);  // max + log(sum of exp(x - max)) in float64, rounded once: log_softmax = row - it
void softmax(const float* row, size_t n, float* out);
size_t argmax(const float* row, size_t n);  // first index of the maximum, as torch.argmax (row_scan.cpp)
float row_max(const float* row, size_t n);  // the maximum (n >= 1), as *std::max_element (row_scan.cpp)
// One pass over a row (n >= 1): its maximum (as row_max) and the sum of exp(row[i] - maximum),
// NaN when the row holds a NaN or its maximum is infinite (as exp(x - max) makes it). (row_scan.cpp)
struct RowExpSum {
  float max;
  double sum;
};
RowExpSum max_and_sum_exp(const float* row, size_t n);

}  // namespace wasmpipe::generation
