// Tokenizer::from_sentencepiece / from_marian: tokenizers for repos that ship only SentencePiece
// files, built the way Python transformers 4.57 builds them (what AutoTokenizer returns there):
// the fast tokenizer its convert_slow_tokenizer makes from the slow one (T5Converter,
// LlamaConverter, DebertaV2Converter, XLNetConverter, the fairseq-offset NllbConverter,
// MBartConverter, MBart50Converter, XLMRobertaConverter, CamembertConverter) with the slow class's defaults and the
// tokenizer_config.json options (legacy, add_prefix_space, add_bos/eos_token, extra_ids, ...),
// and for Marian the slow MarianTokenizer (source.spm pieces mapped through vocab.json, "</s>"
// appended). Small components are described as tokenizer.json objects (the converters' output,
// read by the same factories as tokenizer.json); the vocabulary and the charsmap are built
// directly from the ModelProto.
#include <algorithm>
#include <unordered_set>

#include "core/error.h"
#include "core/utf8.h"
#include "models/bpe.h"
#include "models/unigram.h"
#include "normalizers/precompiled.h"
#include "normalizers/sequence.h"
#include "sentencepiece/merges.h"
#include "sentencepiece/model_proto.h"
#include "sentencepiece/slow_spm_decoder.h"
#include "sentencepiece/spm_bpe.h"
#include "sentencepiece/spm_normalizer.h"
#include "sentencepiece/spm_unigram.h"
#include "sentencepiece/vocab_json_model.h"
#include "tokenizer/fairseq_language_codes.h"
#include "tokenizer/tokenizer_impl.h"

#include <utf8proc.h>

namespace wasmpipe {
namespace {

using sentencepiece::ModelProto;
using sentencepiece::PieceType;

enum class Converter { T5, Llama, DebertaV2, XLNet, Nllb, MBart, MBart50, XLMRoberta, Camembert };

// The converters whose vocabulary is fairseq's dictionary: <s> <pad> </s> <unk> first, the
// SentencePiece pieces after them (shifted by one), then language codes and <mask>.
bool fairseq_offset(Converter c) {
  return c == Converter::Nllb || c == Converter::MBart || c == Converter::MBart50 || c == Converter::XLMRoberta ||
         c == Converter::Camembert;
}

// The language codes a converter puts after the pieces (MBart, MBart50), else empty.
std::vector<std::string> mbart_codes(Converter c) {
  if (c == Converter::MBart) return {std::begin(kMBart50Codes), std::begin(kMBart50Codes) + kMBartCc25CodeCount};
  if (c == Converter::MBart50) return {std::begin(kMBart50Codes), std::end(kMBart50Codes)};
  return {};
}

Converter converter_for(std::string cls) {
  if (cls.size() > 4 && cls.compare(cls.size() - 4, 4, "Fast") == 0) cls.resize(cls.size() - 4);
  if (cls == "T5Tokenizer" || cls == "MT5Tokenizer") return Converter::T5;
  if (cls == "LlamaTokenizer") return Converter::Llama;
  if (cls == "DebertaV2Tokenizer") return Converter::DebertaV2;
  if (cls == "XLNetTokenizer") return Converter::XLNet;
  if (cls == "NllbTokenizer") return Converter::Nllb;
  if (cls == "MBartTokenizer") return Converter::MBart;
  if (cls == "MBart50Tokenizer") return Converter::MBart50;
  if (cls == "XLMRobertaTokenizer") return Converter::XLMRoberta;
  if (cls == "CamembertTokenizer") return Converter::Camembert;
  throw Error(ErrorCode::NotImplemented,
              "SentencePiece tokenizer class '" + cls +
                  "' is not supported yet (supported: T5Tokenizer, LlamaTokenizer, DebertaV2Tokenizer, "
                  "XLNetTokenizer, NllbTokenizer, MBartTokenizer, MBart50Tokenizer, XLMRobertaTokenizer, "
                  "CamembertTokenizer, MarianTokenizer, M2M100Tokenizer); add a tokenizer.json to the repo to load it");
}

// A tokenizer_config.json value that Python reads as a keyword argument with a class default:
// absent -> the default; null -> None (falsy).
struct Kwarg {
  const Json* value = nullptr;
  bool truthy(bool fallback) const {
    if (!value) return fallback;
    if (value->is_null()) return false;
    if (value->is_boolean()) return value->get<bool>();
    if (value->is_number()) return value->get<double>() != 0;
    return true;
  }
};

struct ConfigView {
  Json root = Json::object();
  Kwarg get(const char* key) const {
    auto it = root.find(key);
    return Kwarg{it == root.end() ? nullptr : &*it};
  }
};

ConfigView read_config(std::string_view json) {
  ConfigView c;
  if (json.empty()) return c;
  c.root = parse_json(json, "tokenizer_config.json");
  expect_object(c.root, JsonPath("tokenizer_config.json"));
  return c;
}

// transformers' _get_prepend_scheme.
const char* prepend_scheme(bool add_prefix_space, bool legacy) {
  if (!add_prefix_space) return "never";
  return legacy ? "always" : "first";
}

// Components are written as tokenizer.json text (what the converters produce) and read by the
// same factories as tokenizer.json; building text keeps the module smaller than nlohmann
// initializer lists would.
std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static const char* const kHex = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xF];
      out += kHex[c & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}
std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}
std::string metaspace(const char* scheme, bool split = true) {
  return std::string(R"({"type":"Metaspace","replacement":"\u2581","prepend_scheme":")") + scheme + R"(","split":)" +
         (split ? "true}" : "false}");
}
std::string replace_regex(const char* regex, const char* content) {
  return R"({"type":"Replace","pattern":{"Regex":)" + json_string(regex) + R"(},"content":)" + json_string(content) + "}";
}
std::string replace_string(const char* from, const char* content) {
  return R"({"type":"Replace","pattern":{"String":)" + json_string(from) + R"(},"content":)" + json_string(content) + "}";
}
std::string special(const std::string& token, int32_t type_id) {
  return R"({"SpecialToken":{"id":)" + json_string(token) + R"(,"type_id":)" + std::to_string(type_id) + "}}";
}
std::string sequence(const char* seq, int32_t type_id) {
  return std::string(R"({"Sequence":{"id":")") + seq + R"(","type_id":)" + std::to_string(type_id) + "}}";
}
// The special_tokens object of a TemplateProcessing: token -> its one id.
std::string special_tokens(const std::vector<std::pair<std::string, int32_t>>& tokens) {
  std::string out = "{";
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string q = json_string(tokens[i].first);
    out += (i ? "," : "") + q + R"(:{"id":)" + q + R"(,"ids":[)" + std::to_string(tokens[i].second) + R"(],"tokens":[)" + q + "]}";
  }
  return out + "}";
}
std::string template_processing(const std::vector<std::string>& single, const std::vector<std::string>& pair,
                                const std::vector<std::pair<std::string, int32_t>>& tokens) {
  return R"({"type":"TemplateProcessing","single":)" + list(single) + R"(,"pair":)" + list(pair) +
         R"(,"special_tokens":)" + special_tokens(tokens) + "}";
}
Json component(const std::string& text) { return parse_json(text, "built-in component"); }
constexpr const char* kPrecompiled = R"({"type":"Precompiled"})";

// The normalizer list, with a marker where the Precompiled charsmap goes.
struct NormalizerPlan {
  std::vector<std::string> items;  // kPrecompiled marks the charsmap
};

std::unique_ptr<normalizers::Normalizer> build_normalizer(const NormalizerPlan& plan, const ModelProto& proto,
                                                          const JsonPath& at) {
  std::vector<std::unique_ptr<normalizers::Normalizer>> items;
  for (size_t i = 0; i < plan.items.size(); ++i) {
    const std::string& j = plan.items[i];
    if (j == kPrecompiled) {
      if (proto.precompiled_charsmap.empty()) continue;
      try {
        items.push_back(std::make_unique<normalizers::Precompiled>(proto.precompiled_charsmap));
      } catch (const Error& e) {
        throw Error(ErrorCode::InvalidFile, at.file() + ": normalizer_spec.precompiled_charsmap is malformed (" + e.what() + ")");
      }
    } else {
      items.push_back(normalizers::from_json(component(j), at / "normalizer"));
    }
  }
  return std::make_unique<normalizers::Sequence>(std::move(items));
}

// Python str.isdigit() of the char before the last one, for XLNet's check_number_comma.
bool ends_with_digit_comma(std::string_view piece) {
  if (piece.size() < 2 || piece.back() != ',') return false;
  size_t start = piece.size() - 1;
  do {
    --start;
  } while (start > 0 && (static_cast<unsigned char>(piece[start]) & 0xC0) == 0x80);
  if (start == 0 && utf8::char_count(piece) < 2) return false;
  size_t i = start;
  const char32_t c = utf8::decode(piece, i);
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(c));
  return cat == UTF8PROC_CATEGORY_ND || (c >= 0xB2 && c <= 0xB3) || c == 0xB9 || (c >= 0x2070 && c <= 0x2079) ||
         (c >= 0x2080 && c <= 0x2089) || (c >= 0x2460 && c <= 0x2468) || (c >= 0x2474 && c <= 0x247C) ||
         (c >= 0x2488 && c <= 0x2490) || (c >= 0x24F5 && c <= 0x24FD) || c == 0x24EA || c == 0x24FF ||
         (c >= 0x2776 && c <= 0x277E) || (c >= 0x2780 && c <= 0x2788) || (c >= 0x278A && c <= 0x2792) ||
         (c >= 0x1369 && c <= 0x1371) || c == 0x19DA || (c >= 0x10A40 && c <= 0x10A43) ||
         (c >= 0x1F100 && c <= 0x1F10A);
}

