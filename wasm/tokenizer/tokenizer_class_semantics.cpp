// What transformers' fast tokenizer classes change on top of tokenizer.json when AutoTokenizer loads
// them (the class is tokenizer_config.json's tokenizer_class, with or without "Fast"):
// - LlamaTokenizerFast and the classes built like it replace the post-processor, from the config's
//   add_bos_token / add_eos_token (update_post_processor): "<bos>:0 $A:0 <eos>:0" for single
//   sequences and "<single> <bos>:1 $B:1 <eos>:1" for pairs, each special token only when enabled.
// - BertTokenizerFast and its copies rebuild a BertNormalizer whose lowercase / strip_accents /
//   handle_chinese_chars differ from the config's do_lower_case (default true) / strip_accents
//   (default null) / tokenize_chinese_chars (default true).
// - CLIPTokenizerFast wraps decode: every end-of-word suffix ("</w>") becomes a space, then the text
//   is stripped (Python str.strip) -- transformers' "ugly hack" for padded decoding.
// Other classes use tokenizer.json as it is.
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/unicode.h"
#include "core/utf8.h"
#include "models/bpe.h"
#include "normalizers/bert_normalizer.h"
#include "post_processors/template_processing.h"
#include "tokenizer/tokenizer_impl.h"

namespace wasmpipe {
namespace {

struct BosEosClass {
  const char* name;
  bool add_bos_default, add_eos_default;
  const char* bos_default;
  const char* eos_default;
};
constexpr BosEosClass kBosEosClasses[] = {
    {"LlamaTokenizer", true, false, "<s>", "</s>"},          {"CodeLlamaTokenizer", true, false, "<s>", "</s>"},
    {"GemmaTokenizer", true, false, "<bos>", "<eos>"},       {"CohereTokenizer", true, false, "<BOS_TOKEN>", "<|END_OF_TURN_TOKEN|>"},
    {"GPTNeoXTokenizer", false, false, "<|endoftext|>", "<|endoftext|>"},
};

constexpr std::string_view kBertClasses[] = {
    "BertTokenizer",     "ConvBertTokenizer", "DistilBertTokenizer", "ElectraTokenizer",    "FunnelTokenizer",
    "LayoutLMTokenizer", "LxmertTokenizer",   "MobileBertTokenizer", "SqueezeBertTokenizer", "RoFormerTokenizer",
};

// Python's str.isspace: White_Space plus the information separators U+001C..U+001F.
bool python_isspace(char32_t c) noexcept { return unicode::is_whitespace(c) || (c >= 0x1C && c <= 0x1F); }

// CLIPTokenizerFast's decode: the inner decoder's text with `suffix` -> ' ', then stripped.
class ClipDecode final : public decoders::Decoder {
 public:
  ClipDecode(std::unique_ptr<decoders::Decoder> inner, std::string suffix) : inner_(std::move(inner)), suffix_(std::move(suffix)) {}
  void decode_chain(std::vector<std::string>& tokens) const override {
    if (inner_) inner_->decode_chain(tokens);
    std::string text;
    for (const auto& t : tokens) text += t;
    if (!suffix_.empty()) {
      std::string replaced;
      for (size_t pos = 0;;) {
        const size_t hit = text.find(suffix_, pos);
        replaced.append(text, pos, hit == std::string::npos ? std::string::npos : hit - pos);
        if (hit == std::string::npos) break;
        replaced += ' ';
        pos = hit + suffix_.size();
      }
      text = std::move(replaced);
    }
    // Strip: find the first and last chars that are not Python whitespace.
    size_t begin = text.size(), end = 0;
    for (size_t i = 0; i < text.size();) {
      const size_t b = i;
      if (!python_isspace(utf8::decode(text, i))) {
        if (begin == text.size()) begin = b;
        end = i;
      }
    }
    tokens.assign(1, begin < end ? text.substr(begin, end - begin) : std::string());
  }

 private:
  std::unique_ptr<decoders::Decoder> inner_;
  std::string suffix_;
};

std::string class_without_fast(const std::optional<std::string>& cls) {
  if (!cls) return {};
  std::string name = *cls;
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "Fast") == 0) name.resize(name.size() - 4);
  return name;
}

}  // namespace

void Tokenizer::Impl::apply_tokenizer_class_semantics() {
  const std::string cls = class_without_fast(config.tokenizer_class);
  if (cls.empty()) return;

  for (const BosEosClass& c : kBosEosClasses) {
    if (cls != c.name) continue;
    const bool add_bos = config.add_bos_token.value_or(c.add_bos_default);
    const bool add_eos = config.add_eos_token.value_or(c.add_eos_default);
    auto token_of = [&](const char* name, const char* fallback) -> std::optional<std::string> {
      auto it = config.special_tokens.find(name);
      if (it == config.special_tokens.end()) return std::string(fallback);
      if (!it->second) return std::nullopt;
      return it->second->content;
    };
    using TP = post_processors::TemplateProcessing;
    std::map<std::string, TP::SpecialToken> specials;
    std::string single, pair_tail;
    auto special = [&](const char* name, const char* fallback, const char* flag) {
      const auto token = token_of(name, fallback);
      if (!token) {
        throw Error(ErrorCode::InvalidFile, std::string("tokenizer_config.json: ") + flag + " is true but " + name +
                                                " is null (" + cls + " needs one)");
      }
      const auto id = added.token_to_id(*token, *model);
      if (!id) throw Error(ErrorCode::InvalidFile, std::string("tokenizer_config.json: ") + name + " '" + *token + "' has no id");
      specials[*token] = TP::SpecialToken{{*id}, {*token}};
      return *token;
    };
    const std::string bos = add_bos ? special("bos_token", c.bos_default, "add_bos_token") : "";
    const std::string eos = add_eos ? special("eos_token", c.eos_default, "add_eos_token") : "";
    single = (add_bos ? bos + ":0 " : "") + "$A:0" + (add_eos ? " " + eos + ":0" : "");
    const std::string pair = single + (add_bos ? " " + bos + ":1" : "") + " $B:1" + (add_eos ? " " + eos + ":1" : "");
    post_processor = std::make_unique<TP>(TP::parse_template_string(single), TP::parse_template_string(pair),
                                          std::move(specials));
    return;
  }

  if (cls == "CLIPTokenizer") {
    const auto* bpe = dynamic_cast<const models::BPE*>(model.get());
    const std::string suffix = bpe ? bpe->options().end_of_word_suffix.value_or("") : "";
    decoder = std::make_unique<ClipDecode>(std::move(decoder), suffix);
    return;
  }

  for (std::string_view bert : kBertClasses) {
    if (cls != bert) continue;
    const auto* current = dynamic_cast<const normalizers::BertNormalizer*>(normalizer.get());
    if (!current) return;
    normalizers::BertNormalizer::Options wanted = current->options();
    wanted.lowercase = config.do_lower_case.value_or(true);
    wanted.strip_accents = config.strip_accents;
    wanted.handle_chinese_chars = config.tokenize_chinese_chars.value_or(true);
    const auto& have = current->options();
    if (have.lowercase != wanted.lowercase || have.strip_accents != wanted.strip_accents ||
        have.handle_chinese_chars != wanted.handle_chinese_chars) {
      normalizer = std::make_unique<normalizers::BertNormalizer>(wanted);
    }
    return;
  }
}

}  // namespace wasmpipe
