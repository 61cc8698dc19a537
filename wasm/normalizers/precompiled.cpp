#include "normalizers/precompiled.h"

#include <utf8proc.h>

#include "core/error.h"
#include "core/utf8.h"

namespace wasmpipe::normalizers {
namespace {

using Change = NormalizedString::Change;

// darts-clone unit accessors (as spm_precompiled's DoubleArray).
inline bool has_leaf(uint32_t u) { return ((u >> 8) & 1) == 1; }
inline uint32_t value(uint32_t u) { return u & ((1u << 31) - 1); }
inline uint32_t label(uint32_t u) { return u & ((1u << 31) | 0xFF); }
inline size_t offset(uint32_t u) { return static_cast<size_t>((u >> 10) << ((u & (1u << 9)) >> 6)); }

// Rust `replace(transformations, old, new)` of tokenizers' precompiled.rs.
void push_replacement(std::vector<Change>& t, std::string_view old_part, std::string_view new_part) {
  const int64_t old_count = static_cast<int64_t>(utf8::char_count(old_part));
  const int64_t new_count = static_cast<int64_t>(utf8::char_count(new_part));
  const int64_t diff = new_count - old_count;
  size_t i = 0;
  while (i < new_part.size()) t.push_back({utf8::decode(new_part, i), 0});
  if (diff > 0) {
    for (int64_t k = 0; k < diff && k < static_cast<int64_t>(t.size()); ++k) t[t.size() - 1 - static_cast<size_t>(k)].change = 1;
  } else if (diff < 0 && !t.empty()) {
    t.back().change += static_cast<int32_t>(diff);
  }
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view in) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = val(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (bits >= 6) return std::nullopt;  // a lone trailing char
  return out;
}

size_t grapheme_length(std::string_view text, size_t i) {
  const size_t start = i;
  utf8proc_int32_t state = 0;
  char32_t prev = utf8::decode(text, i);
  while (i < text.size()) {
    size_t j = i;
    const char32_t c = utf8::decode(text, j);
    if (utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(prev), static_cast<utf8proc_int32_t>(c), &state))
      break;
    prev = c;
    i = j;
  }
  return i - start;
}

Precompiled::Precompiled(std::string_view map) {
  if (map.size() < 4) throw Error(ErrorCode::InvalidArgument, "precompiled_charsmap is too short");
  const auto* p = reinterpret_cast<const unsigned char*>(map.data());
  const size_t trie_size = size_t(p[0]) | size_t(p[1]) << 8 | size_t(p[2]) << 16 | size_t(p[3]) << 24;
  if (trie_size > map.size() - 4 || trie_size % 4 != 0)
    throw Error(ErrorCode::InvalidArgument, "precompiled_charsmap has a bad trie size");
  trie_.resize(trie_size / 4);
  for (size_t k = 0; k < trie_.size(); ++k) {
    const unsigned char* q = p + 4 + 4 * k;
    trie_[k] = uint32_t(q[0]) | uint32_t(q[1]) << 8 | uint32_t(q[2]) << 16 | uint32_t(q[3]) << 24;
  }
  normalized_.assign(map.substr(4 + trie_size));
  if (utf8::find_invalid(normalized_) != std::string::npos)
    throw Error(ErrorCode::InvalidArgument, "precompiled_charsmap's normalized strings are not valid UTF-8");
  if (trie_.empty()) throw Error(ErrorCode::InvalidArgument, "precompiled_charsmap has an empty trie");
  for (unsigned c = 0; c < 0x80; ++c) {
    const char ch = static_cast<char>(c);
    if (auto n = transform(std::string_view(&ch, 1))) {
      ascii_[c] = {true, static_cast<uint32_t>(n->data() - normalized_.data()), static_cast<uint32_t>(n->size())};
    }
    ascii_plain_[c] = !ascii_[c].mapped && c != '\r';
  }
}

std::optional<std::string_view> Precompiled::transform(std::string_view chunk) const {
  // common_prefix_search, stopping at the first result (Rust takes results[0]).
  size_t node = 0;
  uint32_t unit = trie_[node];
  node ^= offset(unit);
  for (unsigned char c : chunk) {
    if (c == 0) break;
    node ^= c;
    if (node >= trie_.size()) return std::nullopt;
    unit = trie_[node];
    if (label(unit) != c) return std::nullopt;
    node ^= offset(unit);
    if (has_leaf(unit)) {
      if (node >= trie_.size()) return std::nullopt;
      const size_t index = value(trie_[node]);
      if (index > normalized_.size()) return std::nullopt;
      size_t end = index;
      while (end < normalized_.size() && normalized_[end] != '\0') ++end;
      std::string_view out(normalized_.data() + index, end - index);
      // Rust slices a String here: an index inside a char would panic; treat it as no match.
      if ((index < normalized_.size() && (static_cast<unsigned char>(normalized_[index]) & 0xC0) == 0x80)) return std::nullopt;
      return out;
    }
  }
  return std::nullopt;
}

size_t Precompiled::longest_prefix(std::string_view text, std::string_view& replacement) const {
  size_t node = 0, best = 0;
  uint32_t unit = trie_[node];
  node ^= offset(unit);
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) break;
    node ^= c;
    if (node >= trie_.size()) break;
    unit = trie_[node];
    if (label(unit) != c) break;
    node ^= offset(unit);
    if (has_leaf(unit)) {
      if (node >= trie_.size()) break;
      const size_t index = value(trie_[node]);
      if (index >= normalized_.size()) continue;
      size_t end = index;
      while (end < normalized_.size() && normalized_[end] != '\0') ++end;
      replacement = std::string_view(normalized_.data() + index, end - index);
      best = i + 1;
    }
  }
  return best;
}

