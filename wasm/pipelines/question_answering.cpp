#include "pipelines/question_answering.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/unicode.h"
#include "core/utf8.h"
#include "pipelines/encoding_windows.h"
#include "pipelines/numpy_band_select.h"
#include "pipelines/numpy_order.h"
#include "tokenizer/settings_scope.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe {
namespace {

constexpr float kMasked = -10000.f;  // what Python writes over logits outside the context

// Python's softmax over one window with non-answer positions set to -10000 (their probability
// underflows to exactly 0 in float32, so only `keep` positions are computed).
void masked_softmax(std::span<const float> logits, const std::vector<uint8_t>& keep, std::vector<float>& out) {
  const size_t n = keep.size();
  out.assign(n, 0.f);
  float max = kMasked;
  for (size_t i = 0; i < n; ++i)
    if (keep[i]) max = std::max(max, logits[i]);
  float sum = 0.f;
  for (size_t i = 0; i < n; ++i) sum += (out[i] = std::exp((keep[i] ? logits[i] : kMasked) - max));
  for (float& v : out) v /= sum;
}

}  // namespace

std::string lowercase_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t lower[3];
  for (size_t i = 0; i < text.size();) {
    const char32_t c = utf8::decode(text, i);
    const size_t n = unicode::to_lowercase(c, lower);
    for (size_t j = 0; j < n; ++j) utf8::append(out, lower[j]);
  }
  return out;
}

std::vector<Encoding> question_answering_windows(Tokenizer& tokenizer, std::string_view question,
                                                 std::string_view context, const QaWindowOptions& options) {
  if (question.empty()) throw Error(ErrorCode::InvalidArgument, "question-answering: `question` cannot be empty");
  if (context.empty()) throw Error(ErrorCode::InvalidArgument, "question-answering: `context` cannot be empty");
  if (options.max_seq_len == 0) throw Error(ErrorCode::InvalidArgument, "question-answering: max_seq_len must be > 0");
  if (options.doc_stride > options.max_seq_len) {
    throw Error(ErrorCode::InvalidArgument, "question-answering: doc_stride (" + std::to_string(options.doc_stride) +
                                                ") is larger than max_seq_len (" +
                                                std::to_string(options.max_seq_len) + ")");
  }
  const TokenizerSettingsScope guard(tokenizer);
  tokenizer.set_padding(std::nullopt);
  tokenizer.set_truncation(std::nullopt);
  std::string_view q = question;
  if (options.max_question_len > 0) {
    // SQuAD's rule (Python's slow-tokenizer path): keep the first max_question_len tokens.
    const Encoding qe = tokenizer.encode(question, /*add_special_tokens=*/false);
    if (qe.size() > options.max_question_len) q = question.substr(0, qe.offsets[options.max_question_len - 1].second);
  }
  TruncationParams t;
  t.max_length = options.max_seq_len;
  t.strategy = options.question_first ? TruncationStrategy::OnlySecond : TruncationStrategy::OnlyFirst;
  t.stride = options.doc_stride;
  tokenizer.set_truncation(t);
  Encoding main;
  try {
    main = options.question_first ? tokenizer.encode_pair(q, context, /*add_special_tokens=*/true)
                                  : tokenizer.encode_pair(context, q, /*add_special_tokens=*/true);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::InvalidArgument) throw;
    tokenizer.set_truncation(std::nullopt);
    const size_t q_tokens = tokenizer.encode(q, false).size();
    throw Error(ErrorCode::InvalidArgument,
                "question-answering: cannot cut the context into windows of max_seq_len=" +
                    std::to_string(options.max_seq_len) + " tokens with doc_stride=" +
                    std::to_string(options.doc_stride) + " (the question alone is " + std::to_string(q_tokens) +
                    " tokens): use a shorter question or max_question_len, a smaller doc_stride, or a larger "
                    "max_seq_len. Tokenizer: " + e.what());
  }
  return take_windows(std::move(main));  // only the context is truncated: no nested windows
}

std::optional<int32_t> question_answering_cls_id(const Tokenizer& tokenizer, const Encoding& first_window) {
  if (auto cls = tokenizer.special_token("cls_token")) {
    if (auto id = tokenizer.token_to_id(*cls)) return id;
  }
  const Encoding& w = first_window;
  if (w.size() > 0 && w.sequence_ids[0] == -1 && w.special_tokens_mask[0]) return w.ids[0];
  return std::nullopt;
}

QaDecoder::QaDecoder(std::string context, std::optional<int32_t> cls_id, const QaDecodeOptions& options,
                     std::string question)
    : context_(std::move(context)), question_(std::move(question)), cls_id_(cls_id), options_(options) {
  if (options_.top_k == 0) throw Error(ErrorCode::InvalidArgument, "question-answering: top_k must be at least 1");
  if (options_.max_answer_len == 0) {
    throw Error(ErrorCode::InvalidArgument, "question-answering: max_answer_len must be at least 1");
  }
}

