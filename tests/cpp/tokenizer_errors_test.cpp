// Malformed or unsupported tokenizer files: always a wasmpipe::Error with a clear code and a
// message naming the file and JSON path, never a crash.
#include <gtest/gtest.h>

#include "core/error.h"
#include "tokenizer_tiny.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe {
namespace {

using test::tiny_with;

// Runs `f`, expecting a wasmpipe::Error with `code` whose message contains `needle`.
template <class F>
void expect_error(F&& f, ErrorCode code, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "expected an error containing: " << needle;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << "message: " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a wasmpipe::Error: " << e.what();
  }
}

template <class Edit>
void expect_load_error(Edit&& edit, ErrorCode code, const std::string& needle) {
  const std::string json = tiny_with(edit);
  expect_error([&] { Tokenizer::from_json(json); }, code, needle);
}

TEST(TokenizerErrors, MalformedJson) {
  expect_error([] { Tokenizer::from_json("{\"model\": "); }, ErrorCode::InvalidFile, "tokenizer.json is not valid JSON");
  expect_error([] { Tokenizer::from_json("[]"); }, ErrorCode::InvalidFile, "tokenizer.json must be an object");
  expect_error([] { Tokenizer::from_json(""); }, ErrorCode::InvalidFile, "tokenizer.json is not valid JSON");
  expect_error([] { Tokenizer::from_json("{}"); }, ErrorCode::InvalidFile, "tokenizer.json: model is missing");
  expect_error([] { Tokenizer::from_json(test::kTinyTokenizerJson, "{oops"); }, ErrorCode::InvalidFile,
               "tokenizer_config.json is not valid JSON");
}

TEST(TokenizerErrors, WrongFieldTypes) {
  expect_load_error([](auto& j) { j["model"]["vocab"] = nlohmann::json::array(); }, ErrorCode::InvalidFile,
                    "tokenizer.json: model.vocab must be an object");
  expect_load_error([](auto& j) { j["model"]["vocab"]["hello"] = "five"; }, ErrorCode::InvalidFile,
                    "tokenizer.json: model.vocab.hello must be a non-negative integer");
  expect_load_error([](auto& j) { j["model"]["vocab"]["hello"] = -5; }, ErrorCode::InvalidFile,
                    "model.vocab.hello must not be negative");
  expect_load_error([](auto& j) { j["model"]["unk_token"] = 7; }, ErrorCode::InvalidFile,
                    "tokenizer.json: model.unk_token must be a string");
  expect_load_error([](auto& j) { j["normalizer"]["lowercase"] = "yes"; }, ErrorCode::InvalidFile,
                    "tokenizer.json: normalizer.lowercase must be a boolean");
  expect_load_error([](auto& j) { j["added_tokens"] = 3; }, ErrorCode::InvalidFile,
                    "tokenizer.json: added_tokens must be an array");
  expect_load_error([](auto& j) { j["added_tokens"][1].erase("content"); }, ErrorCode::InvalidFile,
                    "tokenizer.json: added_tokens[1].content is missing");
  expect_load_error([](auto& j) { j["truncation"] = {{"max_length", 8}, {"strategy", "Middle"}}; }, ErrorCode::InvalidFile,
                    "tokenizer.json: truncation.strategy must be");
  expect_load_error([](auto& j) { j["padding"] = {{"strategy", "Longest"}}; }, ErrorCode::InvalidFile,
                    "tokenizer.json: padding.strategy must be");
  expect_load_error([](auto& j) { j["post_processor"]["single"][0] = {{"Token", 1}}; }, ErrorCode::InvalidFile,
                    "tokenizer.json: post_processor.single[0] must be");
  expect_load_error([](auto& j) { j["post_processor"]["special_tokens"].erase("[SEP]"); }, ErrorCode::InvalidFile,
                    "missing special token '[SEP]'");
  expect_load_error([](auto& j) { j["normalizer"] = "BertNormalizer"; }, ErrorCode::InvalidFile,
                    "tokenizer.json: normalizer must be an object");
  expect_load_error([](auto& j) { j["normalizer"].erase("type"); }, ErrorCode::InvalidFile,
                    "tokenizer.json: normalizer.type is missing");
  // a stride the sequence cannot keep (max_length 4 - 2 special tokens = 2 <= 3)
  expect_load_error([](auto& j) { j["truncation"] = {{"max_length", 4}, {"stride", 3}}; }, ErrorCode::InvalidFile,
                    "tokenizer.json: truncation is invalid");
  expect_error([] { Tokenizer::from_json(test::kTinyTokenizerJson, R"({"model_max_length": "big"})"); },
               ErrorCode::InvalidFile, "tokenizer_config.json: model_max_length must be a number");
  expect_error([] { Tokenizer::from_json(test::kTinyTokenizerJson, R"({"unk_token": 3})"); }, ErrorCode::InvalidFile,
               "tokenizer_config.json: unk_token must be a string or an object");
}

