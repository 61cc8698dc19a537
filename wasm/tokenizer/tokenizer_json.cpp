// Tokenizer::from_json: loads a tokenizer.json (the file Rust's tokenizers serializes).
#include <limits>

#include "core/error.h"
#include "core/utf8.h"
#include "models/raw_fields.h"
#include "tokenizer/tokenizer_impl.h"

namespace wasmpipe {
namespace {

Direction read_direction(const Json& obj, const JsonPath& at) {
  auto d = optional_string(obj, "direction", at);
  if (!d || *d == "Right") return Direction::Right;
  if (*d == "Left") return Direction::Left;
  (at / "direction").fail("must be \"Right\" or \"Left\" (found \"" + *d + "\")");
}

std::optional<TruncationParams> read_truncation(const Json& root, const JsonPath& rp) {
  const Json* t = find_field(root, "truncation");
  if (!t) return std::nullopt;
  const JsonPath at = rp / "truncation";
  expect_object(*t, at);
  TruncationParams p;
  p.max_length = static_cast<size_t>(require_uint(*t, "max_length", at, std::numeric_limits<uint32_t>::max()));
  p.stride = static_cast<size_t>(optional_uint(*t, "stride", at, 0));
  p.direction = read_direction(*t, at);
  const std::string strategy = optional_string(*t, "strategy", at).value_or("LongestFirst");
  if (strategy == "LongestFirst") {
    p.strategy = TruncationStrategy::LongestFirst;
  } else if (strategy == "OnlyFirst") {
    p.strategy = TruncationStrategy::OnlyFirst;
  } else if (strategy == "OnlySecond") {
    p.strategy = TruncationStrategy::OnlySecond;
  } else {
    (at / "strategy").fail("must be \"LongestFirst\", \"OnlyFirst\" or \"OnlySecond\" (found \"" + strategy + "\")");
  }
  return p;
}

std::optional<PaddingParams> read_padding(const Json& root, const JsonPath& rp) {
  const Json* pj = find_field(root, "padding");
  if (!pj) return std::nullopt;
  const JsonPath at = rp / "padding";
  expect_object(*pj, at);
  PaddingParams p;
  const Json* s = find_field(*pj, "strategy");
  if (!s || (s->is_string() && s->get<std::string>() == "BatchLongest")) {
    p.to_longest = true;
  } else if (s->is_object() && s->contains("Fixed")) {
    p.to_longest = false;
    p.length = static_cast<size_t>(as_uint((*s)["Fixed"], at / "strategy" / "Fixed"));
  } else {
    (at / "strategy").fail("must be \"BatchLongest\" or {\"Fixed\": length}");
  }
  p.direction = read_direction(*pj, at);
  p.pad_to_multiple_of = static_cast<size_t>(optional_uint(*pj, "pad_to_multiple_of", at, 0));
  p.pad_id = static_cast<int32_t>(optional_uint(*pj, "pad_id", at, 0, std::numeric_limits<int32_t>::max()));
  p.pad_type_id = static_cast<int32_t>(optional_uint(*pj, "pad_type_id", at, 0, std::numeric_limits<int32_t>::max()));
  p.pad_token = optional_string(*pj, "pad_token", at).value_or("[PAD]");
  return p;
}

std::vector<AddedToken> read_added_tokens(const Json& root, const JsonPath& rp) {
  std::vector<AddedToken> tokens;
  const Json* list = find_field(root, "added_tokens");
  if (!list) return tokens;
  const JsonPath at = rp / "added_tokens";
  expect_array(*list, at);
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& t = (*list)[i];
    const JsonPath ip = at[i];
    expect_object(t, ip);
    require_uint(t, "id", ip, std::numeric_limits<int32_t>::max());  // required, but Rust re-derives ids
    AddedToken a;
    a.content = require_string(t, "content", ip);
    a.single_word = optional_bool(t, "single_word", ip, false);
    a.lstrip = optional_bool(t, "lstrip", ip, false);
    a.rstrip = optional_bool(t, "rstrip", ip, false);
    a.normalized = optional_bool(t, "normalized", ip, true);
    a.special = optional_bool(t, "special", ip, false);
    tokens.push_back(std::move(a));
  }
  return tokens;
}

}  // namespace

Tokenizer Tokenizer::from_json(std::string_view tokenizer_json, std::string_view tokenizer_config_json) {
  utf8::validate(tokenizer_json, "tokenizer.json");
  // model.vocab / model.merges (most of the file) skip the DOM: see models/raw_fields.h.
  std::string skeleton;
  models::RawModelFields raw;
  const bool deferred = models::defer_large_model_fields(tokenizer_json, skeleton, raw);
  const Json root = parse_json(deferred ? std::string_view(skeleton) : tokenizer_json, "tokenizer.json");
  return Impl::from_json_root(root, tokenizer_config_json, deferred ? &raw : nullptr);
}

Tokenizer Tokenizer::Impl::from_json_root(const Json& root, std::string_view tokenizer_config_json,
                                          const models::RawModelFields* raw) {
  const JsonPath root_path("tokenizer.json");
  expect_object(root, root_path);

  auto impl = std::make_unique<Impl>();
  const Json* model = find_field(root, "model");
  if (!model) (root_path / "model").fail("is missing");
  impl->model = models::from_json(*model, root_path / "model", raw);
  if (const Json* n = find_field(root, "normalizer")) impl->normalizer = normalizers::from_json(*n, root_path / "normalizer");
  if (const Json* p = find_field(root, "pre_tokenizer"))
    impl->pre_tokenizer = pre_tokenizers::from_json(*p, root_path / "pre_tokenizer");
  if (const Json* p = find_field(root, "post_processor"))
    impl->post_processor = post_processors::from_json(*p, root_path / "post_processor");
  if (const Json* d = find_field(root, "decoder")) impl->decoder = decoders::from_json(*d, root_path / "decoder");

  impl->added.add_tokens(read_added_tokens(root, root_path), *impl->model, impl->normalizer.get());
  impl->truncation = read_truncation(root, root_path);
  if (impl->truncation) {
    try {
      impl->check_truncation(*impl->truncation);
    } catch (const Error& e) {
      (root_path / "truncation").fail(std::string("is invalid: ") + e.what());
    }
  }
  impl->padding = read_padding(root, root_path);
  impl->config = TokenizerConfig::parse(tokenizer_config_json);
  // Like transformers' PreTrainedTokenizerFast: tokens of the config's added_tokens_decoder and
  // special tokens that tokenizer.json does not list yet become (special) added tokens.
  std::vector<AddedToken> extra;
  auto want = [&](const AddedToken& t) {
    if (t.content.empty() || impl->added.contains(t.content)) return;
    for (const auto& e : extra)
      if (e.content == t.content) return;
    extra.push_back(t);
  };
  for (const auto& [id, t] : impl->config.added_tokens_decoder) want(t);
  for (const char* name : TokenizerConfig::kSpecialNames) {
    auto it = impl->config.special_tokens.find(name);
    if (it != impl->config.special_tokens.end() && it->second) want(*it->second);
  }
  for (const AddedToken& t : impl->config.additional_special_tokens) want(t);
  if (!extra.empty()) impl->added.add_tokens(extra, *impl->model, impl->normalizer.get());
  impl->apply_tokenizer_class_semantics();
  impl->derive_default_special_tokens();
  return Tokenizer(std::move(impl));
}

}  // namespace wasmpipe
