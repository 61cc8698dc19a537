// Typed access to nlohmann::json values with errors that name the file and the JSON path, e.g.
//   "tokenizer.json: model.vocab must be an object".
// Every loader goes through these helpers so a malformed file is an InvalidFile error, never a
// crash or an uncaught nlohmann exception.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace wasmpipe {

using Json = nlohmann::json;

// Where a value sits: file name plus dotted path ("tokenizer.json" + "model.vocab").
class JsonPath {
 public:
  explicit JsonPath(std::string file, std::string path = {}) : file_(std::move(file)), path_(std::move(path)) {}

  JsonPath operator/(std::string_view key) const {
    return JsonPath(file_, path_.empty() ? std::string(key) : path_ + "." + std::string(key));
  }
  JsonPath operator[](size_t index) const { return JsonPath(file_, path_ + "[" + std::to_string(index) + "]"); }

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  // "tokenizer.json: model.vocab" (or just the file name at the root).
  std::string describe() const { return path_.empty() ? file_ : file_ + ": " + path_; }

  // Throws InvalidFile "<file>: <path> <what>".
  [[noreturn]] void fail(std::string_view what) const {
    throw Error(ErrorCode::InvalidFile, describe() + " " + std::string(what));
  }

 private:
  std::string file_;
  std::string path_;
};

// Parses `text` as JSON; InvalidFile naming `file` when it is not.
Json parse_json(std::string_view text, std::string_view file);

// Short name of a JSON value's type for messages ("a string", "null", ...).
const char* json_type_name(const Json& j);

// Checks `j` (found at `at`) is an object / array; returns it.
const Json& expect_object(const Json& j, const JsonPath& at);
const Json& expect_array(const Json& j, const JsonPath& at);

// Field `key` of object `obj` (at `at`), or nullptr when absent. A JSON null counts as absent.
const Json* find_field(const Json& obj, std::string_view key);

// Typed readers: `at` is the path of the object; the field's own path is at/key.
std::string require_string(const Json& obj, std::string_view key, const JsonPath& at);
std::optional<std::string> optional_string(const Json& obj, std::string_view key, const JsonPath& at);
bool optional_bool(const Json& obj, std::string_view key, const JsonPath& at, bool fallback);
std::optional<bool> optional_nullable_bool(const Json& obj, std::string_view key, const JsonPath& at);
uint64_t optional_uint(const Json& obj, std::string_view key, const JsonPath& at, uint64_t fallback,
                       uint64_t max = UINT32_MAX);
uint64_t require_uint(const Json& obj, std::string_view key, const JsonPath& at, uint64_t max = UINT32_MAX);
// A JSON value that must be a non-negative integer fitting `max`.
uint64_t as_uint(const Json& j, const JsonPath& at, uint64_t max = UINT32_MAX);

}  // namespace wasmpipe

namespace wasmpipe {

// The "type" field of a component object at `at` ("normalizer", "model", ...); InvalidFile when
// missing or not a string.
std::string component_type(const Json& obj, const JsonPath& at);

// Throws NotImplemented "<file>: <kind> type '<type>' is not supported yet", adding the JSON path
// when the component is nested (e.g. inside a Sequence).
[[noreturn]] void throw_unsupported_component(const JsonPath& at, std::string_view kind, std::string_view type);

}  // namespace wasmpipe
