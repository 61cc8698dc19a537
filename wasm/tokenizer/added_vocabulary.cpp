#include "tokenizer/added_vocabulary.h"

#include <algorithm>
#include <cstring>

#include "core/unicode.h"
#include "core/utf8.h"

namespace wasmpipe {
namespace {

// Last / first char of a string (valid UTF-8, non-empty).
char32_t last_char(std::string_view s) {
  size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  if (i > 0) --i;
  return utf8::decode(s, i);
}
char32_t first_char(std::string_view s) {
  size_t i = 0;
  return utf8::decode(s, i);
}
bool ends_with_word(std::string_view s) { return !s.empty() && unicode::is_word_char(last_char(s)); }
bool starts_with_word(std::string_view s) { return !s.empty() && unicode::is_word_char(first_char(s)); }

// Regex \s*$ start: where the trailing whitespace of `s` begins.
size_t space_leftmost_at_end(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    size_t i = end;
    while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
    if (i > 0) --i;
    size_t k = i;
    if (!unicode::is_whitespace(utf8::decode(s, k))) break;
    end = i;
  }
  return end;
}
// Regex ^\s* end: how many bytes of leading whitespace `s` has.
size_t space_rightmost_at_start(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t k = i;
    if (!unicode::is_whitespace(utf8::decode(s, k))) break;
    i = k;
  }
  return i;
}

}  // namespace

void TokenMatcher::build(const std::vector<std::string>& patterns) {
  nodes_.assign(1, Node{});
  first_.reset();
  for (size_t p = 0; p < patterns.size(); ++p) {
    const std::string& pat = patterns[p];
    if (pat.empty()) continue;
    uint32_t node = 0;
    for (unsigned char b : pat) {
      auto& next = nodes_[node].next;
      auto it = std::find_if(next.begin(), next.end(), [b](const auto& e) { return e.first == b; });
      if (it != next.end()) {
        node = it->second;
      } else {
        const uint32_t child = static_cast<uint32_t>(nodes_.size());
        nodes_[node].next.emplace_back(b, child);
        nodes_.emplace_back();
        node = child;
      }
    }
    if (nodes_[node].pattern < 0) nodes_[node].pattern = static_cast<int64_t>(p);
    first_.set(static_cast<unsigned char>(pat[0]));
  }
  only_first_ = -1;
  if (first_.count() == 1)
    for (int b = 0; b < 256; ++b)
      if (first_[b]) only_first_ = b;
}

std::optional<TokenMatcher::Match> TokenMatcher::find(std::string_view text, size_t from) const {
  if (empty()) return std::nullopt;
  for (size_t i = from; i < text.size(); ++i) {
    if (only_first_ >= 0) {  // every pattern starts with the same byte ('[' for BERT's): memchr to it
      const void* at = std::memchr(text.data() + i, only_first_, text.size() - i);
      if (!at) break;
      i = static_cast<size_t>(static_cast<const char*>(at) - text.data());
    } else if (!first_[static_cast<unsigned char>(text[i])]) {
      continue;
    }
    uint32_t node = 0;
    int64_t best = -1;
    size_t best_end = 0;
    for (size_t j = i; j < text.size(); ++j) {
      const unsigned char b = static_cast<unsigned char>(text[j]);
      const auto& next = nodes_[node].next;
      auto it = std::find_if(next.begin(), next.end(), [b](const auto& e) { return e.first == b; });
      if (it == next.end()) break;
      node = it->second;
      if (nodes_[node].pattern >= 0) {
        best = nodes_[node].pattern;
        best_end = j + 1;
      }
    }
    if (best >= 0) return Match{i, best_end, static_cast<uint32_t>(best)};
  }
  return std::nullopt;
}

std::optional<int32_t> AddedVocabulary::token_to_id(std::string_view token, const models::Model& model) const {
  if (!map_.empty()) {
    auto it = map_.find(std::string(token));
    if (it != map_.end()) return it->second;
  }
  return model.token_to_id(token);
}

std::optional<std::string> AddedVocabulary::id_to_token(int32_t id, const models::Model& model) const {
  auto it = map_r_.find(id);
  if (it != map_r_.end()) {
    auto d = decode_form_.find(id);
    return d != decode_form_.end() ? d->second : it->second.content;
  }
  auto t = model.id_to_token(id);
  if (!t) return std::nullopt;
  return std::string(*t);
}

const AddedToken* AddedVocabulary::added_token(int32_t id) const {
  auto it = map_r_.find(id);
  return it == map_r_.end() ? nullptr : &it->second;
}

size_t AddedVocabulary::count_outside(const models::Model& model) const {
  size_t n = 0;
  for (const auto& [content, id] : map_)
    if (!model.token_to_id(content)) ++n;
  return n;
}

