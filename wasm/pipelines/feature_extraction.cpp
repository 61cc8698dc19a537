#include "pipelines/feature_extraction.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/checked_size.h"
#include "core/error.h"

namespace wasmpipe {

Pooling parse_pooling(std::string_view name) {
  if (name == "none") return Pooling::None;
  if (name == "mean") return Pooling::Mean;
  if (name == "cls" || name == "first_token") return Pooling::Cls;
  if (name == "eos" || name == "last_token") return Pooling::LastToken;
  throw Error(ErrorCode::InvalidArgument, "feature-extraction: pooling must be 'none', 'mean', 'cls', 'first_token', "
                                          "'eos' or 'last_token', got '" + std::string(name) + "'");
}

void l2_normalize_rows(std::span<float> values, size_t dim) {
  if (dim == 0) return;
  for (size_t r = 0; r + dim <= values.size(); r += dim) {
    double sq = 0;
    for (size_t i = 0; i < dim; ++i) sq += double(values[r + i]) * values[r + i];
    const float norm = static_cast<float>(std::max(std::sqrt(sq), 1e-12));
    for (size_t i = 0; i < dim; ++i) values[r + i] /= norm;
  }
}

void pool_hidden_states(std::span<const float> hidden, std::span<const int64_t> mask, size_t batch, size_t seq,
                        size_t dim, Pooling pooling, bool normalize, std::vector<float>& out,
                        std::vector<size_t>& dims) {
  // The shape comes from JS (wasm32 size_t): a product that wraps would pass the size checks below
  // with a tiny buffer and then index far out of it.
  constexpr const char* shape = "feature-extraction: hidden states [batch, seq, dim]";
  const size_t tokens = checked_product(batch, seq, shape);
  const size_t pooled = checked_product(batch, dim, shape);
  if (hidden.size() != checked_product(tokens, dim, shape)) {
    throw Error(ErrorCode::InvalidArgument, "feature-extraction: hidden states have " + std::to_string(hidden.size()) +
                                                " values, expected [" + std::to_string(batch) + ", " +
                                                std::to_string(seq) + ", " + std::to_string(dim) + "]");
  }
  if (mask.size() != tokens) {
    throw Error(ErrorCode::InvalidArgument, "feature-extraction: attention mask has " + std::to_string(mask.size()) +
                                                " values, expected [" + std::to_string(batch) + ", " +
                                                std::to_string(seq) + "]");
  }
  if (pooling == Pooling::None) {
    out.assign(hidden.begin(), hidden.end());
    dims = {batch, seq, dim};
    if (normalize) l2_normalize_rows(out, dim);
    return;
  }
  out.assign(pooled, 0.f);
  dims = {batch, dim};
  if (seq == 0) return;
  for (size_t b = 0; b < batch; ++b) {
    const float* rows = hidden.data() + b * seq * dim;
    const int64_t* m = mask.data() + b * seq;
    float* dst = out.data() + b * dim;
    switch (pooling) {
      case Pooling::Mean: {
        // float32 sums, as torch / numpy do on float32 tensors.
        float count = 0.f;
        for (size_t t = 0; t < seq; ++t) {
          if (!m[t]) continue;
          count += 1.f;
          for (size_t i = 0; i < dim; ++i) dst[i] += rows[t * dim + i];
        }
        const float denom = std::max(count, 1e-9f);
        for (size_t i = 0; i < dim; ++i) dst[i] /= denom;
        break;
      }
      case Pooling::Cls:
        std::copy_n(rows, dim, dst);
        break;
      case Pooling::LastToken: {
        size_t last = seq - 1;
        while (last > 0 && !m[last]) --last;
        std::copy_n(rows + last * dim, dim, dst);
        break;
      }
      case Pooling::None:
        break;
    }
  }
  if (normalize) l2_normalize_rows(out, dim);
}

void quantize_embeddings(std::span<const float> values, size_t dim, bool is_signed, std::vector<uint8_t>& out) {
  if (dim == 0 || dim % 8 != 0 || values.size() % dim != 0) {
    throw Error(ErrorCode::InvalidArgument, "feature-extraction: binary quantization needs embeddings whose size is a "
                                            "multiple of 8, got " + std::to_string(dim));
  }
  out.assign(values.size() / 8, 0);
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] > 0.f) out[i / 8] |= static_cast<uint8_t>(0x80u >> (i % 8));
  }
  // int8(packed - 128): the same bits as uint8 packed + 128 (mod 256).
  if (is_signed) for (uint8_t& b : out) b = static_cast<uint8_t>(b + 128u);
}

double cosine_similarity(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) {
    throw Error(ErrorCode::InvalidArgument, "cos_sim: vectors differ in length (" + std::to_string(a.size()) + " vs " +
                                                std::to_string(b.size()) + ")");
  }
  double dot = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  if (na == 0 || nb == 0) return 0.0;
  return dot / (std::sqrt(na) * std::sqrt(nb));
}

std::vector<SimilarityHit> rank_by_similarity(std::span<const float> query, std::span<const float> corpus,
                                              size_t dim, size_t top_k) {
  if (dim == 0 || query.size() != dim) {
    throw Error(ErrorCode::InvalidArgument, "semantic search: the query has " + std::to_string(query.size()) +
                                                " values, the corpus rows " + std::to_string(dim));
  }
  if (corpus.size() % dim != 0) {
    throw Error(ErrorCode::InvalidArgument, "semantic search: the corpus (" + std::to_string(corpus.size()) +
                                                " values) is not a whole number of " + std::to_string(dim) +
                                                "-long embeddings");
  }
  const size_t n = corpus.size() / dim;
  std::vector<SimilarityHit> hits(n);
  for (size_t i = 0; i < n; ++i) hits[i] = {i, cosine_similarity(query, corpus.subspan(i * dim, dim))};
  const size_t k = (top_k == 0 || top_k > n) ? n : top_k;
  const auto better = [](const SimilarityHit& a, const SimilarityHit& b) {
    return a.score != b.score ? a.score > b.score : a.index < b.index;
  };
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(k), hits.end(), better);
  hits.resize(k);
  return hits;
}

}  // namespace wasmpipe
