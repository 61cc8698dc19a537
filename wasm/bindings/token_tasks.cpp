// Embind for the token-level text pipelines: token-classification (NER), fill-mask and
// zero-shot-classification. JS encodes a batch here (EncodedBatch keeps the encodings for the
// post-processing), runs ONNX Runtime, and hands the logits back; every decision is C++
// (wasm/pipelines/). Errors come back as JS Error objects with a `code`, as in bindings.cpp.
// Lists cross the boundary as one JSON text each way: with -sDYNAMIC_EXECUTION=0 every Embind
// val operation costs microseconds (a 30-entity NER result built with val took ~3.5 ms, with
// nlohmann's dump ~2 ms; written by JsonText below it is a few hundred microseconds at most).
// The per-call results (NER, zero-shot) go back as a Uint8Array view of a reused buffer, with
// floats as their bit patterns: no printf, and no byte-by-byte std::string conversion in JS.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bindings/guarded.h"
#include "bindings/tokenizer_handle.h"
#include "bindings/utf16_index.h"
#include "core/error.h"
#include "pipelines/fill_mask.h"
#include "pipelines/text_classification.h"
#include "pipelines/token_classification.h"
#include "tokenizer/settings_scope.h"
#include "pipelines/zero_shot.h"

using emscripten::val;
using wasmpipe::bindings::TokenizerHandle;
using wasmpipe::bindings::guarded;
using wasmpipe::bindings::Utf16Index;
using namespace wasmpipe;

namespace {


using Json = nlohmann::ordered_json;

// A JSON array of strings (JSON.stringify'd by the caller) -> strings.
std::vector<std::string> strings_of(const std::string& json, const char* what) {
  const Json j = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) throw Error(ErrorCode::InvalidArgument, std::string(what) + " must be an array of strings");
  std::vector<std::string> out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) {
      throw Error(ErrorCode::InvalidArgument, std::string(what) + "[" + std::to_string(i) + "] must be a string");
    }
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

// A minimal JSON writer for results (JSON.parse'd by the caller). Strings are escaped, not
// validated: Embind's UTF-8 -> JS conversion (TextDecoder) turns invalid bytes into U+FFFD, as
// Python's lossy decode does. Doubles are written with 17 digits, so they parse back exactly.
class JsonText {
 public:
  JsonText& open(char c) { comma(); out_ += c; first_ = true; return *this; }
  JsonText& close(char c) { out_ += c; first_ = false; return *this; }
  JsonText& key(std::string_view k) { comma(); string(k); out_ += ':'; first_ = true; return *this; }
  JsonText& str(std::string_view v) { comma(); string(v); return *this; }
  JsonText& num(double v) {
    comma();
    if (!std::isfinite(v)) {  // JSON has no NaN/Infinity (a model that returned them)
      out_ += "null";
      return *this;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out_ += buf;
    return *this;
  }
  JsonText& num(int64_t v) { comma(); out_ += std::to_string(v); return *this; }
  // A float as its IEEE-754 bits (an integer: exact, and no printf on the hot path); JS turns it
  // back with js/pipelines/encoded-batch.js floatFromBits.
  JsonText& bits(float v) {
    uint32_t b;
    std::memcpy(&b, &v, sizeof b);
    comma();
    out_ += std::to_string(b);
    return *this;
  }
  val to_js() const { return val(out_); }
  // The text as a Uint8Array VIEW of wasm memory (valid until the next call into the core): JS
  // decodes it with one TextDecoder call, where val(std::string) converts byte by byte in JS.
  val view() const { return val(emscripten::typed_memory_view(out_.size(), reinterpret_cast<const uint8_t*>(out_.data()))); }
  void clear() {
    out_.clear();
    first_ = true;
  }

 private:
  void comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void string(std::string_view s) {
    out_ += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out_ += buf;
      } else {
        out_ += c;
      }
    }
    out_ += '"';
  }
  std::string out_;
  bool first_ = true;
};

// Float32Array -> reused C++ buffer (one copy).
void read_floats(const val& array, std::vector<float>& out) {
  out.resize(array["length"].as<size_t>());
  val(emscripten::typed_memory_view(out.size(), out.data())).call<void>("set", array);
}

