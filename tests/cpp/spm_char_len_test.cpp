// SpmBpe and SpmUnigram split characters as SentencePiece's models do (string_util::OneCharLen:
// 0xF8-0xFF lead 4 bytes, 0x80-0xBF 1), against the library's own bpe::Model / unigram::Model
// called on the normalized text directly: the processor's normalizer would turn these bytes into
// U+FFFD first, so only the models themselves can be the oracle here.
#include <gtest/gtest.h>

#include <bpe_model.h>
#include <sentencepiece_model.pb.h>
#include <unigram_model.h>

#include <string>
#include <vector>

#include "sentencepiece/model_proto.h"
#include "sentencepiece/spm_bpe.h"
#include "sentencepiece/spm_unigram.h"

namespace wasmpipe {
namespace {

// <unk> (id 0) and pieces that cover ASCII letters and a few of their merges; no normalization.
::sentencepiece::ModelProto model_of(::sentencepiece::TrainerSpec::ModelType type) {
  ::sentencepiece::ModelProto proto;
  auto* unk = proto.add_pieces();
  unk->set_piece("<unk>");
  unk->set_type(::sentencepiece::ModelProto_SentencePiece_Type_UNKNOWN);
  float score = -1.f;
  for (const char* piece : {"a", "b", "c", "ab", "bc", "abc", "\xC3\xA9"}) {
    auto* p = proto.add_pieces();
    p->set_piece(piece);
    p->set_score(score -= 0.5f);
    p->set_type(::sentencepiece::ModelProto_SentencePiece_Type_NORMAL);
  }
  auto* trainer = proto.mutable_trainer_spec();
  trainer->set_model_type(type);
  trainer->set_unk_id(0);
  trainer->set_bos_id(-1);
  trainer->set_eos_id(-1);
  trainer->set_pad_id(-1);
  auto* normalizer = proto.mutable_normalizer_spec();
  normalizer->set_name("identity");
  normalizer->set_add_dummy_prefix(false);
  return proto;
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
