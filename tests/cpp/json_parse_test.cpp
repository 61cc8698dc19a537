// JSON files the parser must refuse with a clear InvalidFile error (libFuzzer findings).
//
// Deeply nested tokenizer.json (finding: a Sequence pre-tokenizer nested 20,000 levels
// deep overflowed the stack in the recursive component loaders). Files are now limited to the
// nesting serde_json allows; the limits below are HF Rust tokenizers' (npm binding 0.23.2,
// Tokenizer.fromString): Sequence x62 around a Split (127 levels) loads, Sequence x63 around
// Whitespace (128 levels) fails with "recursion limit exceeded".
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "core/json_depth.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe {
namespace {

std::string nested_sequences(int n, const std::string& inner) {
  std::string pre;
  for (int i = 0; i < n; ++i) pre += R"({"type":"Sequence","pretokenizers":[)";
  pre += inner;
  for (int i = 0; i < n; ++i) pre += "]}";
  return R"({"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,"pre_tokenizer":)" +
         pre + R"(,"post_processor":null,"decoder":null,"model":{"type":"WordLevel","vocab":{"a":0},"unk_token":"a"}})";
}

void expect_too_deep(const std::string& json) {
  try {
    Tokenizer::from_json(json);
    ADD_FAILURE() << "loaded a file nested too deep";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidFile);
    EXPECT_NE(std::string(e.what()).find("tokenizer.json nests arrays and objects more than 127 levels deep"),
              std::string::npos)
        << e.what();
  }
}

TEST(JsonDepth, LimitIsSerdeJsonsLikeRust) {
  const std::string split = R"({"type":"Split","pattern":{"String":" "},"behavior":"Removed","invert":false})";
  const Tokenizer t = Tokenizer::from_json(nested_sequences(62, split));  // 127 levels: Rust loads it
  EXPECT_EQ(t.encode("a a", false).ids, (std::vector<int32_t>{0, 0}));
  expect_too_deep(nested_sequences(63, R"({"type":"Whitespace"})"));   // 128 levels: Rust refuses
}

TEST(JsonDepth, HostileNestingIsAnErrorNotAStackOverflow) {
  expect_too_deep(nested_sequences(20000, R"({"type":"Whitespace"})"));
  expect_too_deep(std::string(1000000, '[') + std::string(1000000, ']'));
  // Brackets inside strings (escaped quotes included) do not count.
  EXPECT_NO_THROW(check_json_depth(R"({"a":")" + std::string(500, '[') + R"(\"{{{"})", "x.json"));
}

// tokenizer_json_fuzzer: a number beyond double's range made nlohmann throw out_of_range (not a
// parse_error), which nothing caught: std::terminate. Rust (serde_json) refuses it too:
// "number out of range".
TEST(JsonParse, NumberOutOfRangeIsInvalidFile) {
  for (const char* json : {R"({"model": 1e831})", R"({"version": -1e400, "model": {}})", "[1e99999]"}) {
    try {
      Tokenizer::from_json(json);
      ADD_FAILURE() << "loaded " << json;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidFile) << e.what();
      EXPECT_NE(std::string(e.what()).find("tokenizer.json is not valid JSON"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("number overflow"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace wasmpipe