// A batch of texts (and pairs) as the tokenizer encoded them, unpadded, plus the padded int64
// model inputs laid out [3][batch][seq] (input_ids, attention_mask, token_type_ids).
class EncodedBatch {
 public:
  // truncation: "none", "longest_first" or "only_first" (at max_length; 0 = model_max_length, or
  // none when the tokenizer has no model_max_length).
  // texts / pairs: JSON arrays of strings (pairs "" or "null" = none).
  static val create(TokenizerHandle& handle, const std::string& texts, const std::string& pairs,
                    const std::string& truncation, size_t max_length) {
    return guarded([&] {
      Tokenizer& tok = handle.tokenizer();
      EncodedBatch batch;
      batch.texts_ = strings_of(texts, "texts");
      if (!pairs.empty() && pairs != "null") {
        batch.pairs_ = strings_of(pairs, "pairs");
        if (batch.pairs_.size() != batch.texts_.size()) throw Error(ErrorCode::InvalidArgument, "pairs must have one entry per text");
      }
      std::optional<TruncationParams> trunc;
      if (truncation != "none") {
        TruncationParams t;
        if (truncation == "only_first") {
          t.strategy = TruncationStrategy::OnlyFirst;
        } else if (truncation != "longest_first") {
          throw Error(ErrorCode::InvalidArgument, "truncation must be 'none', 'longest_first' or 'only_first'");
        }
        if (max_length > 0) {
          t.max_length = max_length;
          trunc = t;
        } else if (auto m = tok.model_max_length()) {
          t.max_length = *m;
          trunc = t;
        }
      }
      batch.encode_all(tok, trunc);
      return val(std::move(batch));
    });
  }

  size_t size() const { return encodings_.size(); }
  size_t longest() const {
    size_t n = 0;
    for (const auto& e : encodings_) n = std::max(n, e.size());
    return n;
  }

  // {data: BigInt64Array [3][batch][seq], batch, seq}
  val model_inputs(TokenizerHandle& handle) const {
    return guarded([&] {
      const Tokenizer& tok = handle.tokenizer();
      int32_t pad_id = 0;
      if (auto pad = tok.special_token("pad_token")) pad_id = tok.token_to_id(*pad).value_or(0);
      const size_t batch = encodings_.size();
      const size_t seq = longest();
      const size_t n = batch * seq;
      std::vector<int64_t> data(3 * n, 0);
      for (size_t b = 0; b < batch; ++b) {
        const Encoding& e = encodings_[b];
        for (size_t i = 0; i < seq; ++i) {  // right padding: pad id, attention 0, type 0
          const bool real = i < e.size();
          data[b * seq + i] = real ? e.ids[i] : pad_id;
          data[n + b * seq + i] = real ? e.attention_mask[i] : 0;
          data[2 * n + b * seq + i] = real ? e.type_ids[i] : 0;
        }
      }
      const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
      val copy = val(emscripten::typed_memory_view(data.size() * sizeof(int64_t), bytes)).call<val>("slice");
      val out = val::object();
      out.set("data", val::global("BigInt64Array").new_(copy["buffer"]));
      out.set("batch", val(batch));
      out.set("seq", val(seq));
      return out;
    });
  }

  const std::string& text(size_t i) const { return texts_[i]; }
  const Encoding& encoding(size_t i) const { return encodings_[i]; }

 private:
  void encode_all(Tokenizer& tok, const std::optional<TruncationParams>& trunc) {
    encodings_.reserve(texts_.size());
    for (size_t i = 0; i < texts_.size(); ++i) {
      const std::string* pair = pairs_.empty() ? nullptr : &pairs_[i];
      try {
        encodings_.push_back(encode_one(tok, texts_[i], pair, trunc));
      } catch (const Error&) {
        // Python's zero-shot retries without truncation when the hypothesis alone is too long.
        if (!trunc || trunc->strategy != TruncationStrategy::OnlyFirst) throw;
        encodings_.push_back(encode_one(tok, texts_[i], pair, std::nullopt));
      }
    }
  }

  // The Tokenizer's own truncation/padding settings are swapped for this call only.
  static Encoding encode_one(Tokenizer& tok, const std::string& text, const std::string* pair,
                             const std::optional<TruncationParams>& trunc) {
    const TokenizerSettingsScope restore(tok);
    tok.set_padding(std::nullopt);
    tok.set_truncation(trunc);
    Encoding e = pair ? tok.encode_pair(text, *pair, true) : tok.encode(text, true);
    e.overflowing.clear();
    return e;
  }

  std::vector<std::string> texts_, pairs_;
  std::vector<Encoding> encodings_;
};

// token-classification: holds the model's labels.
class JsTokenClassifier {
 public:
  static val create(const std::string& config_json, size_t num_labels) {
    return guarded([&] {
      JsTokenClassifier c;
      c.id2label_ = ClassifierConfig::from_config_json(config_json, num_labels).id2label;
      return val(std::move(c));
    });
  }
  size_t num_labels() const { return id2label_.size(); }

