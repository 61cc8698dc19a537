// The one exception type the core throws. `code` is a stable machine-readable category that the
// bindings copy onto the JS Error; `what()` says what was wrong, where, and what to do.
#pragma once
#include <stdexcept>
#include <string>

namespace wasmpipe {

enum class ErrorCode {
  InvalidArgument,  // the caller passed something unusable (bad option, wrong type, bad id)
  InvalidFile,      // a model/tokenizer/config file is malformed or has unsupported content
  NotImplemented,   // a valid feature this build does not support yet
  Internal,         // a broken invariant: a bug in wasmpipe
};

inline const char* error_code_name(ErrorCode c) {
  switch (c) {
    case ErrorCode::InvalidArgument: return "INVALID_ARGUMENT";
    case ErrorCode::InvalidFile: return "INVALID_FILE";
    case ErrorCode::NotImplemented: return "NOT_IMPLEMENTED";
    case ErrorCode::Internal: return "INTERNAL";
  }
  return "INTERNAL";
}

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace wasmpipe
