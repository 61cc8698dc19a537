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
