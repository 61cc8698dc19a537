#include "normalizers/byte_level.h"

#include "pre_tokenizers/byte_level.h"

namespace wasmpipe::normalizers {

void ByteLevel::normalize(NormalizedString& s) const {
  if (!s.empty()) pre_tokenizers::to_byte_level(s);
}

}  // namespace wasmpipe::normalizers