  // logits: Float32Array [batch, seq, num_labels] -> per text, per entity [label, word, start, end,
  // score bits, index (strategy none only)] with UTF-16 start/end, as JSON in a Uint8Array view.
  val classify(TokenizerHandle& handle, const EncodedBatch& batch, val logits, size_t seq,
               const std::string& strategy, const std::string& ignore_labels) {
    return guarded([&] {
      TokenClassificationOptions options;
      options.strategy = parse_aggregation_strategy(strategy);
      if (ignore_labels != ignore_json_) {  // most calls repeat the last list: parse it once
        ignore_ = strings_of(ignore_labels, "ignore_labels");
        ignore_json_ = ignore_labels;
      }
      options.ignore_labels = ignore_;
      read_floats(logits, logits_);
      const size_t labels = id2label_.size();
      if (logits_.size() != batch.size() * seq * labels) {
        throw Error(ErrorCode::InvalidArgument, "token-classification: the logits do not match [batch, seq, labels]");
      }
      const bool per_token = options.strategy == AggregationStrategy::None;
      JsonText& out = json_;
      out.clear();
      out.open('[');
      for (size_t b = 0; b < batch.size(); ++b) {
        const Encoding& enc = batch.encoding(b);
        if (enc.size() > seq) throw Error(ErrorCode::Internal, "token-classification: encoding longer than the model output");
        const std::span<const float> rows(logits_.data() + b * seq * labels, enc.size() * labels);
        const auto entities = classify_tokens(handle.tokenizer(), batch.text(b), enc, rows, id2label_, options);
        const Utf16Index utf16(batch.text(b));
        out.open('[');
        for (const auto& e : entities) {  // [label, word, start, end, score bits(, index)]
          out.open('[').str(e.label).str(e.word).num(int64_t{utf16(e.start)}).num(int64_t{utf16(e.end)}).bits(e.score);
          if (per_token) out.num(int64_t{e.index});
          out.close(']');
        }
        out.close(']');
      }
      out.close(']');
      return out.view();
    });
  }

 private:
  std::vector<std::string> id2label_;
  JsonText json_;  // the last result (classify returns a view of it)
  std::vector<float> logits_;  // reused across calls
  std::string ignore_json_ = "\x01";  // the last ignore_labels JSON and its parse (never valid JSON at first)
  std::vector<std::string> ignore_;
};

val resolve_targets(TokenizerHandle& handle, const std::string& targets) {
  return guarded([&] {
    const auto ids = resolve_fill_mask_targets(handle.tokenizer(), strings_of(targets, "targets"));
    return val(emscripten::typed_memory_view(ids.size(), ids.data())).call<val>("slice");
  });
}

// logits: Float32Array [batch, seq, vocab] -> per input, per mask: [{score, token, token_str, sequence}]
val fill_mask_batch(TokenizerHandle& handle, const EncodedBatch& batch, val logits, size_t seq, size_t vocab,
                    size_t top_k, val target_ids) {
  return guarded([&] {
    const Tokenizer& tok = handle.tokenizer();
    const auto mask = tok.special_token("mask_token");
    const auto mask_id = mask ? tok.token_to_id(*mask) : std::nullopt;
    if (!mask_id) throw Error(ErrorCode::InvalidFile, "fill-mask: this tokenizer has no mask_token in its config");
    std::optional<std::vector<int32_t>> targets;
    if (!target_ids.isNull() && !target_ids.isUndefined()) {
      targets.emplace(target_ids["length"].as<size_t>());
      val(emscripten::typed_memory_view(targets->size(), targets->data())).call<void>("set", target_ids);
    }
    if (logits["length"].as<size_t>() != batch.size() * seq * vocab) {
      throw Error(ErrorCode::InvalidArgument, "fill-mask: the logits do not match [batch, seq, vocab]");
    }
    // Only the rows at mask positions leave the JS array (a few vocab-sized copies, not seq x vocab).
    std::vector<float> rows;
    std::vector<std::span<const float>> mask_rows;
    JsonText out;
    out.open('[');
    for (size_t b = 0; b < batch.size(); ++b) {
      const Encoding& enc = batch.encoding(b);
      const auto positions = mask_positions(enc.ids, *mask_id);
      rows.resize(positions.size() * vocab);
      mask_rows.clear();
      for (size_t i = 0; i < positions.size(); ++i) {
        const size_t start = (b * seq + positions[i]) * vocab;
        val row = logits.call<val>("subarray", start, start + vocab);
        val(emscripten::typed_memory_view(vocab, rows.data() + i * vocab)).call<void>("set", row);
        mask_rows.emplace_back(rows.data() + i * vocab, vocab);
      }
      const auto masks = fill_mask(tok, enc.ids, mask_rows, *mask_id, top_k, targets ? &*targets : nullptr);
      out.open('[');
      for (const auto& row : masks) {
        out.open('[');
        for (const auto& c : row) {
          out.open('{').key("score").num(static_cast<double>(c.score)).key("token").num(int64_t{c.token});
          out.key("token_str").str(c.token_str).key("sequence").str(c.sequence).close('}');
        }
        out.close(']');
      }
      out.close(']');
    }
    out.close(']');
    return out.to_js();
  });
}

