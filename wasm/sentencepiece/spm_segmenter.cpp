#include "sentencepiece/spm_segmenter.h"

namespace wasmpipe::sentencepiece {

void merge_unknown_runs(std::vector<Token>& out, size_t first, int32_t unk_id) {
  size_t w = first;
  for (size_t r = first; r < out.size(); ++r) {
    if (w > first && out[r].id == unk_id && out[w - 1].id == unk_id) {
      out[w - 1].value += out[r].value;
      out[w - 1].end = out[r].end;
    } else {
      if (w != r) out[w] = std::move(out[r]);
      ++w;
    }
  }
  out.resize(w);
}

}  // namespace wasmpipe::sentencepiece