void QaDecoder::add_window(const Encoding& w, std::span<const float> start_logits,
                           std::span<const float> end_logits) {
  const size_t n = w.size();
  if (start_logits.size() < n || end_logits.size() < n) {
    throw Error(ErrorCode::InvalidArgument, "question-answering: the model returned " +
                                                std::to_string(start_logits.size()) + " logits for a window of " +
                                                std::to_string(n) + " tokens");
  }
  // Positions that take part in the softmax: context tokens and the CLS token (Python's p_mask).
  std::vector<uint8_t>& keep = keep_;
  keep.assign(n, 0);
  runs_.clear();
  for (size_t i = 0; i < n; ++i) {
    // Context first (left padding): Python's p_mask is 0 everywhere, so every real token counts.
    const bool context = !options_.question_first || w.sequence_ids[i] == 1;
    keep[i] = w.attention_mask[i] && (context || (cls_id_ && w.ids[i] == *cls_id_));
    if (!(context && w.attention_mask[i]) || i == 0) continue;
    if (!runs_.empty() && runs_.back().second == i) ++runs_.back().second;
    else runs_.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)});
  }
  masked_softmax(start_logits.first(n), keep, p_start_);
  masked_softmax(end_logits.first(n), keep, p_end_);
  if (options_.handle_impossible_answer && n > 0) {
    min_null_score_ = std::min(min_null_score_, static_cast<double>(p_start_[0] * p_end_[0]));
  }
  if (n > 0) p_start_[0] = p_end_[0] = 0.f;  // position 0 (CLS) is never an answer
  // Python takes 2k + 10 spans per window when aligning to words (some merge into one answer).
  const size_t k = options_.align_to_words ? 2 * options_.top_k + 10 : options_.top_k;
  // One span more than needed: a tie at the k-th place shows in it.
  search_.top_k(p_start_, p_end_, runs_, options_.max_answer_len, k + 1, spans_);
  // Equal scores among the k + 1 best, or fewer than k spans scoring above 0 (numpy then picks
  // among the zero scores of the whole [start, end] matrix): the spans are numpy's choice. For k = 1
  // Python takes np.argmax, the first best in (start, end) order, which is SpanSearch's order.
  bool ties = k > 1 && (spans_.size() < k || spans_[k - 1].score == 0.f);
  for (size_t i = 1; k > 1 && i < spans_.size() && !ties; ++i) ties = spans_[i].score == spans_[i - 1].score;
  if (!ties || !numpy_spans(k)) spans_.resize(std::min(spans_.size(), k));
  for (const ScoredSpan& s : spans_) {
    const auto [start, end] = options_.question_first ? char_span(w, s.start, s.end)
                                                      : char_span_context_first(w, s.start, s.end);
    add_answer(s.score, start, end);
  }
}

// Python's decode_spans: every (start, end) of the window is scored (0 outside start <= end <
// start + max_answer_len), np.argpartition(-scores, k)[:k] picks k, np.argsort orders them, and
// spans whose start or end is neither a kept position nor 0 are dropped. The spans it returns,
// zero-score ones included, in its order. Only used when equal scores make numpy's order matter
// (q8 models, tiny windows). The [n, n] matrix is not built (band_argpartition runs numpy's
// introselect on its nonzero band alone), except for windows too small for argpartition and NaN.
bool QaDecoder::numpy_spans(size_t k) {
  const size_t n = p_start_.size(), L = options_.max_answer_len;
  // -scores[s, e], as numpy sees it.
  const auto entry = [&](size_t flat) {
    const size_t s = flat / n, e = flat % n;
    return e >= s && e - s < L ? -(p_start_[s] * p_end_[e]) : -0.f;
  };
  // NaN probabilities (NaN logits) keep numpy's NaN order on the built matrix.
  const auto probability = [](float p) { return p >= 0.f; };
  const bool band = k + 1 < n * n && std::all_of(p_start_.begin(), p_start_.end(), probability) &&
                    std::all_of(p_end_.begin(), p_end_.end(), probability);
  bool sorted_all = false;
  if (band) {
    if (!numpy_order::band_argpartition(p_start_, p_end_, L, static_cast<uint32_t>(k), perm_)) return false;
  } else {  // tiny windows, NaN
    flat_.resize(n * n);
    for (size_t i = 0; i < flat_.size(); ++i) flat_[i] = entry(i);
    sorted_all = k > flat_.size();  // Python sorts them all
    if (sorted_all && !numpy_order::argsort(flat_, perm_)) return false;
    // k = n * n - 1 or n * n: numpy's other argpartition branches (or its error)
    if (!sorted_all && !numpy_order::argpartition(flat_, static_cast<uint32_t>(k), perm_)) return false;
  }
  if (!sorted_all) {  // np.argsort of the k picked
    perm_.resize(k);
    picked_.resize(k);
    for (size_t i = 0; i < k; ++i) picked_[i] = entry(perm_[i]);
    if (!numpy_order::argsort(picked_, order_)) return false;
    for (size_t i = 0; i < k; ++i) order_[i] = perm_[order_[i]];
    perm_.swap(order_);
  }
  // np.isin(starts, undesired_tokens.nonzero()): the kept columns, and row index 0 (the tuple's
  // first array), so position 0 passes whenever any position is kept.
  const bool any_kept = std::find(keep_.begin(), keep_.end(), 1) != keep_.end();
  const auto allowed = [&](size_t i) { return any_kept && (i == 0 || keep_[i]); };
  spans_.clear();
  for (uint32_t flat : perm_) {
    const uint32_t s = static_cast<uint32_t>(flat / n), e = static_cast<uint32_t>(flat % n);
    if (allowed(s) && allowed(e)) spans_.push_back({-entry(flat), s, e});
  }
  return true;
}

