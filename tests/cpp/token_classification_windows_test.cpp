// merge_window_entities (token-classification `stride`) against Python transformers'
// TokenClassificationPipeline.aggregate_overlapping_entities on hand-made entity lists: equal spans
// with other scores, nested and crossing spans, lengths in code points (not bytes), empty spans
// (Python keeps a leading one twice). Oracle: tests/fixtures/generate_token_options.py.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "pipelines/token_classification.h"

namespace {

const std::filesystem::path kExpected =
    std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures" / "expected" / "token-classification-options.json";

// Byte offset of code point `cp` of `text`.
uint32_t byte_at(const std::string& text, size_t cp) {
  size_t at = 0;
  for (size_t seen = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;
    if (seen++ == cp) return static_cast<uint32_t>(at);
  }
  return static_cast<uint32_t>(at);
}

TEST(TokenClassificationWindows, MergeEqualsPythonAggregateOverlappingEntities) {
  std::ifstream in(kExpected);
  ASSERT_TRUE(in) << kExpected;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const auto ref = nlohmann::json::parse(buffer.str()).at("aggregate_overlapping_entities");
  const std::string text = ref.at("text").get<std::string>();
  size_t kept_total = 0;
  for (const auto& c : ref.at("cases")) {
    std::vector<wasmpipe::TokenEntity> entities;
    for (const auto& e : c.at("entities")) {
      wasmpipe::TokenEntity t;
      t.label = e.at("entity_group").get<std::string>();
      t.score = e.at("score").get<float>();
      t.start = byte_at(text, e.at("start").get<size_t>());
      t.end = byte_at(text, e.at("end").get<size_t>());
      entities.push_back(t);
    }
    std::vector<std::string> got;
    for (const auto& e : wasmpipe::merge_window_entities(entities, text)) got.push_back(e.label);
    EXPECT_EQ(got, c.at("kept").get<std::vector<std::string>>()) << c.at("entities").dump();
    kept_total += got.size();
  }
  EXPECT_GT(kept_total, 10u);
}

}  // namespace
