#include "pre_tokenizers/fixed_length.h"

#include "core/utf8.h"

namespace wasmpipe::pre_tokenizers {

void FixedLength::pre_tokenize(PreTokenizedString& pts) const {
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    const std::string& t = s.get();
    size_t start = 0, i = 0, n = 0;
    while (i < t.size()) {
      i += utf8::sequence_length(static_cast<unsigned char>(t[i]));
      if (++n == length_) {
        out.push_back(Split{s.slice(start, std::min(i, t.size())), std::nullopt});
        start = i;
        n = 0;
      }
    }
    if (start < t.size()) out.push_back(Split{s.slice(start, t.size()), std::nullopt});
  });
}

std::unique_ptr<FixedLength> FixedLength::from_json(const Json& j, const JsonPath& at) {
  const uint64_t length = optional_uint(j, "length", at, 5);
  if (length == 0) (at / "length").fail("must be at least 1");
  return std::make_unique<FixedLength>(length);
}

}  // namespace wasmpipe::pre_tokenizers
