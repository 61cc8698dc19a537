#include "pre_tokenizers/unicode_scripts.h"

#include "core/unicode_scripts.h"
#include "core/utf8.h"

namespace wasmpipe::pre_tokenizers {
namespace {

using unicode::Script;

// Rust's fixed_script: the Japanese kana and the prolonged sound mark join Han; a plain space has
// no script so it never separates runs.
Script fixed_script(char32_t c) noexcept {
  if (c == 0x30FC) return Script::Han;
  if (c == U' ') return Script::Any;
  const Script s = unicode::script_of(c);
  return (s == Script::Hiragana || s == Script::Katakana) ? Script::Han : s;
}

}  // namespace

void UnicodeScripts::pre_tokenize(PreTokenizedString& pts) const {
  pts.split([](size_t, NormalizedString&& s, std::vector<Split>& out) {
    const std::string_view text = s.get();
    // A cut goes before every char whose script is not Any and differs from the last non-Any
    // script seen. Like Rust, pieces run from cut to cut: text before the first char that has a
    // script (leading spaces, unassigned code points) is dropped, and so is a split without any.
    bool have_last = false;
    Script last = Script::Any;
    size_t piece_begin = 0, i = 0;
    while (i < text.size()) {
      const size_t b = i;
      const Script script = fixed_script(utf8::decode(text, i));
      if (script == Script::Any) continue;
      if (!have_last || script != last) {
        if (have_last) out.push_back(Split{s.slice(piece_begin, b), std::nullopt});
        piece_begin = b;
      }
      have_last = true;
      last = script;
    }
    if (have_last) out.push_back(Split{s.slice(piece_begin, text.size()), std::nullopt});
  });
}

}  // namespace wasmpipe::pre_tokenizers
