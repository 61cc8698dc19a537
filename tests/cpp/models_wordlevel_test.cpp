// WordLevel model (Rust models::wordlevel) in isolation. Expectations from the npm binding.
#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "core/error.h"
#include "core/json.h"
#include "core/utf8.h"
#include "models/bpe.h"
#include "models/model.h"
#include "models/unigram.h"
#include "models/wordlevel.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

// Tokens of `word` as "value@start-end" strings (hand-written cases).
std::vector<std::string> run(const models::Model& m, std::string_view word) {
  std::vector<Token> out;
  m.tokenize(word, out);
  std::vector<std::string> r;
  for (const Token& t : out) r.push_back(t.value + "#" + std::to_string(t.id) + "@" + std::to_string(t.start) + "-" + std::to_string(t.end));
  return r;
}

std::unique_ptr<models::Model> model(const char* json) {
  return models::from_json(Json::parse(json), JsonPath("tokenizer.json", "model"));
}

// Message of the wasmpipe::Error the call throws ("" when it does not throw).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ModelsWordLevel, WholeWordOrUnk) {
  auto m = model(R"({"type":"WordLevel","vocab":{"hello":0,"<unk>":1,")" "w\xC3\xB6rld" R"(":2},"unk_token":"<unk>"})");
  EXPECT_EQ(m->type(), "WordLevel");
  EXPECT_EQ(run(*m, "hello"), (std::vector<std::string>{"hello#0@0-5"}));
  EXPECT_EQ(run(*m, "w\xC3\xB6rld"), (std::vector<std::string>{"w\xC3\xB6rld#2@0-6"}));
  EXPECT_EQ(run(*m, "hell"), (std::vector<std::string>{"<unk>#1@0-4"}));
  EXPECT_TRUE(run(*m, "").empty());  // the binding yields no token for an empty input
  EXPECT_EQ(m->token_to_id("hello"), 0);
  EXPECT_EQ(m->id_to_token(2), "w\xC3\xB6rld");
}

TEST(ModelsWordLevel, Errors) {
  auto m = model(R"({"type":"WordLevel","vocab":{"a":0},"unk_token":"<unk>"})");
  EXPECT_NE(error_of([&] { run(*m, "b"); }).find("<unk>"), std::string::npos);
  // Rust's deserializer requires unk_token.
  EXPECT_NE(error_of([&] { model(R"({"type":"WordLevel","vocab":{"a":0}})"); }).find("model.unk_token"), std::string::npos);
}

TEST(ModelsWordLevel, OldFormatWithoutType) {
  // A vocab object and nothing WordPiece-specific.
  auto m = model(R"({"vocab":{"a":0,"[UNK]":1},"unk_token":"[UNK]"})");
  EXPECT_EQ(m->type(), "WordLevel");
  EXPECT_EQ(run(*m, "zz"), (std::vector<std::string>{"[UNK]#1@0-2"}));
}

}  // namespace
}  // namespace wasmpipe
