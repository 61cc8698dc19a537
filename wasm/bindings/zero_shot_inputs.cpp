// Embind for zero-shot classification's model inputs (pipelines/zero_shot_inputs.h): each text
// and each hypothesis is tokenized once, and all pairs come back as one padded int64 buffer, so a
// call crosses the boundary once for its inputs.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bindings/guarded.h"
#include "bindings/tokenizer_handle.h"
#include "core/error.h"
#include "pipelines/zero_shot_inputs.h"

using emscripten::val;
using wasmpipe::bindings::guarded;
using wasmpipe::bindings::TokenizerHandle;
using namespace wasmpipe;

namespace {

std::vector<std::string> string_list(const std::string& json, const char* what) {
  const auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) throw Error(ErrorCode::InvalidArgument, std::string(what) + " must be an array of strings");
  std::vector<std::string> out;
  out.reserve(j.size());
  for (const auto& s : j) {
    if (!s.is_string()) throw Error(ErrorCode::InvalidArgument, std::string(what) + " must be an array of strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

class JsZeroShotInputs {
 public:
  // texts / labels: JSON arrays of strings. -> BigInt64Array [3][texts * labels][seq]
  // (input_ids, attention_mask, token_type_ids; pair t * labels + l is text t with label l).
  val encode(TokenizerHandle& handle, const std::string& texts, const std::string& hypothesis_template,
             const std::string& labels) {
    return guarded([&] {
      Tokenizer& tok = handle.tokenizer();
      if (labels != labels_json_ || hypothesis_template != template_) {  // calls usually repeat them
        labels_ = string_list(labels, "candidate_labels");
        labels_json_ = labels;
        template_ = hypothesis_template;
      }
      inputs_.set_hypotheses(tok, template_, labels_);
      inputs_.encode(tok, string_list(texts, "texts"), buffer_);
      const auto* bytes = reinterpret_cast<const uint8_t*>(buffer_.data());
      val copy = val(emscripten::typed_memory_view(buffer_.size() * sizeof(int64_t), bytes)).call<val>("slice");
      return val::global("BigInt64Array").new_(copy["buffer"]);
    });
  }

 private:
  ZeroShotInputs inputs_;
  std::string labels_json_ = "\x01", template_;  // the last labels JSON (never valid at first) and template
  std::vector<std::string> labels_;
  std::vector<int64_t> buffer_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_zero_shot_inputs) {
  emscripten::class_<JsZeroShotInputs>("ZeroShotInputs")
      .constructor<>()
      .function("encode", &JsZeroShotInputs::encode);
}
