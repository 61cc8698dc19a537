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
#include "models_test_util.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

using test::error_of;
using test::model;
using test::run;

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
