// Beam search exactly as transformers 4.57's GenerationMixin._beam_search (the vectorized
// rewrite), for one prompt:
// - running beams start at scores [0, -1e9, ...]; each step adds log_softmax + processors to them
//   and keeps the top K = max(2, 1 + n_eos) * num_beams continuations (or samples K without
//   replacement from their softmax when do_sample);
// - continuations that hit a stopping criterion (eos or max_length) get -1e9 for the running
//   set; among the first num_beams of the K, those that hit it enter the finished set with score
//   / generated_len ** length_penalty, competing with the finished set (top num_beams kept);
// - early_stopping: true stops once num_beams hypotheses are finished; false / "never" use HF's
//   heuristic on the best running beam (see check_early_stop()).
// Scores are float32 and combined in HF's order, so sequences_scores match torch.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "generation/generation_config.h"
#include "generation/logits_processors.h"
#include "generation/rng.h"

namespace wasmpipe::generation {

class BeamSearch {
 public:
  BeamSearch(const GenerationConfig& config, const std::vector<int64_t>& prompt, size_t vocab);

  // One step: logits of every beam, or of one row before the first step (all beams identical).
  // Returns false when this prompt's search is over; the owner then calls finish(). In a batch,
  // HF stops all prompts together, so a finished prompt's beams keep stepping until the batch
  // stops (their finished set no longer changes: the heuristic / full-set penalties keep it).
  bool step(const float* logits, size_t rows_in, LogitsProcessor& processor, Rng& rng);
  void finish() { done_ = true; }
  // Stopped from outside after a step (abort): the finished set as HF leaves it when a
  // StoppingCriteria stops every candidate of that step (see beam_search.cpp).
  void finish_now();

  // The three terms of HF's _beam_search_has_unfinished_sequences, for this prompt after step();
  // a batch combines them over all prompts (any / all / any).
  bool improvement_possible() const { return heuristic_unsatisfied_; }
  bool all_finished() const;
  bool any_valid_continuation() const;
  int64_t fill_token() const { return fill_; }

  size_t num_beams() const { return nb_; }
  // Per running beam after step(): its last token and the beam (row of the previous step) it extends.
  void next_inputs(std::vector<int64_t>& tokens, std::vector<int32_t>& sources) const;
  // The finished hypotheses (HF's output), or the running beams when stopped before the end.
  std::vector<std::vector<int64_t>> sequences(size_t num_return) const;
  std::vector<float> scores(size_t num_return) const;

 private:
  struct Candidate {
    float score;  // accumulated log-prob
    int32_t beam;
    int64_t token;
    bool hit;  // eos or max_length
  };
  struct Scored {
    float score;
    int32_t flat;  // beam * vocab + token
  };
  // best: the row's maximum (or +inf when unknown).
  void scan_row(const float* row, size_t b, float lse, float best, const std::vector<int32_t>& masked);
  void select_top_k(Rng& rng);
  void update_running();
  void update_finished();
  void check_early_stop();

  const GenerationConfig c_;  // a copy: the owner may be moved
  size_t nb_, vocab_, prompt_len_, max_len_, keep_;
  size_t cur_len_;
  int64_t fill_;
  std::vector<float> accumulated_;  // [nb * vocab]: log-softmax rows when processors write them
  std::vector<Scored> top_;         // the best K of this step, best first
  std::vector<int32_t> masked_;     // one beam's masked ids this step
  std::vector<Candidate> cands_;    // K of them
  std::vector<int32_t> order_;
  // Running beams: sequences [nb][max_len], scores, and the beam each came from this step.
  std::vector<int64_t> run_seq_, run_seq_next_;
  std::vector<float> run_score_;
  std::vector<int32_t> run_source_;
  // Finished set: sequences, scores, generated lengths, flags.
  std::vector<int64_t> fin_seq_, fin_seq_next_;
  std::vector<float> fin_score_;
  std::vector<size_t> fin_len_;
  std::vector<uint8_t> fin_done_;
  std::vector<float> fin_score_next_;  // double buffers: no allocation per step
  std::vector<size_t> fin_len_next_;
  std::vector<uint8_t> fin_done_next_;
  std::vector<float> probs_;  // beam sampling
  bool heuristic_unsatisfied_ = true;
  bool heuristic_before_step_ = true;  // its value in the last step's update_finished()
  bool done_ = false;
};

}  // namespace wasmpipe::generation
