// Hand-made SentencePiece models for comparisons with the library: <unk> (id 0), then `pieces`,
// with a normalizer that leaves the text as it is (no rules, dummy prefix or whitespace handling).
#pragma once
#include <sentencepiece_model.pb.h>

#include <string>
#include <tuple>
#include <vector>

namespace wasmpipe::test {

inline ::sentencepiece::ModelProto spm_model(
    ::sentencepiece::TrainerSpec::ModelType type,
    const std::vector<std::tuple<std::string, float, ::sentencepiece::ModelProto::SentencePiece::Type>>& pieces) {
  ::sentencepiece::ModelProto proto;
  auto* unk = proto.add_pieces();
  unk->set_piece("<unk>");
  unk->set_type(::sentencepiece::ModelProto_SentencePiece_Type_UNKNOWN);
  for (const auto& [text, score, piece_type] : pieces) {
    auto* p = proto.add_pieces();
    p->set_piece(text);
    p->set_score(score);
    p->set_type(piece_type);
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
  normalizer->set_remove_extra_whitespaces(false);
  normalizer->set_escape_whitespaces(false);
  return proto;
}

}  // namespace wasmpipe::test
