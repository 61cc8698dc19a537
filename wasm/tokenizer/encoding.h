// The result of encoding one input (or one input pair): what the model is fed, plus alignment
// information, like Rust's tokenizers::Encoding.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace wasmpipe {

struct Encoding {
  std::vector<int32_t> ids, type_ids;
  std::vector<std::string> tokens;
  std::vector<std::pair<uint32_t, uint32_t>> offsets;  // byte offsets into the original text
  std::vector<uint8_t> special_tokens_mask, attention_mask;
  std::vector<int32_t> word_ids;  // -1 = none
  // Which input each token came from (0 = the text, 1 = the pair); -1 for tokens the
  // post-processor or padding added. Rust's Encoding::sequence_ids.
  std::vector<int8_t> sequence_ids;
  // The sequence id padding tokens get: -1, or 0 where Rust's Encoding has no sequence ranges (a
  // single text without post-processor), which makes it report sequence 0 for every token.
  int8_t pad_sequence_id = -1;
  // The parts cut off by truncation (with `stride` tokens of overlap), each post-processed and
  // padded like this one. They can nest exactly as in Rust when both sequences of a pair overflow.
  std::vector<Encoding> overflowing;
  size_t size() const { return ids.size(); }

  // Room for n tokens in every per-token field.
  void reserve(size_t n) {
    ids.reserve(n);
    type_ids.reserve(n);
    tokens.reserve(n);
    offsets.reserve(n);
    special_tokens_mask.reserve(n);
    attention_mask.reserve(n);
    word_ids.reserve(n);
    sequence_ids.reserve(n);
  }

  // Appends tokens a post-processor adds (no word, no offsets, special, no sequence).
  void append_special(const std::vector<int32_t>& special_ids, const std::vector<std::string>& special_tokens,
                      int32_t type_id) {
    const size_t n = special_ids.size();
    ids.insert(ids.end(), special_ids.begin(), special_ids.end());
    type_ids.insert(type_ids.end(), n, type_id);
    tokens.insert(tokens.end(), special_tokens.begin(), special_tokens.end());
    word_ids.insert(word_ids.end(), n, -1);
    offsets.insert(offsets.end(), n, {0, 0});
    special_tokens_mask.insert(special_tokens_mask.end(), n, 1);
    attention_mask.insert(attention_mask.end(), n, 1);
    sequence_ids.insert(sequence_ids.end(), n, -1);
  }
};

enum class TruncationStrategy { LongestFirst, OnlyFirst, OnlySecond };
enum class Direction { Right, Left };

struct TruncationParams {
  size_t max_length = 512;
  TruncationStrategy strategy = TruncationStrategy::LongestFirst;
  size_t stride = 0;
  Direction direction = Direction::Right;
};

struct PaddingParams {
  bool to_longest = true;  // pad to the longest of the batch; false: pad to `length`
  size_t length = 0;
  size_t pad_to_multiple_of = 0;  // 0 = off
  Direction direction = Direction::Right;
  int32_t pad_id = 0;
  int32_t pad_type_id = 0;
  std::string pad_token = "[PAD]";
};

}  // namespace wasmpipe
