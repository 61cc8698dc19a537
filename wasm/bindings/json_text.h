// What the token-task bindings share: a JSON array of strings in, and a minimal JSON writer for
// results out. Lists cross the boundary as one JSON text: with -sDYNAMIC_EXECUTION=0 every Embind
// val operation costs microseconds (a 30-entity NER result built with val took ~3.5 ms, with
// nlohmann's dump ~2 ms; written by JsonText it is a few tens of microseconds). Floats go as
// their bit patterns: no printf, exact.
#pragma once
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace wasmpipe::bindings {

using Json = nlohmann::ordered_json;

// A JSON array of strings (JSON.stringify'd by the caller) -> strings.
inline std::vector<std::string> strings_of(const std::string& json, const char* what) {
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
  emscripten::val to_js() const { return emscripten::val(out_); }
  const std::string& text() const { return out_; }
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

}  // namespace wasmpipe::bindings
