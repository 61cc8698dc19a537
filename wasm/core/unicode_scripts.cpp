#include "core/unicode_scripts.h"

#include <algorithm>
#include <iterator>

namespace wasmpipe::unicode {

Script script_of(char32_t c) noexcept {
  // Binary search for the last range starting at or before c.
  const auto* end = std::end(kScriptRanges);
  const auto* it = std::upper_bound(std::begin(kScriptRanges), end, c,
                                    [](char32_t v, const ScriptRange& r) { return v < r.first; });
  if (it == std::begin(kScriptRanges)) return Script::Any;
  --it;
  return c <= it->last ? it->script : Script::Any;
}

}  // namespace wasmpipe::unicode
