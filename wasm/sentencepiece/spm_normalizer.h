// SentencePiece's own normalizer (normalizer.cc), for tokenizers that must equal spm_encode
// (Marian's slow tokenizer): at each position the LONGEST charsmap rule applies (Rust's
// Precompiled takes the shortest, per grapheme); with remove_extra_whitespaces leading, trailing
// and repeated spaces go; with add_dummy_prefix a space is prepended; with escape_whitespaces
// spaces become "▁". Alignments map each output byte to the input chunk it came from.
#pragma once
#include <memory>

#include "normalizers/normalizer.h"
#include "normalizers/precompiled.h"
#include "sentencepiece/model_proto.h"

namespace wasmpipe::sentencepiece {

class SpmNormalizer final : public normalizers::Normalizer {
 public:
  // Throws InvalidFile when the charsmap is malformed.
  explicit SpmNormalizer(const ModelProto& proto);
  void normalize(NormalizedString& s) const override;

 private:
  std::unique_ptr<normalizers::Precompiled> charsmap_;  // null: identity rules
  bool add_dummy_prefix_, remove_extra_whitespaces_, escape_whitespaces_;
};

}  // namespace wasmpipe::sentencepiece
