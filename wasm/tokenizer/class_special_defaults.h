// The special tokens a transformers tokenizer class gives by default (its __init__ values), for
// the names a tokenizer_config.json leaves out. One table for both routes that need it: the
// vocab.json + merges.txt conversion (the slow class) and tokenizer.json repos whose config names
// no tokenizer_class (AutoTokenizer then builds config.json's model type's fast class).
#pragma once
#include <string>
#include <string_view>

#include "core/json.h"

namespace wasmpipe {

enum class SpecialDefaults {
  RobertaSlow,  // RobertaTokenizer, BartTokenizer, ...: <s> </s> <unk> <pad>, lstrip <mask>
  RobertaFast,  // their fast classes: the same, <mask> not normalized
  EndOfText,    // GPT2Tokenizer(Fast), WhisperTokenizer, GPTNeoXTokenizerFast: <|endoftext|>
  Clip,         // CLIPTokenizer: <|startoftext|> <|endoftext|>
};

// Adds to `tokenizer_config` (an object) each default special token of `kind` it does not
// mention; a name present with null stays null, as in Python.
void add_special_defaults(Json& tokenizer_config, SpecialDefaults kind);

// tokenizer.json repos: `tokenizer_config_json` (may be empty) with the special-token defaults of
// config.json's model type's fast class when it names no tokenizer_class. Checked against
// transformers 4.57 (tests/fixtures/review/special_defaults_refs.py): roberta, bart, longformer,
// xlm-roberta, gpt2, gpt_neox (and their model_input_names: input_ids, attention_mask); other types (and an empty config.json) leave the config as it is
// (BERT's WordPiece defaults are derived from the model). Returns the config's JSON text (the
// given text itself when nothing applies).
std::string with_fast_class_special_defaults(std::string_view tokenizer_config_json, std::string_view config_json);

}  // namespace wasmpipe
