// The per-call path of token-classification and zero-shot-classification, with numbers only
// crossing the boundary: JS writes the texts' UTF-8 (TextEncoder.encodeInto) into the runner's
// input buffer, reads the int64 model inputs out of wasm memory, writes the logits into the
// runner's float buffer, and reads the results as uint32 records (labels by index, words as
// UTF-8 byte ranges) out of wasm memory (js/pipelines/task-io.js). Embind strings, val objects and class handles cost microseconds
// each, and after ONNX Runtime's run() every one of them starts with cold caches: this path
// halves the time these pipelines spend outside run() (tests/bench/token-tasks.js).
//
// The per-call functions are plain wasm exports (wasmpipe_task_*, wasmpipe_ner_*,
// wasmpipe_zero_shot_*) called with the runner's and its buffers' addresses: the first Embind
// call after run() alone cost 15-20 µs (its JS glue starts cold too).
//
// Errors: a call returns -1 (or a null address) and keeps the message, which lastError() turns
// into the usual Error object with `.code`. Strings that change rarely (ignore_labels, candidate
// labels, template) still cross as Embind strings, and only when they changed.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bindings/guarded.h"
#include "bindings/json_text.h"
#include "bindings/tokenizer_handle.h"
#include "bindings/utf16_index.h"
#include "core/checked_size.h"
#include "core/error.h"
#include "pipelines/encoding_windows.h"
#include "pipelines/text_classification.h"
#include "pipelines/token_classification.h"
#include "pipelines/zero_shot.h"
#include "pipelines/zero_shot_inputs.h"
#include "tokenizer/settings_scope.h"

using emscripten::val;
using wasmpipe::bindings::JsonText;
using wasmpipe::bindings::TokenizerHandle;
using wasmpipe::bindings::Utf16Index;
using wasmpipe::bindings::guarded;
using wasmpipe::bindings::strings_of;
using namespace wasmpipe;

namespace {

// Buffers and error state of one runner; reused across calls.
class TaskIO {
 public:
  // Room for `bytes` bytes of input; its address (0 when out of memory). Growing it may grow
  // wasm memory: JS takes its views of the heap after this call.
  uintptr_t input(size_t bytes) {
    return checked([&] {
      if (input_.size() < bytes) checked_resize(input_, bytes, "token task: input buffer");
      input_.reserve(1);  // a non-null address, also for no bytes
      return 0;
    }) < 0 ? 0 : reinterpret_cast<uintptr_t>(input_.data());
  }
  // `count` strings from the input buffer: `count` uint32 byte lengths, then their UTF-8.
  void read_texts(size_t count, std::vector<std::string>& out) const {
    // count > size / 4, not 4 * count > size: 4 * count wraps for count >= 2^30 on wasm32.
    if (count > input_.size() / 4) throw Error(ErrorCode::Internal, "token task: the text lengths exceed the input buffer");
    size_t at = 4 * count;
    out.resize(count);
    for (size_t i = 0; i < count; ++i) {
      uint32_t n;
      std::memcpy(&n, input_.data() + 4 * i, 4);
      if (n > input_.size() - at) throw Error(ErrorCode::Internal, "token task: the text lengths exceed the input buffer");
      out[i].assign(reinterpret_cast<const char*>(input_.data() + at), n);
      at += n;
    }
  }
  uintptr_t logits(size_t n) {
    return checked([&] {
      checked_resize(logits_, n, "token task: logits buffer");
      logits_.reserve(1);  // a non-null address, also for no logits
      return 0;
    }) < 0 ? 0 : reinterpret_cast<uintptr_t>(logits_.data());
  }
  std::span<const float> logits() const { return logits_; }
  std::vector<int64_t>& model_inputs() { return inputs_; }
  uintptr_t model_inputs_address() const { return reinterpret_cast<uintptr_t>(inputs_.data()); }
  // Results: uint32 records and the UTF-8 of the strings they point into (js/pipelines/task-io.js).
  std::vector<uint32_t>& records() { return records_; }
  std::string& bytes() { return bytes_; }
  uintptr_t records_address() const { return reinterpret_cast<uintptr_t>(records_.data()); }
  uintptr_t bytes_address() const { return reinterpret_cast<uintptr_t>(bytes_.data()); }
  val last_error() const { return error_.js(); }

  template <class F>
  int32_t checked(F&& f) {
    return error_.run(std::forward<F>(f));
  }

