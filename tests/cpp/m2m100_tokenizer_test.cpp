// M2M100Tokenizer from sentencepiece.bpe.model + vocab.json (Tokenizer::from_m2m100) and the
// SentencePiece BPE segmentation under it (SpmBpe), against independent oracles:
//  - the sentencepiece library (Debian's source): SpmBpe's pieces (ids, texts, offsets) equal its
//    processor's on every corpus paragraph, for the fixture's BPE model as trained and for a copy
//    with some pieces made UNUSED (spm splits a merge result that is unused back into its parts,
//    here at the place where it was merged) and two user-defined pieces (matched whole, never
//    merged);
//  - Python transformers 4.57's M2M100Tokenizer (tests/fixtures/expected/m2m100-tokenizer.json,
//    tests/fixtures/generate_m2m.py): ids with the src_lang prefix, decode.
// The full comparison with Python (all cases, tokens, both config variants) is in
// tests/js/m2m100-tokenizer.test.js; this one keeps the native build honest.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <tuple>
#include <nlohmann/json.hpp>
#include <sentencepiece_model.pb.h>
#include <sentencepiece.pb.h>
#include <sentencepiece_processor.h>

#include "core/error.h"
#include "sentencepiece/model_proto.h"
#include "sentencepiece/spm_bpe.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

namespace fs = std::filesystem;

const fs::path kRepo =
    fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "models" / "wasmpipe-test" / "tiny-m2m100-tokenizer";
const fs::path kExpected = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "expected" / "m2m100-tokenizer.json";

#define REQUIRE_CORPUS()                            \
  if (!fs::exists(test::fixtures_dir() / "corpus")) \
  WASMPIPE_SKIP_OR_FAIL("shared corpus not found under " << test::fixtures_dir())

// SpmBpe on spm's normalized text vs the processor on the raw text, paragraph by paragraph: ids,
// piece texts and offsets.
void expect_same_as_processor(const std::string& model_bytes, const std::vector<std::string>& paragraphs) {
  ::sentencepiece::SentencePieceProcessor sp;
  ASSERT_TRUE(sp.LoadFromSerializedProto(model_bytes).ok());
  const sentencepiece::SpmBpe ours(sentencepiece::ModelProto::parse(model_bytes, "model"));
  size_t bad = 0;
  for (const auto& p : paragraphs) {
    // The processor's pieces partition its normalized text.
    ::sentencepiece::SentencePieceText spt;
    ASSERT_TRUE(sp.Encode(p, &spt).ok());
    // Each piece as (id, text, byte range in the normalized text): the range of piece k starts
    // where piece k-1 ends.
    std::vector<std::tuple<int, std::string, uint32_t, uint32_t>> want, got;
    std::string normalized;
    for (const auto& piece : spt.pieces()) {
      const auto at = static_cast<uint32_t>(normalized.size());
      want.emplace_back(static_cast<int>(piece.id()), piece.piece(), at, at + static_cast<uint32_t>(piece.piece().size()));
      normalized += piece.piece();
    }
    std::vector<Token> tokens;
    ours.encode(normalized, tokens);
    for (const auto& t : tokens) got.emplace_back(t.id, t.value, t.start, t.end);
    if (got != want && bad++ < 3) ADD_FAILURE() << "differs on " << p.substr(0, 80);
  }
  EXPECT_EQ(bad, 0u) << "of " << paragraphs.size() << " paragraphs";
}

TEST(SpmBpe, IdsEqualSentencePieceProcessorOnTheCorpus) {
  REQUIRE_CORPUS();
  const std::string bytes = *test::read_file(kRepo / "sentencepiece.bpe.model");
  const auto paragraphs = test::corpus_paragraphs();
  expect_same_as_processor(bytes, paragraphs);

  // Unused pieces and user-defined symbols.
  ::sentencepiece::ModelProto proto;
  ASSERT_TRUE(proto.ParseFromString(bytes));
  int unused = 0;
  for (int i = 0; i < proto.pieces_size(); ++i) {
    auto* p = proto.mutable_pieces(i);
    if (p->type() == ::sentencepiece::ModelProto::SentencePiece::NORMAL && p->piece().size() >= 3 && i % 7 == 0) {
      p->set_type(::sentencepiece::ModelProto::SentencePiece::UNUSED);
      ++unused;
    }
  }
  ASSERT_GT(unused, 10);
  for (const char* u : {"Hugging", "the"}) {
    auto* p = proto.add_pieces();
    p->set_piece(u);
    p->set_score(0);
    p->set_type(::sentencepiece::ModelProto::SentencePiece::USER_DEFINED);
  }
  expect_same_as_processor(proto.SerializeAsString(), paragraphs);
}

TEST(M2M100Tokenizer, EqualsPythonAndRejectsUnknownSourceLanguage) {
  const auto spm = test::read_file(kRepo / "sentencepiece.bpe.model");
  const auto vocab = test::read_file(kRepo / "vocab.json");
  const auto config = test::read_file(kRepo / "tokenizer_config.json");
  const auto expected_text = test::read_file(kExpected);
  ASSERT_TRUE(spm && vocab && config && expected_text);
  const auto expected = nlohmann::json::parse(*expected_text);
  const auto& e = expected.at("unlisted");
  for (const auto& c : e.at("with_special")) {
    auto cfg = nlohmann::json::parse(*config);
    if (!c.at("src_lang").is_null()) cfg["src_lang"] = c.at("src_lang");
    const Tokenizer tok = Tokenizer::from_m2m100(*spm, *vocab, cfg.dump());
    for (size_t i = 0; i < expected.at("texts").size(); ++i) {
      const Encoding enc = tok.encode(expected.at("texts")[i].get<std::string>(), true);
      EXPECT_EQ(std::vector<int32_t>(enc.ids.begin(), enc.ids.end()), c.at("ids")[i].get<std::vector<int32_t>>()) << i;
    }
  }
  const Tokenizer tok = Tokenizer::from_m2m100(*spm, *vocab, *config);
  for (size_t i = 0; i < e.at("decode_ids").size(); ++i) {
    const auto ids = e.at("decode_ids")[i].get<std::vector<int32_t>>();
    EXPECT_EQ(tok.decode(ids, false, false), e.at("decode")[i].get<std::string>());
    EXPECT_EQ(tok.decode(ids, true, false), e.at("decode_skip")[i].get<std::string>());
  }
  auto cfg = nlohmann::json::parse(*config);
  cfg["src_lang"] = "klingon";
  try {
    Tokenizer::from_m2m100(*spm, *vocab, cfg.dump());
    FAIL() << "no error";
  } catch (const Error& err) {
    EXPECT_EQ(err.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(err.what()).find("src_lang 'klingon'"), std::string::npos) << err.what();
    EXPECT_NE(std::string(err.what()).find("valid: af, am, ar"), std::string::npos) << err.what();
  }
}

}  // namespace
}  // namespace wasmpipe
