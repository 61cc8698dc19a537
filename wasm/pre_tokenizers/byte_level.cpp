#include "pre_tokenizers/byte_level.h"

#include "core/byte_level.h"
#include "pre_tokenizers/split_behavior.h"

namespace wasmpipe::pre_tokenizers {

const Regex& gpt2_regex() {
  static const Regex re(kGpt2Pattern);
  return re;
}

void to_byte_level(NormalizedString& s) {
  const std::string& t = s.get();
  const auto& align = s.alignments();
  std::string out;
  std::vector<Offsets> out_align;
  out.reserve(t.size() + t.size() / 2);
  out_align.reserve(out.capacity());
  size_t i = 0;
  while (i < t.size()) {
    const size_t n = std::min(utf8::sequence_length(static_cast<unsigned char>(t[i])), t.size() - i);
    const Offsets a = align[i];
    for (size_t k = 0; k < n; ++k) {
      const std::string_view c = byte_level::byte_to_utf8(static_cast<unsigned char>(t[i + k]));
      out += c;
      out_align.insert(out_align.end(), c.size(), a);
    }
    i += n;
  }
  s.assign(std::move(out), std::move(out_align));
}

namespace {

// Rust NormalizedString::prepend(" "): the new char takes the alignment of the first char.
void prepend_space(NormalizedString& s) {
  if (s.empty()) return;
  std::string t;
  t.reserve(s.size() + 1);
  t.push_back(' ');
  t += s.get();
  std::vector<Offsets> a;
  a.reserve(s.size() + 1);
  a.push_back(s.alignments().front());
  a.insert(a.end(), s.alignments().begin(), s.alignments().end());
  s.assign(std::move(t), std::move(a));
}

}  // namespace

void ByteLevel::pre_tokenize(PreTokenizedString& pts) const {
  const Regex& re = gpt2_regex();
  std::vector<Match> matches;
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    if (add_prefix_space_ && !s.get().starts_with(' ')) prepend_space(s);
    if (!use_regex_) {
      to_byte_level(s);
      out.push_back(Split{std::move(s), std::nullopt});
      return;
    }
    matches.clear();
    regex_matches(re, s.get(), matches);
    const size_t first = out.size();
    split_with_behavior(s, std::move(matches), SplitBehavior::Isolated, out);
    for (size_t k = first; k < out.size(); ++k) to_byte_level(out[k].normalized);
  });
}

void ByteLevel::pre_tokenize_words(std::string_view text, uint32_t, WordSink& sink, WordScratch& scratch) const {
  if (text.empty()) return;
  WordScratch::Level lv(scratch);
  if (add_prefix_space_ && !text.starts_with(' ')) {
    lv->text.push_back(' ');
    lv->text.append(text);
    text = lv->text;
  }
  std::string& mapped = lv->mapped;
  if (!use_regex_) {
    mapped.clear();
    byte_level::encode_append(text, mapped);
    sink.word(mapped);
    return;
  }
  regex_matches(gpt2_regex(), text, lv->matches);
  split_pieces(lv->matches, SplitBehavior::Isolated, lv->pieces);
  for (const SplitPiece& p : lv->pieces) {
    if (p.b >= p.e) continue;
    mapped.clear();
    byte_level::encode_append(text.substr(p.b, p.e - p.b), mapped);
    sink.word(mapped);
  }
}

std::unique_ptr<ByteLevel> ByteLevel::from_json(const Json& j, const JsonPath& at) {
  // Like Rust's serde: add_prefix_space and trim_offsets are required, use_regex defaults to true.
  const bool add_prefix_space = require_bool(j, "add_prefix_space", at);
  const bool trim_offsets = require_bool(j, "trim_offsets", at);
  return std::make_unique<ByteLevel>(add_prefix_space, optional_bool(j, "use_regex", at, true), trim_offsets);
}

}  // namespace wasmpipe::pre_tokenizers
