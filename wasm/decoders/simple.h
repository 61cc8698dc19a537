// Token-string decoders of Rust's tokenizers: BPEDecoder, Metaspace, CTC, Replace, Fuse, Strip and
// ByteFallback. Each mirrors Rust's decode_chain exactly (including its quirks with empty strings).
#pragma once
#include <memory>
#include <string>

#include "decoders/decoder.h"
#include "normalizers/replace.h"

namespace wasmpipe::decoders {

// Rust `str::replace(from, to)`: non-overlapping, left to right; an empty `from` inserts `to`
// before every char and at the end.
std::string rust_replace(std::string_view s, std::string_view from, std::string_view to);

// Rust decoders::bpe::BPEDecoder: the suffix becomes " " (nothing in the last token).
class BPEDecoder final : public Decoder {
 public:
  explicit BPEDecoder(std::string suffix = "</w>") : suffix_(std::move(suffix)) {}
  void decode_chain(std::vector<std::string>& tokens) const override;
  static std::unique_ptr<BPEDecoder> from_json(const Json& j, const JsonPath& at);

 private:
  std::string suffix_;
};

enum class PrependScheme { Always, Never, First };

// Rust decoders::metaspace::Metaspace: the replacement char becomes ' '; in the first token it is
// dropped unless prepend_scheme is "never".
class Metaspace final : public Decoder {
 public:
  Metaspace(char32_t replacement, PrependScheme scheme, bool split)
      : replacement_(replacement), scheme_(scheme), split_(split) {}
  void decode_chain(std::vector<std::string>& tokens) const override;
  static std::unique_ptr<Metaspace> from_json(const Json& j, const JsonPath& at);
  PrependScheme prepend_scheme() const noexcept { return scheme_; }
  bool split() const noexcept { return split_; }

 private:
  char32_t replacement_;
  PrependScheme scheme_;
  bool split_;
};

// Rust decoders::ctc::CTC: dedups consecutive tokens, drops the pad token, optionally cleans up
// and turns the word delimiter into spaces.
class CTC final : public Decoder {
 public:
  CTC(std::string pad_token = "<pad>", std::string word_delimiter = "|", bool cleanup = true)
      : pad_(std::move(pad_token)), delim_(std::move(word_delimiter)), cleanup_(cleanup) {}
  void decode_chain(std::vector<std::string>& tokens) const override;
  static std::unique_ptr<CTC> from_json(const Json& j, const JsonPath& at);

 private:
  std::string pad_, delim_;
  bool cleanup_;
};

// Rust normalizers::replace::Replace used as a decoder: per token, matches -> content.
class Replace final : public Decoder {
 public:
  Replace(normalizers::ReplacePattern pattern, std::string content)
      : pattern_(std::move(pattern)), content_(std::move(content)) {}
  void decode_chain(std::vector<std::string>& tokens) const override;
  static std::unique_ptr<Replace> from_json(const Json& j, const JsonPath& at);

 private:
  normalizers::ReplacePattern pattern_;
  std::string content_;
};

// Rust decoders::fuse::Fuse: all tokens joined into one.
class Fuse final : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override;
};

// Rust decoders::strip::Strip: removes up to `start` leading and `stop` trailing `content` chars
// of every token.
class Strip final : public Decoder {
 public:
  Strip(char32_t content, size_t start, size_t stop) : content_(content), start_(start), stop_(stop) {}
  void decode_chain(std::vector<std::string>& tokens) const override;
  static std::unique_ptr<Strip> from_json(const Json& j, const JsonPath& at);

 private:
  char32_t content_;
  size_t start_, stop_;
};

// Rust decoders::byte_fallback::ByteFallback: runs of "<0xAB>" tokens become their bytes when
// they form valid UTF-8, else one U+FFFD per byte token.
class ByteFallback final : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override;
};

}  // namespace wasmpipe::decoders
