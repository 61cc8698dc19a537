// SpmBpe and SpmUnigram split characters as SentencePiece's models do (string_util::OneCharLen:
// 0xF8-0xFF lead 4 bytes, 0x80-0xBF 1), against the library's own bpe::Model / unigram::Model
// called on the normalized text directly: the processor's normalizer would turn these bytes into
// U+FFFD first, so only the models themselves can be the oracle here.
#include <gtest/gtest.h>

#include <bpe_model.h>
#include <unigram_model.h>

#include <string>
#include <vector>

#include "sentencepiece/model_proto.h"
#include "sentencepiece/spm_bpe.h"
#include "sentencepiece/spm_unigram.h"
#include "spm_test_model.h"

namespace wasmpipe {
namespace {

// Pieces that cover ASCII letters, a few of their merges and one 2-byte character.
::sentencepiece::ModelProto model_of(::sentencepiece::TrainerSpec::ModelType type) {
  constexpr auto kNormal = ::sentencepiece::ModelProto_SentencePiece_Type_NORMAL;
  return test::spm_model(type, {{"a", -1.5f, kNormal}, {"b", -2.f, kNormal}, {"c", -2.5f, kNormal}, {"ab", -3.f, kNormal},
                                {"bc", -3.5f, kNormal}, {"abc", -4.f, kNormal}, {"\xC3\xA9", -4.5f, kNormal}});
}

// The library model's [begin, end) byte ranges and ids, with runs of <unk> joined as
// SentencePieceProcessor::Encode joins them (sentencepiece_processor.cc, is_prev_unk).
template <class LibModel>
std::vector<std::vector<size_t>> library_pieces(const ::sentencepiece::ModelProto& proto, const std::string& text) {
  const LibModel model(proto);
  EXPECT_TRUE(model.status().ok());
  std::vector<std::vector<size_t>> out;
  size_t at = 0;
  for (const auto& [piece, id] : model.Encode(text)) {
    if (!out.empty() && id == 0 && out.back()[2] == 0) {
      out.back()[1] = at + piece.size();
    } else {
      out.push_back({at, at + piece.size(), static_cast<size_t>(id)});
    }
    at += piece.size();
  }
  return out;
}

std::vector<std::vector<size_t>> our_pieces(const sentencepiece::SpmSegmenter& ours, const std::string& text) {
  std::vector<Token> tokens;
  ours.encode(text, tokens);
  std::vector<std::vector<size_t>> out;
  for (const auto& t : tokens) out.push_back({t.start, t.end, static_cast<size_t>(t.id)});
  return out;
}

const std::vector<std::string> kTexts = {
    "\xF8" "abc",  "ab\xF9" "cab", "abc\xFF" "a", "a\xFC",         "\xFE" "\xF8" "abcab",
    "\x80" "abc",  "\xC3\xA9" "ab", "\xE2\x82" "a", "\xF0\x9F\x98\x80" "bc", "\xC0" "a",
};

TEST(SpmCharLen, BpeSplitsLikeTheLibraryModel) {
  const auto proto = model_of(::sentencepiece::TrainerSpec::BPE);
  const sentencepiece::SpmBpe ours(sentencepiece::ModelProto::parse(proto.SerializeAsString(), "model"));
  for (const auto& text : kTexts) {
    EXPECT_EQ(our_pieces(ours, text), library_pieces<::sentencepiece::bpe::Model>(proto, text)) << testing::PrintToString(text);
  }
}

TEST(SpmCharLen, UnigramSplitsLikeTheLibraryModel) {
  const auto proto = model_of(::sentencepiece::TrainerSpec::UNIGRAM);
  const sentencepiece::SpmUnigram ours(sentencepiece::ModelProto::parse(proto.SerializeAsString(), "model"));
  for (const auto& text : kTexts) {
    EXPECT_EQ(our_pieces(ours, text), library_pieces<::sentencepiece::unigram::Model>(proto, text))
        << testing::PrintToString(text);
  }
}

}  // namespace
}  // namespace wasmpipe
