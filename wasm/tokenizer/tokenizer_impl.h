// Tokenizer internals shared by the loaders (tokenizer_json.cpp, vocab_txt.cpp) and tokenizer.cpp.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "core/scratch_slot.h"
#include "decoders/decoder.h"
#include "models/model.h"
#include "models/raw_fields.h"
#include "normalizers/normalizer.h"
#include "post_processors/post_processor.h"
#include "pre_tokenizers/pre_tokenizer.h"
#include "tokenizer/added_vocabulary.h"
#include "tokenizer/bert_ids_path.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_config.h"
#include "tokenizer/word_ids_cache.h"

namespace wasmpipe {

struct Tokenizer::Impl {
  // from_json on an already parsed tokenizer.json (loaders that assemble one, like vocab_merges.cpp).
  // `raw`: model.vocab / model.merges cut out of the text before parsing (models/raw_fields.h), if any.
  static Tokenizer from_json_root(const Json& root, std::string_view tokenizer_config_json,
                                  const models::RawModelFields* raw = nullptr);

  std::unique_ptr<normalizers::Normalizer> normalizer;           // may be null
  std::unique_ptr<pre_tokenizers::PreTokenizer> pre_tokenizer;   // may be null
  std::unique_ptr<models::Model> model;                          // never null
  std::unique_ptr<post_processors::PostProcessor> post_processor;  // may be null
  std::unique_ptr<decoders::Decoder> decoder;                    // may be null
  AddedVocabulary added;
  std::optional<TruncationParams> truncation;
  std::optional<PaddingParams> padding;
  TokenizerConfig config;
  // Python-only classes (Marian, M2M100): truncation as truncate_sequences (Tokenizer::slow_truncation).
  bool slow_truncation = false;
  // Special tokens for names the config does not give (BERT defaults for WordPiece models).
  std::map<std::string, std::string> default_special_tokens;

  // What tokenizers 0.23's early exit would have seen of each sequence (see tokenizer.cpp).
  struct RustTruncationView {
    size_t len1 = 0, len2 = 0;      // tokens kept by the early exit
    size_t shift1 = 0, shift2 = 0;  // leading splits it dropped (left truncation)
  };
  // Encodes one sequence. When truncation is on, `rust_len` / `word_shift` receive the length and
  // word-id shift tokenizers 0.23 would have produced with its early exit.
  Encoding encode_single(std::string_view text, int32_t type_id, size_t* rust_len = nullptr,
                         size_t* word_shift = nullptr) const;
  Encoding post_process(Encoding first, std::optional<Encoding> second, bool add_special_tokens,
                        const RustTruncationView& view) const;
  // Which sequences tokenizers 0.23's early exit cuts (truncation on): those its strategy may
  // truncate; and when max_length leaves no room for the special tokens (truncation is then
  // skipped), the pair's second one under only_first too (checked against the node binding).
  std::pair<bool, bool> early_exit_tracks(bool pair, bool add_special_tokens) const;
  Encoding encode(std::string_view text, const std::string_view* pair, bool add_special_tokens) const;

  // The ids-only path (encode_ids.cpp): what encode gives, with only ids, type_ids and
  // attention_mask meaningful (only ids when `ids_only`). `IdsScratch` is the buffers a call
  // reuses: those of the previous call (ids_scratch), or of the batch.
  struct IdsScratch {
    pre_tokenizers::WordScratch words;
    std::string normalized;
    std::vector<AddedVocabulary::Piece> raw_pieces, normalized_pieces;
    std::vector<int32_t> ids[2], type_ids;  // each sequence's ids; process_ids' unused type ids
    std::vector<std::pair<uint32_t, bool>> per_split;  // tokens per split, whether an added token
    WordIdsCache word_ids;  // used when the model's ids depend on the word only
    BertIdsPath::Scratch bert;
    std::vector<std::string_view> slices;  // encode_single: the pre-tokens of one split, as slices of it
    std::vector<Token> tokens;             // encode_single: the tokens of one pre-token
    // The input-sized buffers (the word cache is bounded).
    size_t retained_bytes() const noexcept {
      return words.retained_bytes() + normalized.capacity() + capacity_bytes(ids[0]) + capacity_bytes(ids[1]) + capacity_bytes(type_ids) +
             capacity_bytes(per_split) + capacity_bytes(raw_pieces) + capacity_bytes(normalized_pieces) + bert.word.capacity() +
             bert.region.capacity() + capacity_bytes(slices) + capacity_bytes(tokens);
    }
  };
  // One IdsScratch kept between calls (dropped after a huge input).
  using IdsScratchCache = ScratchSlot<IdsScratch>;
  mutable IdsScratchCache ids_scratch;
  Encoding encode_for_ids(std::string_view text, const std::string_view* pair, bool add_special_tokens,
                          IdsScratch& scratch, bool ids_only = false) const;
  // The fused BERT ids path, built on first use; null unless the components are BERT's.
  const BertIdsPath* bert_ids_path() const {
    std::call_once(bert_ids_once_, [this] { bert_ids_ = BertIdsPath::make(normalizer.get(), pre_tokenizer.get(), *model); });
    return bert_ids_.get();
  }
  mutable std::once_flag bert_ids_once_;
  mutable std::unique_ptr<const BertIdsPath> bert_ids_;
  // False when pre-token texts depend on alignments the ids-only path does not track.
  bool ids_path_exact() const;
  // The ids of one sequence into `ids` (cleared first).
  void encode_single_ids(std::string_view text, std::vector<int32_t>& ids, size_t* rust_len, size_t* word_shift,
                         IdsScratch& scratch) const;
  // Validates truncation params against the post-processor (Rust's with_truncation check).
  void check_truncation(const TruncationParams& t) const;
  // What transformers' fast tokenizer class (tokenizer_config.json tokenizer_class) changes on top of
  // tokenizer.json: Llama-style add_bos_token / add_eos_token templates, BERT normalizer options.
  void apply_tokenizer_class_semantics();
  // Fills default_special_tokens from the model / post-processor when the config is silent.
  void derive_default_special_tokens();
};

}  // namespace wasmpipe
