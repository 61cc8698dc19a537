// tokenizer.json "normalizer" objects -> Normalizer. New normalizer types register here.
#include "normalizers/bert_normalizer.h"
#include "normalizers/normalizer.h"
#include "normalizers/sequence.h"

namespace wasmpipe::normalizers {

std::unique_ptr<Normalizer> from_json(const Json& j, const JsonPath& at) {
  const std::string type = component_type(j, at);
  if (type == "BertNormalizer") return BertNormalizer::from_json(j, at);
  if (type == "Sequence") return Sequence::from_json(j, at);
  throw_unsupported_component(at, "normalizer", type);
}

}  // namespace wasmpipe::normalizers
