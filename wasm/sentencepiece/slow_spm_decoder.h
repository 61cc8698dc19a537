// The decode of transformers' slow SentencePiece + vocab.json tokenizers (MarianTokenizer,
// M2M100Tokenizer). PreTrainedTokenizer._decode first sets "legacy added" tokens apart (added
// tokens that are not special, and additional special tokens whose id is past vocab.json: M2M100's
// listed language codes), converts the runs between them and joins all with " ". The class's
// convert_tokens_to_string decodes runs of ordinary tokens with the SentencePiece model (its
// DecodePieces: control pieces vanish, pieces it does not know are kept as they are, the first
// "▁" of the text is dropped, "▁" becomes " ") and appends each special token as it is: Marian
// follows it with " " and then turns every remaining "▁" into " "; both strip the result.
#pragma once
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "decoders/decoder.h"
#include "sentencepiece/model_proto.h"

namespace wasmpipe::sentencepiece {

class SlowSpmDecoder final : public decoders::Decoder {
 public:
  struct Options {
    std::unordered_set<std::string> special_tokens;  // appended as they are
    std::unordered_set<std::string> legacy_added;    // set apart and joined with " "
    bool marian = false;                             // " " after a special token, "▁" -> " " at the end
  };
  SlowSpmDecoder(const ModelProto& model, Options options);
  void decode_chain(std::vector<std::string>& tokens) const override;

 private:
  std::string decode_pieces(const std::vector<std::string>& pieces, size_t begin, size_t end) const;
  std::string convert_tokens_to_string(const std::vector<std::string>& tokens, size_t begin, size_t end) const;

  std::unordered_map<std::string, PieceType> pieces_;  // a later duplicate wins, like spm
  Options options_;
  std::string unk_piece_, unk_surface_;
  bool consume_bos_space_, remove_extra_whitespaces_;
};

}  // namespace wasmpipe::sentencepiece
