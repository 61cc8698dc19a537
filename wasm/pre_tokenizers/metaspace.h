// Metaspace (Rust: pre_tokenizers::metaspace::Metaspace): replaces every ' ' by `replacement`
// (default '▁'), prepends it per prepend_scheme (always / first: only to the split at the very
// start of the input / never), then, when `split`, splits before each replacement char
// (MergedWithNext). Legacy files carry `add_prefix_space` instead: false means "never".
#pragma once
#include <string>

#include "pre_tokenizers/pre_tokenizer.h"

namespace wasmpipe::pre_tokenizers {

enum class PrependScheme { First, Never, Always };

// Reads Metaspace's replacement / prepend_scheme / split / add_prefix_space fields exactly like
// Rust's MetaspaceHelper (shared with the Metaspace decoder).
struct MetaspaceConfig {
  char32_t replacement = U'\u2581';
  PrependScheme prepend_scheme = PrependScheme::Always;
  bool split = true;
  static MetaspaceConfig from_json(const Json& j, const JsonPath& at);
};

class Metaspace final : public PreTokenizer {
 public:
  explicit Metaspace(MetaspaceConfig config = {});
  void pre_tokenize(PreTokenizedString& s) const override;
  void pre_tokenize_words(std::string_view text, uint32_t shift, WordSink& sink, WordScratch& scratch) const override;
  bool reads_original_shift() const override { return config_.prepend_scheme == PrependScheme::First; }
  static std::unique_ptr<Metaspace> from_json(const Json& j, const JsonPath& at);

 private:
  MetaspaceConfig config_;
  std::string replacement_;  // UTF-8
};

}  // namespace wasmpipe::pre_tokenizers