AddedToken plain_special(const std::string& content) {
  AddedToken t;
  t.content = content;
  t.special = true;
  t.normalized = false;
  return t;
}

// transformers' FAIRSEQ_LANGUAGE_CODES of tokenization_nllb.py: NllbTokenizer's language tokens.
constexpr const char* kNllbCodes[] = {
    "ace_Arab", "ace_Latn", "acm_Arab", "acq_Arab", "aeb_Arab", "afr_Latn", "ajp_Arab", "aka_Latn", "amh_Ethi", "apc_Arab",
    "arb_Arab", "ars_Arab", "ary_Arab", "arz_Arab", "asm_Beng", "ast_Latn", "awa_Deva", "ayr_Latn", "azb_Arab", "azj_Latn",
    "bak_Cyrl", "bam_Latn", "ban_Latn", "bel_Cyrl", "bem_Latn", "ben_Beng", "bho_Deva", "bjn_Arab", "bjn_Latn", "bod_Tibt",
    "bos_Latn", "bug_Latn", "bul_Cyrl", "cat_Latn", "ceb_Latn", "ces_Latn", "cjk_Latn", "ckb_Arab", "crh_Latn", "cym_Latn",
    "dan_Latn", "deu_Latn", "dik_Latn", "dyu_Latn", "dzo_Tibt", "ell_Grek", "eng_Latn", "epo_Latn", "est_Latn", "eus_Latn",
    "ewe_Latn", "fao_Latn", "pes_Arab", "fij_Latn", "fin_Latn", "fon_Latn", "fra_Latn", "fur_Latn", "fuv_Latn", "gla_Latn",
    "gle_Latn", "glg_Latn", "grn_Latn", "guj_Gujr", "hat_Latn", "hau_Latn", "heb_Hebr", "hin_Deva", "hne_Deva", "hrv_Latn",
    "hun_Latn", "hye_Armn", "ibo_Latn", "ilo_Latn", "ind_Latn", "isl_Latn", "ita_Latn", "jav_Latn", "jpn_Jpan", "kab_Latn",
    "kac_Latn", "kam_Latn", "kan_Knda", "kas_Arab", "kas_Deva", "kat_Geor", "knc_Arab", "knc_Latn", "kaz_Cyrl", "kbp_Latn",
    "kea_Latn", "khm_Khmr", "kik_Latn", "kin_Latn", "kir_Cyrl", "kmb_Latn", "kon_Latn", "kor_Hang", "kmr_Latn", "lao_Laoo",
    "lvs_Latn", "lij_Latn", "lim_Latn", "lin_Latn", "lit_Latn", "lmo_Latn", "ltg_Latn", "ltz_Latn", "lua_Latn", "lug_Latn",
    "luo_Latn", "lus_Latn", "mag_Deva", "mai_Deva", "mal_Mlym", "mar_Deva", "min_Latn", "mkd_Cyrl", "plt_Latn", "mlt_Latn",
    "mni_Beng", "khk_Cyrl", "mos_Latn", "mri_Latn", "zsm_Latn", "mya_Mymr", "nld_Latn", "nno_Latn", "nob_Latn", "npi_Deva",
    "nso_Latn", "nus_Latn", "nya_Latn", "oci_Latn", "gaz_Latn", "ory_Orya", "pag_Latn", "pan_Guru", "pap_Latn", "pol_Latn",
    "por_Latn", "prs_Arab", "pbt_Arab", "quy_Latn", "ron_Latn", "run_Latn", "rus_Cyrl", "sag_Latn", "san_Deva", "sat_Beng",
    "scn_Latn", "shn_Mymr", "sin_Sinh", "slk_Latn", "slv_Latn", "smo_Latn", "sna_Latn", "snd_Arab", "som_Latn", "sot_Latn",
    "spa_Latn", "als_Latn", "srd_Latn", "srp_Cyrl", "ssw_Latn", "sun_Latn", "swe_Latn", "swh_Latn", "szl_Latn", "tam_Taml",
    "tat_Cyrl", "tel_Telu", "tgk_Cyrl", "tgl_Latn", "tha_Thai", "tir_Ethi", "taq_Latn", "taq_Tfng", "tpi_Latn", "tsn_Latn",
    "tso_Latn", "tuk_Latn", "tum_Latn", "tur_Latn", "twi_Latn", "tzm_Tfng", "uig_Arab", "ukr_Cyrl", "umb_Latn", "urd_Arab",
    "uzn_Latn", "vec_Latn", "vie_Latn", "war_Latn", "wol_Latn", "xho_Latn", "ydd_Hebr", "yor_Latn", "yue_Hant", "zho_Hans",
    "zho_Hant", "zul_Latn"};

