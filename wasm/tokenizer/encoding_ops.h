// Encoding operations of Rust's tokenizers (merge, truncate, pad), kept out of the public
// Encoding struct so the binding sees a plain aggregate.
#pragma once
#include <optional>
#include <span>
#include <vector>

#include "tokenizer/encoding.h"

namespace wasmpipe::encoding_ops {

// Rust Encoding::merge_with(pair, growing_offsets = false): appends `pair`, combining the
// overflowing parts of both sides (self overflow x pair, self overflow x pair overflow, self x pair
// overflow), exactly as Rust does.
void merge_with(Encoding& self, const Encoding& pair);
// The same, stealing `pair`'s contents.
void merge_with(Encoding& self, Encoding&& pair);

// Rust Encoding::merge(encodings, false): merges into an empty encoding, in order.
Encoding merge(std::vector<Encoding>& encodings);

// Rust Encoding::truncate: keeps `max_len` tokens (from the left or the right end) and moves the
// rest into `overflowing` as windows overlapping by `stride`. Throws InvalidArgument when
// stride >= max_len (Rust panics).
void truncate(Encoding& e, size_t max_len, size_t stride, Direction direction);

// Rust truncate_encodings: applies the strategy to one sequence or a pair.
void truncate_encodings(Encoding& first, std::optional<Encoding>& second, const TruncationParams& params);

// The same, deciding how many tokens each sequence keeps from the lengths `len1` / `len2` Rust
// would see, then cutting the full encodings to those lengths (so overflowing windows cover the
// whole input). tokenizers >= 0.23.1 stops tokenizing a sequence once `max_length` tokens exist
// (the "early exit", see Tokenizer::Impl::encode_single): passing those shorter lengths here gives
// exactly its main encoding, which for pairs can split max_length differently.
void truncate_encodings(Encoding& first, std::optional<Encoding>& second, const TruncationParams& params, size_t len1,
                        size_t len2);

// How many tokens each sequence keeps under `params`, given the lengths Rust sees (len2 is
// ignored without a pair). Throws InvalidArgument where Rust returns a truncation error.
std::pair<size_t, size_t> truncation_plan(size_t len1, size_t len2, bool has_pair, const TruncationParams& params);

// How many tokens each sequence keeps under transformers' Python (slow) tokenizers'
// truncate_sequences, which must remove `to_remove` tokens (len2 ignored without a pair):
// longest_first on a pair first evens the lengths, then splits the rest (the first sequence
// gives the smaller half, unless it is the longer one); where Python only logs an error (the
// sequence to cut is too short, or only_second without a pair) nothing is cut.
std::pair<size_t, size_t> slow_truncation_plan(size_t len1, size_t len2, bool has_pair, size_t to_remove,
                                               TruncationStrategy strategy);

// Number of windows Encoding::truncate makes of `len` tokens keeping `keep` with `stride`.
size_t window_count(size_t len, size_t keep, size_t stride);

// [before] e [after] with every token's type id set to `type_id`; the two added tokens are special
// (mask 1, no word, no offsets, sequence id -1). BertProcessing and RobertaProcessing wrap with it.
Encoding wrap_with_special_tokens(Encoding e, const std::pair<std::string, int32_t>* before,
                                  const std::pair<std::string, int32_t>& after, int32_t type_id);

// Keeps the first (Right) or last (Left) `n` tokens, dropping the rest without any overflow.
void cut(Encoding& e, size_t n, Direction direction);

// Rust Encoding::pad (overflowing first) and pad_encodings (batch).
void pad(Encoding& e, size_t target_length, const PaddingParams& params);
void pad_encodings(std::span<Encoding> encodings, const PaddingParams& params);

// Sets Encoding::pad_sequence_id on `e` and its overflowing parts.
void set_pad_sequence_id(Encoding& e, int8_t id);

// Appends one token to `e`.
void push_token(Encoding& e, int32_t id, int32_t type_id, std::string token, uint32_t start, uint32_t end,
                int32_t word, uint8_t special);

}  // namespace wasmpipe::encoding_ops
