#include "core/json.h"

#include "core/json_depth.h"

namespace wasmpipe {

Json parse_json(std::string_view text, std::string_view file) {
  check_json_depth(text, file);
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {  // parse_error, and out_of_range for numbers like 1e999
    throw Error(ErrorCode::InvalidFile, std::string(file) + " is not valid JSON: " + e.what());
  }
}

const char* json_type_name(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

const Json& expect_object(const Json& j, const JsonPath& at) {
  if (!j.is_object()) at.fail(std::string("must be an object (found ") + json_type_name(j) + ")");
  return j;
}

const Json& expect_array(const Json& j, const JsonPath& at) {
  if (!j.is_array()) at.fail(std::string("must be an array (found ") + json_type_name(j) + ")");
  return j;
}

const Json* find_field(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string require_string(const Json& obj, std::string_view key, const JsonPath& at) {
  const Json* v = find_field(obj, key);
  if (!v) (at / key).fail("is missing (expected a string)");
  if (!v->is_string()) (at / key).fail(std::string("must be a string (found ") + json_type_name(*v) + ")");
  return v->get<std::string>();
}

std::optional<std::string> optional_string(const Json& obj, std::string_view key, const JsonPath& at) {
  const Json* v = find_field(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) (at / key).fail(std::string("must be a string (found ") + json_type_name(*v) + ")");
  return v->get<std::string>();
}

bool optional_bool(const Json& obj, std::string_view key, const JsonPath& at, bool fallback) {
  const Json* v = find_field(obj, key);
  if (!v) return fallback;
  if (!v->is_boolean()) (at / key).fail(std::string("must be a boolean (found ") + json_type_name(*v) + ")");
  return v->get<bool>();
}

std::optional<bool> optional_nullable_bool(const Json& obj, std::string_view key, const JsonPath& at) {
  const Json* v = find_field(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) (at / key).fail(std::string("must be a boolean or null (found ") + json_type_name(*v) + ")");
  return v->get<bool>();
}

uint64_t as_uint(const Json& j, const JsonPath& at, uint64_t max) {
  if (j.is_number_unsigned()) {
    uint64_t v = j.get<uint64_t>();
    if (v > max) at.fail("is too large (" + std::to_string(v) + " > " + std::to_string(max) + ")");
    return v;
  }
  if (j.is_number_integer()) {
    int64_t v = j.get<int64_t>();
    if (v < 0) at.fail("must not be negative (found " + std::to_string(v) + ")");
    if (static_cast<uint64_t>(v) > max) at.fail("is too large (" + std::to_string(v) + ")");
    return static_cast<uint64_t>(v);
  }
  at.fail(std::string("must be a non-negative integer (found ") + json_type_name(j) + ")");
}

uint64_t optional_uint(const Json& obj, std::string_view key, const JsonPath& at, uint64_t fallback, uint64_t max) {
  const Json* v = find_field(obj, key);
  if (!v) return fallback;
  return as_uint(*v, at / key, max);
}

uint64_t require_uint(const Json& obj, std::string_view key, const JsonPath& at, uint64_t max) {
  const Json* v = find_field(obj, key);
  if (!v) (at / key).fail("is missing (expected a non-negative integer)");
  return as_uint(*v, at / key, max);
}

}  // namespace wasmpipe

namespace wasmpipe {

std::string component_type(const Json& obj, const JsonPath& at) {
  expect_object(obj, at);
  return require_string(obj, "type", at);
}

void throw_unsupported_component(const JsonPath& at, std::string_view kind, std::string_view type) {
  std::string msg = at.file() + ": " + std::string(kind) + " type '" + std::string(type) + "' is not supported yet";
  if (at.path() != kind) msg += " (at " + at.path() + ")";
  throw Error(ErrorCode::NotImplemented, msg);
}

}  // namespace wasmpipe
