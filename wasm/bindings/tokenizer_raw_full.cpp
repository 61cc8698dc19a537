// The raw path of the full encodings (tokens, offsets, masks, overflowing): what tokenizer() with
// options, tokenizer.encodeWithOffsets() and tokenizer.tokenize() return, without Embind.
// JS (js/tokenizer-raw-full.js) writes the options as uint32 words and the texts' UTF-8 into the
// handle's input buffer (TextEncoder.encodeInto: lone surrogates become U+FFFD, as in HF's Rust
// binding); one export call encodes them and writes every encoding as int32 records plus the
// tokens' UTF-8, which JS turns into typed arrays and strings (one TextDecoder call).
// Embind built one JS value per token, per array and per offset pair here (~2x the encode time
// of a short sentence).
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "bindings/raw_io.h"
#include "bindings/tokenizer_handle.h"
#include "bindings/utf16_index.h"
#include "core/error.h"
#include "post_processors/template_processing.h"
#include "tokenizer/post_processor_scope.h"
#include "tokenizer/settings_scope.h"

using wasmpipe::bindings::RawEncodeBuffers;
using wasmpipe::bindings::TokenizerHandle;

namespace {

// Bits of `flags` (js/tokenizer-raw-full.js sends the same values).
constexpr uint32_t kAddSpecialTokens = 1;
constexpr uint32_t kHasPair = 2;
constexpr uint32_t kBatch = 4;  // Tokenizer::encode_batch (padded together); else encode / encode_pair

// The options block at the start of the input buffer: uint32 words, in this order.
enum OptionWord : size_t {
  kTruncationMode,  // kOwn (tokenizer.json's), kOff or kSet (the words below)
  kTruncationMaxLength,
  kTruncationStride,
  kTruncationStrategy,  // TruncationStrategy's order: longest_first, only_first, only_second
  kTruncationLeft,
  kPaddingMode,
  kPaddingToLongest,  // 1: to the longest of the batch; 0: to kPaddingMaxLength
  kPaddingMaxLength,
  kPaddingMultiple,
  kPaddingLeft,
  kPaddingHas,  // bits: 1 pad_id, 2 pad_type_id, 4 pad_token (else the tokenizer's)
  kPaddingId,
  kPaddingTypeId,
  kPaddingTokenBytes,  // the pad token's UTF-8 follows the texts
  kTemplateMode,       // kOwn (the tokenizer's post-processor) or kSet: prefix $A [$B] suffix, below
  kTemplatePairTypeId,  // type id of $B and the suffix in a pair
  kTemplatePrefixCount,
  kTemplateSuffixCount,
  kTemplateIds,  // kMaxTemplateIds words: the prefix's ids, then the suffix's
  kOptionWords = kTemplateIds + 4
};
constexpr size_t kMaxTemplateIds = kOptionWords - kTemplateIds;
constexpr uint32_t kOwn = 0, kOff = 1, kSet = 2;

uint32_t word(const RawEncodeBuffers& io, size_t i) {
  uint32_t w;
  std::memcpy(&w, io.input.data() + 4 * i, 4);
  return w;
}

wasmpipe::Direction direction(uint32_t left) { return left ? wasmpipe::Direction::Left : wasmpipe::Direction::Right; }

void apply_options(wasmpipe::Tokenizer& tok, const wasmpipe::PaddingParams& config_pad, const RawEncodeBuffers& io,
                   size_t& bytes) {
  const uint32_t truncation = word(io, kTruncationMode);
  if (truncation == kOff) {
    tok.set_truncation(std::nullopt);
  } else if (truncation == kSet) {
    wasmpipe::TruncationParams t;
    t.max_length = word(io, kTruncationMaxLength);
    t.stride = word(io, kTruncationStride);
    const uint32_t strategy = word(io, kTruncationStrategy);
    if (strategy > 2) throw wasmpipe::Error(wasmpipe::ErrorCode::Internal, "raw encode: bad truncation strategy");
    t.strategy = static_cast<wasmpipe::TruncationStrategy>(strategy);
    t.direction = direction(word(io, kTruncationLeft));
    tok.set_truncation(t);  // checks stride against max_length
  }
  const uint32_t padding = word(io, kPaddingMode);
  const uint32_t token_bytes = word(io, kPaddingTokenBytes);
  if (token_bytes > io.input.size() - bytes) {
    throw wasmpipe::Error(wasmpipe::ErrorCode::Internal, "raw encode: the pad token exceeds the input buffer");
  }
  if (padding == kOff) {
    tok.set_padding(std::nullopt);
  } else if (padding == kSet) {
    wasmpipe::PaddingParams p = tok.padding().value_or(config_pad);
    p.to_longest = word(io, kPaddingToLongest) != 0;
    if (!p.to_longest) p.length = word(io, kPaddingMaxLength);
    p.pad_to_multiple_of = word(io, kPaddingMultiple);
    p.direction = direction(word(io, kPaddingLeft));
    const uint32_t has = word(io, kPaddingHas);
    if (has & 1) p.pad_id = static_cast<int32_t>(word(io, kPaddingId));
    if (has & 2) p.pad_type_id = static_cast<int32_t>(word(io, kPaddingTypeId));
    if (has & 4) p.pad_token.assign(reinterpret_cast<const char*>(io.input.data() + bytes), token_bytes);
    tok.set_padding(p);
  }
  bytes += token_bytes;
}

// The target side's template of transformers' language classes (set_tgt_lang_special_tokens),
// null when the options keep the tokenizer's own post-processor.
std::unique_ptr<wasmpipe::post_processors::PostProcessor> template_option(const wasmpipe::Tokenizer& tok,
                                                                         const RawEncodeBuffers& io) {
  if (word(io, kTemplateMode) != kSet) return nullptr;
  const size_t n_prefix = word(io, kTemplatePrefixCount), n_suffix = word(io, kTemplateSuffixCount);
  if (n_prefix > kMaxTemplateIds || n_suffix > kMaxTemplateIds - n_prefix)
    throw wasmpipe::Error(wasmpipe::ErrorCode::Internal, "raw encode: too many template tokens");
  std::vector<wasmpipe::post_processors::TemplateProcessing::TokenAndId> prefix, suffix;
  for (size_t i = 0; i < n_prefix + n_suffix; ++i) {
    const auto id = static_cast<int32_t>(word(io, kTemplateIds + i));
    std::optional<std::string> token = tok.id_to_token(id);
    if (!token) {
      throw wasmpipe::Error(wasmpipe::ErrorCode::InvalidArgument,
                            "tokenizer: the special token id " + std::to_string(id) + " is not in the vocabulary");
    }
    (i < n_prefix ? prefix : suffix).emplace_back(std::move(*token), id);
  }
  return wasmpipe::post_processors::TemplateProcessing::around(prefix, suffix,
                                                               static_cast<int32_t>(word(io, kTemplatePairTypeId)));
}

template <class T>
void append(std::vector<int32_t>& out, const std::vector<T>& values) {
  out.insert(out.end(), values.begin(), values.end());
}

// Appends `e` (then its overflowing parts, recursively) as records: n, number of overflowing
// parts, ids, type_ids, attention_mask, special_tokens_mask, word_ids, sequence_ids (n each),
// offsets (2n, UTF-16 units into the text or, for the pair's tokens, the pair), the tokens' UTF-8
// byte lengths (n) and UTF-16 lengths (n); the tokens' UTF-8 goes to io.token_bytes.
// Returns false when a token is not valid UTF-8 (its UTF-16 length is then unknown).
bool append_encoding(RawEncodeBuffers& io, const wasmpipe::Encoding& e, const wasmpipe::bindings::Utf16Index& a,
                     const wasmpipe::bindings::Utf16Index* b) {
  if (e.sequence_ids.size() != e.ids.size()) throw wasmpipe::Error(wasmpipe::ErrorCode::Internal, "encoding without sequence ids");
  const size_t n = e.size();
  std::vector<int32_t>& out = io.records;
  out.push_back(static_cast<int32_t>(n));
  out.push_back(static_cast<int32_t>(e.overflowing.size()));
  append(out, e.ids);
  append(out, e.type_ids);
  append(out, e.attention_mask);
  append(out, e.special_tokens_mask);
  append(out, e.word_ids);
  append(out, e.sequence_ids);
  for (size_t i = 0; i < n; ++i) {
    const wasmpipe::bindings::Utf16Index& index = (b && e.sequence_ids[i] == 1) ? *b : a;
    out.push_back(static_cast<int32_t>(index(e.offsets[i].first)));
    out.push_back(static_cast<int32_t>(index(e.offsets[i].second)));
  }
  bool valid = wasmpipe::bindings::append_token_strings(io, e.tokens);
  for (const wasmpipe::Encoding& o : e.overflowing) valid = append_encoding(io, o, a, b) && valid;
  return valid;
}

}  // namespace