size_t AddedVocabulary::add_tokens(const std::vector<AddedToken>& tokens, const models::Model& model,
                                   const normalizers::Normalizer* normalizer) {
  for (const AddedToken& t : tokens) {
    if (t.special && !t.content.empty() && !special_set_.count(t.content)) {
      special_tokens_.push_back(t);
      special_set_.insert(t.content);
    }
  }
  size_t ignored = 0;
  int64_t max_id = -1;
  for (const auto& [content, v] : map_) max_id = std::max<int64_t>(max_id, v);
  for (const AddedToken& t : tokens) {
    // Rust skips a token equal (content and flags) to one already registered; all tokens with a
    // given content share the id map_[content], so that is the only entry to compare with.
    bool duplicate = false;
    if (auto it = map_.find(t.content); it != map_.end()) {
      auto r = map_r_.find(it->second);
      duplicate = r != map_r_.end() && r->second == t;
    }
    if (t.content.empty() || duplicate) {
      ++ignored;
      continue;
    }
    int32_t id;
    if (auto existing = token_to_id(t.content, model)) {
      id = *existing;
    } else {
      const int64_t vocab_size = static_cast<int64_t>(model.vocab_size());
      int64_t next = vocab_size;
      if (max_id >= 0 && (max_id >= vocab_size || vocab_size == 0)) next = max_id + 1;
      id = static_cast<int32_t>(next);
    }
    map_[t.content] = id;
    max_id = std::max<int64_t>(max_id, id);
    map_r_[id] = t;
    if (!special_set_.count(t.content)) added_tokens_.push_back(t);
  }
  refresh(model, normalizer);
  return tokens.size() - ignored;
}

void AddedVocabulary::refresh(const models::Model& model, const normalizers::Normalizer* normalizer) {
  std::vector<std::string> raw_patterns, norm_patterns;
  raw_.ids.clear();
  normalized_.ids.clear();
  auto add = [&](const AddedToken& t) {
    const auto id = token_to_id(t.content, model);
    if (!id) return;
    if (t.normalized) {
      NormalizedString n(t.content);
      if (normalizer) normalizer->normalize(n);
      norm_patterns.push_back(n.get());
      normalized_.ids.push_back(*id);
    } else {
      raw_patterns.push_back(t.content);
      raw_.ids.push_back(*id);
    }
  };
  for (const AddedToken& t : special_tokens_) add(t);
  for (const AddedToken& t : added_tokens_) add(t);
  raw_.matcher.build(raw_patterns);
  normalized_.matcher.build(norm_patterns);
  decode_form_.clear();
  if (normalizer) {
    for (const auto& [id, t] : map_r_) {
      if (!t.normalized) continue;
      NormalizedString n(t.content);
      normalizer->normalize(n);
      if (n.get() != t.content) decode_form_[id] = n.get();
    }
  }
}

void AddedVocabulary::find_pieces(std::string_view text, bool normalized, std::vector<Piece>& pieces) const {
  pieces.clear();
  const MatchingSet& set = normalized ? normalized_ : raw_;
  if (set.matcher.empty() || text.empty()) return;
  size_t start_offset = 0;
  size_t search = 0;
  while (auto m = set.matcher.find(text, search)) {
    search = m->end;
    size_t start = m->start;
    size_t stop = m->end;
    const int32_t id = set.ids[m->pattern];
    const AddedToken* tok = added_token(id);
    if (!tok) continue;
    if (tok->single_word) {
      const bool start_space = start == 0 || !ends_with_word(text.substr(0, start));
      const bool stop_space = stop == text.size() || !starts_with_word(text.substr(stop));
      if (!start_space || !stop_space) continue;
    }
    if (tok->lstrip) {
      const size_t newstart = space_leftmost_at_end(text.substr(0, start));
      start = std::max(newstart, start_offset);
    }
    if (tok->rstrip) stop += space_rightmost_at_start(text.substr(stop));
    if (start > start_offset) pieces.push_back({start_offset, start, -1});
    pieces.push_back({start, stop, id});
    start_offset = stop;  // the search itself resumes at the match end, as Rust's find_iter does
  }
  if (!pieces.empty() && start_offset != text.size()) pieces.push_back({start_offset, text.size(), -1});
}

void AddedVocabulary::split_with_indices(NormalizedString&& s, const MatchingSet& set, std::vector<Split>& out) const {
  std::vector<Piece> pieces;
  find_pieces(s.get(), &set == &normalized_, pieces);
  if (pieces.empty()) {
    out.push_back(Split{std::move(s), std::nullopt});
    return;
  }
  for (const Piece& p : pieces) {
    Split split{s.slice(p.start, p.end), std::nullopt};
    if (p.id >= 0) {
      const uint32_t len = static_cast<uint32_t>(split.normalized.size());
      split.tokens.emplace();
      split.tokens->push_back(Token{p.id, split.normalized.get(), 0, len});
    }
    out.push_back(std::move(split));
  }
}

PreTokenizedString AddedVocabulary::extract_and_normalize(std::string_view text,
                                                           const normalizers::Normalizer* normalizer) const {
  PreTokenizedString pts(text);
  if (!raw_.matcher.empty()) {
    pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) { split_with_indices(std::move(s), raw_, out); });
  }
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    if (normalizer) normalizer->normalize(s);
    split_with_indices(std::move(s), normalized_, out);
  });
  return pts;
}

}  // namespace wasmpipe
