// A string being normalized, with an alignment map back to the original input, like Rust's
// tokenizers::NormalizedString: every byte of the normalized text knows the byte range of the
// original text it came from, so token offsets into the ORIGINAL input survive any normalizer.
//
// Offsets are absolute: they index the full input given to Tokenizer::encode, even for slices
// (Rust keeps slice-relative offsets plus an `original_shift`; the results are the same).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/utf8.h"

namespace wasmpipe {

using Offsets = std::pair<uint32_t, uint32_t>;

class NormalizedString {
 public:
  NormalizedString() = default;
  // Identity normalization of `original`, whose first byte is at absolute offset `shift`.
  explicit NormalizedString(std::string_view original, uint32_t shift = 0);

  const std::string& get() const noexcept { return normalized_; }
  size_t size() const noexcept { return normalized_.size(); }
  bool empty() const noexcept { return normalized_.empty(); }
  // One entry per normalized byte: the absolute original byte range it comes from.
  const std::vector<Offsets>& alignments() const noexcept { return alignments_; }
  // Absolute offset of the original text this string covers (Rust: original_shift).
  uint32_t original_shift() const noexcept { return original_shift_; }

  // Absolute original range covered by normalized bytes [begin, end) (Rust's convert_offsets of a
  // Range::Normalized, shifted). An empty range maps to itself shifted; nullopt when out of bounds.
  std::optional<Offsets> to_original(size_t begin, size_t end) const;

  // The sub-string of normalized bytes [begin, end) (char boundaries), with its alignments.
  NormalizedString slice(size_t begin, size_t end) const;

  // Rust's NormalizedString::transform over the whole string: each (char, change) of `dest`
  // either replaces the next original char (change 0), is inserted (change > 0, takes the
  // alignment of the char before it), or replaces one and removes -change more (change < 0).
  // `initial_offset` chars are removed from the start first.
  struct Change {
    char32_t c;
    int32_t change;
  };
  void transform(const std::vector<Change>& dest, size_t initial_offset = 0);

  // Replaces the text and alignments wholesale (for normalizers that build both in one pass).
  void assign(std::string normalized, std::vector<Offsets> alignments);

  // Rewrites char by char: `fn(c, emit)` calls `emit(char32_t)` zero or more times; every emitted
  // char is aligned to the source char (what Rust's transform gives for per-char mappings).
  template <class Fn>
  void map_chars(Fn&& fn) {
    std::string out;
    std::vector<Offsets> align;
    out.reserve(normalized_.size());
    align.reserve(alignments_.size());
    size_t i = 0;
    while (i < normalized_.size()) {
      const Offsets a = alignments_[i];
      const char32_t c = utf8::decode(normalized_, i);
      fn(c, [&](char32_t o) {
        const size_t before = out.size();
        utf8::append(out, o);
        align.insert(align.end(), out.size() - before, a);
      });
    }
    normalized_ = std::move(out);
    alignments_ = std::move(align);
  }

  // Rust NormalizedString helpers, for the normalizers to come.
  void lowercase();
  void nfd();
  template <class Pred>
  void filter(Pred&& keep) {
    map_chars([&](char32_t c, auto&& emit) {
      if (keep(c)) emit(c);
    });
  }

 private:
  std::string normalized_;
  std::vector<Offsets> alignments_;
  uint32_t original_shift_ = 0;
};

}  // namespace wasmpipe
