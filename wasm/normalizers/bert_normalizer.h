// BertNormalizer (Rust: normalizers::bert::BertNormalizer).
#pragma once
#include <array>
#include <cstdint>
#include <optional>

#include "normalizers/normalizer.h"

namespace wasmpipe::normalizers {

class BertNormalizer final : public Normalizer {
 public:
  struct Options {
    bool clean_text = true;            // drop \0, U+FFFD, controls; whitespace -> ' '
    bool handle_chinese_chars = true;  // surround CJK ideographs with spaces
    std::optional<bool> strip_accents;  // NFD then drop Mn; unset = follows lowercase
    bool lowercase = true;             // Rust char::to_lowercase (full mapping)
  };
  explicit BertNormalizer(Options options);
  void normalize(NormalizedString& s) const override;
  void normalize_text(std::string_view in, std::string& out) const override;
  const Options& options() const noexcept { return options_; }
  // What the ASCII byte `b` (< 0x80) becomes, -1 when it is dropped (ASCII maps byte to byte).
  int16_t ascii_byte(unsigned char b) const noexcept { return ascii_[b]; }
  // Whether the char `c` adds to any text's normalization what it gives alone (normalize_text of
  // its own UTF-8), when no char around it fails this test: true unless strip_accents is on and
  // its NFD has a non-starter that is kept (not Mn), which canonical reordering could move past
  // the marks of its neighbours. (Mn marks are dropped wherever reordering puts them.)
  bool normalizes_alone(char32_t c) const;

  static std::unique_ptr<BertNormalizer> from_json(const Json& j, const JsonPath& at);

 private:
  template <bool kAlign>
  void run(std::string_view in, const Offsets* in_align, std::string& out, std::vector<Offsets>& align) const;
  Options options_;
  // What each ASCII byte becomes (-1: dropped), for the ids-only paths' ASCII runs.
  std::array<int16_t, 128> ascii_{};
};

}  // namespace wasmpipe::normalizers
