// Differential fuzzer: every hand-written pre-tokenization matcher (core/regex_fast.h) against
// Oniguruma on the same valid UTF-8 text; aborts on the first differing match (find_all, and
// search from a fuzzed offset).
// Input: byte 0 picks how the rest becomes text (bit 0: raw bytes made valid UTF-8, else each
// byte picks an interesting code point; bits 1..: the search offset).
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/regex.h"
#include "fuzz_util.h"

namespace {

using wasmpipe::Regex;
using Ranges = std::vector<std::pair<size_t, size_t>>;

struct PatternPair {
  std::string_view pattern;
  Regex fast, onig;
  explicit PatternPair(std::string_view p) : pattern(p), fast(p), onig(p, Regex::Engine::Oniguruma) {
    if (fast.fast_path() == wasmpipe::regex_fast::Pattern::None) wasmpipe::fuzz::setup_failed("no fast path");
  }
};

const std::vector<std::unique_ptr<PatternPair>>& pairs() {
  static const auto all = [] {
    namespace rf = wasmpipe::regex_fast;
    std::vector<std::unique_ptr<PatternPair>> v;
    for (std::string_view p : {rf::kGpt2Pattern, rf::kCl100kPattern, rf::kQwen2Pattern, rf::kO200kPattern,
                               rf::kClipPattern, rf::kDigitTriplesPattern, rf::kWhitespacePattern,
                               rf::kSpaceRunsPattern})
      v.push_back(std::make_unique<PatternPair>(p));
    return v;
  }();
  return all;
}

[[noreturn]] void mismatch(const PatternPair& p, const std::string& text, const std::string& what) {
  std::fprintf(stderr, "regex fast path differs from Oniguruma (%s) for pattern %.*s on %zu bytes:\n", what.c_str(),
               int(p.pattern.size()), p.pattern.data(), text.size());
  for (unsigned char c : text) std::fprintf(stderr, "\\x%02X", c);
  std::fprintf(stderr, "\n");
  std::abort();
}

}  // namespace

// Loads everything before the first input, so that loading does not count against -timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  pairs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string text = (data[0] & 1) ? wasmpipe::fuzz::to_valid_utf8(rest) : wasmpipe::fuzz::interesting_text(rest);
  size_t from = text.empty() ? 0 : (data[0] >> 1) % text.size();
  while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
  Ranges f, o;
  for (const auto& p : pairs()) {
    f.clear();
    o.clear();
    p->fast.find_all(text, f);
    p->onig.find_all(text, o);
    if (f != o) mismatch(*p, text, "find_all");
    size_t fb = 0, fe = 0, ob = 0, oe = 0;
    const bool fs = p->fast.search(text, from, fb, fe);
    const bool os = p->onig.search(text, from, ob, oe);
    if (fs != os || (fs && (fb != ob || fe != oe))) mismatch(*p, text, "search from " + std::to_string(from));
  }
  return 0;
}
