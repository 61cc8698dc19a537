// A tiny BERT-like tokenizer.json for unit tests (40-token WordPiece vocab, max 10 chars a word).
// Expected values in the tests were checked against Hugging Face's Rust tokenizers (npm binding).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace wasmpipe::test {

inline const char* kTinyTokenizerJson = R"JSON({
  "version": "1.0",
  "truncation": null,
  "padding": null,
  "added_tokens": [
    {"id": 0, "content": "[PAD]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
    {"id": 1, "content": "[UNK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
    {"id": 2, "content": "[CLS]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
    {"id": 3, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
    {"id": 4, "content": "[MASK]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}
  ],
  "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
  "pre_tokenizer": {"type": "BertPreTokenizer"},
  "post_processor": {
    "type": "TemplateProcessing",
    "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
    "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
             {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
    "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [2], "tokens": ["[CLS]"]}, "[SEP]": {"id": "[SEP]", "ids": [3], "tokens": ["[SEP]"]}}
  },
  "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
  "model": {
    "type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 10,
    "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4, "hello": 5, "world": 6, "un": 7, "##aff": 8,
              "##able": 9, "!": 10, ",": 11, ".": 12, "i": 13, "a": 14, "e": 15, "##e": 16, "中": 17, "文": 18, "the": 19,
              "cafe": 20, "##s": 21, "'": 22, "t": 23, "don": 24, "?": 25, "my": 26, "name": 27, "is": 28, "x": 29,
              "##x": 30, "hel": 31, "##lo": 32, "wor": 33, "##ld": 34, "uber": 35, "naive": 36, "i̇": 37, "##i": 38, "s": 39}
  }
})JSON";

// kTinyTokenizerJson with `edit` applied to the parsed document.
template <class Edit>
std::string tiny_with(Edit&& edit) {
  nlohmann::json j = nlohmann::json::parse(kTinyTokenizerJson);
  edit(j);
  return j.dump();
}

}  // namespace wasmpipe::test
