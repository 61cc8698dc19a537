// Tokenizer::from_vocab_txt: a BERT tokenizer from vocab.txt + tokenizer_config.json, built the
// way transformers converts a slow BertTokenizer to BertTokenizerFast (BertConverter):
//   BertNormalizer(clean_text, handle_chinese_chars = tokenize_chinese_chars, strip_accents,
//   lowercase = do_lower_case), BertPreTokenizer, WordPiece(unk, "##", 100),
//   TemplateProcessing "[CLS]:0 $A:0 [SEP]:0" / "... $B:1 [SEP]:1", WordPiece decoder, and the
//   special tokens added as (non-normalized) special added tokens.
#include "core/error.h"
#include "core/utf8.h"
#include "decoders/wordpiece.h"
#include "models/wordpiece.h"
#include "normalizers/bert_normalizer.h"
#include "post_processors/template_processing.h"
#include "pre_tokenizers/bert_pre_tokenizer.h"
#include "tokenizer/tokenizer_impl.h"

namespace wasmpipe {

Tokenizer Tokenizer::from_vocab_txt(std::string_view vocab_txt, std::string_view tokenizer_config_json) {
  utf8::validate(vocab_txt, "vocab.txt");
  auto impl = std::make_unique<Impl>();
  impl->config = TokenizerConfig::parse(tokenizer_config_json);
  TokenizerConfig& config = impl->config;

  // transformers' load_vocab: one token per line (only "\n" is stripped), later duplicates win.
  models::Vocab vocab;
  vocab.reserve(vocab_txt.size() / 6 + 16);
  int32_t index = 0;
  size_t pos = 0;
  while (pos < vocab_txt.size()) {
    size_t nl = vocab_txt.find('\n', pos);
    if (nl == std::string_view::npos) nl = vocab_txt.size();
    vocab.insert(vocab_txt.substr(pos, nl - pos), index++);
    pos = nl + 1;
  }
  if (vocab.size() == 0) throw Error(ErrorCode::InvalidFile, "vocab.txt is empty");

  // BertTokenizer's defaults for the special tokens the config does not mention.
  static const std::pair<const char*, const char*> kDefaults[] = {
      {"unk_token", "[UNK]"}, {"sep_token", "[SEP]"}, {"pad_token", "[PAD]"}, {"cls_token", "[CLS]"}, {"mask_token", "[MASK]"}};
  for (const auto& [name, content] : kDefaults) {
    if (!config.special_tokens.count(name)) {
      AddedToken t;
      t.content = content;
      t.special = true;
      t.normalized = false;
      config.special_tokens[name] = t;
    }
  }
  auto special_content = [&](const char* name) -> std::string {
    auto it = config.special_tokens.find(name);
    if (it == config.special_tokens.end() || !it->second)
      throw Error(ErrorCode::InvalidFile, std::string("tokenizer_config.json: ") + name + " is null, a BERT tokenizer needs one");
    return it->second->content;
  };
  const std::string unk = special_content("unk_token");
  const std::string cls = special_content("cls_token");
  const std::string sep = special_content("sep_token");

  normalizers::BertNormalizer::Options opts;
  opts.clean_text = true;
  opts.handle_chinese_chars = config.tokenize_chinese_chars.value_or(true);
  opts.strip_accents = config.strip_accents;
  opts.lowercase = config.do_lower_case.value_or(true);
  impl->normalizer = std::make_unique<normalizers::BertNormalizer>(opts);
  impl->pre_tokenizer = std::make_unique<pre_tokenizers::BertPreTokenizer>();
  impl->model = std::make_unique<models::WordPiece>(std::move(vocab), unk, "##", 100);
  impl->decoder = std::make_unique<decoders::WordPiece>("##", true);

  // Added tokens: added_tokens_decoder (by id), then the special token attributes not yet there.
  std::vector<AddedToken> to_add;
  auto seen = [&](const std::string& c) {
    for (const auto& t : to_add)
      if (t.content == c) return true;
    return false;
  };
  for (const auto& [id, t] : config.added_tokens_decoder) {
    AddedToken a = t;
    if (!a.special) {
      for (const auto& [name, st] : config.special_tokens)
        if (st && st->content == a.content) a.special = true;
    }
    to_add.push_back(std::move(a));
  }
  for (const char* name : TokenizerConfig::kSpecialNames) {
    auto it = config.special_tokens.find(name);
    if (it == config.special_tokens.end() || !it->second || seen(it->second->content)) continue;
    to_add.push_back(*it->second);
  }
  for (const AddedToken& t : config.additional_special_tokens)
    if (!seen(t.content)) to_add.push_back(t);
  impl->added.add_tokens(to_add, *impl->model, impl->normalizer.get());

  auto id_of = [&](const std::string& token) -> int32_t {
    auto id = impl->added.token_to_id(token, *impl->model);
    if (!id) throw Error(ErrorCode::InvalidFile, "vocab.txt: special token '" + token + "' has no id");
    return *id;
  };
  using TP = post_processors::TemplateProcessing;
  std::map<std::string, TP::SpecialToken> specials;
  specials[cls] = TP::SpecialToken{{id_of(cls)}, {cls}};
  specials[sep] = TP::SpecialToken{{id_of(sep)}, {sep}};
  std::vector<TP::Piece> single = {{false, false, cls, 0}, {true, false, "", 0}, {false, false, sep, 0}};
  std::vector<TP::Piece> pair = {{false, false, cls, 0}, {true, false, "", 0}, {false, false, sep, 0},
                                 {true, true, "", 1},    {false, false, sep, 1}};
  impl->post_processor = std::make_unique<TP>(std::move(single), std::move(pair), std::move(specials));
  impl->derive_default_special_tokens();
  return Tokenizer(std::move(impl));
}

}  // namespace wasmpipe
