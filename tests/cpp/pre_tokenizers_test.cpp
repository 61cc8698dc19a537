// Pre-tokenizers against HF's Rust tokenizers. Every expected split below was produced by the npm
// binding (tests/cpp/tools/pretok_ref.cjs: preTokenizeString, offsets converted to bytes); the
// corpus-wide comparison is tests/cpp/tools/pretok_corpus_ref.cjs + pretok_check.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/unicode.h"
#include "core/utf8.h"
#include "pre_tokenizers/digits.h"
#include "pre_tokenizers/pre_tokenizer.h"
#include "pre_tokenizers/whitespace.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

struct Piece {
  std::string text;
  uint32_t begin, end;
  bool operator==(const Piece&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Piece& p) {
  return os << "{\"" << p.text << "\", " << p.begin << ", " << p.end << "}";
}

struct Case {
  const char* name;
  const char* json;
  const char* text;
  std::vector<Piece> expected;
};

std::vector<Piece> run(const pre_tokenizers::PreTokenizer& pt, std::string_view text) {
  PreTokenizedString pts(text);
  pt.pre_tokenize(pts);
  std::vector<Piece> out;
  for (const Split& s : pts.splits()) {
    const auto off = s.normalized.to_original(0, s.normalized.size());
    out.push_back({s.normalized.get(), off ? off->first : 0u, off ? off->second : 0u});
  }
  return out;
}

std::unique_ptr<pre_tokenizers::PreTokenizer> load(const char* json) {
  return pre_tokenizers::from_json(parse_json(json, "tokenizer.json"), JsonPath("tokenizer.json", "pre_tokenizer"));
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
    {"ByteLevel, defaults",
     R"json({"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true})json",
     "Hello  world\n\U0001F600 \u00E9's",
     {{"\u0120Hello", 0, 5}, {"\u0120", 5, 6}, {"\u0120world", 6, 12}, {"\u010A", 12, 13}, {"\u00F0\u0141\u013A\u0122", 13, 17}, {"\u0120\u00C3\u00A9", 17, 20}, {"'s", 20, 22}}},
    {"ByteLevel, no prefix, no regex",
     R"json({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false})json",
     "Hi  there \u00E9\t!",
     {{"Hi\u0120\u0120there\u0120\u00C3\u00A9\u0109!", 0, 14}}},
    {"ByteLevel, prefix present",
     R"json({"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false})json",
     " x y",
     {{"\u0120x", 0, 2}, {"\u0120y", 2, 4}}},
    {"Split String Removed",
     R"json({"type": "Split", "pattern": {"String": " "}, "behavior": "Removed", "invert": false})json",
     "a  b c ",
     {{"a", 0, 1}, {"b", 3, 4}, {"c", 5, 6}}},
    {"Split String Isolated",
     R"json({"type": "Split", "pattern": {"String": " "}, "behavior": "Isolated", "invert": false})json",
     "a  b c ",
     {{"a", 0, 1}, {" ", 1, 2}, {" ", 2, 3}, {"b", 3, 4}, {" ", 4, 5}, {"c", 5, 6}, {" ", 6, 7}}},
    {"Split String MergedWithPrevious",
     R"json({"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithPrevious", "invert": false})json",
     "a  b c ",
     {{"a ", 0, 2}, {" ", 2, 3}, {"b ", 3, 5}, {"c ", 5, 7}}},
    {"Split String MergedWithNext",
     R"json({"type": "Split", "pattern": {"String": " "}, "behavior": "MergedWithNext", "invert": false})json",
     " a  b c ",
     {{" a", 0, 2}, {" ", 2, 3}, {" b", 3, 5}, {" c", 5, 7}, {" ", 7, 8}}},
    {"Split String Contiguous",
     R"json({"type": "Split", "pattern": {"String": " "}, "behavior": "Contiguous", "invert": false})json",
     "a  b c ",
     {{"a", 0, 1}, {"  ", 1, 3}, {"b", 3, 4}, {" ", 4, 5}, {"c", 5, 6}, {" ", 6, 7}}},
    {"Split String invert Removed",
     R"json({"type": "Split", "pattern": {"String": "a.b"}, "behavior": "Removed", "invert": true})json",
     "xa.bya.ba_b",
     {{"a.b", 1, 4}, {"a.b", 5, 8}}},
    {"Split Regex MergedWithPrevious",
     R"json({"type": "Split", "pattern": {"Regex": "\\d+"}, "behavior": "MergedWithPrevious", "invert": false})json",
     "ab12cd345\u00E96",
     {{"ab12", 0, 4}, {"cd345", 4, 9}, {"\u00E96", 9, 12}}},
    {"Split Regex invert MergedWithNext",
     R"json({"type": "Split", "pattern": {"Regex": "\\d+"}, "behavior": "MergedWithNext", "invert": true})json",
     "ab12cd345\u00E96",
     {{"ab12", 0, 4}, {"cd345", 4, 9}, {"\u00E96", 9, 12}}},
    {"Split Regex invert Contiguous",
     R"json({"type": "Split", "pattern": {"Regex": "[a-z]"}, "behavior": "Contiguous", "invert": true})json",
     "ab12cd3",
     {{"ab", 0, 2}, {"12", 2, 4}, {"cd", 4, 6}, {"3", 6, 7}}},
    {"Whitespace",
     R"json({"type": "Whitespace"})json",
     "Hello, world!! \U0001F636\u200D\U0001F32B\uFE0F x_y\u00B2 \u0969\u096A ok",
     {{"Hello", 0, 5}, {",", 5, 6}, {"world", 7, 12}, {"!!", 12, 14}, {"\U0001F636", 15, 19}, {"\u200D", 19, 22}, {"\U0001F32B", 22, 26}, {"\uFE0F", 26, 29}, {"x_y", 30, 33}, {"\u00B2", 33, 35}, {"\u0969\u096A", 36, 42}, {"ok", 43, 45}}},
    {"WhitespaceSplit",
     R"json({"type": "WhitespaceSplit"})json",
     "  a\tb\u3000c\u00A0d  ",
     {{"a", 2, 3}, {"b", 4, 5}, {"c", 8, 9}, {"d", 11, 12}}},
    {"Punctuation default",
     R"json({"type": "Punctuation"})json",
     "Hi!!, there?...\u00BF\u00A1x",
     {{"Hi", 0, 2}, {"!", 2, 3}, {"!", 3, 4}, {",", 4, 5}, {" there", 5, 11}, {"?", 11, 12}, {".", 12, 13}, {".", 13, 14}, {".", 14, 15}, {"\u00BF", 15, 17}, {"\u00A1", 17, 19}, {"x", 19, 20}}},
    {"Punctuation Contiguous",
     R"json({"type": "Punctuation", "behavior": "Contiguous"})json",
     "Hi!!, there?...\u00BF\u00A1x",
     {{"Hi", 0, 2}, {"!!,", 2, 5}, {" there", 5, 11}, {"?...\u00BF\u00A1", 11, 19}, {"x", 19, 20}}},
    {"Punctuation Removed",
     R"json({"type": "Punctuation", "behavior": "Removed"})json",
     "a.b,,c",
     {{"a", 0, 1}, {"b", 2, 3}, {"c", 5, 6}}},
    {"Digits",
     R"json({"type": "Digits", "individual_digits": false})json",
     "abc 12345 x\u0663\u0664\u00BD\u216B",
     {{"abc ", 0, 4}, {"12345", 4, 9}, {" x", 9, 11}, {"\u0663\u0664\u00BD\u216B", 11, 20}}},
    {"Digits individual",
     R"json({"type": "Digits", "individual_digits": true})json",
     "abc 123 x\u0663\u0664",
     {{"abc ", 0, 4}, {"1", 4, 5}, {"2", 5, 6}, {"3", 6, 7}, {" x", 7, 9}, {"\u0663", 9, 11}, {"\u0664", 11, 13}}},
    {"CharDelimiterSplit",
     R"json({"type": "CharDelimiterSplit", "delimiter": "-"})json",
     "a-b--c-\u00E9",
     {{"a", 0, 1}, {"b", 2, 3}, {"c", 5, 6}, {"\u00E9", 7, 9}}},
    {"Metaspace always",
     R"json({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true})json",
     "Hello  world \u2581x",
     {{"\u2581Hello", 0, 5}, {"\u2581", 5, 6}, {"\u2581world", 6, 12}, {"\u2581", 12, 13}, {"\u2581x", 13, 17}}},
    {"Metaspace first",
     R"json({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": true})json",
     "Hello world",
     {{"\u2581Hello", 0, 5}, {"\u2581world", 5, 11}}},
    {"Metaspace never",
     R"json({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "never", "split": true})json",
     "Hello world",
     {{"Hello", 0, 5}, {"\u2581world", 5, 11}}},
    {"Metaspace no split",
     R"json({"type": "Metaspace", "replacement": "_", "prepend_scheme": "always", "split": false})json",
     "Hello big world",
     {{"_Hello_big_world", 0, 15}}},
    {"Metaspace legacy add_prefix_space true",
     R"json({"type": "Metaspace", "replacement": "▁", "str_rep": "▁", "add_prefix_space": true})json",
     " Hello world",
     {{"\u2581Hello", 0, 6}, {"\u2581world", 6, 12}}},
    {"FixedLength 3",
     R"json({"type": "FixedLength", "length": 3})json",
     "abcd\u00E9fgh\U0001F600",
     {{"abc", 0, 3}, {"d\u00E9f", 3, 7}, {"gh\U0001F600", 7, 13}}},
    {"FixedLength default",
     R"json({"type": "FixedLength"})json",
     "abcdefghijkl",
     {{"abcde", 0, 5}, {"fghij", 5, 10}, {"kl", 10, 12}}},
    {"falcon Sequence",
     R"json({"type": "Sequence", "pretokenizers": [{"type": "Punctuation", "behavior": "Contiguous"}, {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}, {"type": "Digits", "individual_digits": false}, {"type": "Split", "pattern": {"Regex": "[0-9][0-9][0-9]"}, "behavior": "Isolated", "invert": false}]})json",
     "Hello 1234567 world!!?? x",
     {{"Hello", 0, 5}, {"\u0120", 5, 6}, {"123", 6, 9}, {"456", 9, 12}, {"7", 12, 13}, {"\u0120world", 13, 19}, {"!!??", 19, 23}, {"\u0120x", 23, 25}}},
    {"Llama-3 Sequence",
     R"json({"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": false}, {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]})json",
     "I'M here 12345\r\n\n  ok?!\n",
     {{"I", 0, 1}, {"'M", 1, 3}, {"\u0120here", 3, 8}, {"\u0120", 8, 9}, {"123", 9, 12}, {"45", 12, 14}, {"\u010D\u010A\u010A", 14, 17}, {"\u0120", 17, 18}, {"\u0120ok", 18, 21}, {"?!\u010A", 21, 24}}},
  };
  return all;
}

