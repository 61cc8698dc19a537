#include "bindings/encode_options.h"

#include <emscripten/val.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "bindings/restore_settings.h"
#include "bindings/utf16_index.h"
#include "core/error.h"

namespace wasmpipe::bindings {
namespace {

using emscripten::val;

[[noreturn]] void bad(const std::string& message) { throw Error(ErrorCode::InvalidArgument, message); }

std::string type_name(const val& v) { return v.isNull() ? "null" : v.typeOf().as<std::string>(); }

bool absent(const val& v) { return v.isUndefined() || v.isNull(); }

size_t read_size(const val& obj, const char* key, const std::string& where, size_t fallback) {
  const val v = obj[key];
  if (absent(v)) return fallback;
  if (!v.isNumber()) bad(where + "." + key + " must be a non-negative integer, got " + type_name(v));
  const double d = v.as<double>();
  if (!(d >= 0) || d != std::floor(d) || d > 4294967295.0)
    bad(where + "." + key + " must be a non-negative integer, got " + std::to_string(d));
  return static_cast<size_t>(d);
}

int32_t read_int32(const val& obj, const char* key, const std::string& where, int32_t fallback) {
  const val v = obj[key];
  if (absent(v)) return fallback;
  const double d = v.isNumber() ? v.as<double>() : NAN;
  if (!(d >= -2147483648.0 && d <= 2147483647.0) || d != std::floor(d))
    bad(where + "." + key + " must be a 32-bit integer, got " + (v.isNumber() ? std::to_string(d) : type_name(v)));
  return static_cast<int32_t>(d);
}

std::string read_string(const val& obj, const char* key, const std::string& where, const std::string& fallback) {
  const val v = obj[key];
  if (absent(v)) return fallback;
  if (!v.isString()) bad(where + "." + key + " must be a string, got " + type_name(v));
  return v.as<std::string>();
}

Direction read_direction(const val& obj, const std::string& where) {
  const std::string d = read_string(obj, "direction", where, "right");
  if (d == "right") return Direction::Right;
  if (d == "left") return Direction::Left;
  bad(where + ".direction must be 'right' or 'left', got '" + d + "'");
}

void check_object(const val& v, const std::string& where) {
  if (!v.isTrue() && type_name(v) != "object") bad(where + " must be an object, null or false, got " + type_name(v));
}

TruncationParams read_truncation(const val& t) {
  const std::string where = "truncation";
  check_object(t, where);
  TruncationParams p;
  if (absent(t["max_length"])) bad("truncation.max_length is required");
  p.max_length = read_size(t, "max_length", where, 0);
  p.stride = read_size(t, "stride", where, 0);
  const std::string s = read_string(t, "strategy", where, "longest_first");
  if (s == "longest_first") {
    p.strategy = TruncationStrategy::LongestFirst;
  } else if (s == "only_first") {
    p.strategy = TruncationStrategy::OnlyFirst;
  } else if (s == "only_second") {
    p.strategy = TruncationStrategy::OnlySecond;
  } else {
    bad("truncation.strategy must be 'longest_first', 'only_first' or 'only_second', got '" + s + "'");
  }
  p.direction = read_direction(t, where);
  return p;
}

PaddingParams read_padding(const val& o, const PaddingParams& defaults) {
  const std::string where = "padding";
  check_object(o, where);
  PaddingParams p = defaults;
  const std::string s = read_string(o, "strategy", where, "longest");
  if (s == "longest") {
    p.to_longest = true;
  } else if (s == "max_length") {
    p.to_longest = false;
    if (absent(o["max_length"])) bad("padding.max_length is required with strategy 'max_length'");
    p.length = read_size(o, "max_length", where, 0);
  } else {
    bad("padding.strategy must be 'longest' or 'max_length', got '" + s + "'");
  }
  p.pad_to_multiple_of = read_size(o, "pad_to_multiple_of", where, 0);
  p.direction = read_direction(o, where);
  p.pad_id = read_int32(o, "pad_id", where, defaults.pad_id);
  p.pad_type_id = read_int32(o, "pad_type_id", where, defaults.pad_type_id);
  p.pad_token = read_string(o, "pad_token", where, defaults.pad_token);
  return p;
}

template <class T>
val copy_to_js(const std::vector<T>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

val to_js(const Encoding& e, const Utf16Index& a, const Utf16Index* b) {
  if (e.sequence_ids.size() != e.ids.size()) throw Error(ErrorCode::Internal, "encoding without sequence ids");
  val out = val::object();
  out.set("ids", copy_to_js(e.ids));
  out.set("type_ids", copy_to_js(e.type_ids));
  out.set("attention_mask", copy_to_js(e.attention_mask));
  out.set("special_tokens_mask", copy_to_js(e.special_tokens_mask));
  out.set("word_ids", copy_to_js(e.word_ids));
  out.set("sequence_ids", copy_to_js(e.sequence_ids));
  val tokens = val::array();
  std::vector<uint32_t> offsets(2 * e.size());
  for (size_t i = 0; i < e.size(); ++i) {
    tokens.call<void>("push", val(e.tokens[i]));
    const Utf16Index& index = (b && e.sequence_ids[i] == 1) ? *b : a;  // the pair's tokens index its own text
    offsets[2 * i] = index(e.offsets[i].first);
    offsets[2 * i + 1] = index(e.offsets[i].second);
  }
  out.set("tokens", tokens);
  out.set("offsets", copy_to_js(offsets));  // flat [start0, end0, start1, ...]
  val overflowing = val::array();
  for (const Encoding& o : e.overflowing) overflowing.call<void>("push", to_js(o, a, b));
  out.set("overflowing", overflowing);
  return out;
}

std::vector<std::string> strings(const val& v, const char* what) {
  if (!v.isArray()) bad(std::string(what) + " must be a string or an array of strings, got " + type_name(v));
  const size_t n = v["length"].as<size_t>();
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const val item = v[i];
    if (!item.isString()) bad(std::string(what) + "[" + std::to_string(i) + "] must be a string, got " + type_name(item));
    out.push_back(item.as<std::string>());
  }
  return out;
}


}  // namespace

val encode_with_options(Tokenizer& tok, const PaddingParams& default_pad, const val& texts, const val& pairs,
                        const val& options) {
  const val opts = absent(options) ? val::object() : options;
  if (type_name(opts) != "object") bad("options must be an object, got " + type_name(opts));
  const val add = opts["add_special_tokens"];
  if (!add.isUndefined() && !add.isTrue() && !add.isFalse())
    bad("options.add_special_tokens must be a boolean, got " + type_name(add));
  const bool add_special_tokens = !add.isFalse();

  RestoreSettings restore(tok);
  const val trunc = opts["truncation"];
  if (trunc.isNull() || trunc.isFalse()) {
    tok.set_truncation(std::nullopt);
  } else if (!trunc.isUndefined()) {
    tok.set_truncation(read_truncation(trunc));
  }
  const val pad = opts["padding"];
  if (pad.isNull() || pad.isFalse()) {
    tok.set_padding(std::nullopt);
  } else if (!pad.isUndefined()) {
    tok.set_padding(read_padding(pad, tok.padding().value_or(default_pad)));
  }

  if (texts.isString()) {
    const std::string a = texts.as<std::string>();
    const Utf16Index ia(a);
    if (absent(pairs)) return to_js(tok.encode(a, add_special_tokens), ia, nullptr);
    if (!pairs.isString()) bad("text_pair must be a string when text is a string, got " + type_name(pairs));
    const std::string b = pairs.as<std::string>();
    const Utf16Index ib(b);
    return to_js(tok.encode_pair(a, b, add_special_tokens), ia, &ib);
  }
  const auto a = strings(texts, "text");
  std::optional<std::vector<std::string>> b;
  if (!absent(pairs)) {
    b = strings(pairs, "text_pair");
    if (b->size() != a.size())
      bad("text_pair must have one entry per text (" + std::to_string(a.size()) + "), got " + std::to_string(b->size()));
  }
  const auto encodings = tok.encode_batch(a, b ? &*b : nullptr, add_special_tokens);
  val out = val::array();
  for (size_t i = 0; i < encodings.size(); ++i) {
    const Utf16Index ia(a[i]);
    if (b) {
      const Utf16Index ib((*b)[i]);
      out.call<void>("push", to_js(encodings[i], ia, &ib));
    } else {
      out.call<void>("push", to_js(encodings[i], ia, nullptr));
    }
  }
  return out;
}

}  // namespace wasmpipe::bindings