// Number of mask tokens in each encoded input (Int32Array).
val count_masks(TokenizerHandle& handle, const EncodedBatch& batch) {
  return guarded([&] {
    const Tokenizer& tok = handle.tokenizer();
    const auto mask = tok.special_token("mask_token");
    const auto mask_id = mask ? tok.token_to_id(*mask) : std::nullopt;
    if (!mask_id) throw Error(ErrorCode::InvalidFile, "fill-mask: this tokenizer has no mask_token in its config");
    std::vector<int32_t> counts(batch.size());
    for (size_t b = 0; b < batch.size(); ++b) {
      const auto& ids = batch.encoding(b).ids;
      counts[b] = static_cast<int32_t>(std::count(ids.begin(), ids.end(), *mask_id));
    }
    return val(emscripten::typed_memory_view(counts.size(), counts.data())).call<val>("slice");
  });
}

val split_labels(const std::string& labels) {
  return guarded([&] {
    JsonText out;
    out.open('[');
    for (const auto& l : split_candidate_labels(labels)) out.str(l);
    return out.close(']').to_js();
  });
}

val format_hypotheses(const std::string& hypothesis_template, const std::string& labels) {
  return guarded([&] {
    JsonText out;
    out.open('[');
    for (const auto& l : strings_of(labels, "candidate_labels")) out.str(format_hypothesis(hypothesis_template, l));
    return out.close(']').to_js();
  });
}

class JsZeroShotClassifier {
 public:
  static val create(const std::string& config_json) {
    return guarded([&] {
      JsZeroShotClassifier c;
      c.config_ = NliConfig::from_config_json(config_json);
      return val(std::move(c));
    });
  }
  int entailment_id() const { return config_.entailment_id; }

  // logits: Float32Array [sequences * labels, num_classes] -> [{labels, scores (float bits)}] per
  // sequence, as JSON in a Uint8Array view.
  val classify(val logits, size_t num_classes, const std::string& labels, bool multi_label) {
    return guarded([&] {
      const auto names = strings_of(labels, "candidate_labels");
      read_floats(logits, logits_);
      const size_t per_sequence = names.size() * num_classes;
      if (per_sequence == 0 || logits_.size() % per_sequence != 0) {
        throw Error(ErrorCode::InvalidArgument, "zero-shot-classification: the logits do not match [sequences * labels, classes]");
      }
      JsonText& out = json_;
      out.clear();
      out.open('[');
      for (size_t s = 0; s < logits_.size() / per_sequence; ++s) {
        const auto r = zero_shot_scores(std::span<const float>(logits_.data() + s * per_sequence, per_sequence), num_classes,
                                        names, config_, multi_label);
        out.open('{').key("labels").open('[');
        for (const auto& l : r.labels) out.str(l);
        out.close(']').key("scores").open('[');
        for (float x : r.scores) out.bits(x);
        out.close(']').close('}');
      }
      out.close(']');
      return out.view();
    });
  }

 private:
  NliConfig config_;
  std::vector<float> logits_;
  JsonText json_;  // the last result (classify returns a view of it)
};

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_token_tasks) {
  emscripten::class_<EncodedBatch>("EncodedBatch")
      .class_function("create", &EncodedBatch::create)
      .function("size", &EncodedBatch::size)
      .function("longest", &EncodedBatch::longest)
      .function("modelInputs", &EncodedBatch::model_inputs);
  emscripten::class_<JsTokenClassifier>("TokenClassifier")
      .class_function("create", &JsTokenClassifier::create)
      .function("numLabels", &JsTokenClassifier::num_labels)
      .function("classify", &JsTokenClassifier::classify);
  emscripten::function("fillMaskTargets", &resolve_targets);
  emscripten::function("fillMask", &fill_mask_batch);
  emscripten::function("fillMaskCount", &count_masks);
  emscripten::function("zeroShotSplitLabels", &split_labels);
  emscripten::function("zeroShotHypotheses", &format_hypotheses);
  emscripten::class_<JsZeroShotClassifier>("ZeroShotClassifier")
      .class_function("create", &JsZeroShotClassifier::create)
      .function("entailmentId", &JsZeroShotClassifier::entailment_id)
      .function("classify", &JsZeroShotClassifier::classify);
}
