// What the tokenizer takes from tokenizer_config.json (transformers' file): special tokens,
// model_max_length, clean_up_tokenization_spaces and the BERT options used to build a tokenizer
// from vocab.txt.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/added_vocabulary.h"

namespace wasmpipe {

struct TokenizerConfig {
  // The special token attributes, in transformers' order.
  static constexpr const char* kSpecialNames[] = {"bos_token", "eos_token", "unk_token", "sep_token",
                                                  "pad_token", "cls_token", "mask_token"};

  std::optional<size_t> model_max_length;  // nullopt: absent or > 1e15 ("no limit")
  bool clean_up_tokenization_spaces = false;  // absent: false, as transformers 4.57
  std::optional<bool> do_lower_case;
  std::optional<bool> tokenize_chinese_chars;
  std::optional<bool> strip_accents;  // null / absent: follows lowercase
  std::optional<std::string> tokenizer_class;
  std::optional<bool> add_bos_token, add_eos_token;  // absent: the tokenizer class's default
  // name ("pad_token", ...) -> token; a name mapped to nullopt was explicitly null in the file.
  std::map<std::string, std::optional<AddedToken>> special_tokens;
  std::vector<AddedToken> additional_special_tokens;
  // added_tokens_decoder, ascending ids.
  std::vector<std::pair<int32_t, AddedToken>> added_tokens_decoder;

  // Parses tokenizer_config.json; empty text gives the defaults. InvalidFile on malformed input.
  static TokenizerConfig parse(std::string_view json);
};

}  // namespace wasmpipe
