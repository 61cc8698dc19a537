#include "post_processors/template_processing.h"

#include <charconv>
#include <limits>

#include "core/error.h"

namespace wasmpipe::post_processors {
namespace {

// One template word: "$A", "$B:1", "$1" (= $A:1), "[CLS]", "[SEP]:1".
std::optional<TemplateProcessing::Piece> parse_piece(std::string_view word) {
  TemplateProcessing::Piece p;
  std::string_view id = word;
  std::optional<int32_t> type_id;
  if (auto colon = word.find(':'); colon != std::string_view::npos) {
    id = word.substr(0, colon);
    std::string_view t = word.substr(colon + 1);
    uint32_t v = 0;
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || ptr != t.data() + t.size() || v > uint32_t(std::numeric_limits<int32_t>::max()))
      return std::nullopt;
    type_id = static_cast<int32_t>(v);
  }
  if (!id.empty() && id[0] == '$') {
    std::string_view rest = id.substr(1);
    p.is_sequence = true;
    if (rest.empty() || rest == "A" || rest == "a") {
      p.sequence_b = false;
    } else if (rest == "B" || rest == "b") {
      p.sequence_b = true;
    } else {
      uint32_t v = 0;
      auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
      if (ec != std::errc() || ptr != rest.data() + rest.size() || v > uint32_t(std::numeric_limits<int32_t>::max()))
        return std::nullopt;
      if (!type_id) type_id = static_cast<int32_t>(v);  // "$1" is $A:1; an explicit ":n" wins
    }
  } else {
    p.special = std::string(id);
  }
  p.type_id = type_id.value_or(0);
  return p;
}

}  // namespace

TemplateProcessing::TemplateProcessing(std::vector<Piece> single, std::vector<Piece> pair,
                                       std::map<std::string, SpecialToken> special_tokens)
    : single_(std::move(single)), pair_(std::move(pair)), special_tokens_(std::move(special_tokens)) {
  bool has_a = false, has_b = false;
  for (const Piece& p : pair_) {
    if (p.is_sequence) (p.sequence_b ? has_b : has_a) = true;
  }
  if (!pair_.empty() && !(has_a && has_b))
    throw Error(ErrorCode::InvalidArgument, "TemplateProcessing: the pair template must use both $A and $B");
  for (const auto* t : {&single_, &pair_}) {
    for (const Piece& p : *t) {
      if (!p.is_sequence && !special_tokens_.count(p.special))
        throw Error(ErrorCode::InvalidArgument, "TemplateProcessing: missing special token '" + p.special + "'");
    }
  }
  for (const auto& [name, tok] : special_tokens_) {
    if (tok.ids.size() != tok.tokens.size())
      throw Error(ErrorCode::InvalidArgument,
                  "TemplateProcessing: special token '" + name + "' must have as many ids as tokens");
  }
  added_single_ = count_added(single_);
  added_pair_ = count_added(pair_);
}

size_t TemplateProcessing::count_added(const std::vector<Piece>& t) const {
  size_t n = 0;
  for (const Piece& p : t)
    if (!p.is_sequence) n += special_tokens_.at(p.special).ids.size();
  return n;
}

void TemplateProcessing::process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const {
  const bool is_pair = encodings.size() == 2;
  const std::vector<Piece>& tmpl = is_pair ? pair_ : single_;
  if (is_pair && pair_.empty())
    throw Error(ErrorCode::InvalidArgument, "TemplateProcessing: this tokenizer has no pair template");
  std::vector<Encoding> out;
  out.reserve(tmpl.size());
  size_t uses[2] = {0, 0};
  for (const Piece& p : tmpl)
    if (p.is_sequence) ++uses[p.sequence_b ? 1 : 0];
  for (const Piece& p : tmpl) {
    if (p.is_sequence) {
      const size_t i = p.sequence_b ? 1 : 0;
      if (i >= encodings.size())
        throw Error(ErrorCode::InvalidArgument, "TemplateProcessing: the template uses $B but no pair was given");
      // Rust clones the sequence with its overflowing parts; only the main part gets the type id.
      // (A sequence used once is moved rather than copied.)
      Encoding e = uses[i] == 1 ? std::move(encodings[i]) : encodings[i];
      e.type_ids.assign(e.ids.size(), p.type_id);
      out.push_back(std::move(e));
    } else if (add_special_tokens) {
      const SpecialToken& tok = special_tokens_.at(p.special);
      Encoding e;
      e.append_special(tok.ids, tok.tokens, p.type_id);
      out.push_back(std::move(e));
    }
  }
  encodings = std::move(out);
}

