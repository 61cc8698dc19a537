// Fuzzes encode / encode_pair / encode_batch / decode of real tokenizers (the shared fixtures:
// byte-level BPE, Llama-3 and gpt-4o regexes, WordPiece, Unigram + Precompiled, CLIP, SentencePiece
// BPE with byte fallback, Whisper's added tokens) with fuzzed text and truncation / padding
// parameters. Bad parameters may throw wasmpipe::Error; anything else (another exception, a
// crash, a sanitizer report, or an Encoding that breaks its invariants) is a finding.
// Input: [tokenizer][flags][max_length][stride+text mode] text [0xFF pair]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.h"
#include "fuzz_util.h"
#include "tokenizer/tokenizer.h"

namespace {

using wasmpipe::Encoding;
using wasmpipe::Tokenizer;

constexpr const char* kTokenizers[] = {
    "gpt2", "meta-llama__Meta-Llama-3-8B", "Xenova__gpt-4o", "bert-base-uncased", "t5-small",
    "openai__clip-vit-base-patch32", "TinyLlama__TinyLlama-1.1B-Chat-v1.0", "openai__whisper-tiny",
};
constexpr size_t kCount = sizeof(kTokenizers) / sizeof(kTokenizers[0]);

// The fuzzer is single-threaded; the tokenizers are loaded once and their truncation / padding
// settings are set before each use.
std::vector<Tokenizer>& tokenizers() {
  static std::vector<Tokenizer> all = [] {
    std::vector<Tokenizer> v;
    for (const char* name : kTokenizers) {
      const auto dir = wasmpipe::fuzz::fixtures_dir() / "tokenizers" / name;
      const auto json = wasmpipe::fuzz::read_file(dir / "tokenizer.json");
      if (!json) wasmpipe::fuzz::setup_failed("cannot read " + (dir / "tokenizer.json").string());
      const auto config = wasmpipe::fuzz::read_file(dir / "tokenizer_config.json");
      v.push_back(Tokenizer::from_json(*json, config ? *config : std::string()));
    }
    return v;
  }();
  return all;
}

[[noreturn]] void broken(const char* tokenizer, const std::string& what) {
  std::fprintf(stderr, "%s: %s\n", tokenizer, what.c_str());
  std::abort();
}

void check(const char* name, const Tokenizer& tok, const Encoding& e, size_t text_len, size_t pair_len,
           const std::optional<wasmpipe::TruncationParams>& trunc, bool padded) {
  const size_t n = e.ids.size();
  if (e.type_ids.size() != n || e.tokens.size() != n || e.offsets.size() != n || e.special_tokens_mask.size() != n ||
      e.attention_mask.size() != n || e.word_ids.size() != n || e.sequence_ids.size() != n)
    broken(name, "Encoding fields have different lengths");
  for (size_t k = 0; k < n; ++k) {
    if (!tok.id_to_token(e.ids[k])) broken(name, "id " + std::to_string(e.ids[k]) + " has no token");
    const auto [b, en] = e.offsets[k];
    const size_t len = e.sequence_ids[k] == 1 ? pair_len : text_len;
    if (b > en || en > len)
      broken(name, "offsets (" + std::to_string(b) + "," + std::to_string(en) + ") outside a text of " +
                       std::to_string(len) + " bytes");
  }
  if (trunc && !padded && n > trunc->max_length && trunc->max_length > 8)
    broken(name, std::to_string(n) + " tokens after truncation to " + std::to_string(trunc->max_length));
  for (const Encoding& o : e.overflowing) check(name, tok, o, text_len, pair_len, trunc, padded);
}

}  // namespace

// Loads everything before the first input, so that loading does not count against -timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  tokenizers();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  auto& all = tokenizers();
  const size_t which = data[0] % kCount;
  Tokenizer& tok = all[which];
  const char* name = kTokenizers[which];
  const uint8_t flags = data[1];
  const bool add_special = flags & 1, has_pair = flags & 2, truncate = flags & 4, pad = flags & 64,
             raw = flags & 128;
  const std::string_view body(reinterpret_cast<const char*>(data + 4), size - 4);
  const size_t cut = has_pair ? body.find('\xFF') : std::string_view::npos;
  auto as_text = [&](std::string_view b) {
    if (raw) return std::string(b);
    return (data[3] & 128) ? wasmpipe::fuzz::interesting_text(b) : wasmpipe::fuzz::to_valid_utf8(b);
  };
  const std::string text = as_text(body.substr(0, cut));
  const std::string pair = cut == std::string_view::npos ? std::string() : as_text(body.substr(cut + 1));

  std::optional<wasmpipe::TruncationParams> trunc;
  if (truncate) {
    wasmpipe::TruncationParams t;
    t.max_length = data[2];
    t.strategy = static_cast<wasmpipe::TruncationStrategy>(((flags >> 3) & 3) % 3);
    t.direction = (flags & 32) ? wasmpipe::Direction::Left : wasmpipe::Direction::Right;
    t.stride = data[3] & 15;
    trunc = t;
  }
  std::optional<wasmpipe::PaddingParams> padding;
  if (pad) {
    wasmpipe::PaddingParams p;
    p.to_longest = data[2] & 1;
    p.length = data[2] >> 1;
    p.pad_to_multiple_of = (data[3] >> 4) & 7;
    p.direction = (flags & 32) ? wasmpipe::Direction::Right : wasmpipe::Direction::Left;
    padding = p;
  }
  try {
    tok.set_truncation(trunc);
    tok.set_padding(padding);
  } catch (const wasmpipe::Error&) {
    return 0;
  }
  try {
    const Encoding e = cut != std::string_view::npos ? tok.encode_pair(text, pair, add_special) : tok.encode(text, add_special);
    check(name, tok, e, text.size(), pair.size(), trunc, pad);
    for (int skip = 0; skip < 2; ++skip) tok.decode(e.ids, skip, !skip);
    if (flags & 16) {
      const std::vector<std::string> texts = {text, pair, text + pair};
      const std::vector<std::string> pairs = {pair, text, std::string()};
      for (const Encoding& b : tok.encode_batch(texts, (flags & 8) ? &pairs : nullptr, add_special))
        check(name, tok, b, 1u << 30, 1u << 30, trunc, pad);
    }
  } catch (const wasmpipe::Error& err) {
    // Invalid UTF-8 (raw mode) and unusable truncation settings are the caller's errors.
    if (err.code() != wasmpipe::ErrorCode::InvalidArgument) broken(name, std::string("unexpected error: ") + err.what());
  }
  return 0;
}