 private:
  std::vector<uint8_t> input_;
  std::vector<float> logits_;
  std::vector<int64_t> inputs_;
  std::vector<uint32_t> records_;
  std::string bytes_;
  wasmpipe::bindings::KeptError error_;
};

// Right-pads encodings into `out`, laid out [3][rows][seq] (ids with pad_token's id, 0 without
// one; attention 0 and type 0 where padded). Returns seq.
size_t pad_model_inputs(const Tokenizer& tok, std::span<const Encoding> encodings, std::vector<int64_t>& out) {
  int32_t pad_id = 0;
  if (auto pad = tok.special_token("pad_token")) pad_id = tok.token_to_id(*pad).value_or(0);
  size_t seq = 0;
  for (const auto& e : encodings) seq = std::max(seq, e.size());
  const size_t rows = encodings.size(), n = rows * seq;
  out.assign(3 * n, 0);
  for (size_t r = 0; r < rows; ++r) {
    const Encoding& e = encodings[r];
    std::copy(e.ids.begin(), e.ids.end(), out.data() + r * seq);
    std::fill(out.data() + r * seq + e.size(), out.data() + (r + 1) * seq, pad_id);
    std::copy(e.attention_mask.begin(), e.attention_mask.end(), out.data() + n + r * seq);
    std::copy(e.type_ids.begin(), e.type_ids.end(), out.data() + 2 * n + r * seq);
  }
  return seq;
}

// token-classification: encodes texts (truncation longest_first at model_max_length, as
// runEncoded does), keeps the encodings for classify(), and labels the tokens from the logits.
class TokenClassificationRunner {
 public:
  // handle: the pipeline's tokenizer, which outlives the runner (the pipeline deletes the runner
  // first on dispose()).
  static val create(TokenizerHandle& handle, const std::string& config_json) {
    return guarded([&] {
      TokenClassificationRunner r;
      r.handle_ = &handle;
      r.config_json_ = config_json;
      return val(std::move(r));
    });
  }
  uintptr_t address() { return reinterpret_cast<uintptr_t>(this); }
  uintptr_t io() { return reinterpret_cast<uintptr_t>(&io_); }
  val last_error() const { return io_.last_error(); }
  val set_ignore_labels(const std::string& json) {
    return guarded([&] {
      ignore_ = strings_of(json, "ignore_labels");
      return val(true);
    });
  }

  // Encodes `count` texts from the input buffer. stride < 0: one model row per text, truncated at
  // model_max_length. stride >= 0: Python's `stride` option, every text cut into windows of
  // model_max_length tokens overlapping by `stride` (return_overflowing_tokens), one row each.
  // Returns seq (the model inputs are [3][rows()][seq]), or -1.
  int32_t encode(size_t count, int32_t stride) {
    return io_.checked([&] {
      std::optional<std::vector<size_t>> word_counts;  // set_words() holds for this call only
      word_counts.swap(word_counts_);
      Tokenizer& tok = handle_->tokenizer();
      io_.read_texts(count, texts_);
      std::optional<TruncationParams> truncation;
      if (auto m = tok.model_max_length()) {
        truncation.emplace();
        truncation->max_length = *m;
      }
      if (stride >= 0 && truncation) truncation->stride = static_cast<size_t>(stride);
      const TokenizerSettingsScope restore(tok);
      tok.set_padding(std::nullopt);
      tok.set_truncation(truncation);  // refuses a stride >= what one window keeps (JS checks the rest)
      encodings_.clear();
      windows_.clear();
      word_starts_.clear();
      if (word_counts) {
        encode_words(tok, stride, *word_counts);
      } else {
        for (const auto& text : texts_) {
          Encoding e = tok.encode(text, true);
          if (stride < 0) e.overflowing.clear();
          for (Encoding& w : take_windows(std::move(e))) encodings_.push_back(std::move(w));
          windows_.push_back(encodings_.size());
        }
      }
      return static_cast<int32_t>(pad_model_inputs(tok, encodings_, io_.model_inputs()));
    });
  }
  // Model rows of the last encode() (texts, or their windows).
  int32_t rows() const { return static_cast<int32_t>(encodings_.size()); }

  // is_split_into_words: the next encode() reads words, `counts` (a JSON array) of them per text,
  // each text being its words joined by `delimiter` (Python's sentence).
  val set_words(const std::string& counts, const std::string& delimiter) {
    return guarded([&] {
      const auto parsed = nlohmann::json::parse(counts);
      word_counts_.emplace();
      for (const auto& n : parsed) word_counts_->push_back(n.get<size_t>());
      delimiter_ = delimiter;
      return val(true);
    });
  }

