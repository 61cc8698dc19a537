#include "core/json_depth.h"

#include <string>

#include "core/error.h"

namespace wasmpipe {

void check_json_depth(std::string_view text, std::string_view file) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped char cannot end the string
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        throw Error(ErrorCode::InvalidFile,
                    std::string(file) + " nests arrays and objects more than " + std::to_string(kMaxJsonDepth) +
                        " levels deep (at byte offset " + std::to_string(i) +
                        "); Hugging Face tokenizers (serde_json) rejects such files too");
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

}  // namespace wasmpipe
