// tokenizer.json "pre_tokenizer" objects -> PreTokenizer. New pre-tokenizer types register here.
#include "pre_tokenizers/bert_pre_tokenizer.h"
#include "pre_tokenizers/byte_level.h"
#include "pre_tokenizers/char_delimiter_split.h"
#include "pre_tokenizers/digits.h"
#include "pre_tokenizers/fixed_length.h"
#include "pre_tokenizers/metaspace.h"
#include "pre_tokenizers/pre_tokenizer.h"
#include "pre_tokenizers/punctuation.h"
#include "pre_tokenizers/sequence.h"
#include "pre_tokenizers/split.h"
#include "pre_tokenizers/unicode_scripts.h"
#include "pre_tokenizers/whitespace.h"

namespace wasmpipe::pre_tokenizers {

std::unique_ptr<PreTokenizer> from_json(const Json& j, const JsonPath& at) {
  const std::string type = component_type(j, at);
  if (type == "BertPreTokenizer") return std::make_unique<BertPreTokenizer>();
  if (type == "ByteLevel") return ByteLevel::from_json(j, at);
  if (type == "Split") return SplitPreTokenizer::from_json(j, at);
  if (type == "Whitespace") return std::make_unique<Whitespace>();
  if (type == "WhitespaceSplit") return std::make_unique<WhitespaceSplit>();
  if (type == "Punctuation") return Punctuation::from_json(j, at);
  if (type == "Digits") return Digits::from_json(j, at);
  if (type == "CharDelimiterSplit") return CharDelimiterSplit::from_json(j, at);
  if (type == "Metaspace") return Metaspace::from_json(j, at);
  if (type == "FixedLength") return FixedLength::from_json(j, at);
  if (type == "UnicodeScripts") return std::make_unique<UnicodeScripts>();
  if (type == "Sequence") return Sequence::from_json(j, at);
  throw_unsupported_component(at, "pre_tokenizer", type);
}

}  // namespace wasmpipe::pre_tokenizers