bool TemplateProcessing::merge_single(Encoding& seq, bool add_special_tokens) const {
  if (!seq.overflowing.empty()) return false;
  size_t sequences = 0, total = 0;
  for (const Piece& p : single_) {
    if (p.is_sequence) {
      if (p.sequence_b) return false;  // process_encodings throws
      ++sequences;
      total += seq.ids.size();
    } else if (add_special_tokens) {
      const auto it = special_tokens_.find(p.special);
      if (it == special_tokens_.end()) return false;  // process_encodings throws
      total += it->second.ids.size();
    }
  }
  if (sequences != 1) return false;
  Encoding out;
  out.reserve(total);
  // merge() keeps the fields of the first piece with tokens (pad_sequence_id; overflowing is
  // empty throughout): an empty piece before it is replaced by the next one.
  bool have_tokens = false;
  auto append = [](auto& dst, auto& src) { dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end())); };
  for (const Piece& p : single_) {
    size_t n = 0;
    int8_t pad_sequence_id = -1;  // a special token's encoding: Encoding's default
    if (p.is_sequence) {
      n = seq.ids.size();
      pad_sequence_id = seq.pad_sequence_id;
      append(out.ids, seq.ids);
      out.type_ids.insert(out.type_ids.end(), n, p.type_id);
      append(out.tokens, seq.tokens);
      append(out.word_ids, seq.word_ids);
      append(out.offsets, seq.offsets);
      append(out.special_tokens_mask, seq.special_tokens_mask);
      append(out.attention_mask, seq.attention_mask);
      append(out.sequence_ids, seq.sequence_ids);
    } else if (add_special_tokens) {
      const SpecialToken& tok = special_tokens_.find(p.special)->second;
      n = tok.ids.size();
      out.append_special(tok.ids, tok.tokens, p.type_id);
    } else {
      continue;
    }
    if (!have_tokens) out.pad_sequence_id = pad_sequence_id;
    have_tokens = have_tokens || n > 0;
  }
  seq = std::move(out);
  return true;
}

bool TemplateProcessing::process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b,
                                     bool add_special_tokens, std::vector<int32_t>& ids,
                                     std::vector<int32_t>& type_ids) const {
  const std::vector<Piece>& tmpl = b ? pair_ : single_;
  if (b && pair_.empty()) return false;  // process_encodings throws
  for (const Piece& p : tmpl)
    if (p.is_sequence && p.sequence_b && !b) return false;  // process_encodings throws
  // process_encodings' pieces in template order, each with the piece's type id, merged.
  for (const Piece& p : tmpl) {
    if (p.is_sequence) {
      const std::span<const int32_t> s = p.sequence_b ? *b : a;
      ids.insert(ids.end(), s.begin(), s.end());
      type_ids.insert(type_ids.end(), s.size(), p.type_id);
    } else if (add_special_tokens) {
      const std::vector<int32_t>& special = special_tokens_.at(p.special).ids;
      ids.insert(ids.end(), special.begin(), special.end());
      type_ids.insert(type_ids.end(), special.size(), p.type_id);
    }
  }
  return true;
}

std::vector<TemplateProcessing::Piece> TemplateProcessing::parse_template_string(std::string_view s) {
  std::vector<Piece> pieces;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) {
      auto p = parse_piece(s.substr(i, j - i));
      if (!p) throw Error(ErrorCode::InvalidArgument, "TemplateProcessing: cannot parse template piece '" + std::string(s.substr(i, j - i)) + "'");
      pieces.push_back(std::move(*p));
    }
    i = j;
  }
  return pieces;
}

std::vector<TemplateProcessing::Piece> TemplateProcessing::parse_template(const Json& j, const JsonPath& at) {
  if (j.is_string()) {
    try {
      return parse_template_string(j.get<std::string>());
    } catch (const Error& e) {
      at.fail(std::string("is not a valid template: ") + e.what());
    }
  }
  expect_array(j, at);
  std::vector<Piece> pieces;
  for (size_t i = 0; i < j.size(); ++i) {
    const Json& item = j[i];
    const JsonPath ip = at[i];
    if (item.is_string()) {
      auto p = parse_piece(item.get<std::string>());
      if (!p) ip.fail("is not a valid template piece");
      pieces.push_back(std::move(*p));
      continue;
    }
    expect_object(item, ip);
    Piece p;
    if (const Json* seq = find_field(item, "Sequence")) {
      expect_object(*seq, ip / "Sequence");
      const std::string id = require_string(*seq, "id", ip / "Sequence");
      if (id != "A" && id != "B") (ip / "Sequence" / "id").fail("must be \"A\" or \"B\"");
      p.is_sequence = true;
      p.sequence_b = id == "B";
      p.type_id = static_cast<int32_t>(optional_uint(*seq, "type_id", ip / "Sequence", 0, std::numeric_limits<int32_t>::max()));
    } else if (const Json* sp = find_field(item, "SpecialToken")) {
      expect_object(*sp, ip / "SpecialToken");
      p.special = require_string(*sp, "id", ip / "SpecialToken");
      p.type_id = static_cast<int32_t>(optional_uint(*sp, "type_id", ip / "SpecialToken", 0, std::numeric_limits<int32_t>::max()));
    } else {
      ip.fail("must be {\"Sequence\": {...}} or {\"SpecialToken\": {...}}");
    }
    pieces.push_back(std::move(p));
  }
  return pieces;
}

