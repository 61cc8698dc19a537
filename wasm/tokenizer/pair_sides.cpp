// Pairs built from sequences tokenized once (Tokenizer::encode_pair_side / pair_tokenized):
// encode_pair(a, b) is encode_single(a) + encode_single(b) + post_process, and the two
// encode_single calls depend only on their own text (and the truncation settings, which decide
// the early-exit lengths), so a text paired with many others is tokenized once.
#include <utility>

#include "core/error.h"
#include "core/utf8.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_impl.h"

namespace wasmpipe {

Tokenizer::PairSide Tokenizer::encode_pair_side(std::string_view text, int which) const {
  if (which != 0 && which != 1) throw Error(ErrorCode::InvalidArgument, "encode_pair_side: which must be 0 or 1");
  utf8::validate(text, which == 0 ? "encode: the text" : "encode: the pair text");
  PairSide side;
  const bool track = impl_->truncation.has_value();
  side.encoding = impl_->encode_single(text, which, track ? &side.rust_len : nullptr, track ? &side.word_shift : nullptr);
  if (!track) side.rust_len = side.encoding.ids.size();
  return side;
}

Encoding Tokenizer::pair_tokenized(const PairSide& first, const PairSide& second, bool add_special_tokens) const {
  // As Impl::encode: the sequences tokenizers 0.23's early exit cuts.
  const auto [track1, track2] = impl_->early_exit_tracks(true, add_special_tokens);
  Impl::RustTruncationView view;
  view.len1 = track1 ? first.rust_len : first.encoding.ids.size();
  view.shift1 = track1 ? first.word_shift : 0;
  view.len2 = track2 ? second.rust_len : second.encoding.ids.size();
  view.shift2 = track2 ? second.word_shift : 0;
  return impl_->post_process(first.encoding, second.encoding, add_special_tokens, view);
}

}  // namespace wasmpipe