void Precompiled::normalize_text(std::string_view in, std::string& out) const {
  // The text normalize() produces, without alignments. An ASCII byte followed by another ASCII
  // byte (not CR LF) is a grapheme of its own (UAX #29: nothing ASCII extends a cluster), so it
  // takes its one-byte replacement from the table the constructor filled with transform().
  out.clear();
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    // A run of ASCII bytes that map to themselves (not \r): copied at once, but for its last
    // byte when a non-ASCII char follows (which may extend that byte's grapheme).
    size_t j = i;
    while (j < in.size() && static_cast<unsigned char>(in[j]) < 0x80 && ascii_plain_[static_cast<unsigned char>(in[j])]) ++j;
    if (j < in.size() && static_cast<unsigned char>(in[j]) >= 0x80 && j > i) --j;
    out.append(in.data() + i, j - i);
    i = j;
    if (i == in.size()) break;
    const auto b = static_cast<unsigned char>(in[i]);
    if (b < 0x80 && (i + 1 == in.size() || (static_cast<unsigned char>(in[i + 1]) < 0x80 && !(b == '\r' && in[i + 1] == '\n')))) {
      const AsciiReplacement& r = ascii_[b];
      if (r.mapped) out.append(normalized_.data() + r.offset, r.length);
      else out.push_back(static_cast<char>(b));
      ++i;
      continue;
    }
    const size_t glen = grapheme_length(in, i);
    const std::string_view g = in.substr(i, glen);
    i += glen;
    if (g.size() < 6) {
      if (auto n = transform(g)) {
        out += *n;
        continue;
      }
    }
    size_t k = 0;
    while (k < g.size()) {
      const size_t len = utf8::sequence_length(static_cast<unsigned char>(g[k]));
      const std::string_view part = g.substr(k, len);
      k += len;
      if (auto n = transform(part)) out += *n;
      else out += part;
    }
  }
}

void Precompiled::normalize(NormalizedString& s) const {
  const std::string& text = s.get();
  std::vector<Change> t;
  t.reserve(text.size());
  bool modified = false;
  size_t i = 0;
  while (i < text.size()) {
    const size_t glen = grapheme_length(text, i);
    const std::string_view g = std::string_view(text).substr(i, glen);
    i += glen;
    if (g.size() < 6) {
      if (auto n = transform(g)) {
        modified = true;
        push_replacement(t, g, *n);
        continue;
      }
    }
    size_t k = 0;
    while (k < g.size()) {
      const size_t len = utf8::sequence_length(static_cast<unsigned char>(g[k]));
      const std::string_view part = g.substr(k, len);
      k += len;
      if (auto n = transform(part)) {
        modified = true;
        push_replacement(t, part, *n);
      } else {
        size_t q = 0;
        t.push_back({utf8::decode(part, q), 0});
      }
    }
  }
  if (modified) s.transform(t, 0);
}

std::unique_ptr<Precompiled> Precompiled::from_json(const Json& j, const JsonPath& at) {
  const JsonPath p = at / "precompiled_charsmap";
  const Json* v = find_field(j, "precompiled_charsmap");
  if (!v) p.fail("is missing (expected a base64 string)");
  std::string bytes;
  if (v->is_string()) {
    auto d = base64_decode(v->get<std::string>());
    if (!d) p.fail("is not valid base64");
    bytes = std::move(*d);
  } else if (v->is_array()) {
    for (size_t k = 0; k < v->size(); ++k) bytes.push_back(static_cast<char>(as_uint((*v)[k], p[k], 255)));
  } else {
    p.fail(std::string("must be a base64 string (found ") + json_type_name(*v) + ")");
  }
  try {
    return std::make_unique<Precompiled>(bytes);
  } catch (const Error& e) {
    p.fail(std::string("is invalid: ") + e.what());
  }
}

}  // namespace wasmpipe::normalizers