std::unique_ptr<TemplateProcessing> TemplateProcessing::from_json(const Json& j, const JsonPath& at) {
  const Json* single = find_field(j, "single");
  if (!single) (at / "single").fail("is missing (expected a template)");
  std::vector<Piece> single_t = parse_template(*single, at / "single");
  std::vector<Piece> pair_t;
  if (const Json* pair = find_field(j, "pair")) pair_t = parse_template(*pair, at / "pair");
  std::map<std::string, SpecialToken> specials;
  if (const Json* st = find_field(j, "special_tokens")) {
    const JsonPath sp = at / "special_tokens";
    auto read_one = [&](const Json& v, const JsonPath& vp, std::string fallback_name) {
      expect_object(v, vp);
      std::string name = optional_string(v, "id", vp).value_or(fallback_name);
      SpecialToken tok;
      const Json* ids = find_field(v, "ids");
      if (!ids) (vp / "ids").fail("is missing (expected an array of ids)");
      expect_array(*ids, vp / "ids");
      for (size_t k = 0; k < ids->size(); ++k)
        tok.ids.push_back(static_cast<int32_t>(as_uint((*ids)[k], (vp / "ids")[k], std::numeric_limits<int32_t>::max())));
      const Json* toks = find_field(v, "tokens");
      if (!toks) (vp / "tokens").fail("is missing (expected an array of strings)");
      expect_array(*toks, vp / "tokens");
      for (size_t k = 0; k < toks->size(); ++k) {
        if (!(*toks)[k].is_string()) (vp / "tokens")[k].fail("must be a string");
        tok.tokens.push_back((*toks)[k].get<std::string>());
      }
      if (tok.ids.size() != tok.tokens.size()) vp.fail("must have as many ids as tokens");
      specials[name] = std::move(tok);
    };
    if (st->is_object()) {
      for (auto it = st->begin(); it != st->end(); ++it) read_one(it.value(), sp / it.key(), it.key());
    } else if (st->is_array()) {
      for (size_t k = 0; k < st->size(); ++k) read_one((*st)[k], sp[k], "");
    } else {
      sp.fail(std::string("must be an object (found ") + json_type_name(*st) + ")");
    }
  }
  try {
    return std::make_unique<TemplateProcessing>(std::move(single_t), std::move(pair_t), std::move(specials));
  } catch (const Error& e) {
    if (e.code() != ErrorCode::InvalidArgument) throw;
    at.fail(std::string("is invalid: ") + e.what());
  }
}

std::unique_ptr<TemplateProcessing> TemplateProcessing::around(const std::vector<TokenAndId>& prefix,
                                                               const std::vector<TokenAndId>& suffix,
                                                               int32_t pair_type_id) {
  std::map<std::string, SpecialToken> specials;
  auto pieces = [&](const std::vector<TokenAndId>& tokens, int32_t type_id) {
    std::vector<Piece> out;
    for (const auto& [token, id] : tokens) {
      specials.insert_or_assign(token, SpecialToken{{id}, {token}});
      out.push_back(Piece{false, false, token, type_id});
    }
    return out;
  };
  const Piece a{true, false, {}, 0}, b{true, true, {}, pair_type_id};
  std::vector<Piece> single = pieces(prefix, 0), pair = pieces(prefix, 0);
  single.push_back(a);
  pair.push_back(a);
  pair.push_back(b);
  for (Piece& p : pieces(suffix, 0)) single.push_back(std::move(p));
  for (Piece& p : pieces(suffix, pair_type_id)) pair.push_back(std::move(p));
  return std::make_unique<TemplateProcessing>(std::move(single), std::move(pair), std::move(specials));
}

}  // namespace wasmpipe::post_processors
