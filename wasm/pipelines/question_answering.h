// Extractive question answering, as Python transformers' QuestionAnsweringPipeline (fast
// tokenizers): the context is cut into overlapping windows by the tokenizer's own truncation
// ("only_second" + stride + overflowing), each window is scored, and the answers of all windows
// are merged. Answers never leave the context: spans lie on context tokens only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipelines/span_search.h"
#include "tokenizer/encoding.h"

namespace wasmpipe {

class Tokenizer;

struct QaWindowOptions {
  size_t max_seq_len = 384;    // tokens per window, special tokens included
  size_t doc_stride = 128;     // context tokens shared by consecutive windows
  size_t max_question_len = 0; // 0: keep the whole question (Python fast tokenizers); else cut to this many tokens
  // false for tokenizers that pad on the left: Python then encodes (context, question) and
  // truncates "only_first".
  bool question_first = true;
};

struct QaDecodeOptions {
  size_t top_k = 1;
  size_t max_answer_len = 15;  // in tokens
  bool handle_impossible_answer = false;
  bool align_to_words = true;  // widen spans to whole words, as Python does by default
  // false: windows are (context, question) (QaWindowOptions::question_first). Python then lets
  // every real token start or end a span (its p_mask is all 0) and maps words to characters in
  // sequence 0: spans that touch the question or special tokens give its quirky offsets, which
  // are reproduced (see QaDecoder::char_span_context_first).
  bool question_first = true;
};

struct QaAnswer {
  double score;         // summed over spans with the same (case-insensitive) answer text, like Python
  uint32_t start, end;  // byte offsets into the context; answer == context[start, end)
  std::string answer;
};

// The windows for one (question, context): [main, overflowing...], unpadded, exactly what
// tokenizer(question, context, truncation="only_second", max_length, stride,
// return_overflowing_tokens=True) gives in Python. The tokenizer's own truncation/padding
// settings are restored before returning.
std::vector<Encoding> question_answering_windows(Tokenizer& tokenizer, std::string_view question,
                                                 std::string_view context, const QaWindowOptions& options);

// The token Python keeps as a possible "no answer" position: the tokenizer's cls_token, or, when
// its config names none (roberta-base's has only model_max_length; transformers then uses the
// class default "<s>"), the special token the post-processor puts first in the window.
std::optional<int32_t> question_answering_cls_id(const Tokenizer& tokenizer, const Encoding& first_window);

// Collects the answers of one example window by window (windows can be scored in chunks, so a
// long context never needs all its logits at once).
class QaDecoder {
 public:
  // cls_id: the tokenizer's cls token id (kept as a possible "no answer" position), if any.
  // question: only read when !options.question_first.
  QaDecoder(std::string context, std::optional<int32_t> cls_id, const QaDecodeOptions& options,
            std::string question = {});

  // start/end logits of this window (at least window.size() values; extra padding is ignored).
  void add_window(const Encoding& window, std::span<const float> start_logits, std::span<const float> end_logits);

  // All answers, best first, at most top_k (with the empty "impossible" answer if asked for).
  std::vector<QaAnswer> finish() const;

 private:
  // Python's spans for this window when equal scores make them depend on numpy's order (see
  // numpy_order.h); false when that order cannot be reproduced (spans_ is then kept as is).
  bool numpy_spans(size_t k);
  std::pair<uint32_t, uint32_t> char_span(const Encoding& w, uint32_t s, uint32_t e) const;
  std::pair<uint32_t, uint32_t> char_span_context_first(const Encoding& w, uint32_t s, uint32_t e) const;
  uint32_t context_byte(const Encoding& w, uint32_t token, uint32_t byte) const;
  void add_answer(float score, uint32_t start, uint32_t end);

  std::string context_;
  std::string question_;  // context-first windows only: its offsets map into the context by code point
  std::optional<int32_t> cls_id_;
  QaDecodeOptions options_;
  double min_null_score_ = 1000000.0;  // Python's starting value
  std::vector<QaAnswer> answers_;
  std::unordered_map<std::string, size_t> by_lowercase_;  // answer text -> index in answers_
  // scratch, reused across windows
  std::vector<float> p_start_, p_end_;
  std::vector<uint8_t> keep_;
  std::vector<std::pair<uint32_t, uint32_t>> runs_;
  std::vector<ScoredSpan> spans_;
  SpanSearch search_;
  std::vector<float> flat_, picked_;  // numpy_spans: -scores of every (start, end), of the k picked
  std::vector<uint32_t> perm_, order_;
};

// Python str.lower() of UTF-8 text (per code point, as Rust's char::to_lowercase).
std::string lowercase_utf8(std::string_view text);

}  // namespace wasmpipe
