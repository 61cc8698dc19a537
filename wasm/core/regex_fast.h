// Hand-written matchers for the pre-tokenization regexes that real tokenizer.json files use
// (GPT-2 / ByteLevel, cl100k / Llama-3, Qwen2, o200k / gpt-4o, CLIP, Falcon's digit triples, and
// the `\s+` / ` {2,}` of CLIP's and T5's Replace normalizers). Regex (core/regex.h) picks one by
// the exact pattern string and otherwise uses Oniguruma. Each matcher reproduces Oniguruma's
// backtracking result for its pattern (leftmost match, alternatives in order, greedy quantifiers
// giving back one char at a time), with Oniguruma's own Unicode tables (core/regex_char_classes.h)
// and its case folding for `(?i:'s|...)`; tests/cpp/regex_fast_test.cpp and
// tests/fuzz/regex_fast_fuzzer.cpp compare them with Oniguruma. None of them can match "", so the
// onig crate's empty-match rule never applies. No allocation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace wasmpipe::regex_fast {

enum class Pattern : uint8_t {
  None,          // no fast path: use Oniguruma
  Gpt2,          // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
  Cl100k,        // Llama-3 / tiktoken cl100k_base (digits \p{N}{1,3})
  Qwen2,         // cl100k with single digits (\p{N})
  O200k,         // gpt-4o / tiktoken o200k_base
  Clip,          // CLIP: <|startoftext|>|<|endoftext|>|'s|...|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
  DigitTriples,  // [0-9][0-9][0-9] (Falcon)
  Whitespace,    // \s+
  SpaceRuns,     // " {2,}" (T5's Replace normalizer)
};

// The exact pattern strings (as in tokenizer.json after JSON unescaping).
inline constexpr std::string_view kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
inline constexpr std::string_view kCl100kPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
inline constexpr std::string_view kQwen2Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
inline constexpr std::string_view kO200kPattern =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
inline constexpr std::string_view kClipPattern =
    R"(<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+)";
inline constexpr std::string_view kDigitTriplesPattern = "[0-9][0-9][0-9]";
inline constexpr std::string_view kWhitespacePattern = R"(\s+)";
inline constexpr std::string_view kSpaceRunsPattern = " {2,}";

// The fast path for `pattern`, or Pattern::None.
Pattern select(std::string_view pattern) noexcept;

// End of the match of `p` (not None) that starts exactly at byte `at` < text.size(), or `at`
// when none starts there. `text` is valid UTF-8; lookahead sees all of it.
size_t match_at(Pattern p, std::string_view text, size_t at) noexcept;

// Appends every match [begin, end) in `text`, like Regex::find_all.
void find_all(Pattern p, std::string_view text, std::vector<std::pair<size_t, size_t>>& out);

// The leftmost match starting at or after `from`, like Regex::search.
bool search(Pattern p, std::string_view text, size_t from, size_t& begin, size_t& end) noexcept;

}  // namespace wasmpipe::regex_fast
