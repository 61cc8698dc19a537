// U+2581 "▁" (LOWER ONE EIGHTH BLOCK): SentencePiece's stand-in for a space inside pieces.
#pragma once
#include <string_view>

namespace wasmpipe::sentencepiece {
inline constexpr std::string_view kSpace = "\xE2\x96\x81";
}  // namespace wasmpipe::sentencepiece