std::string config_string(const ConfigView& cv, const char* key, const char* fallback) {
  const Kwarg k = cv.get(key);
  if (!k.value || k.value->is_null()) return fallback;
  if (!k.value->is_string())
    (JsonPath("tokenizer_config.json") / key).fail(std::string("must be a string (found ") + json_type_name(*k.value) + ")");
  return k.value->get<std::string>();
}

// A language-code argument that is not one of `codes`: the error names the valid ones.
[[noreturn]] void unknown_language(const std::string& what, const std::string& code, const std::vector<std::string>& codes) {
  std::string valid;
  for (const auto& c : codes) valid += (valid.empty() ? "" : ", ") + c;
  throw Error(ErrorCode::InvalidArgument, "tokenizer_config.json: " + what + " '" + code + "' is not a language code of this tokenizer (valid: " + valid + ")");
}

// The slow class's special tokens (name -> content) where tokenizer_config.json is silent.
void apply_class_defaults(TokenizerConfig& config, Converter conv) {
  std::vector<std::pair<const char*, AddedToken>> defaults;
  switch (conv) {
    case Converter::T5:
      defaults = {{"eos_token", plain_special("</s>")}, {"unk_token", plain_special("<unk>")}, {"pad_token", plain_special("<pad>")}};
      break;
    case Converter::Llama:
      defaults = {{"bos_token", plain_special("<s>")}, {"eos_token", plain_special("</s>")}, {"unk_token", plain_special("<unk>")}};
      break;
    case Converter::DebertaV2:
      defaults = {{"bos_token", plain_special("[CLS]")}, {"eos_token", plain_special("[SEP]")},
                  {"unk_token", plain_special("[UNK]")}, {"sep_token", plain_special("[SEP]")},
                  {"pad_token", plain_special("[PAD]")}, {"cls_token", plain_special("[CLS]")},
                  {"mask_token", plain_special("[MASK]")}};
      break;
    case Converter::XLNet: {
      AddedToken mask = plain_special("<mask>");
      mask.lstrip = true;  // XLNetTokenizer: AddedToken("<mask>", lstrip=True, special=True)
      defaults = {{"bos_token", plain_special("<s>")}, {"eos_token", plain_special("</s>")},
                  {"unk_token", plain_special("<unk>")}, {"sep_token", plain_special("<sep>")},
                  {"pad_token", plain_special("<pad>")}, {"cls_token", plain_special("<cls>")}, {"mask_token", mask}};
      break;
    }
    case Converter::Nllb: {
      AddedToken mask = plain_special("<mask>");
      mask.lstrip = mask.normalized = true;  // NllbTokenizerFast: AddedToken(mask, normalized=True, lstrip=True, special=True)
      defaults = {{"bos_token", plain_special("<s>")}, {"eos_token", plain_special("</s>")},
                  {"sep_token", plain_special("</s>")}, {"cls_token", plain_special("<s>")},
                  {"unk_token", plain_special("<unk>")}, {"pad_token", plain_special("<pad>")}, {"mask_token", mask}};
      break;
    }
    case Converter::MBart:
    case Converter::MBart50:
    case Converter::XLMRoberta:
    case Converter::Camembert: {
      // Their fast classes: AddedToken(mask_token, lstrip=True), not normalized (as Python's
      // converted tokenizer.json records it). MBart50TokenizerFast takes no bos_token.
      AddedToken mask = plain_special("<mask>");
      mask.lstrip = true;
      defaults = {{"eos_token", plain_special("</s>")}, {"sep_token", plain_special("</s>")},
                  {"cls_token", plain_special("<s>")}, {"unk_token", plain_special("<unk>")},
                  {"pad_token", plain_special("<pad>")}, {"mask_token", mask}};
      if (conv != Converter::MBart50) defaults.emplace_back("bos_token", plain_special("<s>"));
      break;
    }
  }
  for (auto& [name, token] : defaults)
    if (!config.special_tokens.count(name)) config.special_tokens[name] = token;
}

