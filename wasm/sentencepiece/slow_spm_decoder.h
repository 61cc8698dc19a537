// MarianTokenizer.convert_tokens_to_string: runs of ordinary tokens are decoded by the target
// SentencePiece model (its DecodePieces: control pieces vanish, pieces it does not know are kept
// as they are, the first "▁" of the text is dropped, "▁" becomes " "), each special token is
// appended followed by " ", then every remaining "▁" becomes " " and the result is stripped.
#pragma once
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "decoders/decoder.h"
#include "sentencepiece/model_proto.h"

namespace wasmpipe::sentencepiece {

class MarianDecoder final : public decoders::Decoder {
 public:
  MarianDecoder(const ModelProto& target, std::unordered_set<std::string> special_tokens);
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  std::string decode_pieces(const std::vector<std::string>& pieces, size_t begin, size_t end) const;

  std::unordered_map<std::string, PieceType> pieces_;  // a later duplicate wins, like spm
  std::unordered_set<std::string> special_;
  std::string unk_piece_, unk_surface_;
  bool consume_bos_space_, remove_extra_whitespaces_;
};

}  // namespace wasmpipe::sentencepiece
