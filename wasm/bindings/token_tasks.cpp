// Embind for fill-mask and for zero-shot-classification's label helpers. JS encodes a batch here
// (EncodedBatch keeps the encodings for the post-processing), runs ONNX Runtime, and hands the
// logits back; every decision is C++ (wasm/pipelines/). Errors come back as JS Error objects with
// a `code`, as in bindings.cpp. Lists cross the boundary as one JSON text each way: with
// -sDYNAMIC_EXECUTION=0 every Embind val operation costs microseconds (json_text.h).
// token-classification and zero-shot's per-call path: token_tasks_io.cpp.
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
#include "bindings/json_text.h"
#include "bindings/tokenizer_handle.h"
#include "core/error.h"
#include "pipelines/fill_mask.h"
#include "tokenizer/settings_scope.h"
#include "pipelines/zero_shot.h"

using emscripten::val;
using wasmpipe::bindings::TokenizerHandle;
using wasmpipe::bindings::guarded;
using wasmpipe::bindings::JsonText;
using wasmpipe::bindings::strings_of;
using namespace wasmpipe;

namespace {


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

  // Fills the padded int64 model inputs [3][size()][longest()] and returns their address (a
  // number; JS copies them out of wasm memory, js/pipelines/encoded-batch.js): one Embind value
  // instead of a typed array and an object built through Embind, each step costing microseconds.
  val model_inputs(TokenizerHandle& handle) {
    return guarded([&] {
      const Tokenizer& tok = handle.tokenizer();
      int32_t pad_id = 0;
      if (auto pad = tok.special_token("pad_token")) pad_id = tok.token_to_id(*pad).value_or(0);
      const size_t batch = encodings_.size();
      const size_t seq = longest();
      const size_t n = batch * seq;
      inputs_.assign(3 * n, 0);
      for (size_t b = 0; b < batch; ++b) {
        const Encoding& e = encodings_[b];
        for (size_t i = 0; i < seq; ++i) {  // right padding: pad id, attention 0, type 0
          const bool real = i < e.size();
          inputs_[b * seq + i] = real ? e.ids[i] : pad_id;
          inputs_[n + b * seq + i] = real ? e.attention_mask[i] : 0;
          inputs_[2 * n + b * seq + i] = real ? e.type_ids[i] : 0;
        }
      }
      return val(static_cast<double>(reinterpret_cast<uintptr_t>(inputs_.data())));
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
  std::vector<int64_t> inputs_;  // model_inputs(): read by JS before the next call
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

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_token_tasks) {
  emscripten::class_<EncodedBatch>("EncodedBatch")
      .class_function("create", &EncodedBatch::create)
      .function("size", &EncodedBatch::size)
      .function("longest", &EncodedBatch::longest)
      .function("modelInputs", &EncodedBatch::model_inputs);
  emscripten::function("fillMaskTargets", &resolve_targets);
  emscripten::function("fillMask", &fill_mask_batch);
  emscripten::function("fillMaskCount", &count_masks);
  emscripten::function("zeroShotSplitLabels", &split_labels);
  emscripten::function("zeroShotHypotheses", &format_hypotheses);
}
