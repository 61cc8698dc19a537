#include "pre_tokenizers/metaspace.h"

#include "core/utf8.h"
#include "pre_tokenizers/char_delimiter_split.h"
#include "pre_tokenizers/split_behavior.h"
#include "pre_tokenizers/words.h"

namespace wasmpipe::pre_tokenizers {

MetaspaceConfig MetaspaceConfig::from_json(const Json& j, const JsonPath& at) {
  MetaspaceConfig c;
  c.replacement = require_char(j, "replacement", at);
  std::optional<PrependScheme> scheme;
  if (const auto s = optional_string(j, "prepend_scheme", at)) {
    if (*s == "first") scheme = PrependScheme::First;
    else if (*s == "never") scheme = PrependScheme::Never;
    else if (*s == "always") scheme = PrependScheme::Always;
    else (at / "prepend_scheme").fail("must be \"first\", \"never\" or \"always\" (got '" + *s + "')");
  }
  // Rust: legacy add_prefix_space=false requires prepend_scheme "never" (an absent one counts as
  // "always", so {"add_prefix_space": false} alone is rejected too).
  if (const auto aps = optional_nullable_bool(j, "add_prefix_space", at); aps && !*aps) {
    if (scheme.value_or(PrependScheme::Always) != PrependScheme::Never)
      (at / "add_prefix_space").fail("does not match the declared prepend_scheme");
    scheme = PrependScheme::Never;
  }
  c.prepend_scheme = scheme.value_or(PrependScheme::Always);
  c.split = optional_bool(j, "split", at, true);
  return c;
}

Metaspace::Metaspace(MetaspaceConfig config) : config_(config) { utf8::append(replacement_, config_.replacement); }

void Metaspace::pre_tokenize(PreTokenizedString& pts) const {
  std::vector<Match> matches;
  pts.split([&](size_t, NormalizedString&& s, std::vector<Split>& out) {
    // replace(' ', replacement) then maybe prepend(replacement), in one pass: every replacement
    // char takes the alignment of the space it replaces; a prepended one that of the first char.
    const std::string& t = s.get();
    const auto& align = s.alignments();
    const bool starts_with_rep = t.starts_with(' ') || t.starts_with(replacement_);
    bool prepend = false;
    if (!t.empty() && !starts_with_rep) {
      if (config_.prepend_scheme == PrependScheme::Always) prepend = true;
      else if (config_.prepend_scheme == PrependScheme::First) prepend = s.original_shift() == 0;
    }
    std::string nt;
    std::vector<Offsets> na;
    nt.reserve(t.size() + 8);
    na.reserve(t.size() + 8);
    if (prepend) {
      nt += replacement_;
      na.insert(na.end(), replacement_.size(), align.front());
    }
    for (size_t i = 0; i < t.size(); ++i) {
      if (t[i] == ' ') {
        nt += replacement_;
        na.insert(na.end(), replacement_.size(), align[i]);
      } else {
        nt.push_back(t[i]);
        na.push_back(align[i]);
      }
    }
    s.assign(std::move(nt), std::move(na));
    if (!config_.split) {
      out.push_back(Split{std::move(s), std::nullopt});
      return;
    }
    matches.clear();
    const char32_t rep = config_.replacement;
    char_matches(s.get(), [rep](char32_t c) { return c == rep; }, matches);
    split_with_behavior(s, std::move(matches), SplitBehavior::MergedWithNext, out);
  });
}

void Metaspace::pre_tokenize_words(std::string_view t, uint32_t shift, WordSink& sink, WordScratch& scratch) const {
  if (t.empty()) return;
  WordScratch::Level lv(scratch);
  const bool starts_with_rep = t.starts_with(' ') || t.starts_with(replacement_);
  bool prepend = false;
  if (!starts_with_rep) {
    if (config_.prepend_scheme == PrependScheme::Always) prepend = true;
    else if (config_.prepend_scheme == PrependScheme::First) prepend = shift == 0;
  }
  std::string& nt = lv->text;
  if (prepend) nt += replacement_;
  size_t from = 0;
  for (size_t i = t.find(' '); i != std::string_view::npos; i = t.find(' ', from)) {
    nt.append(t.data() + from, i - from);
    nt += replacement_;
    from = i + 1;
  }
  nt.append(t.data() + from, t.size() - from);
  if (!config_.split) return sink.word(nt);
  // No space and no replacement char in `t`: the only replacement in `nt` is a prepended one at
  // its start, which MergedWithNext keeps with the rest, so `nt` is one piece.
  if (from == 0 && t.find(replacement_) == std::string_view::npos) return sink.word(nt);
  const char32_t rep = config_.replacement;
  char_matches(nt, [rep](char32_t c) { return c == rep; }, lv->matches);
  sink_pieces(nt, lv->matches, SplitBehavior::MergedWithNext, lv->pieces, sink);
}

std::unique_ptr<Metaspace> Metaspace::from_json(const Json& j, const JsonPath& at) {
  return std::make_unique<Metaspace>(MetaspaceConfig::from_json(j, at));
}

}  // namespace wasmpipe::pre_tokenizers