  // Python's offset_mapping option: `pairs` (a JSON array; its entries [start, end] in UTF-16 units)
  // replace the tokenizer's offsets in the next classify() only, for every text and every window,
  // each token taking the entry at its position in its row (TokenClassificationPipeline hands every
  // sentence and chunk the same list). An entry is only read for a token that is not special, as
  // Python only reads those; a malformed or missing one is an error then.
  val set_offset_mapping(const std::string& pairs) {
    return guarded([&] {
      const auto parsed = nlohmann::json::parse(pairs);
      if (!parsed.is_array()) throw Error(ErrorCode::InvalidArgument, "token-classification: offset_mapping must be an array");
      offset_mapping_.emplace();
      for (const auto& p : parsed) {
        const bool ok = p.is_array() && p.size() == 2 && p[0].is_number_unsigned() && p[1].is_number_unsigned() &&
                        p[0].get<uint64_t>() <= UINT32_MAX && p[1].get<uint64_t>() <= UINT32_MAX;
        offset_mapping_->push_back(ok ? std::optional<std::pair<uint32_t, uint32_t>>(
                                            {p[0].get<uint32_t>(), p[1].get<uint32_t>()})
                                      : std::nullopt);
      }
      return val(true);
    });
  }

  // The logits buffer holds [rows(), seq, num_labels] floats. Writes the records (records() /
  // bytes()): the label table's size, then per text its entity count and per entity [label
  // (index into labelTable()), word byte offset, word byte length, start, end (UTF-16 units),
  // score bits, token index (strategy none; else 0)]. Returns the number of records, or -1.
  int32_t classify(size_t seq, size_t num_labels, int strategy) {
    return io_.checked([&] {
      std::optional<std::vector<std::optional<std::pair<uint32_t, uint32_t>>>> user_offsets;
      user_offsets.swap(offset_mapping_);  // set_offset_mapping() holds for this call only
      // The label names of a model with `num_labels` outputs per token (config.json's id2label).
      if (id2label_.size() != num_labels) id2label_ = ClassifierConfig::from_config_json(config_json_, num_labels).id2label;
      if (strategy < 0 || strategy > static_cast<int>(AggregationStrategy::Max)) {
        throw Error(ErrorCode::InvalidArgument, "token-classification: unknown aggregation strategy");
      }
      TokenClassificationOptions options;
      options.strategy = static_cast<AggregationStrategy>(strategy);
      options.ignore_labels = ignore_;
      const size_t labels = id2label_.size();
      const auto logits = io_.logits();
      constexpr const char* shape = "token-classification: logits [batch, seq, labels]";
      if (labels == 0 || logits.size() != checked_product(checked_product(encodings_.size(), seq, shape), labels, shape)) {
        throw Error(ErrorCode::InvalidArgument, "token-classification: the logits do not match [batch, seq, labels]");
      }
      auto& records = io_.records();
      auto& bytes = io_.bytes();
      records.assign(1, 0);
      bytes.clear();
      size_t row = 0;
      for (size_t t = 0; t < texts_.size(); ++t) {
        // Each window is labelled and aggregated alone; a text of several windows then keeps one of
        // the entities that overlap (Python's aggregate_overlapping_entities).
        std::vector<TokenEntity> entities;
        const Utf16Index utf16(texts_[t]);
        if (user_offsets) unit_bytes(texts_[t], unit_to_byte_);  // once per text, for all its windows
        for (; row < windows_[t]; ++row) {
          if (encodings_[row].size() > seq) throw Error(ErrorCode::Internal, "token-classification: encoding longer than the model output");
          Encoding given;
          if (user_offsets) {
            given = with_offsets(encodings_[row], texts_[t], utf16, unit_to_byte_, *user_offsets,
                                 word_starts_.empty() ? nullptr : &word_starts_[t]);
          }
          const Encoding& enc = user_offsets ? given : encodings_[row];
          auto found = classify_tokens(handle_->tokenizer(), texts_[t], enc,
                                       logits.subspan(row * seq * labels, enc.size() * labels), id2label_, options);
          if (entities.empty()) {
            entities = std::move(found);
          } else {
            entities.insert(entities.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
          }
        }
        const size_t window_count = windows_[t] - (t == 0 ? 0 : windows_[t - 1]);
        if (window_count > 1) entities = merge_window_entities(std::move(entities), texts_[t]);
        records.push_back(static_cast<uint32_t>(entities.size()));
        for (const auto& e : entities) {
          uint32_t bits;
          std::memcpy(&bits, &e.score, sizeof bits);
          records.insert(records.end(), {label_index(e.label), static_cast<uint32_t>(bytes.size()),
                                         static_cast<uint32_t>(e.word.size()), utf16.extended(e.start), utf16.extended(e.end), bits,
                                         static_cast<uint32_t>(std::max(e.index, 0))});
          bytes += e.word;
        }
      }
      records[0] = static_cast<uint32_t>(label_table_.size());
      return static_cast<int32_t>(records.size());
    });
  }
  // The labels classify() refers to by index, as a JSON array (JS fetches it when it grew).
  std::string label_table() const {
    JsonText out;
    out.open('[');
    for (const auto& l : label_table_) out.str(l);
    return out.close(']').text();
  }

 private:
  uint32_t label_index(const std::string& label) {
    const auto it = std::find(label_table_.begin(), label_table_.end(), label);
    if (it != label_table_.end()) return static_cast<uint32_t>(it - label_table_.begin());
    label_table_.push_back(label);
    return static_cast<uint32_t>(label_table_.size() - 1);
  }

  // UTF-16 unit -> byte offset in `text` (UINT32_MAX inside a surrogate pair), one past the end
  // included.
  static void unit_bytes(const std::string& text, std::vector<uint32_t>& byte_at) {
    byte_at.clear();
    for (size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c & 0xC0) == 0x80) continue;
      byte_at.push_back(static_cast<uint32_t>(i));
      if (c >= 0xF0) byte_at.push_back(UINT32_MAX);
    }
    byte_at.push_back(static_cast<uint32_t>(text.size()));
  }

