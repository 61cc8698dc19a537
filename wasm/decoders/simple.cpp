#include "decoders/simple.h"

#include <limits>

#include "core/utf8.h"

namespace wasmpipe::decoders {
namespace {

// A JSON field holding exactly one char (Rust `char`).
char32_t read_char(const Json& j, std::string_view key, const JsonPath& at, char32_t fallback) {
  const std::optional<std::string> s = optional_string(j, key, at);
  if (!s) return fallback;
  if (s->empty() || utf8::find_invalid(*s) != std::string::npos || utf8::char_count(*s) != 1)
    (at / key).fail("must be a string of exactly one character");
  size_t i = 0;
  return utf8::decode(*s, i);
}

std::string read_utf8(const Json& j, std::string_view key, const JsonPath& at, std::string fallback) {
  std::string s = optional_string(j, key, at).value_or(std::move(fallback));
  if (utf8::find_invalid(s) != std::string::npos) (at / key).fail("must be valid UTF-8");
  return s;
}

}  // namespace

std::string rust_replace(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(s.size());
  if (from.empty()) {
    size_t i = 0;
    while (i < s.size()) {
      out += to;
      const size_t len = utf8::sequence_length(static_cast<unsigned char>(s[i]));
      out.append(s.substr(i, len));
      i += len;
    }
    out += to;
    return out;
  }
  size_t i = 0;
  while (true) {
    const size_t j = s.find(from, i);
    if (j == std::string_view::npos) break;
    out.append(s.substr(i, j - i));
    out += to;
    i = j + from.size();
  }
  out.append(s.substr(i));
  return out;
}

// ---- BPEDecoder ----

void BPEDecoder::decode_chain(std::vector<std::string>& tokens) const {
  for (size_t i = 0; i < tokens.size(); ++i)
    tokens[i] = rust_replace(tokens[i], suffix_, i + 1 == tokens.size() ? "" : " ");
}

std::unique_ptr<BPEDecoder> BPEDecoder::from_json(const Json& j, const JsonPath& at) {
  return std::make_unique<BPEDecoder>(read_utf8(j, "suffix", at, "</w>"));
}

// ---- Metaspace ----

void Metaspace::decode_chain(std::vector<std::string>& tokens) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    std::string out;
    out.reserve(t.size());
    size_t k = 0;
    while (k < t.size()) {
      const size_t start = k;
      const char32_t c = utf8::decode(t, k);
      if (c == replacement_) {
        if (i == 0 && scheme_ != PrependScheme::Never) continue;
        out.push_back(' ');
      } else {
        out.append(t, start, k - start);
      }
    }
    tokens[i] = std::move(out);
  }
}

std::unique_ptr<Metaspace> Metaspace::from_json(const Json& j, const JsonPath& at) {
  const char32_t replacement = read_char(j, "replacement", at, U'\u2581');
  PrependScheme scheme = PrependScheme::Always;
  if (const auto s = optional_string(j, "prepend_scheme", at)) {
    if (*s == "always") scheme = PrependScheme::Always;
    else if (*s == "never") scheme = PrependScheme::Never;
    else if (*s == "first") scheme = PrependScheme::First;
    else (at / "prepend_scheme").fail("must be \"always\", \"never\" or \"first\"");
  }
  // Legacy files carry add_prefix_space instead: false only agrees with "never" (Rust refuses
  // add_prefix_space: false with the default scheme "always").
  if (const auto aps = optional_nullable_bool(j, "add_prefix_space", at)) {
    if (!*aps && scheme != PrependScheme::Never) (at / "add_prefix_space").fail("does not match declared prepend_scheme");
  }
  return std::make_unique<Metaspace>(replacement, scheme, optional_bool(j, "split", at, true));
}

// ---- CTC ----

void CTC::decode_chain(std::vector<std::string>& tokens) const {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && tokens[i] == tokens[i - 1]) continue;  // dedup consecutive
    std::string r = rust_replace(tokens[i], pad_, "");
    if (cleanup_) r = rust_replace(wordpiece_cleanup(r), delim_, " ");
    if (!r.empty()) out.push_back(std::move(r));
  }
  tokens = std::move(out);
}

std::unique_ptr<CTC> CTC::from_json(const Json& j, const JsonPath& at) {
  return std::make_unique<CTC>(read_utf8(j, "pad_token", at, "<pad>"), read_utf8(j, "word_delimiter_token", at, "|"),
                               optional_bool(j, "cleanup", at, true));
}

