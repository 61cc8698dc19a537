// tokenizer.json "decoder" objects -> Decoder. New decoder types register here.
#include "decoders/decoder.h"
#include "decoders/byte_level.h"
#include "decoders/sequence.h"
#include "decoders/simple.h"
#include "decoders/wordpiece.h"

namespace wasmpipe::decoders {

std::unique_ptr<Decoder> from_json(const Json& j, const JsonPath& at) {
  const std::string type = component_type(j, at);
  if (type == "WordPiece") return WordPiece::from_json(j, at);
  if (type == "Sequence") return Sequence::from_json(j, at);
  if (type == "ByteLevel") return ByteLevel::from_json(j, at);
  if (type == "BPEDecoder") return BPEDecoder::from_json(j, at);
  if (type == "Metaspace") return Metaspace::from_json(j, at);
  if (type == "CTC") return CTC::from_json(j, at);
  if (type == "Replace") return Replace::from_json(j, at);
  if (type == "Fuse") return std::make_unique<Fuse>();
  if (type == "Strip") return Strip::from_json(j, at);
  if (type == "ByteFallback") return std::make_unique<ByteFallback>();
  throw_unsupported_component(at, "decoder", type);
}

}  // namespace wasmpipe::decoders