  // `e` with the offsets of `pairs` (UTF-16 units into `text`; byte_at: unit_bytes(text)) as byte
  // offsets, for its tokens that are not special (classify_tokens reads no other). `word_starts`
  // (is_split_into_words: each word's byte offset in `text`): the pairs are relative to the
  // token's word, as Python adds the word's start (word_to_chars_map) to them.
  static Encoding with_offsets(const Encoding& e, const std::string& text, const Utf16Index& utf16,
                               const std::vector<uint32_t>& byte_at,
                               const std::vector<std::optional<std::pair<uint32_t, uint32_t>>>& pairs,
                               const std::vector<uint32_t>* word_starts) {
    Encoding out = e;
    const size_t units = byte_at.size() - 1;
    for (size_t k = 0; k < out.size(); ++k) {
      if (out.special_tokens_mask[k] || !out.attention_mask[k]) continue;
      const auto where = [k] { return "token-classification: offset_mapping[" + std::to_string(k) + "]"; };  // errors only
      if (k >= pairs.size()) {
        throw Error(ErrorCode::InvalidArgument, where() + " is missing: offset_mapping has " + std::to_string(pairs.size()) +
                                                    " entries, and token " + std::to_string(k) +
                                                    " of the model input needs one (special tokens count)");
      }
      if (!pairs[k]) throw Error(ErrorCode::InvalidArgument, where() + " must be [start, end], two non-negative integers");
      uint32_t start = pairs[k]->first, end = pairs[k]->second;
      if (word_starts && out.word_ids[k] >= 0 && static_cast<size_t>(out.word_ids[k]) < word_starts->size()) {
        const uint64_t shift = utf16((*word_starts)[static_cast<size_t>(out.word_ids[k])]);
        if (shift + std::max(start, end) > UINT32_MAX) throw Error(ErrorCode::InvalidArgument, where() + " is too large");
        start += static_cast<uint32_t>(shift);
        end += static_cast<uint32_t>(shift);
      }
      // Past the end of the text (Python slices that to '' and reports the offsets as given): one
      // byte per unit past it (classify_tokens, Utf16Index::extended). Reversed spans stay as given.
      const auto byte = [&](uint32_t u) -> uint32_t {
        if (u > units) return static_cast<uint32_t>(text.size() + (u - units));
        if (byte_at[u] == UINT32_MAX) {
          throw Error(ErrorCode::InvalidArgument, where() + " = [" + std::to_string(start) + ", " + std::to_string(end) +
                                                      "]: " + std::to_string(u) + " is inside a surrogate pair (offsets are UTF-16 units)");
        }
        return byte_at[u];
      };
      if (text.size() + uint64_t{std::max(start, end)} > UINT32_MAX)
        throw Error(ErrorCode::InvalidArgument, where() + " is too large");
      out.offsets[k] = {byte(start), byte(end)};
    }
    return out;
  }