extern "C" {

// Encodes `count` texts (with kHasPair, as many pairs) into full encodings. The input buffer
// holds the kOptionWords option words, the uint32 byte lengths of the texts (then of the pairs),
// the texts' and pairs' UTF-8, then the pad token's. Without kBatch, count is 1 and the text is
// encoded alone (Tokenizer::encode / encode_pair). With kTemplateMode kSet, the template given
// replaces the post-processor for the call. The tokenizer's own settings are restored
// afterwards. Returns the number of int32 records (wasmpipe_tokenizer_records): first the number
// of encodings written (each followed by its overflowing parts), then 1 when every token is valid
// UTF-8, else 0; then append_encoding's records. -1 on error (tokenizerLastError).
EMSCRIPTEN_KEEPALIVE int32_t wasmpipe_tokenizer_encode_full(TokenizerHandle* handle, size_t count, uint32_t flags) {
  RawEncodeBuffers& io = handle->raw_buffers();
  return wasmpipe::bindings::raw_guarded(io, [&] {
    const bool has_pairs = (flags & kHasPair) != 0;
    const bool batch = (flags & kBatch) != 0;
    const bool add_special_tokens = (flags & kAddSpecialTokens) != 0;
    if (!batch && count != 1) throw wasmpipe::Error(wasmpipe::ErrorCode::Internal, "raw encode: one text without kBatch");
    const size_t header = wasmpipe::bindings::header_bytes(io, kOptionWords, count, has_pairs ? 2 : 1);
    const uint8_t* lengths = io.input.data() + 4 * kOptionWords;
    size_t bytes = header;
    wasmpipe::bindings::read_strings(io, lengths, count, bytes, io.texts);
    if (has_pairs) wasmpipe::bindings::read_strings(io, lengths + 4 * count, count, bytes, io.pairs);
    wasmpipe::Tokenizer& tok = handle->tokenizer();
    // Outer scope: the settings come back last, checked against the tokenizer's own post-processor.
    wasmpipe::TokenizerSettingsScope restore(tok);
    wasmpipe::PostProcessorScope target(tok, template_option(tok, io));  // before the truncation check
    apply_options(tok, handle->config_padding(), io, bytes);

    std::vector<wasmpipe::Encoding> encodings;
    if (batch) {
      encodings = tok.encode_batch(io.texts, has_pairs ? &io.pairs : nullptr, add_special_tokens);
    } else if (has_pairs) {
      encodings.push_back(tok.encode_pair(io.texts[0], io.pairs[0], add_special_tokens));
    } else {
      encodings.push_back(tok.encode(io.texts[0], add_special_tokens));
    }
    io.records.clear();
    io.token_bytes.clear();
    io.records.push_back(static_cast<int32_t>(encodings.size()));
    io.records.push_back(1);
    bool valid = true;
    for (size_t i = 0; i < encodings.size(); ++i) {
      const wasmpipe::bindings::Utf16Index a(io.texts[i]);
      if (has_pairs) {
        const wasmpipe::bindings::Utf16Index b(io.pairs[i]);
        valid = append_encoding(io, encodings[i], a, &b) && valid;
      } else {
        valid = append_encoding(io, encodings[i], a, nullptr) && valid;
      }
    }
    io.records[1] = valid ? 1 : 0;
    return static_cast<int32_t>(io.records.size());
  });
}

EMSCRIPTEN_KEEPALIVE const int32_t* wasmpipe_tokenizer_records(TokenizerHandle* handle) {
  return handle->raw_buffers().records.data();
}

EMSCRIPTEN_KEEPALIVE const char* wasmpipe_tokenizer_token_bytes(TokenizerHandle* handle) {
  return handle->raw_buffers().token_bytes.data();
}

EMSCRIPTEN_KEEPALIVE size_t wasmpipe_tokenizer_token_bytes_size(TokenizerHandle* handle) {
  return handle->raw_buffers().token_bytes.size();
}

}  // extern "C"
