#include "bindings/model_inputs.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "tokenizer/settings_scope.h"
#include "core/error.h"

namespace wasmpipe::bindings {
namespace {

// The per-call options as the tokenizer's truncation / padding settings.
void apply_options(Tokenizer& tok, const PaddingParams& default_pad, const ModelInputOptions& o) {
  if (o.truncation) {
    TruncationParams t;
    if (o.max_length > 0) {
      t.max_length = o.max_length;
    } else if (tok.model_max_length()) {
      t.max_length = *tok.model_max_length();
    } else {
      throw Error(ErrorCode::InvalidArgument,
                  "truncation needs max_length: this tokenizer has no model_max_length in tokenizer_config.json");
    }
    tok.set_truncation(t);
  } else {
    tok.set_truncation(std::nullopt);
  }
  PaddingParams p = default_pad;
  if (o.pad_id >= 0) p.pad_id = o.pad_id;
  p.direction = o.pad_left ? Direction::Left : Direction::Right;
  if (o.pad_to_max_length) {
    if (o.max_length == 0) throw Error(ErrorCode::InvalidArgument, "padding: 'max_length' needs max_length");
    p.to_longest = false;
    p.length = o.max_length;
  }
  // Model inputs are rectangular: a batch is always padded at least to its longest member.
  tok.set_padding(p);
}

}  // namespace

PaddingParams config_padding(const Tokenizer& tok) {
  PaddingParams p;
  if (auto pad = tok.special_token("pad_token")) {
    p.pad_token = *pad;
    if (auto id = tok.token_to_id(*pad)) p.pad_id = *id;
  }
  return p;
}

size_t encode_model_inputs(Tokenizer& tok, const PaddingParams& default_pad, const std::vector<std::string>& texts,
                           const std::vector<std::string>* pairs, const ModelInputOptions& options,
                           std::vector<int64_t>& out, std::vector<int32_t>& lengths) {
  const TokenizerSettingsScope restore(tok);
  apply_options(tok, default_pad, options);
  // Padded here, straight into the int64 buffer (as encoding_ops::pad_encodings would): their own
  // padding would build a pad token string per padded position, only to drop it.
  const PaddingParams pad = *tok.padding();
  tok.set_padding(std::nullopt);
  const auto encodings = tok.encode_batch_for_model(texts, pairs, options.add_special_tokens);
  const size_t batch = encodings.size();
  size_t seq = 0;
  lengths.resize(batch);
  for (size_t i = 0; i < batch; ++i) {
    lengths[i] = static_cast<int32_t>(encodings[i].size());
    seq = std::max(seq, encodings[i].size());
  }
  if (!pad.to_longest) {
    // Only without truncation: a text longer than max_length stays whole, and rows cannot be one length.
    if (seq > pad.length) {
      throw Error(ErrorCode::InvalidArgument, "tokenizer: a text has " + std::to_string(seq) +
                                                  " tokens, more than padding: 'max_length' (" + std::to_string(pad.length) +
                                                  ") without truncation allows in one tensor: pass truncation: true");
    }
    seq = pad.length;
  }
  if (pad.pad_to_multiple_of > 0 && seq % pad.pad_to_multiple_of > 0) seq += pad.pad_to_multiple_of - seq % pad.pad_to_multiple_of;
  // 3 * batch * seq int64 values: in wasm's 32-bit size_t the product of a huge max_length wraps
  // to a small buffer that the rows below would overrun (heap corruption), so it is refused.
  if (batch > 0 && seq > std::numeric_limits<size_t>::max() / (3 * sizeof(int64_t)) / batch) {
    throw Error(ErrorCode::InvalidArgument, "tokenizer: padding " + std::to_string(batch) + " texts to max_length " +
                                                std::to_string(seq) + " needs more memory than wasm has: lower max_length");
  }
  const bool left = pad.direction == Direction::Left;
  const size_t n = batch * seq;
  out.resize(3 * n);
  for (size_t i = 0; i < batch; ++i) {
    const Encoding& e = encodings[i];
    auto row = [&](size_t part, const auto& v, int64_t fill) {
      const auto begin = out.begin() + part * n + i * seq;
      const size_t k = seq - v.size();  // padding
      std::fill(left ? begin : begin + v.size(), left ? begin + k : begin + seq, fill);
      std::copy(v.begin(), v.end(), left ? begin + k : begin);
    };
    row(0, e.ids, pad.pad_id);
    row(1, e.attention_mask, 0);
    row(2, e.type_ids, pad.pad_type_id);
  }
  return seq;
}

}  // namespace wasmpipe::bindings
