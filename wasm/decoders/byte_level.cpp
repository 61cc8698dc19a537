#include "decoders/byte_level.h"

#include "core/byte_level.h"
#include "pre_tokenizers/split_behavior.h"

namespace wasmpipe::decoders {

void ByteLevel::decode_chain(std::vector<std::string>& tokens) const {
  std::string bytes;
  for (const std::string& t : tokens) {
    const size_t before = bytes.size();
    if (!byte_level::decode(t, bytes)) {
      bytes.resize(before);
      bytes += t;
    }
  }
  tokens.assign(1, byte_level::utf8_lossy(bytes));
}

std::unique_ptr<ByteLevel> ByteLevel::from_json(const Json& j, const JsonPath& at) {
  // Rust deserializes the same struct as the pre-tokenizer: these two fields are required.
  pre_tokenizers::require_bool(j, "add_prefix_space", at);
  pre_tokenizers::require_bool(j, "trim_offsets", at);
  optional_bool(j, "use_regex", at, true);
  return std::make_unique<ByteLevel>();
}

}  // namespace wasmpipe::decoders
