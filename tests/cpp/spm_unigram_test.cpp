// SpmUnigram against the sentencepiece library (Debian's source) on hand-made models whose
// near-ties depend on how spm rounds: the corpus comparisons (sentencepiece_test.cpp) use trained
// models, where such ties do not occur.
#include <gtest/gtest.h>

#include <sentencepiece_model.pb.h>
#include <sentencepiece_processor.h>

#include <string>
#include <tuple>
#include <vector>

#include "sentencepiece/model_proto.h"
#include "sentencepiece/spm_unigram.h"
#include "spm_test_model.h"

namespace wasmpipe {
namespace {

using SpmPiece = ::sentencepiece::ModelProto::SentencePiece;
// The enumerators, not SpmPiece::NORMAL...: those are static members that the library defines
// out of line, which an unoptimized (ASan) build of a braced list would define a second time.
constexpr SpmPiece::Type kNormal = ::sentencepiece::ModelProto_SentencePiece_Type_NORMAL;
constexpr SpmPiece::Type kUserDefined = ::sentencepiece::ModelProto_SentencePiece_Type_USER_DEFINED;

// A unigram model of `pieces` (after <unk>, id 0) that leaves the text as it is, serialized.
std::string unigram_model(const std::vector<std::tuple<std::string, float, SpmPiece::Type>>& pieces) {
  return test::spm_model(::sentencepiece::TrainerSpec::UNIGRAM, pieces).SerializeAsString();
}

std::vector<int> spm_ids(const std::string& model, const std::string& text) {
  ::sentencepiece::SentencePieceProcessor sp;
  EXPECT_TRUE(sp.LoadFromSerializedProto(model).ok());
  std::vector<int> ids;
  EXPECT_TRUE(sp.Encode(text, &ids).ok());
  return ids;
}

std::vector<int> our_ids(const std::string& model, const std::string& text) {
  const sentencepiece::SpmUnigram ours(sentencepiece::ModelProto::parse(model, "model"));
  std::vector<Token> tokens;
  ours.encode(text, tokens);
  std::vector<int> ids;
  for (const auto& t : tokens) ids.push_back(t.id);
  return ids;
}

// A user-defined piece scores length * max_score - 0.1, the product in float (size_t * float),
// the difference in double; max_score starts at FLT_MIN, so only a model with a positive score
// (not a trained one) makes the rounding count. Here (max_score 0.7) the bonus of "xyz" is
// 1.9999999 as a float, 2.0 with the product in double, and the path "x" + "y" + "z" (0.7 + 0.7 +
// 0.6 = 2.0) beats the first and not the second: spm takes the three pieces.
TEST(SpmUnigram, UserDefinedBonusRoundsLikeSentencePiece) {
  const std::string model = unigram_model({{"x", 0.7f, kNormal},
                                           {"y", 0.7f, kNormal},
                                           {"z", 0.6f, kNormal},
                                           {"xyz", 0.0f, kUserDefined}});
  for (const std::string text : {"xyz", "zxyz", "xyzxy"}) {
    SCOPED_TRACE(text);
    const std::vector<int> want = spm_ids(model, text);
    EXPECT_EQ(our_ids(model, text), want);
  }
  EXPECT_EQ(spm_ids(model, "xyz"), (std::vector<int>{1, 2, 3}));  // the near-tie this test is about
}

}  // namespace
}  // namespace wasmpipe
