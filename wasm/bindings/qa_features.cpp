// Embind for question-answering and feature-extraction (+ similarity). The JS pipelines move
// tensors; every decision (windows, spans, pooling, ranking) is made by the C++ in pipelines/.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "bindings/guarded.h"
#include "bindings/tokenizer_handle.h"
#include "pipelines/feature_extraction.h"
#include "pipelines/question_answering.h"
#include "tokenizer/tokenizer.h"

using emscripten::val;
using namespace wasmpipe;
using wasmpipe::bindings::copy_typed_array;
using wasmpipe::bindings::guarded;

namespace {

// UTF-16 code units in text[0, byte) (JS String#slice offsets).
uint32_t utf16_units(std::string_view text, uint32_t byte) {
  uint32_t units = 0;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) units += (c >= 0xF0) ? 2 : 1;  // 4-byte sequences are surrogate pairs
  }
  return units;
}

template <class T>
val copy_to_js(const std::vector<T>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

val int64_to_js(const std::vector<int64_t>& v) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(v.data());
  val copy = val(emscripten::typed_memory_view(v.size() * sizeof(int64_t), bytes)).call<val>("slice");
  return val::global("BigInt64Array").new_(copy["buffer"]);
}

std::optional<int32_t> special_id(const Tokenizer& tok, const char* name) {
  if (auto t = tok.special_token(name)) return tok.token_to_id(*t);
  return std::nullopt;
}

// One question-answering example at a time: prepare -> (windowInputs, addLogits)* -> finish.
class JsQuestionAnswerer {
 public:
  static val create() { return val(JsQuestionAnswerer()); }

  // Cuts (question, context) into windows; returns how many.
  val prepare(bindings::TokenizerHandle& tokenizer, const std::string& question, const std::string& context, size_t max_seq_len,
              size_t doc_stride, size_t max_question_len, size_t top_k, size_t max_answer_len,
              bool handle_impossible_answer, bool align_to_words, bool question_first) {
    return guarded([&] {
      decoder_.reset();
      windows_.clear();
      Tokenizer& tok = tokenizer.tokenizer();
      QaDecodeOptions d;
      d.top_k = top_k;
      d.max_answer_len = max_answer_len;
      d.handle_impossible_answer = handle_impossible_answer;
      d.align_to_words = align_to_words;
      d.question_first = question_first;
      QaDecoder(context, std::nullopt, d);  // checks the options before any tokenizing
      QaWindowOptions w;
      w.max_seq_len = max_seq_len;
      w.doc_stride = doc_stride;
      w.max_question_len = max_question_len;
      w.question_first = question_first;
      windows_ = question_answering_windows(tok, question, context, w);
      pad_id_ = special_id(tok, "pad_token").value_or(0);
      context_ = context;
      decoder_.emplace(context, question_answering_cls_id(tok, windows_.front()), d, question_first ? std::string() : question);
      return val(windows_.size());
    });
  }

  // Model inputs of windows [first, first + count) in one BigInt64Array [3][count][seq]
  // (input_ids, attention_mask, token_type_ids), padded to the longest of them.
  val window_inputs(size_t first, size_t count) {
    return guarded([&] {
      check_range(first, count);
      size_t seq = 0;
      for (size_t i = first; i < first + count; ++i) seq = std::max(seq, windows_[i].size());
      const size_t n = count * seq;
      inputs_.assign(3 * n, 0);
      for (size_t r = 0; r < count; ++r) {
        const Encoding& e = windows_[first + r];
        for (size_t t = 0; t < seq; ++t) {
          const bool real = t < e.size();
          inputs_[r * seq + t] = real ? e.ids[t] : pad_id_;
          inputs_[n + r * seq + t] = real ? e.attention_mask[t] : 0;
          inputs_[2 * n + r * seq + t] = real ? e.type_ids[t] : 0;
        }
      }
      val out = val::object();
      out.set("data", int64_to_js(inputs_));
      out.set("batch", val(count));
      out.set("seq", val(seq));
      return out;
    });
  }

  // start/end: Float32Array [count, seq] for windows [first, first + count).
  val add_logits(val start, val end, size_t first, size_t count, size_t seq) {
    return guarded([&] {
      check_range(first, count);
      copy_typed_array(start, start_);
      copy_typed_array(end, end_);
      if (start_.size() != count * seq || end_.size() != count * seq) {
        throw Error(ErrorCode::InvalidArgument, "question-answering: start/end logits must be [" +
                                                    std::to_string(count) + ", " + std::to_string(seq) + "]");
      }
      const std::span<const float> s(start_), e(end_);
      for (size_t r = 0; r < count; ++r) {
        decoder_->add_window(windows_[first + r], s.subspan(r * seq, seq), e.subspan(r * seq, seq));
      }
      return val::undefined();
    });
  }

