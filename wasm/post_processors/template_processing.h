// TemplateProcessing (Rust: processors::template::TemplateProcessing): "[CLS]:0 $A:0 [SEP]:0" style
// templates for single sequences and pairs, with special tokens that may expand to several ids.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "post_processors/post_processor.h"

namespace wasmpipe::post_processors {

class TemplateProcessing final : public PostProcessor {
 public:
  struct Piece {
    bool is_sequence = false;  // $A / $B, else a special token
    bool sequence_b = false;   // for sequences: $B
    std::string special;       // for special tokens: key into special_tokens
    int32_t type_id = 0;
  };
  struct SpecialToken {
    std::vector<int32_t> ids;
    std::vector<std::string> tokens;
  };

  // Throws InvalidArgument when a template uses an undefined special token, or the pair template
  // lacks $A or $B (like Rust's builder).
  TemplateProcessing(std::vector<Piece> single, std::vector<Piece> pair, std::map<std::string, SpecialToken> special_tokens);

  size_t added_tokens(bool is_pair) const override { return is_pair ? added_pair_ : added_single_; }
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const override;
  bool process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b, bool add_special_tokens,
                   std::vector<int32_t>& ids, std::vector<int32_t>& type_ids) const override;
  // What process_encodings then encoding_ops::merge make of one sequence without overflowing
  // parts, built straight into one encoding (no encoding per special token, no merge): rewrites
  // `sequence` and returns true; false (untouched) where the general path is needed (overflowing
  // parts, a template using the sequence twice or $B, an unknown special token).
  bool merge_single(Encoding& sequence, bool add_special_tokens) const;

  // Parses one template given as a string ("[CLS] $A:0 [SEP]") or as Rust's serialized piece list.
  static std::vector<Piece> parse_template(const Json& j, const JsonPath& at);
  static std::vector<Piece> parse_template_string(std::string_view s);
  static std::unique_ptr<TemplateProcessing> from_json(const Json& j, const JsonPath& at);
  // `prefix` $A `suffix` and `prefix` $A $B `suffix` (tokens as (string, id)): the templates
  // transformers' language classes build in set_src_lang_special_tokens / set_tgt_lang_special_tokens.
  // In the pair, $B and the suffix get `pair_type_id` (M2M100's slow create_token_type_ids gives
  // them 1; the fast classes' templates, 0); everything else type 0.
  using TokenAndId = std::pair<std::string, int32_t>;
  static std::unique_ptr<TemplateProcessing> around(const std::vector<TokenAndId>& prefix,
                                                    const std::vector<TokenAndId>& suffix, int32_t pair_type_id);

 private:
  size_t count_added(const std::vector<Piece>& t) const;

  std::vector<Piece> single_, pair_;
  std::map<std::string, SpecialToken> special_tokens_;
  size_t added_single_ = 0, added_pair_ = 0;
};

}  // namespace wasmpipe::post_processors