TEST(TokenizerErrors, UnknownComponentTypesAreNotImplemented) {
  expect_load_error([](auto& j) { j["normalizer"] = {{"type", "NoSuchNormalizer"}}; }, ErrorCode::NotImplemented,
                    "tokenizer.json: normalizer type 'NoSuchNormalizer' is not supported yet");
  expect_load_error(
      [](auto& j) {
        j["normalizer"] = {{"type", "Sequence"}, {"normalizers", {j["normalizer"], {{"type", "NoSuchNormalizer"}}}}};
      },
      ErrorCode::NotImplemented,
      "tokenizer.json: normalizer type 'NoSuchNormalizer' is not supported yet (at normalizer.normalizers[1])");
  expect_load_error([](auto& j) { j["pre_tokenizer"] = {{"type", "NoSuchPreTokenizer"}}; }, ErrorCode::NotImplemented,
                    "tokenizer.json: pre_tokenizer type 'NoSuchPreTokenizer' is not supported yet");
  expect_load_error([](auto& j) { j["model"]["type"] = "NoSuchModel"; }, ErrorCode::NotImplemented,
                    "tokenizer.json: model type 'NoSuchModel' is not supported yet");
  expect_load_error([](auto& j) { j["post_processor"] = {{"type", "NoSuchProcessor"}}; }, ErrorCode::NotImplemented,
                    "tokenizer.json: post_processor type 'NoSuchProcessor' is not supported yet");
  expect_load_error([](auto& j) { j["decoder"] = {{"type", "NoSuchDecoder"}}; }, ErrorCode::NotImplemented,
                    "tokenizer.json: decoder type 'NoSuchDecoder' is not supported yet");
}

TEST(TokenizerErrors, OldFormatModelIsRecognisedByItsFields) {
  // Old format without model.type: merges make it BPE, which then validates its own fields.
  expect_load_error(
      [](auto& j) {
        j["model"].erase("type");
        j["model"]["merges"] = nlohmann::json::array({"a b c"});
      },
      ErrorCode::InvalidFile, "model.merges[0]");
}

TEST(TokenizerErrors, OldFormatWordPieceIsDetected) {
  Tokenizer t = Tokenizer::from_json(tiny_with([](auto& j) { j["model"].erase("type"); }));
  EXPECT_EQ(t.encode("hello").ids, (std::vector<int32_t>{2, 5, 3}));
}

TEST(TokenizerErrors, OptionalComponentsMayBeNull) {
  Tokenizer t = Tokenizer::from_json(tiny_with([](auto& j) {
    j["normalizer"] = nullptr;
    j["pre_tokenizer"] = nullptr;
    j["post_processor"] = nullptr;
    j["decoder"] = nullptr;
  }));
  // No pre-tokenizer: the whole (unnormalized) text is one word for WordPiece.
  Encoding e = t.encode("hello", true);
  EXPECT_EQ(e.ids, (std::vector<int32_t>{5}));
  EXPECT_EQ(t.encode_pair("hello", "world").type_ids, (std::vector<int32_t>{0, 1}));
  EXPECT_EQ(t.decode(std::vector<int32_t>{5, 8}, false, false), "hello ##aff");  // no decoder: joined by spaces
}

TEST(TokenizerErrors, MissingUnkTokenFailsWhenNeeded) {
  Tokenizer t = Tokenizer::from_json(tiny_with([](auto& j) { j["model"]["unk_token"] = "<nope>"; }));
  EXPECT_EQ(t.encode("hello").ids, (std::vector<int32_t>{2, 5, 3}));
  expect_error([&] { t.encode("zzz"); }, ErrorCode::InvalidFile, "unk_token '<nope>' is not in the vocabulary");
}

TEST(TokenizerErrors, InvalidUtf8Files) {
  expect_error([] { Tokenizer::from_json("{\"model\": \"\xFF\"}"); }, ErrorCode::InvalidArgument,
               "tokenizer.json is not valid UTF-8");
}

}  // namespace
}  // namespace wasmpipe
