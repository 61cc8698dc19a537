// libFuzzer target: arbitrary bytes as a SentencePiece .model file. Loading must either succeed
// or throw wasmpipe::Error (never crash, hang or leak); a loaded tokenizer must encode and decode
// a fixed string. Each converter is tried, the first input byte picking which.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "tokenizer/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kClasses[] = {"T5Tokenizer", "LlamaTokenizer", "DebertaV2Tokenizer", "XLNetTokenizer"};
  if (size == 0) return 0;
  const char* cls = kClasses[data[0] % 4];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const wasmpipe::Tokenizer tok = wasmpipe::Tokenizer::from_sentencepiece(bytes, "", cls, "fuzz.model");
    const wasmpipe::Encoding enc = tok.encode("Hello  wörld 123, <s> ▁x 🤗", true);
    (void)tok.decode(enc.ids, false, true);
    (void)tok.decode(enc.ids, true, false);
  } catch (const wasmpipe::Error&) {
    // expected for malformed models
  }
  return 0;
}
