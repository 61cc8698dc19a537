// ByteLevel decoder (Rust: decoders::byte_level::ByteLevel): maps the chars of every token back to
// their bytes (a token with a char outside the byte-level alphabet keeps its own UTF-8 bytes),
// joins everything and decodes it as UTF-8, lossily (one token comes out).
#pragma once
#include "decoders/decoder.h"

namespace wasmpipe::decoders {

class ByteLevel final : public Decoder {
 public:
  void decode_chain(std::vector<std::string>& tokens) const override;
  static std::unique_ptr<ByteLevel> from_json(const Json& j, const JsonPath& at);
};

}  // namespace wasmpipe::decoders
