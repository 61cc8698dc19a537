// The Unicode Script property as HF tokenizers' UnicodeScripts pre-tokenizer knows it (its table is
// Unicode 9.0: later code points have no script, Script::Any). Data: unicode_scripts_table.h.
#pragma once
#include "core/unicode_scripts_table.h"

namespace wasmpipe::unicode {

// The raw script of c (Script::Any when c has none in Unicode 9.0).
Script script_of(char32_t c) noexcept;

}  // namespace wasmpipe::unicode
