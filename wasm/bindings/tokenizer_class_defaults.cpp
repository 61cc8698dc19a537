// tokenizerConfigWithClassDefaults(tokenizerConfigText, configText): the tokenizer config a
// tokenizer.json repo's core Tokenizer is built with, with the special-token defaults of
// config.json's model type's fast class (tokenizer/class_special_defaults.h). JS only fetches
// config.json (js/tokenizer_class_defaults.js); which classes default to what lives in C++.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "bindings/guarded.h"
#include "tokenizer/class_special_defaults.h"

namespace {

emscripten::val tokenizer_config_with_class_defaults(const std::string& tokenizer_config_json,
                                                     const std::string& config_json) {
  return wasmpipe::bindings::guarded([&] {
    return emscripten::val(wasmpipe::with_fast_class_special_defaults(tokenizer_config_json, config_json));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasmpipe_tokenizer_class_defaults) {
  emscripten::function("tokenizerConfigWithClassDefaults", &tokenizer_config_with_class_defaults);
}
