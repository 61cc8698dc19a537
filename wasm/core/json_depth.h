// Nesting limit for the JSON files we load. The component loaders (Sequence normalizers,
// pre-tokenizers, decoders, post-processors) recurse once per level, so a hostile file nested
// thousands of levels deep would overflow the stack (silently corrupting memory in wasm).
// Hugging Face tokenizers reads tokenizer.json with serde_json, which stops at 128 levels: files
// nested deeper than kMaxJsonDepth never loaded there either.
#pragma once
#include <cstddef>
#include <string_view>

namespace wasmpipe {

inline constexpr size_t kMaxJsonDepth = 127;

// Throws Error(InvalidFile) naming `file` and the byte offset when `text` (JSON, valid UTF-8)
// opens more than kMaxJsonDepth arrays / objects inside each other. One pass over the bytes.
void check_json_depth(std::string_view text, std::string_view file);

}  // namespace wasmpipe