std::pair<uint32_t, uint32_t> QaDecoder::char_span(const Encoding& w, uint32_t s, uint32_t e) const {
  uint32_t first = s, last = e;
  if (options_.align_to_words && w.word_ids[s] >= 0 && w.word_ids[e] >= 0) {
    // Whole words, within this window's context tokens (Rust's Encoding::word_to_chars).
    while (first > 0 && w.sequence_ids[first - 1] == 1 && w.word_ids[first - 1] == w.word_ids[s]) --first;
    while (last + 1 < w.size() && w.sequence_ids[last + 1] == 1 && w.word_ids[last + 1] == w.word_ids[e]) ++last;
  }
  // A zero-score span may end before it starts: Python reports those offsets (its slice is empty).
  const uint32_t start = w.offsets[first].first;
  return {start, std::min<uint32_t>(w.offsets[last].second, static_cast<uint32_t>(context_.size()))};
}

// Python's get_indices with sequence_index 0 (context first). With align_to_words, the start and
// end tokens' word ids (of whichever sequence they are in) are looked up as words of the CONTEXT
// (Encoding.word_to_chars(word, 0)); if a token has no word or the context has no such word, both
// ends fall back to the tokens' own offsets, which for a question token are offsets into the
// question and for a special token (0, 0). Python then slices the context at those character
// indices; here they become context byte offsets by code point count.
std::pair<uint32_t, uint32_t> QaDecoder::char_span_context_first(const Encoding& w, uint32_t s, uint32_t e) const {
  if (options_.align_to_words && w.word_ids[s] >= 0 && w.word_ids[e] >= 0) {
    std::optional<uint32_t> first, last;
    for (uint32_t i = 0; i < w.size(); ++i) {
      if (w.sequence_ids[i] != 0) continue;
      if (!first && w.word_ids[i] == w.word_ids[s]) first = i;
      if (w.word_ids[i] == w.word_ids[e]) last = i;
    }
    if (first && last) return {w.offsets[*first].first, w.offsets[*last].second};
  }
  return {context_byte(w, s, w.offsets[s].first), context_byte(w, e, w.offsets[e].second)};
}

// A token's offset -> byte offset into the context: offsets of question tokens are moved to the
// context position with the same code point index (past the end: the context's end).
uint32_t QaDecoder::context_byte(const Encoding& w, uint32_t token, uint32_t byte) const {
  if (w.sequence_ids[token] != 1) return std::min<uint32_t>(byte, static_cast<uint32_t>(context_.size()));
  size_t code_points = 0;
  for (size_t i = 0; i < byte && i < question_.size(); ++i) code_points += (static_cast<unsigned char>(question_[i]) & 0xC0) != 0x80;
  size_t at = 0;
  for (; at < context_.size() && code_points > 0; ++at) {
    if (at + 1 >= context_.size() || (static_cast<unsigned char>(context_[at + 1]) & 0xC0) != 0x80) --code_points;
  }
  return static_cast<uint32_t>(at);
}

void QaDecoder::add_answer(float score, uint32_t start, uint32_t end) {
  // start > end happens with context-first quirks: Python's slice is then empty.
  std::string text = start < end ? context_.substr(start, end - start) : std::string();
  // Python merges answers whose text is equal ignoring case, summing their scores.
  auto [it, inserted] = by_lowercase_.try_emplace(lowercase_utf8(text), answers_.size());
  if (!inserted) {
    answers_[it->second].score += static_cast<double>(score);
    return;
  }
  answers_.push_back({static_cast<double>(score), start, end, std::move(text)});
}

std::vector<QaAnswer> QaDecoder::finish() const {
  std::vector<QaAnswer> out = answers_;
  if (options_.handle_impossible_answer) out.push_back({min_null_score_, 0, 0, std::string()});
  // A context without any token (only spaces, say) has no span: the empty answer, score 0.
  if (out.empty()) out.push_back({0.0, 0, 0, std::string()});
  std::stable_sort(out.begin(), out.end(), [](const QaAnswer& a, const QaAnswer& b) { return a.score > b.score; });
  if (out.size() > options_.top_k) out.resize(options_.top_k);
  return out;
}

}  // namespace wasmpipe