// Additional special tokens the slow class adds when the config has none.
void apply_additional_defaults(TokenizerConfig& config, const ConfigView& cv, Converter conv, size_t extra_ids) {
  const bool listed = cv.get("additional_special_tokens").value != nullptr;
  if (conv == Converter::T5) {
    bool has_extra = false;
    for (const auto& t : config.additional_special_tokens)
      if (t.content.find("<extra_id_") != std::string::npos) has_extra = true;
    if (!has_extra)
      for (size_t i = 0; i < extra_ids; ++i) config.additional_special_tokens.push_back(plain_special("<extra_id_" + std::to_string(i) + ">"));
  } else if (conv == Converter::XLNet && !listed) {
    config.additional_special_tokens = {plain_special("<eop>"), plain_special("<eod>")};
  } else if (conv == Converter::Nllb) {
    // NllbTokenizerFast: the language codes, then the config's other additional tokens.
    std::vector<AddedToken> tokens;
    for (const char* code : kNllbCodes) tokens.push_back(plain_special(code));
    for (const auto& t : config.additional_special_tokens)
      if (std::find(std::begin(kNllbCodes), std::end(kNllbCodes), t.content) == std::end(kNllbCodes)) tokens.push_back(t);
    config.additional_special_tokens = std::move(tokens);
  } else if (conv == Converter::MBart || conv == Converter::MBart50) {
    // MBartTokenizerFast: the codes, then the config's others; MBart50TokenizerFast: the
    // config's, then the codes it lacks.
    const std::vector<std::string> codes = mbart_codes(conv);
    auto has = [](const std::vector<AddedToken>& list, const std::string& c) {
      return std::any_of(list.begin(), list.end(), [&](const AddedToken& t) { return t.content == c; });
    };
    std::vector<AddedToken> tokens = conv == Converter::MBart50 ? config.additional_special_tokens : std::vector<AddedToken>{};
    for (const auto& code : codes)
      if (!has(tokens, code)) tokens.push_back(plain_special(code));
    if (conv == Converter::MBart)
      for (const auto& t : config.additional_special_tokens)
        if (!has(tokens, t.content)) tokens.push_back(t);
    config.additional_special_tokens = std::move(tokens);
  } else if (conv == Converter::Camembert && !listed) {
    config.additional_special_tokens = {plain_special("<s>NOTUSED"), plain_special("</s>NOTUSED"), plain_special("<unk>NOTUSED")};
  }
}

// The added tokens of the converted fast tokenizer: the converter's control / user-defined
// pieces, then PreTrainedTokenizerFast.__init__'s additions (added_tokens_decoder entries that
// differ, then special tokens not yet there). Returns them in the order Rust receives them.
// `explicit_flags`: special token names whose flags the slow tokenizer fixes (an object in
// tokenizer_config.json, or the class default AddedToken such as XLNet's lstrip <mask>); they
// replace the converter's flags for the same content, as transformers' fast init re-adds them.
// Except `normalized` of a token the converter already added as special: Rust's AddedVocabulary
// keeps such a token in its special list as first added, and that copy decides whether it is
// matched on the original or the normalized text (lstrip / rstrip / single_word come from the
// latest copy). So Llama-2's <s> / </s> (control pieces, config "normalized": true) match the
// original text in transformers 4.57, although its serialization says normalized (verified with
// tokenizers 0.22.2: see tests/fixtures/generate_load_semantics_refs.py).
std::vector<AddedToken> converted_added_tokens(const ModelProto& proto, const TokenizerConfig& config,
                                               const std::vector<std::string>& explicit_flags) {
  std::vector<AddedToken> tokens;
  auto find = [&](const std::string& content) -> AddedToken* {
    for (auto& t : tokens)
      if (t.content == content) return &t;
    return nullptr;
  };
  for (const auto& p : proto.pieces) {
    if (p.type != PieceType::Control && p.type != PieceType::UserDefined) continue;
    if (find(p.piece)) continue;
    AddedToken t;
    t.content = p.piece;
    t.normalized = false;
    t.special = p.type == PieceType::Control;
    tokens.push_back(std::move(t));
  }
  std::vector<std::string> all_special;
  for (const char* name : TokenizerConfig::kSpecialNames) {
    auto it = config.special_tokens.find(name);
    if (it != config.special_tokens.end() && it->second) all_special.push_back(it->second->content);
  }
  for (const auto& t : config.additional_special_tokens) all_special.push_back(t.content);
  auto is_special_name = [&](const std::string& c) { return std::find(all_special.begin(), all_special.end(), c) != all_special.end(); };

  for (const std::string& name : explicit_flags) {
    auto it = config.special_tokens.find(name);
    if (it == config.special_tokens.end() || !it->second) continue;
    if (AddedToken* existing = find(it->second->content)) {
      const bool first_normalized = existing->normalized, was_special = existing->special;
      *existing = *it->second;
      existing->special = true;
      if (was_special) existing->normalized = first_normalized;
    }
  }
  for (const auto& [id, t] : config.added_tokens_decoder) {
    AddedToken a = t;
    a.special = a.special || is_special_name(a.content);
    if (AddedToken* existing = find(a.content)) {
      const bool first_normalized = existing->normalized, was_special = existing->special;
      *existing = a;  // Rust add_tokens replaces the flags of a token it already has (see above)
      if (was_special) existing->normalized = first_normalized;
    } else {
      tokens.push_back(std::move(a));
    }
  }
  auto add_special = [&](const AddedToken& t) {
    if (t.content.empty() || find(t.content)) return;
    AddedToken a = t;
    a.special = true;
    tokens.push_back(std::move(a));
  };
  for (const char* name : TokenizerConfig::kSpecialNames) {
    auto it = config.special_tokens.find(name);
    if (it != config.special_tokens.end() && it->second) add_special(*it->second);
  }
  for (const auto& t : config.additional_special_tokens) add_special(t);
  return tokens;
}

std::optional<std::string> special_content(const TokenizerConfig& config, const char* name) {
  auto it = config.special_tokens.find(name);
  if (it == config.special_tokens.end() || !it->second) return std::nullopt;
  return it->second->content;
}

bool config_bool(const ConfigView& cv, const char* key, bool fallback) {
  const Kwarg k = cv.get(key);
  if (!k.value || k.value->is_null()) return fallback;
  if (!k.value->is_boolean())
    (JsonPath("tokenizer_config.json") / key).fail(std::string("must be true or false (found ") + json_type_name(*k.value) + ")");
  return k.value->get<bool>();
}

}  // namespace

