// The length SentencePiece gives the character at a byte (util.h string_util::OneCharLen), which
// its BPE split and unigram lattice use: a table on the high nibble, so 0x80-0xBF count 1 byte and
// 0xF8-0xFF count 4 (not 1, as utf8::sequence_length says for bytes that cannot lead UTF-8). Its
// normalizer turns such bytes into U+FFFD, so they reach the model only from a caller that skips
// it; the segmentation must still be spm's. Callers clamp to the bytes left, as spm does.
#pragma once
#include <cstddef>

namespace wasmpipe::sentencepiece {

inline size_t one_char_len(unsigned char lead) noexcept {
  const unsigned high = lead >> 4;
  return high < 0xC ? 1 : high < 0xE ? 2 : high == 0xE ? 3 : 4;
}

}  // namespace wasmpipe::sentencepiece
