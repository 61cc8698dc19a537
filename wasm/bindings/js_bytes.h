// Binary file contents from JS (a Uint8Array) into a std::string with one typed-array copy.
// Embind's std::string conversion would UTF-8-encode a JS string, which breaks binary files
// such as SentencePiece .model protobufs.
#pragma once
#include <emscripten/val.h>

#include <string>

#include "core/error.h"

namespace wasmpipe::bindings {

inline std::string bytes_from_js(const emscripten::val& bytes, const char* what) {
  if (!bytes.instanceof(emscripten::val::global("Uint8Array")))
    throw Error(ErrorCode::InvalidArgument, std::string(what) + " must be a Uint8Array (the file's bytes)");
  const size_t n = bytes["length"].as<size_t>();
  std::string out(n, '\0');
  emscripten::val(emscripten::typed_memory_view(n, reinterpret_cast<uint8_t*>(out.data()))).call<void>("set", bytes);
  return out;
}

}  // namespace wasmpipe::bindings