Tokenizer Tokenizer::from_sentencepiece(std::string_view model_file, std::string_view tokenizer_config_json,
                                        std::string_view tokenizer_class, std::string_view file_name) {
  const std::string file = file_name.empty() ? std::string("tokenizer.model") : std::string(file_name);
  const JsonPath at(file);
  const ModelProto proto = ModelProto::parse(model_file, file);
  const ConfigView cv = read_config(tokenizer_config_json);
  auto impl = std::make_unique<Impl>();
  impl->config = TokenizerConfig::parse(tokenizer_config_json);
  TokenizerConfig& config = impl->config;

  std::string cls(tokenizer_class);
  if (cls.empty()) cls = config.tokenizer_class.value_or("");
  if (cls.empty())
    throw Error(ErrorCode::InvalidArgument, file + ": no tokenizer class: tokenizer_config.json has no tokenizer_class; "
                                                   "pass the class (e.g. \"T5Tokenizer\") or the model_type from config.json");
  const Converter conv = converter_for(cls);
  if (proto.model_type != sentencepiece::ModelType::Unigram && proto.model_type != sentencepiece::ModelType::Bpe)
    throw Error(ErrorCode::NotImplemented, file + ": SentencePiece model_type " + std::to_string(static_cast<int>(proto.model_type)) +
                                               " (WORD / CHAR) is not supported (transformers only converts UNIGRAM and BPE)");
  if (conv != Converter::Llama && !fairseq_offset(conv) && proto.model_type != sentencepiece::ModelType::Unigram)
    throw Error(ErrorCode::InvalidFile, file + ": " + cls + " needs a UNIGRAM SentencePiece model, this one is BPE");
  if (!cv.get("clean_up_tokenization_spaces").value) config.clean_up_tokenization_spaces = false;  // transformers 4.57 default

  // Options of the slow classes (tokenizer_config.json keyword arguments).
  // Only T5Tokenizer and LlamaTokenizer take `legacy` and `add_prefix_space`; the converters
  // read them with getattr(..., True), so the other classes always get the defaults.
  const bool takes_prefix_options = conv == Converter::T5 || conv == Converter::Llama;
  const bool legacy = !takes_prefix_options || config_bool(cv, "legacy", true);  // None: legacy
  const bool add_prefix_space = !takes_prefix_options || cv.get("add_prefix_space").truthy(true);
  size_t extra_ids = 100;
  if (const Kwarg k = cv.get("extra_ids"); k.value && !k.value->is_null())
    extra_ids = static_cast<size_t>(as_uint(*k.value, JsonPath("tokenizer_config.json") / "extra_ids", 10000));
  std::vector<std::string> explicit_flags;
  for (const char* name : TokenizerConfig::kSpecialNames) {
    const Kwarg k = cv.get(name);
    if (k.value && k.value->is_object()) explicit_flags.push_back(name);
    if ((conv == Converter::XLNet || fairseq_offset(conv)) && !k.value && std::string(name) == "mask_token") explicit_flags.push_back(name);
  }
  // The mBART / XLM-R / CamemBERT fast classes turn a string mask_token into AddedToken(lstrip=True).
  if (fairseq_offset(conv) && conv != Converter::Nllb && cv.get("mask_token").value && cv.get("mask_token").value->is_string()) {
    if (auto& mask = config.special_tokens["mask_token"]) {
      mask->lstrip = true;
      mask->rstrip = mask->normalized = false;
    }
    explicit_flags.push_back("mask_token");
  }
  // NllbTokenizerFast turns a string mask_token into AddedToken(normalized=True, lstrip=True).
  if (conv == Converter::Nllb && cv.get("mask_token").value && cv.get("mask_token").value->is_string()) {
    if (auto& mask = config.special_tokens["mask_token"]) mask->lstrip = mask->normalized = true;
    explicit_flags.push_back("mask_token");
  }
  apply_class_defaults(config, conv);
  apply_additional_defaults(config, cv, conv, conv == Converter::T5 ? extra_ids : 0);

  // Vocabulary (converter.vocab) and model.
  std::vector<std::pair<std::string, double>> pieces;
  pieces.reserve(proto.pieces.size() + (conv == Converter::T5 ? extra_ids : 0));
  if (conv == Converter::Camembert) {
    // CamembertConverter.vocab: fairseq's four with spm's <s> / </s> / <unk> kept unused (the
    // spm <unk> down-graded), then every piece after spm's <unk>.
    pieces = {{"<s>NOTUSED", 0.0}, {"<pad>", 0.0}, {"</s>NOTUSED", 0.0}, {"<unk>", 0.0}, {"<unk>NOTUSED", -100.0}};
    for (size_t i = 1; i < proto.pieces.size(); ++i) pieces.emplace_back(proto.pieces[i].piece, static_cast<double>(proto.pieces[i].score));
  } else if (fairseq_offset(conv)) {
    // NllbConverter / MBartConverter / XLMRobertaConverter.vocab: the fairseq dictionary's first
    // four, then the pieces after spm's three.
    for (const char* s : {"<s>", "<pad>", "</s>", "<unk>"}) pieces.emplace_back(s, 0.0);
    for (size_t i = 3; i < proto.pieces.size(); ++i) pieces.emplace_back(proto.pieces[i].piece, static_cast<double>(proto.pieces[i].score));
  } else {
    for (const auto& p : proto.pieces) pieces.emplace_back(p.piece, static_cast<double>(p.score));
  }
  for (const auto& code : mbart_codes(conv)) pieces.emplace_back(code, 0.0);
  if (fairseq_offset(conv) && conv != Converter::Nllb) pieces.emplace_back("<mask>", 0.0);
  if (conv == Converter::T5) {
    for (size_t i = extra_ids; i-- > 0;) pieces.emplace_back("<extra_id_" + std::to_string(i) + ">", 0.0);
  } else if (conv == Converter::Llama) {
    for (size_t i = 0; i < 3 && i < pieces.size(); ++i) pieces[i].second = 0.0;
  } else if (conv == Converter::XLNet) {
    for (auto& [piece, score] : pieces)
      if (ends_with_digit_comma(piece)) score -= 100;
  }

  NormalizerPlan norm;
  const std::string precompiled = kPrecompiled;
  std::string pre_tokenizer, decoder;
  switch (conv) {
    case Converter::T5:
    case Converter::Nllb:
    case Converter::MBart:
    case Converter::MBart50:
    case Converter::XLMRoberta:
    case Converter::Camembert: {  // all take SpmConverter's normalizer / Metaspace
      norm.items = {precompiled, R"({"type":"Strip","strip_left":false,"strip_right":true})", replace_regex(" {2,}", "\u2581")};
      const char* scheme = prepend_scheme(add_prefix_space, legacy);
      pre_tokenizer = metaspace(scheme);
      decoder = metaspace(scheme);
      break;
    }
    case Converter::Llama: {
      if (legacy) {
        if (add_prefix_space) norm.items.push_back(R"({"type":"Prepend","prepend":"\u2581"})");
        norm.items.push_back(replace_string(" ", "\u2581"));
      } else {
        pre_tokenizer = metaspace(prepend_scheme(add_prefix_space, false), false);
      }
      std::vector<std::string> seq = {replace_string("\u2581", " "), R"({"type":"ByteFallback"})", R"({"type":"Fuse"})"};
      if (add_prefix_space) seq.push_back(R"({"type":"Strip","content":" ","start":1,"stop":0})");
      decoder = R"({"type":"Sequence","decoders":)" + list(seq) + "}";
      break;
    }
    case Converter::DebertaV2: {
      if (config_bool(cv, "do_lower_case", false)) norm.items.push_back(R"({"type":"Lowercase"})");
      norm.items.push_back(R"({"type":"Strip","strip_left":true,"strip_right":true})");
      norm.items.push_back(precompiled);
      norm.items.push_back(replace_regex(" {2,}", " "));
      std::vector<std::string> pre;
      if (config_bool(cv, "split_by_punct", false)) pre.push_back(R"({"type":"Punctuation","behavior":"Isolated"})");
      const char* scheme = prepend_scheme(add_prefix_space, legacy);
      pre.push_back(metaspace(scheme));
      pre_tokenizer = R"({"type":"Sequence","pretokenizers":)" + list(pre) + "}";
      decoder = metaspace(scheme);
      break;
    }
    case Converter::XLNet: {
      norm.items = {replace_string("``", "\""), replace_string("''", "\"")};
      if (!config_bool(cv, "keep_accents", false)) {
        norm.items.push_back(R"({"type":"NFKD"})");
        norm.items.push_back(R"({"type":"StripAccents"})");
      }
      if (config_bool(cv, "do_lower_case", false)) norm.items.push_back(R"({"type":"Lowercase"})");
      norm.items.push_back(precompiled);
      norm.items.push_back(replace_regex(" {2,}", " "));
      const char* scheme = prepend_scheme(add_prefix_space, legacy);
      pre_tokenizer = metaspace(scheme);
      decoder = metaspace(scheme);
      break;
    }
  }

  if (proto.model_type == sentencepiece::ModelType::Bpe) {
    models::Vocab vocab;
    vocab.reserve(pieces.size());
    for (size_t i = 0; i < pieces.size(); ++i) vocab.insert(pieces[i].first, static_cast<int32_t>(i));
    const auto merges = sentencepiece::generate_merges(pieces, vocab);
    models::BPE::Options opts;
    opts.unk_token = proto.unk_piece;
    opts.fuse_unk = true;
    opts.byte_fallback = conv == Converter::Llama;  // LlamaConverter.handle_byte_fallback
    impl->model = std::make_unique<models::BPE>(std::move(vocab), merges, std::move(opts));
  } else {
    // LlamaConverter.unk_id is 0, the fairseq converters' 3; the others use trainer_spec.unk_id.
    const int32_t unk_id = conv == Converter::Llama ? 0 : fairseq_offset(conv) ? 3 : proto.unk_id;
    impl->model = std::make_unique<models::Unigram>(std::move(pieces), unk_id, conv == Converter::Llama);
  }
  if (!norm.items.empty()) impl->normalizer = build_normalizer(norm, proto, at);
  if (!pre_tokenizer.empty()) impl->pre_tokenizer = pre_tokenizers::from_json(component(pre_tokenizer), at / "pre_tokenizer");
  impl->decoder = decoders::from_json(component(decoder), at / "decoder");
  impl->added.add_tokens(converted_added_tokens(proto, config, explicit_flags), *impl->model, impl->normalizer.get());

  // Post-processor (the converter's, or LlamaTokenizerFast.update_post_processor).
  auto id_of = [&](const std::string& token) -> int32_t {
    auto id = impl->added.token_to_id(token, *impl->model);
    if (!id) throw Error(ErrorCode::InvalidFile, file + ": special token '" + token + "' is not in the vocabulary");
    return *id;
  };
  auto need = [&](const char* name) {
    auto c = special_content(config, name);
    if (!c) throw Error(ErrorCode::InvalidFile, std::string("tokenizer_config.json: ") + name + " is null, " + cls + " needs one");
    return *c;
  };
  std::vector<std::string> single, pair;
  std::vector<std::pair<std::string, int32_t>> specials;
  auto add_special = [&](const std::string& t) { specials.emplace_back(t, id_of(t)); };
  switch (conv) {
    case Converter::T5: {
      const std::string eos = need("eos_token");
      single = {sequence("A", 0), special(eos, 0)};
      pair = {sequence("A", 0), special(eos, 0), sequence("B", 0), special(eos, 0)};
      add_special(eos);
      break;
    }
    case Converter::Llama: {
      const bool add_bos = config_bool(cv, "add_bos_token", true), add_eos = config_bool(cv, "add_eos_token", false);
      const std::string bos = add_bos ? need("bos_token") : "", eos = add_eos ? need("eos_token") : "";
      if (add_bos) single.push_back(special(bos, 0));
      single.push_back(sequence("A", 0));
      if (add_eos) single.push_back(special(eos, 0));
      pair = single;
      if (add_bos) pair.push_back(special(bos, 1));
      pair.push_back(sequence("B", 1));
      if (add_eos) pair.push_back(special(eos, 1));
      if (add_bos) add_special(bos);
      if (add_eos) add_special(eos);
      break;
    }
    case Converter::DebertaV2: {
      single = {special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)};
      pair = {special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1), special("[SEP]", 1)};
      add_special("[CLS]");
      add_special("[SEP]");
      break;
    }
    case Converter::Nllb:
    case Converter::MBart:
    case Converter::MBart50: {
      // The fast classes' set_src_lang_special_tokens: [src_lang] text </s>, or text </s> [src_lang]
      // for MBartTokenizerFast (cc25) and NLLB's legacy_behaviour.
      const bool nllb = conv == Converter::Nllb;
      const std::string src = config_string(cv, "src_lang", nllb ? "eng_Latn" : "en_XX"), eos = need("eos_token");
      if (std::none_of(config.additional_special_tokens.begin(), config.additional_special_tokens.end(),
                       [&](const AddedToken& t) { return t.content == src; }))
        unknown_language("src_lang", src, nllb ? std::vector<std::string>(std::begin(kNllbCodes), std::end(kNllbCodes)) : mbart_codes(conv));
      if (conv == Converter::MBart || (nllb && config_bool(cv, "legacy_behaviour", false))) {
        single = {sequence("A", 0), special(eos, 0), special(src, 0)};
        pair = {sequence("A", 0), sequence("B", 0), special(eos, 0), special(src, 0)};
      } else {
        single = {special(src, 0), sequence("A", 0), special(eos, 0)};
        pair = {special(src, 0), sequence("A", 0), sequence("B", 0), special(eos, 0)};
      }
      add_special(src);
      add_special(eos);
      break;
    }
    case Converter::XLMRoberta:
    case Converter::Camembert: {  // "<s> $A </s>", "<s> $A </s> </s> $B </s>", all type 0
      single = {special("<s>", 0), sequence("A", 0), special("</s>", 0)};
      pair = {special("<s>", 0), sequence("A", 0), special("</s>", 0), special("</s>", 0), sequence("B", 0), special("</s>", 0)};
      add_special("<s>");
      add_special("</s>");
      break;
    }
    case Converter::XLNet: {
      single = {sequence("A", 0), special("<sep>", 0), special("<cls>", 2)};
      pair = {sequence("A", 0), special("<sep>", 0), sequence("B", 1), special("<sep>", 1), special("<cls>", 2)};
      add_special("<sep>");
      add_special("<cls>");
      break;
    }
  }
  impl->post_processor = post_processors::from_json(component(template_processing(single, pair, specials)), at / "post_processor");
  impl->derive_default_special_tokens();
  return Tokenizer(std::move(impl));
}

