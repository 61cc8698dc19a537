// Feature extraction: pooling of a model's hidden states into sentence embeddings, plus the
// similarity helpers semantic search needs. Pooling modes are transformers.js' names.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace wasmpipe {

enum class Pooling { None, Mean, Cls, LastToken };

// "none", "mean", "cls" / "first_token", "eos" / "last_token".
Pooling parse_pooling(std::string_view name);

// hidden: [batch, seq, dim] row-major; mask: [batch, seq] attention mask (0 = padding).
// Returns the pooled values into `out` and their shape into `dims`: [batch, dim], or
// [batch, seq, dim] for Pooling::None. Mean averages unmasked tokens (sentence-transformers'
// clamp: an all-padding row gives zeros); LastToken is the last unmasked token of each row, so
// right-padded batches give the same vectors as single inputs. normalize: L2 over the last axis.
void pool_hidden_states(std::span<const float> hidden, std::span<const int64_t> mask, size_t batch, size_t seq,
                        size_t dim, Pooling pooling, bool normalize, std::vector<float>& out,
                        std::vector<size_t>& dims);

// In place: each `dim`-long row divided by its L2 norm (norm clamped at 1e-12, as torch's F.normalize).
void l2_normalize_rows(std::span<float> values, size_t dim);

// Binary quantization of [rows, dim] embeddings (sentence-transformers' quantize_embeddings,
// transformers.js' quantize option): bit = value > 0, 8 dims per byte, most significant bit first
// (numpy packbits); `signed` ("binary") stores packed - 128 as int8, else ("ubinary") uint8.
// dim must be a multiple of 8.
void quantize_embeddings(std::span<const float> values, size_t dim, bool is_signed, std::vector<uint8_t>& out);

// Cosine similarity of two equal-length vectors (0 when either is all zeros).
double cosine_similarity(std::span<const float> a, std::span<const float> b);

struct SimilarityHit {
  size_t index;
  double score;
};

// Scores every `dim`-long row of `corpus` against `query` by cosine similarity; returns the
// top_k best (0 = all), best first, ties by lower index (sentence-transformers' semantic_search).
std::vector<SimilarityHit> rank_by_similarity(std::span<const float> query, std::span<const float> corpus,
                                              size_t dim, size_t top_k);

}  // namespace wasmpipe