  TokenizerHandle* handle_ = nullptr;
  std::optional<std::vector<std::optional<std::pair<uint32_t, uint32_t>>>> offset_mapping_;  // for the next classify()
  std::vector<std::string> label_table_;  // entity labels and group names seen so far (a few)
  std::vector<uint32_t> unit_to_byte_;    // with_offsets' map for the current text (kept: no per-call growth)
  std::string config_json_;
  std::vector<std::string> id2label_, texts_, ignore_ = {"O"};
  // texts_ holds the words of the last encode(): each text's are encoded as pre-tokenized input,
  // and its offsets, relative to each word, moved to the joined text (as Python's word_to_chars_map).
  void encode_words(const Tokenizer& tok, int32_t stride, const std::vector<size_t>& counts) {
    size_t total = 0;
    for (size_t n : counts) total += n;
    if (total != texts_.size()) throw Error(ErrorCode::Internal, "token-classification: word counts do not match the words");
    std::vector<std::string> words = std::move(texts_);
    texts_.clear();
    std::vector<uint32_t> starts;
    size_t at = 0;
    for (size_t n : counts) {
      const std::span<const std::string> text_words(words.data() + at, n);
      at += n;
      std::string joined;
      starts.clear();
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) joined += delimiter_;
        starts.push_back(static_cast<uint32_t>(joined.size()));
        joined += text_words[i];
      }
      Encoding e = tok.encode_words(text_words, true);
      if (stride < 0) e.overflowing.clear();
      for (Encoding& w : take_windows(std::move(e))) {
        for (size_t k = 0; k < w.size(); ++k) {
          if (w.word_ids[k] < 0 || static_cast<size_t>(w.word_ids[k]) >= starts.size()) continue;
          w.offsets[k].first += starts[w.word_ids[k]];
          w.offsets[k].second += starts[w.word_ids[k]];
        }
        encodings_.push_back(std::move(w));
      }
      windows_.push_back(encodings_.size());
      texts_.push_back(std::move(joined));
      word_starts_.push_back(starts);
    }
  }

  std::optional<std::vector<size_t>> word_counts_;  // set_words() for the next encode() only
  std::string delimiter_;
  std::vector<Encoding> encodings_;  // the model rows: each text's windows, in order
  std::vector<size_t> windows_;      // per text, the end of its rows in encodings_
  std::vector<std::vector<uint32_t>> word_starts_;  // is_split_into_words: per text, its words' byte offsets
  TaskIO io_;
};

// zero-shot-classification: the (text, hypothesis) pairs' model inputs (pipelines/zero_shot_inputs.h)
// and the scores from the entailment logits.
class ZeroShotRunner {
 public:
  static val create(TokenizerHandle& handle, const std::string& config_json) {
    return guarded([&] {
      ZeroShotRunner r;
      r.handle_ = &handle;
      r.config_ = NliConfig::from_config_json(config_json);
      return val(std::move(r));
    });
  }
  uintptr_t address() { return reinterpret_cast<uintptr_t>(this); }
  uintptr_t io() { return reinterpret_cast<uintptr_t>(&io_); }
  val last_error() const { return io_.last_error(); }

  // labels: a JSON array of strings. Tokenizes the hypotheses (kept while they repeat).
  val set_labels(const std::string& hypothesis_template, const std::string& labels) {
    return guarded([&] {
      labels_ = strings_of(labels, "candidate_labels");
      label_index_.clear();
      for (size_t i = 0; i < labels_.size(); ++i) label_index_.emplace(labels_[i], static_cast<uint32_t>(i));
      inputs_.set_hypotheses(handle_->tokenizer(), hypothesis_template, labels_);
      return val(true);
    });
  }

  // Pairs each of `count` texts from the input buffer with every hypothesis: rows text * labels
  // + label. Returns seq (the model inputs are [3][rows][seq]), or -1.
  int32_t encode(size_t count) {
    return io_.checked([&] {
      io_.read_texts(count, texts_);
      return static_cast<int32_t>(inputs_.encode(handle_->tokenizer(), texts_, io_.model_inputs()));
    });
  }