Tokenizer Tokenizer::from_marian(std::string_view source_spm, std::string_view vocab_json, std::string_view tokenizer_config_json,
                                 std::string_view target_spm) {
  const std::string file = "source.spm";
  const JsonPath at(file);
  const ModelProto proto = ModelProto::parse(source_spm, file);
  if (proto.model_type != sentencepiece::ModelType::Unigram)
    throw Error(ErrorCode::NotImplemented, file + ": only UNIGRAM Marian SentencePiece models are supported");
  // MarianTokenizer segments with spm itself, which would emit <0x..> byte pieces where this
  // segmenter gives unk: refuse rather than return different ids silently.
  if (proto.byte_fallback)
    throw Error(ErrorCode::NotImplemented, file + ": byte_fallback SentencePiece models are not supported for MarianTokenizer");
  auto impl = std::make_unique<Impl>();
  impl->config = TokenizerConfig::parse(tokenizer_config_json);
  TokenizerConfig& config = impl->config;
  const ConfigView cv = read_config(tokenizer_config_json);
  if (!cv.get("clean_up_tokenization_spaces").value) config.clean_up_tokenization_spaces = false;
  for (const auto& [name, content] : {std::pair{"unk_token", "<unk>"}, {"eos_token", "</s>"}, {"pad_token", "<pad>"}})
    if (!config.special_tokens.count(name)) config.special_tokens[name] = plain_special(content);
  if (!cv.get("model_max_length").value) config.model_max_length = 512;

  utf8::validate(vocab_json, "vocab.json");
  const Json vj = parse_json(vocab_json, "vocab.json");
  models::Vocab vocab = models::vocab_from_json(vj, JsonPath("vocab.json"));
  auto required = [&](const char* name) {
    auto c = special_content(config, name);
    if (!c) throw Error(ErrorCode::InvalidFile, std::string("tokenizer_config.json: ") + name + " is null, MarianTokenizer needs one");
    return *c;
  };
  const std::string unk = required("unk_token");
  const int32_t unk_id = vocab.find(unk);
  if (unk_id < 0) throw Error(ErrorCode::InvalidFile, "vocab.json: the unk token '" + unk + "' is not in the vocabulary");
  for (const char* name : {"eos_token", "pad_token"}) {
    auto c = special_content(config, name);
    if (c && vocab.find(*c) < 0) throw Error(ErrorCode::InvalidFile, "vocab.json: " + std::string(name) + " '" + *c + "' is not in the vocabulary");
  }
  bool language_codes = false;
  vocab.for_each([&](std::string_view token, int32_t) {
    if (token.size() >= 4 && token.substr(0, 2) == ">>" && token.substr(token.size() - 2) == "<<") language_codes = true;
  });
  if (language_codes)
    throw Error(ErrorCode::NotImplemented, "vocab.json has language codes (\">>xx<<\"): multilingual Marian models are not supported yet");

  // source.spm encodes exactly like spm_encode: its normalizer (longest rules, whitespace
  // handling, dummy prefix) and Viterbi segmentation over the whole normalized chunk.
  auto segmenter = std::make_unique<sentencepiece::SpmUnigram>(proto);
  impl->model = std::make_unique<sentencepiece::VocabJsonModel>(std::move(segmenter), std::move(vocab), unk_id, true);
  try {
    impl->normalizer = std::make_unique<sentencepiece::SpmNormalizer>(proto);
  } catch (const Error& e) {
    throw Error(e.code(), file + ": " + e.what());
  }
  // Decoding goes through target.spm (MarianTokenizer.convert_tokens_to_string); source.spm when
  // no target model is given.
  const ModelProto target = target_spm.empty() ? proto : ModelProto::parse(target_spm, "target.spm");
  sentencepiece::SlowSpmDecoder::Options decode;
  decode.marian = true;
  for (const char* name : TokenizerConfig::kSpecialNames)
    if (auto c = special_content(config, name)) decode.special_tokens.insert(*c);
  impl->decoder = std::make_unique<sentencepiece::SlowSpmDecoder>(target, std::move(decode));

  std::vector<AddedToken> added;
  for (const char* name : TokenizerConfig::kSpecialNames)
    if (auto c = special_content(config, name)) added.push_back(plain_special(*c));
  impl->added.add_tokens(added, *impl->model, impl->normalizer.get());
  const std::string eos = required("eos_token");
  const int32_t eos_id = *impl->added.token_to_id(eos, *impl->model);
  impl->post_processor = post_processors::from_json(
      component(template_processing({sequence("A", 0), special(eos, 0)}, {sequence("A", 0), sequence("B", 0), special(eos, 0)},
                                    {{eos, eos_id}})),
      at / "post_processor");
  impl->derive_default_special_tokens();
  impl->slow_truncation = true;  // no fast class in transformers
  return Tokenizer(std::move(impl));
}

