// tokenizer.json "decoder" objects -> Decoder. New decoder types register here.
#include "decoders/decoder.h"
#include "decoders/sequence.h"
#include "decoders/wordpiece.h"

namespace wasmpipe::decoders {

std::unique_ptr<Decoder> from_json(const Json& j, const JsonPath& at) {
  const std::string type = component_type(j, at);
  if (type == "WordPiece") return WordPiece::from_json(j, at);
  if (type == "Sequence") return Sequence::from_json(j, at);
  throw_unsupported_component(at, "decoder", type);
}

}  // namespace wasmpipe::decoders
