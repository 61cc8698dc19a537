#include "tokenizer/encoding_ops.h"

#include <algorithm>

#include "core/error.h"

namespace wasmpipe::encoding_ops {
namespace {

void append_all(Encoding& self, const Encoding& pair) {
  self.ids.insert(self.ids.end(), pair.ids.begin(), pair.ids.end());
  self.type_ids.insert(self.type_ids.end(), pair.type_ids.begin(), pair.type_ids.end());
  self.tokens.insert(self.tokens.end(), pair.tokens.begin(), pair.tokens.end());
  self.word_ids.insert(self.word_ids.end(), pair.word_ids.begin(), pair.word_ids.end());
  self.offsets.insert(self.offsets.end(), pair.offsets.begin(), pair.offsets.end());
  self.special_tokens_mask.insert(self.special_tokens_mask.end(), pair.special_tokens_mask.begin(),
                                  pair.special_tokens_mask.end());
  self.attention_mask.insert(self.attention_mask.end(), pair.attention_mask.begin(), pair.attention_mask.end());
  self.sequence_ids.insert(self.sequence_ids.end(), pair.sequence_ids.begin(), pair.sequence_ids.end());
}

Encoding slice(const Encoding& e, size_t start, size_t stop) {
  Encoding s;
  auto cut = [&](const auto& v, auto& out) { out.assign(v.begin() + static_cast<ptrdiff_t>(start), v.begin() + static_cast<ptrdiff_t>(stop)); };
  cut(e.ids, s.ids);
  cut(e.type_ids, s.type_ids);
  cut(e.tokens, s.tokens);
  cut(e.word_ids, s.word_ids);
  cut(e.offsets, s.offsets);
  cut(e.special_tokens_mask, s.special_tokens_mask);
  cut(e.attention_mask, s.attention_mask);
  cut(e.sequence_ids, s.sequence_ids);
  s.pad_sequence_id = e.pad_sequence_id;
  return s;
}

}  // namespace

void push_token(Encoding& e, int32_t id, int32_t type_id, std::string token, uint32_t start, uint32_t end,
                int32_t word, uint8_t special) {
  e.ids.push_back(id);
  e.type_ids.push_back(type_id);
  e.tokens.push_back(std::move(token));
  e.offsets.emplace_back(start, end);
  e.word_ids.push_back(word);
  e.special_tokens_mask.push_back(special);
  e.attention_mask.push_back(1);
  e.sequence_ids.push_back(static_cast<int8_t>(type_id));  // the sequence's index while encoding it
}

Encoding wrap_with_special_tokens(Encoding e, const std::pair<std::string, int32_t>* before,
                                  const std::pair<std::string, int32_t>& after, int32_t type_id) {
  Encoding out;
  const size_t n = e.ids.size() + (before ? 2 : 1);
  out.ids.reserve(n);
  auto add_special = [&](const std::pair<std::string, int32_t>& t) {
    push_token(out, t.second, type_id, t.first, 0, 0, -1, 1);
    out.sequence_ids.back() = -1;
  };
  if (before) add_special(*before);
  auto move_append = [](auto& dst, auto& src) {
    dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
  };
  move_append(out.ids, e.ids);
  out.type_ids.insert(out.type_ids.end(), e.tokens.size(), type_id);
  move_append(out.tokens, e.tokens);
  move_append(out.word_ids, e.word_ids);
  move_append(out.offsets, e.offsets);
  out.special_tokens_mask.insert(out.special_tokens_mask.end(), e.tokens.size(), 0);
  out.attention_mask.insert(out.attention_mask.end(), e.tokens.size(), 1);
  move_append(out.sequence_ids, e.sequence_ids);
  add_special(after);
  return out;
}

void merge_with(Encoding& self, Encoding&& pair) {
  if (!self.overflowing.empty() || !pair.overflowing.empty()) return merge_with(self, static_cast<const Encoding&>(pair));
  if (self.ids.empty()) {
    self = std::move(pair);
    return;
  }
  auto move_append = [](auto& dst, auto& src) {
    dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
  };
  move_append(self.ids, pair.ids);
  move_append(self.type_ids, pair.type_ids);
  move_append(self.tokens, pair.tokens);
  move_append(self.word_ids, pair.word_ids);
  move_append(self.offsets, pair.offsets);
  move_append(self.special_tokens_mask, pair.special_tokens_mask);
  move_append(self.attention_mask, pair.attention_mask);
  move_append(self.sequence_ids, pair.sequence_ids);
}

void merge_with(Encoding& self, const Encoding& pair) {
  std::vector<Encoding> overflowings;
  // 1. Each of our overflowing parts with the pair, and with each of the pair's overflowing parts.
  for (const Encoding& self_o : self.overflowing) {
    Encoding n = self_o;
    merge_with(n, pair);
    overflowings.push_back(std::move(n));
    for (const Encoding& other_o : pair.overflowing) {
      Encoding m = self_o;
      merge_with(m, other_o);
      overflowings.push_back(std::move(m));
    }
  }
  // 2. Ourself (overflowing included, as Rust clones it) with each of the pair's overflowing parts.
  for (const Encoding& other_o : pair.overflowing) {
    Encoding n = self;
    merge_with(n, other_o);
    overflowings.push_back(std::move(n));
  }
  append_all(self, pair);
  self.overflowing = std::move(overflowings);
}

Encoding merge(std::vector<Encoding>& encodings) {
  Encoding out;
  size_t total = 0;
  for (const Encoding& e : encodings) total += e.ids.size();
  for (Encoding& e : encodings) {
    if (out.ids.empty() && out.overflowing.empty()) {
      out = std::move(e);  // merging into an empty encoding yields that encoding
      if (out.ids.capacity() < total) out.reserve(total);
      continue;
    }
    merge_with(out, std::move(e));
  }
  return out;
}

void truncate(Encoding& e, size_t max_len, size_t stride, Direction direction) {
  const size_t n = e.ids.size();
  if (max_len >= n) return;
  if (max_len == 0) {
    Encoding all = std::move(e);
    e = Encoding{};
    e.overflowing.push_back(std::move(all));
    return;
  }
  if (stride >= max_len) {
    throw Error(ErrorCode::InvalidArgument,
                "truncation: stride (" + std::to_string(stride) + ") must be strictly less than the length to keep (" +
                    std::to_string(max_len) +
                    "; note that this length excludes the special tokens the post-processor adds)");
  }
  const size_t step = max_len - stride;
  std::vector<std::pair<size_t, size_t>> parts;
  if (direction == Direction::Right) {
    for (size_t start = 0; start < n; start += step) {
      const size_t stop = std::min(start + max_len, n);
      parts.emplace_back(start, stop);
      if (stop == n) break;
    }
  } else {
    // Rust: (0..n).rev().step_by(step): stops at n, n - step, ...
    for (size_t k = 0; k * step < n; ++k) {
      const size_t stop = n - k * step;
      const size_t start = stop < max_len ? 0 : stop - max_len;
      parts.emplace_back(start, stop);
      if (start == 0) break;
    }
  }
  Encoding result = slice(e, parts[0].first, parts[0].second);
  for (size_t i = 1; i < parts.size(); ++i) result.overflowing.push_back(slice(e, parts[i].first, parts[i].second));
  e = std::move(result);
}

void truncate_encodings(Encoding& first, std::optional<Encoding>& second, const TruncationParams& params) {
  truncate_encodings(first, second, params, first.ids.size(), second ? second->ids.size() : 0);
}

std::pair<size_t, size_t> truncation_plan(size_t len1, size_t len2, bool has_pair, const TruncationParams& params) {
  if (!has_pair) len2 = 0;
  size_t keep1 = len1, keep2 = len2;
  const size_t total = len1 + len2;
  if (params.max_length == 0) return {0, 0};
  if (total <= params.max_length) return {keep1, keep2};
  const size_t to_remove = total - params.max_length;
  switch (params.strategy) {
    case TruncationStrategy::LongestFirst: {
      if (!has_pair) return {total - to_remove, 0};
      size_t n1 = len1, n2 = len2;
      const bool swap = n1 > n2;
      if (swap) std::swap(n1, n2);
      if (n1 > params.max_length) {
        n2 = n1;
      } else {
        n2 = std::max(n1, params.max_length - n1);
      }
      if (n1 + n2 > params.max_length) {
        n1 = params.max_length / 2;
        n2 = n1 + params.max_length % 2;
      }
      if (swap) std::swap(n1, n2);
      return {n1, n2};
    }
    case TruncationStrategy::OnlyFirst:
    case TruncationStrategy::OnlySecond: {
      const bool on_second = params.strategy == TruncationStrategy::OnlySecond;
      if (on_second && !has_pair)
        throw Error(ErrorCode::InvalidArgument, "truncation strategy only_second needs a pair of sequences");
      const size_t len = on_second ? len2 : len1;
      if (len <= to_remove)
        throw Error(ErrorCode::InvalidArgument,
                    "truncation: the sequence to truncate is too short to respect max_length " +
                        std::to_string(params.max_length) + " (it has " + std::to_string(len) + " tokens, " +
                        std::to_string(to_remove) + " must go)");
      (on_second ? keep2 : keep1) = len - to_remove;
      return {keep1, keep2};
    }
  }
  return {keep1, keep2};
}

std::pair<size_t, size_t> slow_truncation_plan(size_t len1, size_t len2, bool has_pair, size_t to_remove,
                                               TruncationStrategy strategy) {
  if (!has_pair) len2 = 0;
  if (to_remove == 0) return {len1, len2};
  const bool first_only = strategy == TruncationStrategy::OnlyFirst || (strategy == TruncationStrategy::LongestFirst && !has_pair);
  if (first_only) return {len1 > to_remove ? len1 - to_remove : len1, len2};
  if (strategy == TruncationStrategy::OnlySecond) return {len1, has_pair && len2 > to_remove ? len2 - to_remove : len2};
  const size_t first_remove = std::min(len1 > len2 ? len1 - len2 : len2 - len1, to_remove);
  const size_t second_remove = to_remove - first_remove;
  const size_t from1 = len1 > len2 ? first_remove + second_remove / 2 : second_remove / 2;
  const size_t from2 = to_remove - from1;
  return {len1 > from1 ? len1 - from1 : 0, len2 > from2 ? len2 - from2 : 0};
}

size_t window_count(size_t len, size_t keep, size_t stride) {
  if (keep >= len) return 1;
  if (keep == 0 || stride >= keep) return 1;  // everything moves to one overflow / invalid stride
  return 1 + (len - keep + (keep - stride) - 1) / (keep - stride);
}

void cut(Encoding& e, size_t n, Direction direction) {
  if (n >= e.ids.size()) return;
  const size_t start = direction == Direction::Left ? e.ids.size() - n : 0;
  Encoding c = slice(e, start, start + n);
  e = std::move(c);
}

void truncate_encodings(Encoding& first, std::optional<Encoding>& second, const TruncationParams& params, size_t len1,
                        size_t len2) {
  const auto [keep1, keep2] = truncation_plan(len1, second ? len2 : 0, second.has_value(), params);
  if (params.max_length == 0) {
    truncate(first, 0, params.stride, params.direction);
    if (second) truncate(*second, 0, params.stride, params.direction);
    return;
  }
  truncate(first, keep1, params.stride, params.direction);
  if (second) truncate(*second, keep2, params.stride, params.direction);
}

void set_pad_sequence_id(Encoding& e, int8_t id) {
  e.pad_sequence_id = id;
  for (Encoding& o : e.overflowing) set_pad_sequence_id(o, id);
}

void pad(Encoding& e, size_t target_length, const PaddingParams& params) {
  for (Encoding& o : e.overflowing) pad(o, target_length, params);
  const size_t n = e.ids.size();
  if (n >= target_length) return;
  const size_t k = target_length - n;
  if (params.direction == Direction::Left) {
    e.ids.insert(e.ids.begin(), k, params.pad_id);
    e.type_ids.insert(e.type_ids.begin(), k, params.pad_type_id);
    e.tokens.insert(e.tokens.begin(), k, params.pad_token);
    e.word_ids.insert(e.word_ids.begin(), k, -1);
    e.attention_mask.insert(e.attention_mask.begin(), k, 0);
    e.special_tokens_mask.insert(e.special_tokens_mask.begin(), k, 1);
    e.offsets.insert(e.offsets.begin(), k, {0, 0});
    e.sequence_ids.insert(e.sequence_ids.begin(), k, e.pad_sequence_id);
  } else {
    e.ids.insert(e.ids.end(), k, params.pad_id);
    e.type_ids.insert(e.type_ids.end(), k, params.pad_type_id);
    e.tokens.insert(e.tokens.end(), k, params.pad_token);
    e.word_ids.insert(e.word_ids.end(), k, -1);
    e.attention_mask.insert(e.attention_mask.end(), k, 0);
    e.special_tokens_mask.insert(e.special_tokens_mask.end(), k, 1);
    e.offsets.insert(e.offsets.end(), k, {0, 0});
    e.sequence_ids.insert(e.sequence_ids.end(), k, e.pad_sequence_id);
  }
}

void pad_encodings(std::span<Encoding> encodings, const PaddingParams& params) {
  if (encodings.empty()) return;
  size_t length = params.length;
  if (params.to_longest) {
    length = 0;
    for (const Encoding& e : encodings) length = std::max(length, e.ids.size());
  }
  if (params.pad_to_multiple_of > 0 && length % params.pad_to_multiple_of > 0)
    length += params.pad_to_multiple_of - length % params.pad_to_multiple_of;
  for (Encoding& e : encodings) pad(e, length, params);
}

}  // namespace wasmpipe::encoding_ops