namespace {
// transformers' FAIRSEQ_LANGUAGE_CODES (tokenization_m2m_100.py): the language tokens are
// "__<code>__", with ids len(vocab.json) + their index in the list tokenizer_config.json's
// language_codes names.
constexpr const char* kM2M100Codes[] = {
    "af", "am", "ar", "ast", "az", "ba", "be", "bg", "bn", "br", "bs", "ca", "ceb", "cs", "cy", "da", "de", "el", "en", "es",
    "et", "fa", "ff", "fi", "fr", "fy", "ga", "gd", "gl", "gu", "ha", "he", "hi", "hr", "ht", "hu", "hy", "id", "ig", "ilo",
    "is", "it", "ja", "jv", "ka", "kk", "km", "kn", "ko", "lb", "lg", "ln", "lo", "lt", "lv", "mg", "mk", "ml", "mn", "mr",
    "ms", "my", "ne", "nl", "no", "ns", "oc", "or", "pa", "pl", "ps", "pt", "ro", "ru", "sd", "si", "sk", "sl", "so", "sq",
    "sr", "ss", "su", "sv", "sw", "ta", "th", "tl", "tn", "tr", "uk", "ur", "uz", "vi", "wo", "xh", "yi", "yo", "zh", "zu"};
constexpr const char* kWmt21Codes[] = {"en", "ha", "is", "ja", "cs", "ru", "zh", "de"};
}  // namespace

