// tokenizer.json "normalizer" objects -> Normalizer. New normalizer types register here.
#include "normalizers/bert_normalizer.h"
#include "normalizers/byte_level.h"
#include "normalizers/normalizer.h"
#include "normalizers/sequence.h"
#include "normalizers/precompiled.h"
#include "normalizers/replace.h"
#include "normalizers/simple.h"
#include "normalizers/unicode_forms.h"

namespace wasmpipe::normalizers {

std::unique_ptr<Normalizer> from_json(const Json& j, const JsonPath& at) {
  const std::string type = component_type(j, at);
  if (type == "BertNormalizer") return BertNormalizer::from_json(j, at);
  if (type == "Sequence") return Sequence::from_json(j, at);
  if (type == "ByteLevel") return std::make_unique<ByteLevel>();
  if (type == "NFC") return std::make_unique<UnicodeNormalizer>(UnicodeForm::NFC);
  if (type == "NFD") return std::make_unique<UnicodeNormalizer>(UnicodeForm::NFD);
  if (type == "NFKC") return std::make_unique<UnicodeNormalizer>(UnicodeForm::NFKC);
  if (type == "NFKD") return std::make_unique<UnicodeNormalizer>(UnicodeForm::NFKD);
  if (type == "Lowercase") return std::make_unique<Lowercase>();
  if (type == "Strip") return Strip::from_json(j, at);
  if (type == "StripAccents") return std::make_unique<StripAccents>();
  if (type == "Replace") return Replace::from_json(j, at);
  if (type == "Prepend") return Prepend::from_json(j, at);
  if (type == "Nmt") return std::make_unique<Nmt>();
  if (type == "Precompiled") return Precompiled::from_json(j, at);
  throw_unsupported_component(at, "normalizer", type);
}

}  // namespace wasmpipe::normalizers
