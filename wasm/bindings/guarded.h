// Exception -> JS Error conversion for Embind files (the same contract as bindings.cpp: C++
// exceptions never cross into JS; the call returns an Error with `.code` that js/core.js unwraps).
#pragma once
#include <emscripten/val.h>

#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "core/error.h"

namespace wasmpipe::bindings {

inline emscripten::val make_error(const char* code, const std::string& message) {
  emscripten::val err = emscripten::val::global("Error").new_(emscripten::val(message));
  err.set("code", emscripten::val(code));
  err.set("wasmpipeError", emscripten::val(true));
  return err;
}

template <class F>
emscripten::val guarded(F&& f) {
  std::string message;
  const char* code = "INTERNAL";
  try {
    return f();
  } catch (const Error& e) {
    message = e.what();
    code = error_code_name(e.code());
  } catch (const std::bad_alloc&) {
    message = "out of memory in the wasmpipe module (input too large?)";
    code = "OUT_OF_MEMORY";
  } catch (const std::exception& e) {
    message = e.what();
  }
  return make_error(code, message);
}

// The error of the last failed call of a numbers-only path (plain wasm exports, which return -1
// or a null address instead of an Error object); lastError() turns it into the usual Error.
class KeptError {
 public:
  // f()'s result, or -1 with the error kept when it throws.
  template <class F>
  int32_t run(F&& f) {
    try {
      return f();
    } catch (const Error& e) {
      keep(error_code_name(e.code()), e.what());
    } catch (const std::bad_alloc&) {
      keep("OUT_OF_MEMORY", "out of memory in the wasmpipe module (input too large?)");
    } catch (const std::exception& e) {
      keep("INTERNAL", e.what());
    }
    return -1;
  }
  emscripten::val js() const { return make_error(code_, message_); }

 private:
  void keep(const char* code, const char* message) {
    code_ = code;
    message_ = message;
  }
  std::string message_;
  const char* code_ = "INTERNAL";
};

// Copies a JS typed array (any element type) into `out` with one memcpy-like set().
template <class T>
void copy_typed_array(const emscripten::val& array, std::vector<T>& out) {
  const size_t bytes = array["byteLength"].as<size_t>();
  if (bytes % sizeof(T) != 0) throw Error(ErrorCode::InvalidArgument, "typed array has a partial element");
  out.resize(bytes / sizeof(T));
  emscripten::val src =
      emscripten::val::global("Uint8Array").new_(array["buffer"], array["byteOffset"], array["byteLength"]);
  emscripten::val(emscripten::typed_memory_view(bytes, reinterpret_cast<uint8_t*>(out.data()))).call<void>("set", src);
}

}  // namespace wasmpipe::bindings