// ---- Replace ----

void Replace::decode_chain(std::vector<std::string>& tokens) const {
  std::vector<std::pair<size_t, size_t>> matches;
  for (std::string& t : tokens) {
    if (t.empty()) continue;
    matches.clear();
    pattern_.find_all(t, matches);
    if (matches.empty()) continue;
    std::string out;
    out.reserve(t.size());
    size_t last = 0;
    for (const auto& [b, e] : matches) {
      out.append(t, last, b - last);
      out += content_;
      last = e;
    }
    out.append(t, last, std::string::npos);
    t = std::move(out);
  }
}

std::unique_ptr<Replace> Replace::from_json(const Json& j, const JsonPath& at) {
  const Json* p = find_field(j, "pattern");
  if (!p) (at / "pattern").fail("is missing (expected {\"String\": ...} or {\"Regex\": ...})");
  normalizers::ReplacePattern pattern = normalizers::ReplacePattern::from_json(*p, at / "pattern");
  const Json* c = find_field(j, "content");
  if (!c) (at / "content").fail("is missing (expected a string)");
  return std::make_unique<Replace>(std::move(pattern), read_utf8(j, "content", at, ""));
}

// ---- Fuse ----

void Fuse::decode_chain(std::vector<std::string>& tokens) const {
  std::string joined;
  size_t n = 0;
  for (const auto& t : tokens) n += t.size();
  joined.reserve(n);
  for (const auto& t : tokens) joined += t;
  tokens.assign(1, std::move(joined));
}

// ---- Strip ----

void Strip::decode_chain(std::vector<std::string>& tokens) const {
  for (std::string& t : tokens) {
    std::vector<size_t> starts;  // byte offset of each char
    size_t k = 0;
    std::vector<char32_t> chars;
    while (k < t.size()) {
      starts.push_back(k);
      chars.push_back(utf8::decode(t, k));
    }
    starts.push_back(t.size());
    size_t start_cut = 0;
    for (size_t i = 0; i < start_ && i < chars.size(); ++i) {
      if (chars[i] != content_) break;
      start_cut = i + 1;
    }
    size_t stop_cut = chars.size();
    for (size_t i = 0; i < stop_ && i < chars.size(); ++i) {
      const size_t index = chars.size() - i - 1;
      if (chars[index] != content_) break;
      stop_cut = index;
    }
    // Rust panics when the cuts cross (a token made only of `content`); we return "".
    if (stop_cut <= start_cut) {
      t.clear();
      continue;
    }
    t = t.substr(starts[start_cut], starts[stop_cut] - starts[start_cut]);
  }
}

std::unique_ptr<Strip> Strip::from_json(const Json& j, const JsonPath& at) {
  const Json* c = find_field(j, "content");
  if (!c) (at / "content").fail("is missing (expected a one-character string)");
  return std::make_unique<Strip>(read_char(j, "content", at, U' '), optional_uint(j, "start", at, 0),
                                 optional_uint(j, "stop", at, 0));
}

// ---- ByteFallback ----

namespace {

// Rust `u8::from_str_radix(s, 16)` for a 2-byte s: an optional '+' then hex digits.
std::optional<uint8_t> parse_hex_byte(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  unsigned v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    v = v * 16 + static_cast<unsigned>(d);
  }
  return static_cast<uint8_t>(v);
}

}  // namespace

void ByteFallback::decode_chain(std::vector<std::string>& tokens) const {
  std::vector<std::string> out;
  out.reserve(tokens.size());
  std::string bytes;
  size_t byte_tokens = 0;
  auto flush = [&] {
    if (byte_tokens == 0) return;
    if (utf8::find_invalid(bytes) == std::string::npos) {
      out.push_back(bytes);
    } else {
      for (size_t k = 0; k < byte_tokens; ++k) out.emplace_back("\xEF\xBF\xBD");
    }
    bytes.clear();
    byte_tokens = 0;
  };
  for (std::string& t : tokens) {
    std::optional<uint8_t> b;
    if (t.size() == 6 && t.compare(0, 3, "<0x") == 0 && t[5] == '>') b = parse_hex_byte(std::string_view(t).substr(3, 2));
    if (b) {
      bytes.push_back(static_cast<char>(*b));
      ++byte_tokens;
      continue;
    }
    flush();
    out.push_back(std::move(t));
  }
  flush();
  tokens = std::move(out);
}

}  // namespace wasmpipe::decoders
