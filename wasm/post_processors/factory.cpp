// tokenizer.json "post_processor" objects -> PostProcessor. New types register here.
#include "post_processors/bert_processing.h"
#include "post_processors/byte_level.h"
#include "post_processors/post_processor.h"
#include "post_processors/roberta_processing.h"
#include "post_processors/sequence.h"
#include "post_processors/template_processing.h"

namespace wasmpipe::post_processors {

std::unique_ptr<PostProcessor> from_json(const Json& j, const JsonPath& at) {
  const std::string type = component_type(j, at);
  if (type == "TemplateProcessing") return TemplateProcessing::from_json(j, at);
  if (type == "BertProcessing") return BertProcessing::from_json(j, at);
  if (type == "RobertaProcessing") return RobertaProcessing::from_json(j, at);
  if (type == "Sequence") return Sequence::from_json(j, at);
  if (type == "ByteLevel") return ByteLevel::from_json(j, at);
  throw_unsupported_component(at, "post_processor", type);
}

}  // namespace wasmpipe::post_processors
