// ByteLevel pre-tokenizer (Rust: pre_tokenizers::byte_level::ByteLevel): optionally prepends a
// space to every split (add_prefix_space), splits with the GPT-2 regex (use_regex, Isolated),
// then rewrites every byte as its char of the byte-level alphabet (core/byte_level.h).
// trim_offsets is only read here for the ByteLevel post-processor / decoder configs.
#pragma once
#include "core/regex.h"
#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

// The GPT-2 split pattern used by ByteLevel.
inline constexpr const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
// The shared compiled GPT-2 regex (compiled once, thread-safe).
const Regex& gpt2_regex();

// Rewrites every byte of `s` as its byte-level char; each char gets the alignment of the char
// its byte came from (Rust's transform with one replacement + insertions per char).
void to_byte_level(NormalizedString& s);

class ByteLevel final : public PreTokenizer {
 public:
  explicit ByteLevel(bool add_prefix_space = true, bool use_regex = true, bool trim_offsets = true)
      : add_prefix_space_(add_prefix_space), use_regex_(use_regex), trim_offsets_(trim_offsets) {}
  void pre_tokenize(PreTokenizedString& s) const override;
  void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const override;
  static std::unique_ptr<ByteLevel> from_json(const Json& j, const JsonPath& at);

  bool add_prefix_space() const noexcept { return add_prefix_space_; }
  bool use_regex() const noexcept { return use_regex_; }
  bool trim_offsets() const noexcept { return trim_offsets_; }

 private:
  bool add_prefix_space_, use_regex_, trim_offsets_;
};

}  // namespace wasmpipe::pre_tokenizers