Tokenizer Tokenizer::from_m2m100(std::string_view spm_model, std::string_view vocab_json, std::string_view tokenizer_config_json) {
  const std::string file = "sentencepiece.bpe.model";
  const JsonPath at(file);
  const ModelProto proto = ModelProto::parse(spm_model, file);
  if (proto.model_type != sentencepiece::ModelType::Bpe && proto.model_type != sentencepiece::ModelType::Unigram)
    throw Error(ErrorCode::NotImplemented, file + ": only BPE and UNIGRAM SentencePiece models are supported for M2M100Tokenizer");
  if (proto.byte_fallback)
    throw Error(ErrorCode::NotImplemented, file + ": byte_fallback models are not supported for M2M100Tokenizer");
  auto impl = std::make_unique<Impl>();
  impl->config = TokenizerConfig::parse(tokenizer_config_json);
  TokenizerConfig& config = impl->config;
  const ConfigView cv = read_config(tokenizer_config_json);
  if (!cv.get("clean_up_tokenization_spaces").value) config.clean_up_tokenization_spaces = false;
  for (const auto& [name, content] : {std::pair{"bos_token", "<s>"}, {"eos_token", "</s>"}, {"sep_token", "</s>"},
                                      {"pad_token", "<pad>"}, {"unk_token", "<unk>"}})
    if (!config.special_tokens.count(name)) config.special_tokens[name] = plain_special(content);

  const std::string code_set = config_string(cv, "language_codes", "m2m100");
  std::vector<std::string> codes;
  if (code_set == "m2m100") codes.assign(std::begin(kM2M100Codes), std::end(kM2M100Codes));
  else if (code_set == "wmt21") codes.assign(std::begin(kWmt21Codes), std::end(kWmt21Codes));
  else (JsonPath("tokenizer_config.json") / "language_codes").fail("must be \"m2m100\" or \"wmt21\" (found \"" + code_set + "\")");

  utf8::validate(vocab_json, "vocab.json");
  models::Vocab vocab = models::vocab_from_json(parse_json(vocab_json, "vocab.json"), JsonPath("vocab.json"));
  const auto encoder_size = static_cast<int32_t>(vocab.size());
  auto required = [&](const char* name) {
    auto c = special_content(config, name);
    if (!c) throw Error(ErrorCode::InvalidFile, std::string("tokenizer_config.json: ") + name + " is null, M2M100Tokenizer needs one");
    if (vocab.find(*c) < 0) throw Error(ErrorCode::InvalidFile, "vocab.json: " + std::string(name) + " '" + *c + "' is not in the vocabulary");
    return *c;
  };
  const std::string unk = required("unk_token"), eos = required("eos_token");
  const int32_t unk_id = vocab.find(unk), eos_id = vocab.find(eos);
  // _convert_token_to_id looks the language tokens up first.
  for (size_t i = 0; i < codes.size(); ++i) vocab.insert("__" + codes[i] + "__", encoder_size + static_cast<int32_t>(i));

  const std::string src_lang = config_string(cv, "src_lang", "en");
  const auto src = std::find(codes.begin(), codes.end(), src_lang);
  if (src == codes.end()) {
    std::string valid;
    for (const auto& c : codes) valid += (valid.empty() ? "" : ", ") + c;
    throw Error(ErrorCode::InvalidArgument, "tokenizer_config.json: src_lang '" + src_lang + "' is not a language code of M2M100Tokenizer's " +
                                                code_set + " set (valid: " + valid + ")");
  }
  const int32_t src_id = encoder_size + static_cast<int32_t>(src - codes.begin());

  std::unique_ptr<sentencepiece::SpmSegmenter> segmenter;
  if (proto.model_type == sentencepiece::ModelType::Bpe) segmenter = std::make_unique<sentencepiece::SpmBpe>(proto);
  else segmenter = std::make_unique<sentencepiece::SpmUnigram>(proto);
  impl->model = std::make_unique<sentencepiece::VocabJsonModel>(std::move(segmenter), std::move(vocab), unk_id, false);
  try {
    impl->normalizer = std::make_unique<sentencepiece::SpmNormalizer>(proto);
  } catch (const Error& e) {
    throw Error(e.code(), file + ": " + e.what());
  }

  // The slow tokenizer's added tokens: the named special tokens, then additional_special_tokens
  // (special_tokens_map.json lists the language tokens in Hub repos; without that list
  // transformers 4.57 registers none of them, so "__fr__" in a text is plain text and decode
  // keeps it).
  std::vector<AddedToken> added;
  sentencepiece::SlowSpmDecoder::Options decode;
  for (const char* name : TokenizerConfig::kSpecialNames)
    if (auto c = special_content(config, name)) {
      added.push_back(plain_special(*c));
      decode.special_tokens.insert(*c);
    }
  for (const auto& t : config.additional_special_tokens) {
    AddedToken a = t;
    a.special = true;
    added.push_back(std::move(a));
    decode.special_tokens.insert(t.content);
  }
  impl->added.add_tokens(added, *impl->model, impl->normalizer.get());
  for (const auto& t : config.additional_special_tokens)
    if (auto id = impl->added.token_to_id(t.content, *impl->model); id && *id >= encoder_size) decode.legacy_added.insert(t.content);
  impl->decoder = std::make_unique<sentencepiece::SlowSpmDecoder>(proto, std::move(decode));

  const std::string src_token = "__" + src_lang + "__";
  impl->post_processor = post_processors::from_json(
      component(template_processing({special(src_token, 0), sequence("A", 0), special(eos, 0)},
                                    {special(src_token, 0), sequence("A", 0), sequence("B", 0), special(eos, 0)},
                                    {{src_token, src_id}, {eos, eos_id}})),
      at / "post_processor");
  impl->derive_default_special_tokens();
  impl->slow_truncation = true;  // no fast class in transformers
  return Tokenizer(std::move(impl));
}

}  // namespace wasmpipe
