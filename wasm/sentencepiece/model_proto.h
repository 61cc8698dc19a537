// The parts of SentencePiece's ModelProto (sentencepiece_model.proto) a tokenizer needs, read by
// a small protobuf wire-format reader instead of the library's generated code: the module stays
// small (no protobuf runtime in the wasm build) and has no global descriptor state. The native
// tests check every field against the sentencepiece library's own parse of the same files.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wasmpipe::sentencepiece {

// SentencePiece.Type
enum class PieceType : int32_t { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };
// TrainerSpec.ModelType
enum class ModelType : int32_t { Unigram = 1, Bpe = 2, Word = 3, Char = 4 };

struct Piece {
  std::string piece;
  float score = 0.0f;
  PieceType type = PieceType::Normal;
};

struct ModelProto {
  std::vector<Piece> pieces;
  // TrainerSpec (proto defaults where absent)
  ModelType model_type = ModelType::Unigram;
  bool byte_fallback = false;
  int32_t unk_id = 0;
  int32_t bos_id = 1;
  int32_t eos_id = 2;
  int32_t pad_id = -1;
  std::string unk_piece = "<unk>";
  std::string unk_surface = " \xE2\x81\x87 ";  // " ⁇ ", what decoding shows for <unk>
  bool treat_whitespace_as_suffix = false;
  // NormalizerSpec
  std::string normalizer_name;
  std::string precompiled_charsmap;  // raw bytes (empty: identity)
  bool add_dummy_prefix = true;
  bool remove_extra_whitespaces = true;
  bool escape_whitespaces = true;
  bool has_denormalizer = false;  // a denormalizer_spec with rules (not supported)

  // Parses a .model file. Throws InvalidFile naming `file` when the bytes are not a usable
  // ModelProto (truncated, wrong wire types, no pieces, bad UTF-8, unk_id out of range, ...).
  static ModelProto parse(std::string_view bytes, std::string_view file);
};

}  // namespace wasmpipe::sentencepiece
