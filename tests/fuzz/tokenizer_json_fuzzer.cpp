// Fuzzes Tokenizer::from_json with arbitrary bytes (seeded with the shared fixtures, shrunk by
// scripts/fuzz_seeds.mjs). Malformed input must throw wasmpipe::Error; a tokenizer that loads must
// then encode and decode without anything but wasmpipe::Error. Any other exception, crash,
// hang or sanitizer report is a finding.
#include <string>
#include <vector>

#include "core/error.h"
#include "tokenizer/tokenizer.h"

namespace {

// Texts that reach the interesting parts of most tokenizers: words, contractions, digits, spaces of
// every kind, accents, CJK, emoji, and the usual special-token spellings.
constexpr const char* kTexts[] = {
    "Hello world! It's 2024,  we've  \t\n  got 😀 emoji, 日本語 and   trailing   ",
    "<s> [CLS] <|endoftext|> </s> <unk> [SEP] [MASK] <pad> ▁x Ġy ##z",
    "Ünïcödé\u0301 \u00a0ﬁ ½ Ⅻ \u200d\u3000",
    "",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  std::optional<wasmpipe::Tokenizer> tok;
  try {
    tok.emplace(wasmpipe::Tokenizer::from_json(json));
  } catch (const wasmpipe::Error&) {
    return 0;  // a clear error is the right answer to a bad file
  }
  for (const char* text : kTexts) {
    try {
      const auto e = tok->encode(text, true);
      tok->decode(e.ids, false, true);
      tok->decode(e.ids, true, false);
      const auto p = tok->encode_pair(text, "pair text", false);
      tok->decode(p.ids, true, true);
    } catch (const wasmpipe::Error&) {
      // e.g. a model whose unk_token is missing from its vocabulary: reported, not a crash
    }
  }
  return 0;
}
