// A SentencePiece model's own segmentation of a normalized chunk (what spm_encode gives), for the
// slow tokenizers that call sp_model.encode (Marian: unigram, M2M100: BPE).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenizer/token.h"

namespace wasmpipe::sentencepiece {

class SpmSegmenter {
 public:
  virtual ~SpmSegmenter() = default;
  // Appends the pieces of `normalized` (value = the matched text, id = the spm id; unknown runs
  // get the unk id), offsets relative to `normalized`.
  virtual void encode(std::string_view normalized, std::vector<Token>& out) const = 0;
};

// SentencePieceProcessor joins consecutive unknown pieces into one; applied to out[first..].
void merge_unknown_runs(std::vector<Token>& out, size_t first, int32_t unk_id);

}  // namespace wasmpipe::sentencepiece
