// Structured fuzzing of tokenizer.json: the input is a program of edits (replace a value with
// another type, a number, a string, a component type name, a regex; delete; copy; wrap) applied
// to one of the real fixture files (shrunk to a small vocabulary by scripts/fuzz_seeds.mjs into
// $WASMPIPE_FUZZ_BASES). The edited file is loaded, and a tokenizer that loads must encode,
// decode and decode fuzzed ids with nothing but wasmpipe::Error. Byte-level fuzzing rarely gets
// past the JSON parser into the component loaders; this reaches every loader's checks.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "fuzz_util.h"
#include "tokenizer/tokenizer.h"

namespace {

using wasmpipe::Json;

struct Base {
  std::string name;
  Json json;
  std::vector<Json::json_pointer> nodes;  // every value in the file, in document order
};

void collect(const Json& j, const Json::json_pointer& at, std::vector<Json::json_pointer>& out) {
  out.push_back(at);
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) collect(v, at / k, out);
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) collect(j[i], at / i, out);
  }
}

const std::vector<Base>& bases() {
  static const std::vector<Base> all = [] {
    const char* env = std::getenv("WASMPIPE_FUZZ_BASES");
    if (!env || !*env) wasmpipe::fuzz::setup_failed("set WASMPIPE_FUZZ_BASES (scripts/fuzz.sh does)");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(env)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Base> v;
    for (const auto& f : files) {
      const auto text = wasmpipe::fuzz::read_file(f);
      if (!text) continue;
      try {
        wasmpipe::Tokenizer::from_json(*text);  // only bases that load are worth mutating
      } catch (const wasmpipe::Error& e) {
        std::fprintf(stderr, "skipping base %s: %s\n", f.c_str(), e.what());
        continue;
      }
      Base b{f.filename().string(), Json::parse(*text), {}};
      collect(b.json, Json::json_pointer(), b.nodes);
      v.push_back(std::move(b));
    }
    if (v.empty()) wasmpipe::fuzz::setup_failed(std::string("no loadable tokenizer.json in ") + env);
    return v;
  }();
  return all;
}

constexpr const char* kStrings[] = {
    // component types
    "BPE", "WordPiece", "WordLevel", "Unigram", "BertNormalizer", "Lowercase", "Strip", "StripAccents", "NFC",
    "NFD", "NFKC", "NFKD", "Replace", "Prepend", "Nmt", "Precompiled", "Sequence", "ByteLevel",
    "BertPreTokenizer", "Whitespace", "WhitespaceSplit", "Split", "Punctuation", "Metaspace",
    "CharDelimiterSplit", "Digits", "UnicodeScripts", "FixedLength", "TemplateProcessing", "BertProcessing",
    "RobertaProcessing", "BPEDecoder", "CTC", "Fuse", "ByteFallback", "Unknown",
    // enum values
    "Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous", "always", "never", "first",
    "LongestFirst", "OnlyFirst", "OnlySecond", "Right", "Left", "BatchLongest", "A", "B", "$A", "$B", "$0",
    "$1", "$", "left", "right",
    // tokens and text
    "", " ", "<unk>", "[UNK]", "<s>", "</s>", "[CLS]", "[SEP]", "<pad>", "▁", "Ġ", "##", "a", "ab", "a b",
    "\u0301", "😀", "\u00a0",
    // regexes: the fast paths, Oniguruma-only ones, broken ones
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)",
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
    R"(\s+)", " {2,}", "[0-9][0-9][0-9]", "", "a*", "(?<=a)|x", "(", "\\p{", "(a*)*b", "\\", "[", "\\b", "^",
    "$", "(?i)x",
};

constexpr size_t kTypeNames = 36;  // the first entries of kStrings are component type names
constexpr size_t kStringCount = sizeof(kStrings) / sizeof(kStrings[0]);