TEST(PreTokenizers, MatchRustBindingOnHandPickedCases) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    const auto pt = load(c.json);
    EXPECT_EQ(run(*pt, c.text), c.expected);
  }
}

TEST(PreTokenizers, EmptyInputGivesNoSplits) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(run(*load(c.json), "").empty());
  }
}

TEST(PreTokenizers, FieldsRustRequiresOrRejects) {
  // The binding rejects these files: "missing field `add_prefix_space`", "missing field `invert`",
  // "missing field `behavior`", "missing field `individual_digits`", "missing field `replacement`",
  // "add_prefix_space does not match declared prepend_scheme" (also when prepend_scheme is absent).
  for (const char* bad : {
           R"({"type": "ByteLevel"})",
           R"({"type": "ByteLevel", "add_prefix_space": true})",
           R"({"type": "Split", "pattern": {"Regex": "a"}, "behavior": "Isolated"})",
           R"({"type": "Split", "pattern": {"Regex": "a"}, "invert": false})",
           R"({"type": "Split", "pattern": {"Regex": "a("}, "behavior": "Isolated", "invert": false})",
           R"({"type": "Split", "pattern": {"Other": "a"}, "behavior": "Isolated", "invert": false})",
           R"({"type": "Split", "pattern": {"Regex": "a"}, "behavior": "Sideways", "invert": false})",
           R"({"type": "Digits"})",
           R"({"type": "Metaspace", "prepend_scheme": "first"})",
           R"({"type": "Metaspace", "replacement": "▁", "add_prefix_space": false})",
           R"({"type": "Metaspace", "replacement": "▁", "add_prefix_space": false, "prepend_scheme": "first"})",
           R"({"type": "Metaspace", "replacement": "▁", "prepend_scheme": "sometimes"})",
           R"({"type": "CharDelimiterSplit", "delimiter": "ab"})",
           R"({"type": "FixedLength", "length": 0})",  // Rust panics ("chunk size must be non-zero")
       }) {
    SCOPED_TRACE(bad);
    try {
      load(bad);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidFile) << e.what();
      EXPECT_NE(std::string(e.what()).find("pre_tokenizer"), std::string::npos) << e.what();
    }
  }
  // Accepted by the binding: legacy add_prefix_space with a compatible scheme; Punctuation without
  // behavior (Isolated); ByteLevel without use_regex.
  EXPECT_EQ(run(*load(R"({"type": "Metaspace", "replacement": "▁", "add_prefix_space": false, "prepend_scheme": "never"})"), "a b"),
            (std::vector<Piece>{{"a", 0, 1}, {"\u2581b", 1, 3}}));
  EXPECT_EQ(run(*load(R"({"type": "Metaspace", "replacement": "▁", "add_prefix_space": true, "prepend_scheme": "never"})"), "a b"),
            (std::vector<Piece>{{"a", 0, 1}, {"\u2581b", 1, 3}}));
  EXPECT_EQ(run(*load(R"({"type": "Punctuation"})"), "a, b"), (std::vector<Piece>{{"a", 0, 1}, {",", 1, 2}, {" b", 2, 4}}));
}

