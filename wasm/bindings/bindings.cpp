// The only file that knows Embind. It converts between JS values and the plain C++ core, copies
// bulk numbers with one typed-array copy, and turns every C++ exception into a returned JS Error
// (never thrown through wasm frames, so the module stays usable after bad input).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings/guarded.h"
#include "bindings/js_bytes.h"
#include "bindings/model_inputs.h"  // config_padding
#include "bindings/tokenizer_handle.h"
#include "bindings/utf16_index.h"
#include "core/error.h"
#include "pipelines/text_classification.h"
#include "tokenizer/tokenizer.h"

namespace {
constexpr auto classify_logits = [](auto&&... args) { return wasmpipe::classify(args...); };
}

using emscripten::val;
using namespace wasmpipe;
using wasmpipe::bindings::guarded;
using wasmpipe::bindings::Utf16Index;

namespace {


template <class T>
val copy_to_js(const std::vector<T>& v) {
  // typed_memory_view aliases wasm memory; slice() makes the JS-owned copy (one copy).
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

template <class T>
std::vector<T> copy_from_js(const val& array) {
  const size_t n = array["length"].as<size_t>();
  std::vector<T> out(n);
  val(emscripten::typed_memory_view(n, out.data())).call<void>("set", array);
  return out;
}

// A string argument given as a JS string or as UTF-8 bytes (Uint8Array).
std::string utf8_argument(const val& v, const char* what) {
  if (v.isString()) return v.as<std::string>();
  if (v.instanceof(val::global("Uint8Array"))) {
    std::string out(v["length"].as<size_t>(), '\0');
    val(emscripten::typed_memory_view(out.size(), reinterpret_cast<uint8_t*>(out.data()))).call<void>("set", v);
    return out;
  }
  throw Error(ErrorCode::InvalidArgument, std::string(what) + " must be a string or a Uint8Array of UTF-8 bytes");
}

val encoding_to_js(const Encoding& e, const Utf16Index* a, const Utf16Index* b) {
  val out = val::object();
  out.set("ids", copy_to_js(e.ids));
  out.set("type_ids", copy_to_js(e.type_ids));
  out.set("attention_mask", copy_to_js(e.attention_mask));
  out.set("special_tokens_mask", copy_to_js(e.special_tokens_mask));
  out.set("word_ids", copy_to_js(e.word_ids));
  if (e.sequence_ids.size() != e.ids.size()) throw Error(ErrorCode::Internal, "encoding without sequence ids");
  out.set("sequence_ids", copy_to_js(e.sequence_ids));
  val tokens = val::array();
  val offsets = val::array();
  for (size_t i = 0; i < e.tokens.size(); ++i) {
    tokens.call<void>("push", val(e.tokens[i]));
    // Offsets of the pair's second sequence index into the second text.
    const Utf16Index* index = (b && e.sequence_ids[i] == 1) ? b : a;
    val pair = val::array();
    pair.call<void>("push", val((*index)(e.offsets[i].first)));
    pair.call<void>("push", val((*index)(e.offsets[i].second)));
    offsets.call<void>("push", pair);
  }
  out.set("tokens", tokens);
  out.set("offsets", offsets);
  return out;
}

class JsTokenizer : public bindings::TokenizerHandle {
 public:
  explicit JsTokenizer(Tokenizer t) : tok_(std::move(t)), pad_(bindings::config_padding(tok_)) {}
  Tokenizer& tokenizer() override { return tok_; }
  const PaddingParams& config_padding() const override { return pad_; }

  // tokenizer.json as a string or as its UTF-8 bytes (a Uint8Array is copied in with one memcpy,
  // skipping the JS-side decode to UTF-16 and the per-char re-encode of a 10 MB string).
  static val from_json(val tokenizer_json, const std::string& config_json) {
    return guarded([&] {
      return val(JsTokenizer(Tokenizer::from_json(utf8_argument(tokenizer_json, "tokenizer.json"), config_json)));
    });
  }
  static val from_vocab_txt(const std::string& vocab, const std::string& config_json) {
    return guarded([&] { return val(JsTokenizer(Tokenizer::from_vocab_txt(vocab, config_json))); });
  }
  static val from_vocab_merges(const std::string& vocab_json, const std::string& merges_txt,
                               const std::string& tokenizer_config_json, const std::string& config_json) {
    return guarded([&] {
      return val(JsTokenizer(Tokenizer::from_vocab_merges(vocab_json, merges_txt, tokenizer_config_json, config_json)));
    });
  }
  // SentencePiece .model bytes (Uint8Array) as transformers converts `tokenizer_class`.
  static val from_sentencepiece(val model, const std::string& config_json, const std::string& tokenizer_class,
                                const std::string& file_name) {
    return guarded([&] {
      const std::string bytes = bindings::bytes_from_js(model, file_name.empty() ? "model" : file_name.c_str());
      return val(JsTokenizer(Tokenizer::from_sentencepiece(bytes, config_json, tokenizer_class, file_name)));
    });
  }
  // Marian: source.spm and (optional, null) target.spm bytes, vocab.json text.
  static val from_marian(val source_spm, const std::string& vocab_json, const std::string& config_json, val target_spm) {
    return guarded([&] {
      const std::string source = bindings::bytes_from_js(source_spm, "source.spm");
      const std::string target = target_spm.isNull() || target_spm.isUndefined() ? std::string()
                                                                                 : bindings::bytes_from_js(target_spm, "target.spm");
      return val(JsTokenizer(Tokenizer::from_marian(source, vocab_json, config_json, target)));
    });
  }
  // M2M100: sentencepiece.bpe.model bytes, vocab.json text.
  static val from_m2m100(val spm_model, const std::string& vocab_json, const std::string& config_json) {
    return guarded([&] {
      const std::string bytes = bindings::bytes_from_js(spm_model, "sentencepiece.bpe.model");
      return val(JsTokenizer(Tokenizer::from_m2m100(bytes, vocab_json, config_json)));
    });
  }

  // One text (or pair) -> a full encoding with tokens and UTF-16 offsets: the core-level check of
  // the tests (tokenizer-legacy, sentencepiece, ...); PreTrainedTokenizer takes the raw path
  // (tokenizer_raw_full.cpp). Embind pairs a lone lead surrogate with the next unit: well-formed text only.
  val encode(const std::string& text, val pair, bool add_special_tokens) const {
    return guarded([&] {
      if (pair.isNull() || pair.isUndefined()) {
        Utf16Index a(text);
        return encoding_to_js(tok_.encode(text, add_special_tokens), &a, nullptr);
      }
      if (!pair.isString()) throw Error(ErrorCode::InvalidArgument, "text_pair must be a string");
      const std::string second = pair.as<std::string>();
      Utf16Index a(text), b(second);
      return encoding_to_js(tok_.encode_pair(text, second, add_special_tokens), &a, &b);
    });
  }

  // Ids only (no tokens/offsets), for conformance runs (encode() takes tokenizer_raw.cpp's path).
  val encode_ids(const std::string& text, val pair, bool add_special_tokens) const {
    return guarded([&] {
      if (pair.isNull() || pair.isUndefined()) return copy_to_js(tok_.encode_ids(text, nullptr, add_special_tokens));
      if (!pair.isString()) throw Error(ErrorCode::InvalidArgument, "text_pair must be a string");
      const std::string second = pair.as<std::string>();
      const std::string_view p = second;
      return copy_to_js(tok_.encode_ids(text, &p, add_special_tokens));
    });
  }

  val decode(val ids, bool skip_special_tokens, bool clean_up) const {
    return guarded([&] {
      const auto v = copy_from_js<int32_t>(ids);
      return val(tok_.decode(v, skip_special_tokens, clean_up));
    });
  }

  val token_to_id(const std::string& token) const {
    const auto id = tok_.token_to_id(token);
    return id ? val(*id) : val::undefined();
  }
  val id_to_token(int32_t id) const {
    const auto t = tok_.id_to_token(id);
    return t ? val(*t) : val::undefined();
  }
  size_t vocab_size() const { return tok_.vocab_size(true); }
  val model_max_length() const {
    const auto m = tok_.model_max_length();
    return m ? val(static_cast<double>(*m)) : val::undefined();
  }
  bool clean_up_tokenization_spaces() const { return tok_.clean_up_tokenization_spaces(); }
  bool slow_truncation() const { return tok_.slow_truncation(); }
  val special_token(const std::string& name) const {
    const auto t = tok_.special_token(name);
    return t ? val(*t) : val::undefined();
  }
  val all_special_ids() const { return copy_to_js(tok_.all_special_ids()); }

 private:
  Tokenizer tok_;
  PaddingParams pad_;                  // the pad token of the tokenizer's config
};

// Holds a model's parsed label config so each call only scores logits.
class JsTextClassifier {
 public:
  JsTextClassifier(ClassifierConfig cfg, size_t num_labels) : cfg_(std::move(cfg)), num_labels_(num_labels) {}

  static val create(const std::string& config_json, size_t num_labels) {
    return guarded([&] { return val(JsTextClassifier(ClassifierConfig::from_config_json(config_json, num_labels), num_labels)); });
  }

  size_t num_labels() const { return num_labels_; }

  // logits: Float32Array [batch, num_labels] -> [[{label, score}, ...], ...]
  val classify(val logits, size_t batch, size_t top_k, const std::string& function_to_apply) {
    return guarded([&] {
      logits_.resize(logits["length"].as<size_t>());
      val(emscripten::typed_memory_view(logits_.size(), logits_.data())).call<void>("set", logits);
      ClassifierConfig cfg = cfg_;
      if (!function_to_apply.empty()) cfg.function = parse_score_function(function_to_apply);
      const auto results = classify_logits(logits_, batch, num_labels_, cfg, top_k);
      val out = val::array();
      for (const auto& row : results) {
        val items = val::array();
        for (const auto& r : row) {
          val item = val::object();
          item.set("label", val(r.label));
          item.set("score", val(static_cast<double>(r.score)));
          items.call<void>("push", item);
        }
        out.call<void>("push", items);
      }
      return out;
    });
  }

 private:
  ClassifierConfig cfg_;
  size_t num_labels_;
  std::vector<float> logits_;  // reused across calls
};

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe) {
  emscripten::class_<bindings::TokenizerHandle>("TokenizerHandle");
  emscripten::class_<JsTokenizer, emscripten::base<bindings::TokenizerHandle>>("Tokenizer")
      .class_function("fromJSON", &JsTokenizer::from_json)
      .class_function("fromVocabTxt", &JsTokenizer::from_vocab_txt)
      .class_function("fromVocabMerges", &JsTokenizer::from_vocab_merges)
      .class_function("fromSentencePiece", &JsTokenizer::from_sentencepiece)
      .class_function("fromMarian", &JsTokenizer::from_marian)
      .class_function("fromM2M100", &JsTokenizer::from_m2m100)
      .function("encode", &JsTokenizer::encode)
      .function("encodeIds", &JsTokenizer::encode_ids)
      .function("decode", &JsTokenizer::decode)
      .function("tokenToId", &JsTokenizer::token_to_id)
      .function("idToToken", &JsTokenizer::id_to_token)
      .function("vocabSize", &JsTokenizer::vocab_size)
      .function("modelMaxLength", &JsTokenizer::model_max_length)
      .function("cleanUpTokenizationSpaces", &JsTokenizer::clean_up_tokenization_spaces)
      .function("slowTruncation", &JsTokenizer::slow_truncation)
      .function("specialToken", &JsTokenizer::special_token)
      .function("allSpecialIds", &JsTokenizer::all_special_ids);
  emscripten::class_<JsTextClassifier>("TextClassifier")
      .class_function("create", &JsTextClassifier::create)
      .function("numLabels", &JsTextClassifier::num_labels)
      .function("classify", &JsTextClassifier::classify);
}
