// The batched load paths (Vocab::insert_many / find_many, MergeMap's counting sort, BPE merges read
// straight to ids) give what the one-at-a-time paths give, including duplicate keys, duplicate
// merges, missing tokens and ids too sparse for the dense tables. Whole files are compared with
// HF Rust tokenizers by the conformance tests; these pin the edge cases the fixtures lack.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "models/bpe.h"
#include "models/merge_map.h"
#include "models/vocab.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe::models {
namespace {

std::vector<std::string> random_tokens(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::string t(1 + rng() % 12, 'a');
    for (char& c : t) c = static_cast<char>('a' + rng() % 6);  // small alphabet: many duplicates
    out.push_back(t);
  }
  return out;
}

TEST(VocabBatched, InsertManyAndFindManyEqualOneAtATime) {
  const auto tokens = random_tokens(5000, 7);
  std::vector<std::string_view> views(tokens.begin(), tokens.end());
  std::vector<int32_t> ids;
  for (size_t i = 0; i < tokens.size(); ++i) ids.push_back(static_cast<int32_t>(i % 3 == 0 ? i * 1000 : i));
  Vocab one, many;
  for (size_t i = 0; i < tokens.size(); ++i) one.insert(views[i], ids[i]);
  many.insert_many(views.data(), ids.data(), views.size());
  ASSERT_EQ(one.size(), many.size());
  const auto probes = random_tokens(3000, 8);  // present and absent keys
  std::vector<std::string_view> pv(probes.begin(), probes.end());
  std::vector<int32_t> found(pv.size());
  many.find_many(pv.data(), pv.size(), found.data());
  for (size_t i = 0; i < pv.size(); ++i) {
    EXPECT_EQ(found[i], one.find(pv[i])) << pv[i];
    EXPECT_EQ(many.find(pv[i]), one.find(pv[i])) << pv[i];
  }
  for (int32_t id : ids) EXPECT_EQ(many.token(id), one.token(id)) << id;
  EXPECT_EQ(many.max_id(), one.max_id());
}

TEST(MergeMapBuild, LaterDuplicateWinsDenseAndSparse) {
  for (int32_t scale : {1, 1 << 22}) {  // dense offsets, then ids far sparser than the merges
    std::vector<MergeMap::Merge> merges;
    std::mt19937 rng(scale);
    for (uint32_t rank = 0; rank < 4000; ++rank) {
      const int32_t a = static_cast<int32_t>(rng() % 50) * scale, b = static_cast<int32_t>(rng() % 50) * scale;
      merges.push_back({a, b, {rank, static_cast<int32_t>(rank)}});
    }
    std::map<std::pair<int32_t, int32_t>, MergeMap::Value> expected;  // later rank wins, as Rust's collect
    for (const auto& m : merges) expected[{m.left, m.right}] = m.value;
    const MergeMap map(merges, 50 * scale);
    EXPECT_EQ(map.size(), expected.size());
    for (const auto& [pair, v] : expected) {
      const MergeMap::Value* got = map.find(pair.first, pair.second);
      ASSERT_NE(got, nullptr);
      EXPECT_EQ(got->rank, v.rank);
      EXPECT_EQ(got->id, v.id);
    }
    EXPECT_EQ(map.find(scale * 51, 0), nullptr);
  }
}

// tokenizer.json's merges read straight to ids (escapes, a duplicate merge) tokenize like a BPE
// built from the same merges as strings; errors keep their text and precedence.
TEST(BpeRawMerges, EqualMergeListConstructorAndErrors) {
  const std::string vocab = R"({"a":0,"b":1,"c":2,"ab":3,"abc":4,"bc":5,"\u00e9":6,"a\u00e9":7})";
  const std::string json = R"({"model":{"type":"BPE","vocab":)" + vocab +
                           R"(,"merges":["a b","ab c","b c","a \u00e9","a b"]}})";
  const Tokenizer t = Tokenizer::from_json(json);
  for (const char* text : {"abc", "abcabc", "bca", "aé", "cab"}) {
    Vocab v;
    ASSERT_TRUE(vocab_from_raw_json(vocab, v));
    const BPE ref(std::move(v), BPE::MergeList{{"a", "b"}, {"ab", "c"}, {"b", "c"}, {"a", "é"}, {"a", "b"}}, {});
    std::vector<Token> want;
    ref.tokenize(text, want);
    std::vector<int32_t> want_ids;
    for (const Token& tok : want) want_ids.push_back(tok.id);
    EXPECT_EQ(t.encode(text, false).ids, want_ids) << text;
  }
  // The first missing token names its merge, after the whole list was checked for form.
  try {
    Tokenizer::from_json(R"({"model":{"type":"BPE","vocab":{"a":0,"b":1},"merges":["a b","a a"]}})");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "tokenizer.json: model: BPE: merge 0 makes 'ab', which is not in the vocabulary");
  }
  try {
    Tokenizer::from_json(R"({"model":{"type":"BPE","vocab":{"a":0,"b":1},"merges":["a x", 3]}})");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("model.merges[1] must be a string"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace wasmpipe::models