TEST(PreTokenizers, FixtureFilesLoad) {
  for (const char* name : {"gpt2", "roberta-base", "meta-llama__Meta-Llama-3-8B", "Xenova__gpt-4o", "microsoft__phi-2",
                           "tiiuae__falcon-7b", "t5-small", "google__flan-t5-small", "openai__whisper-tiny",
                           "openai__clip-vit-base-patch32", "EleutherAI__pythia-70m"}) {
    SCOPED_TRACE(name);
    const auto text = test::read_file(test::fixtures_dir() / "tokenizers" / name / "tokenizer.json");
    if (!text) WASMPIPE_SKIP_OR_FAIL("fixture missing: " << name);
    const Json j = parse_json(*text, "tokenizer.json");
    EXPECT_NO_THROW(pre_tokenizers::from_json(j["pre_tokenizer"], JsonPath("tokenizer.json", "pre_tokenizer")));
  }
}

// Every code point's Whitespace class (\w / \s / other) and Digits' is_numeric, against a probe of
// the binding (node tests/cpp/tools/probe_pretok_classes.cjs, which scripts/test.sh runs with the
// other reference data: a missing probe fails there).
TEST(PreTokenizers, AllCodePointsClassifiedLikeRust) {
  const auto path = test::reference_dir().parent_path() / "pretok" / "pretok_probe.tsv";
  std::ifstream in(path);
  if (!in) WASMPIPE_SKIP_OR_FAIL("no probe at " << path << " (node tests/cpp/tools/probe_pretok_classes.cjs)");
  std::string line;
  size_t n = 0, bad_w = 0, bad_d = 0;
  while (std::getline(in, line)) {
    const size_t t = line.find('\t');
    const char32_t c = static_cast<char32_t>(std::stoul(line.substr(0, t), nullptr, 16));
    const char w = line[t + 1], d = line[t + 3];
    const char mine_w = pre_tokenizers::is_regex_word_char(c) ? 'w' : unicode::is_whitespace(c) ? 's' : 'p';
    if (mine_w != w && bad_w++ < 5) ADD_FAILURE() << std::hex << "U+" << uint32_t(c) << " whitespace class " << w << " vs " << mine_w;
    if (pre_tokenizers::is_numeric(c) != (d == '1') && bad_d++ < 5) ADD_FAILURE() << std::hex << "U+" << uint32_t(c) << " is_numeric";
    ++n;
  }
  EXPECT_EQ(n, 1112064u);
  EXPECT_EQ(bad_w, 0u);
  EXPECT_EQ(bad_d, 0u);
}

}  // namespace
}  // namespace wasmpipe