  // The logits buffer holds [rows, num_classes]. Writes the records (records()): per text, per
  // label best first, [index into the candidate labels, score bits]. Returns their number, or -1.
  int32_t classify(size_t num_classes, bool multi_label) {
    return io_.checked([&] {
      const auto logits = io_.logits();
      // One row per (text, label) pair of the last encode(): a rows mismatch (labels changed since,
      // a model output of another batch) must not score some texts and silently drop the rest.
      constexpr const char* shape = "zero-shot-classification: logits [texts * labels, classes]";
      const size_t per_text = checked_product(labels_.size(), num_classes, shape);
      if (per_text == 0 || logits.size() != checked_product(texts_.size(), per_text, shape)) {
        throw Error(ErrorCode::InvalidArgument,
                    "zero-shot-classification: got " + std::to_string(logits.size()) + " logits, expected " +
                        std::to_string(texts_.size()) + " texts x " + std::to_string(labels_.size()) + " labels x " +
                        std::to_string(num_classes) + " classes (one row per text and candidate label of the last encode)");
      }
      auto& records = io_.records();
      records.clear();
      for (size_t s = 0; s < texts_.size(); ++s) {
        const auto r = zero_shot_scores(logits.subspan(s * per_text, per_text), num_classes, labels_, config_, multi_label);
        for (size_t i = 0; i < r.labels.size(); ++i) {
          uint32_t bits;
          std::memcpy(&bits, &r.scores[i], sizeof bits);
          records.push_back(label_index_.at(r.labels[i]));  // equal labels: the same string either way
          records.push_back(bits);
        }
      }
      return static_cast<int32_t>(records.size());
    });
  }

 private:
  TokenizerHandle* handle_ = nullptr;
  NliConfig config_;
  ZeroShotInputs inputs_;
  std::vector<std::string> labels_, texts_;
  std::unordered_map<std::string, uint32_t> label_index_;  // first index of each candidate label
  TaskIO io_;
};

}  // namespace

extern "C" {

// A runner's buffers (its io() address): input room for `bytes` bytes, logits room for `n` floats
// (null when out of memory; growing them may grow wasm memory: JS takes its heap views after),
// and where the model inputs, records and record strings of the last call are.
EMSCRIPTEN_KEEPALIVE uintptr_t wasmpipe_task_input(TaskIO* io, size_t bytes) { return io->input(bytes); }
EMSCRIPTEN_KEEPALIVE uintptr_t wasmpipe_task_logits(TaskIO* io, size_t n) { return io->logits(n); }
EMSCRIPTEN_KEEPALIVE uintptr_t wasmpipe_task_model_inputs(TaskIO* io) { return io->model_inputs_address(); }
EMSCRIPTEN_KEEPALIVE uintptr_t wasmpipe_task_records(TaskIO* io) { return io->records_address(); }
EMSCRIPTEN_KEEPALIVE uintptr_t wasmpipe_task_bytes(TaskIO* io) { return io->bytes_address(); }

// The runners' calls (their address() values): see TokenClassificationRunner / ZeroShotRunner.
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_ner_encode(TokenClassificationRunner* r, size_t count, int32_t stride) {
  return r->encode(count, stride);
}
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_ner_rows(TokenClassificationRunner* r) { return r->rows(); }
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_ner_classify(TokenClassificationRunner* r, size_t seq, size_t num_labels,
                                                   int32_t strategy) {
  return r->classify(seq, num_labels, strategy);
}
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_zero_shot_encode(ZeroShotRunner* r, size_t count) { return r->encode(count); }
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_zero_shot_classify(ZeroShotRunner* r, size_t num_classes, int32_t multi_label) {
  return r->classify(num_classes, multi_label != 0);
}

}  // extern "C"

EMSCRIPTEN_BINDINGS(wasmpipe_token_tasks_io) {
  emscripten::class_<TokenClassificationRunner>("TokenClassificationRunner")
      .class_function("create", &TokenClassificationRunner::create)
      .function("address", &TokenClassificationRunner::address)
      .function("io", &TokenClassificationRunner::io)
      .function("labelTable", &TokenClassificationRunner::label_table)
      .function("lastError", &TokenClassificationRunner::last_error)
      .function("setIgnoreLabels", &TokenClassificationRunner::set_ignore_labels)
      .function("setWords", &TokenClassificationRunner::set_words)
      .function("setOffsetMapping", &TokenClassificationRunner::set_offset_mapping);
  emscripten::class_<ZeroShotRunner>("ZeroShotRunner")
      .class_function("create", &ZeroShotRunner::create)
      .function("address", &ZeroShotRunner::address)
      .function("io", &ZeroShotRunner::io)
      .function("lastError", &ZeroShotRunner::last_error)
      .function("setLabels", &ZeroShotRunner::set_labels);
}
