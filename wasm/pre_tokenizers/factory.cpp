// tokenizer.json "pre_tokenizer" objects -> PreTokenizer. New pre-tokenizer types register here.
#include "pre_tokenizers/bert_pre_tokenizer.h"
#include "pre_tokenizers/pre_tokenizer.h"
#include "pre_tokenizers/sequence.h"

namespace wasmpipe::pre_tokenizers {

std::unique_ptr<PreTokenizer> from_json(const Json& j, const JsonPath& at) {
  const std::string type = component_type(j, at);
  if (type == "BertPreTokenizer") return std::make_unique<BertPreTokenizer>();
  if (type == "Sequence") return Sequence::from_json(j, at);
  throw_unsupported_component(at, "pre_tokenizer", type);
}

}  // namespace wasmpipe::pre_tokenizers