struct Reader {
  const uint8_t* p;
  size_t n;
  uint8_t byte() { return n ? (--n, *p++) : 0; }
  uint32_t u16() { return byte() | (uint32_t(byte()) << 8); }
  uint32_t u32() { return u16() | (u16() << 16); }
  std::string bytes(size_t len) {
    len = std::min(len, n);
    std::string s(reinterpret_cast<const char*>(p), len);
    p += len;
    n -= len;
    return s;
  }
};

Json number(Reader& r) {
  switch (r.byte() % 8) {
    case 0: return int64_t(r.byte()) - 8;
    case 1: return int64_t(int32_t(r.u32()));
    case 2: return uint64_t(r.u32()) << 32 | r.u32();
    case 3: return int64_t(1) << 53;
    case 4: return -1;
    case 5: return double(int32_t(r.u32())) / 7.0;
    case 6: return 1e300;
    default: return 0;
  }
}

Json value(Reader& r, const Json& root, const std::vector<Json::json_pointer>& nodes) {
  switch (r.byte() % 10) {
    case 0: return nullptr;
    case 1: return bool(r.byte() & 1);
    case 2: return number(r);
    case 3: return wasmpipe::fuzz::to_valid_utf8(r.bytes(r.byte() % 32));
    case 4: return kStrings[r.byte() % kStringCount];
    case 5: return Json::object();
    case 6: return Json::array();
    case 7: {  // a copy of another part of the file (unless an earlier edit removed it)
      const Json::json_pointer from = nodes[r.u16() % nodes.size()];
      return root.contains(from) ? root.at(from) : Json();
    }
    case 8: return Json::array({value(r, root, nodes), value(r, root, nodes)});
    default: return Json{{"type", kStrings[r.byte() % kTypeNames]}};
  }
}

// Applies one edit to `j` (a fresh copy of the base); false when the input is used up.
bool edit(Reader& r, Json& j, const std::vector<Json::json_pointer>& nodes) {
  if (r.n == 0) return false;
  const uint8_t op = r.byte();
  const Json::json_pointer at = nodes[r.u16() % nodes.size()];
  if (!j.contains(at)) return true;  // removed by an earlier edit
  Json& target = j[at];
  switch (op % 4) {
    case 0:
    case 1:
      target = value(r, j, nodes);
      break;
    case 2:
      if (!at.empty()) {
        Json& parent = j[at.parent_pointer()];
        if (parent.is_object()) parent.erase(at.back());
        else if (parent.is_array()) parent.erase(parent.begin() + std::stoul(at.back()));
      }
      break;
    default:
      if (target.is_object()) target[kStrings[r.byte() % kStringCount]] = value(r, j, nodes);
      else if (target.is_array()) target.push_back(value(r, j, nodes));
      else target = value(r, j, nodes);
  }
  return true;
}

}  // namespace

// Loads everything before the first input, so that loading does not count against -timeout.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  bases();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto& all = bases();
  const Base& base = all[data[0] % all.size()];
  Reader r{data + 1, size - 1};
  Json j = base.json;
  for (int k = 0; k < 8 && edit(r, j, base.nodes); ++k) {
  }
  const std::string text = j.dump();
  std::optional<wasmpipe::Tokenizer> tok;
  try {
    tok.emplace(wasmpipe::Tokenizer::from_json(text));
  } catch (const wasmpipe::Error&) {
    return 0;
  }
  const int32_t vocab = int32_t(std::min<size_t>(tok->vocab_size(true), 1u << 20));
  std::vector<int32_t> ids;
  for (int k = 0; k < 12; ++k) ids.push_back(int32_t(r.u16()) % (vocab + 3) - 1);
  for (const char* text : {"Hello world! It's 2024,  we've  \t\n  got 😀 emoji, 日本語", "<s> [CLS] ▁x Ġy ##z ½\u0301", ""}) {
    try {
      const auto e = tok->encode_pair(text, "and a pair", true);
      tok->decode(e.ids, false, true);
      tok->decode(e.ids, true, false);
    } catch (const wasmpipe::Error&) {
    }
  }
  try {
    tok->decode(ids, false, true);  // may name unknown ids: InvalidArgument
  } catch (const wasmpipe::Error&) {
  }
  return 0;
}