  // [{answer, score, start, end}], best first; start/end in UTF-16 units of the context.
  val finish() {
    return guarded([&] {
      if (!decoder_) throw Error(ErrorCode::InvalidArgument, "question-answering: finish() before prepare()");
      const auto answers = decoder_->finish();
      val out = val::array();
      for (const auto& a : answers) {
        val item = val::object();
        item.set("answer", val(a.answer));
        item.set("score", val(a.score));
        item.set("start", val(utf16_units(context_, a.start)));
        item.set("end", val(utf16_units(context_, a.end)));
        out.call<void>("push", item);
      }
      decoder_.reset();
      windows_.clear();
      return out;
    });
  }

 private:
  void check_range(size_t first, size_t count) const {
    if (!decoder_ || count == 0 || first + count > windows_.size()) {
      throw Error(ErrorCode::InvalidArgument, "question-answering: windows [" + std::to_string(first) + ", " +
                                                  std::to_string(first + count) + ") out of range (" +
                                                  std::to_string(windows_.size()) + " prepared)");
    }
  }

  std::vector<Encoding> windows_;
  std::optional<QaDecoder> decoder_;
  std::string context_;
  int32_t pad_id_ = 0;
  std::vector<int64_t> inputs_;  // reused across calls
  std::vector<float> start_, end_;
};

// Pooling and similarity with scratch buffers kept between calls.
class JsFeatureExtractor {
 public:
  static val create() { return val(JsFeatureExtractor()); }

  // hidden: Float32Array [batch, seq, dim]; mask: BigInt64Array [batch, seq] -> {data, dims}
  val pool(val hidden, val mask, size_t batch, size_t seq, size_t dim, const std::string& pooling, bool normalize) {
    return guarded([&] {
      const Pooling p = parse_pooling(pooling);
      copy_typed_array(hidden, hidden_);
      copy_typed_array(mask, mask_);
      pool_hidden_states(hidden_, mask_, batch, seq, dim, p, normalize, out_, dims_);
      val out = val::object();
      out.set("data", copy_to_js(out_));
      val dims = val::array();
      for (size_t d : dims_) dims.call<void>("push", val(d));
      out.set("dims", dims);
      return out;
    });
  }

  // embeddings: Float32Array [rows, dim] -> Int8Array ("binary") or Uint8Array ("ubinary") [rows, dim / 8]
  val quantize(val embeddings, size_t dim, const std::string& precision) {
    return guarded([&] {
      if (precision != "binary" && precision != "ubinary") {
        throw Error(ErrorCode::InvalidArgument, "feature-extraction: precision must be 'binary' or 'ubinary', got '" +
                                                    precision + "'");
      }
      copy_typed_array(embeddings, hidden_);
      quantize_embeddings(hidden_, dim, precision == "binary", packed_);
      val bytes = copy_to_js(packed_);
      return precision == "binary" ? val::global("Int8Array").new_(bytes["buffer"]) : bytes;
    });
  }

  val cos_sim(val a, val b) {
    return guarded([&] {
      copy_typed_array(a, hidden_);
      copy_typed_array(b, out_);
      return val(cosine_similarity(hidden_, out_));
    });
  }

  // query: Float32Array [dim]; corpus: Float32Array [n, dim] -> [{corpus_id, score}], best first.
  val rank(val query, val corpus, size_t dim, size_t top_k) {
    return guarded([&] {
      copy_typed_array(query, hidden_);
      copy_typed_array(corpus, out_);
      val out = val::array();
      for (const auto& h : rank_by_similarity(hidden_, out_, dim, top_k)) {
        val item = val::object();
        item.set("corpus_id", val(h.index));
        item.set("score", val(h.score));
        out.call<void>("push", item);
      }
      return out;
    });
  }

 private:
  std::vector<float> hidden_, out_;
  std::vector<int64_t> mask_;
  std::vector<size_t> dims_;
  std::vector<uint8_t> packed_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_qa_features) {
  emscripten::class_<JsQuestionAnswerer>("QuestionAnswerer")
      .class_function("create", &JsQuestionAnswerer::create)
      .function("prepare", &JsQuestionAnswerer::prepare)
      .function("windowInputs", &JsQuestionAnswerer::window_inputs)
      .function("addLogits", &JsQuestionAnswerer::add_logits)
      .function("finish", &JsQuestionAnswerer::finish);
  emscripten::class_<JsFeatureExtractor>("FeatureExtractor")
      .class_function("create", &JsFeatureExtractor::create)
      .function("pool", &JsFeatureExtractor::pool)
      .function("quantize", &JsFeatureExtractor::quantize)
      .function("cosSim", &JsFeatureExtractor::cos_sim)
      .function("rank", &JsFeatureExtractor::rank);
}
