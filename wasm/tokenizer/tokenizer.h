// The tokenizer: added tokens -> normalizer -> pre-tokenizer -> model -> post-processor, and the
// decoder on the way back; behaves like Hugging Face's Rust `tokenizers` (see docs in the .cpp).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/encoding.h"

namespace wasmpipe {

namespace post_processors {
class PostProcessor;
}

class Tokenizer {
 public:
  // tokenizer.json (+ optional tokenizer_config.json text; may be empty).
  static Tokenizer from_json(std::string_view tokenizer_json, std::string_view tokenizer_config_json = {});
  // A BERT WordPiece tokenizer from vocab.txt, like transformers' BertTokenizerFast conversion.
  static Tokenizer from_vocab_txt(std::string_view vocab_txt, std::string_view tokenizer_config_json);
  // A byte-level BPE tokenizer from vocab.json + merges.txt, like transformers' slow -> fast conversion
  // (GPT-2, RoBERTa / BART, CLIP, Whisper); the class comes from tokenizer_config.json's
  // tokenizer_class, else config.json's model_type (either text may be empty).
  static Tokenizer from_vocab_merges(std::string_view vocab_json, std::string_view merges_txt,
                                     std::string_view tokenizer_config_json, std::string_view config_json);
  // From a SentencePiece .model file, as transformers converts its slow tokenizer class
  // (`tokenizer_class`, e.g. "T5Tokenizer"; empty: tokenizer_config.json's) to a fast one.
  // `file_name` only names the file in errors. See sentencepiece_loader.cpp.
  static Tokenizer from_sentencepiece(std::string_view model_file, std::string_view tokenizer_config_json,
                                      std::string_view tokenizer_class = {}, std::string_view file_name = {});
  // Marian (MarianTokenizer, slow only): source.spm segments, vocab.json gives the ids,
  // target.spm decodes (empty: source.spm).
  static Tokenizer from_marian(std::string_view source_spm, std::string_view vocab_json,
                               std::string_view tokenizer_config_json, std::string_view target_spm = {});
  // M2M100 (M2M100Tokenizer, slow only): sentencepiece.bpe.model segments, vocab.json gives the
  // ids, "__xx__" language codes follow vocab.json; src_lang (tokenizer_config.json, default en)
  // is the prefix of encodings.
  static Tokenizer from_m2m100(std::string_view spm_model, std::string_view vocab_json, std::string_view tokenizer_config_json);

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  Encoding encode(std::string_view text, bool add_special_tokens = true) const;
  Encoding encode_pair(std::string_view text, std::string_view pair, bool add_special_tokens = true) const;
  // Pre-tokenized input (Rust's InputSequence::PreTokenized, Python's is_split_into_words): each
  // word is encoded alone (offsets relative to it, word id = its index), then post-processed as one.
  Encoding encode_words(std::span<const std::string> words, bool add_special_tokens = true) const;
  // Batch: each input truncated per the truncation params, then padded per the padding params.
  std::vector<Encoding> encode_batch(const std::vector<std::string>& texts, const std::vector<std::string>* pairs,
                                     bool add_special_tokens = true) const;
  // The ids of encode / encode_pair (`pair` may be null), the same values, computed without token
  // strings, offsets or alignments where the pipeline allows it (see encode_ids.cpp).
  std::vector<int32_t> encode_ids(std::string_view text, const std::string_view* pair = nullptr,
                                  bool add_special_tokens = true) const;
  // encode_batch for the model inputs: only ids, type_ids and attention_mask of each encoding
  // (and of its overflowing parts) are meaningful; the rest is unspecified.
  std::vector<Encoding> encode_batch_for_model(const std::vector<std::string>& texts,
                                               const std::vector<std::string>* pairs,
                                               bool add_special_tokens = true) const;
  // One sequence of a pair, tokenized once to be paired many times (pair_tokenized): zero-shot
  // classification pairs one text with every hypothesis. `which`: 0 = first sequence, 1 = second.
  // The truncation settings must be the same here and when pairing (see pair_sides.cpp).
  struct PairSide {
    Encoding encoding;
    size_t rust_len = 0, word_shift = 0;  // what tokenizers 0.23's early exit keeps (truncation on)
  };
  PairSide encode_pair_side(std::string_view text, int which) const;
  // encode_pair(text of `first`, text of `second`): the same encoding, without tokenizing again.
  Encoding pair_tokenized(const PairSide& first, const PairSide& second, bool add_special_tokens = true) const;
  std::string decode(std::span<const int32_t> ids, bool skip_special_tokens, bool clean_up_tokenization_spaces) const;
  // transformers' convert_tokens_to_string: the decoder applied to token strings (" ".join
  // without a decoder); no clean-up. Pipelines use it on tokens and on already-decoded words.
  std::string convert_tokens_to_string(std::vector<std::string> tokens) const;
  // True when the model marks word continuations (WordPiece "##", a BPE continuing_subword_prefix):
  // transformers' token-classification then knows real word boundaries.
  bool has_continuing_subword_prefix() const;

  std::optional<int32_t> token_to_id(std::string_view token) const;
  std::optional<std::string> id_to_token(int32_t id) const;
  size_t vocab_size(bool with_added_tokens = true) const;

  void set_truncation(std::optional<TruncationParams>);  // nullopt = off
  void set_padding(std::optional<PaddingParams>);        // nullopt = off
  const std::optional<TruncationParams>& truncation() const;
  const std::optional<PaddingParams>& padding() const;
  // Puts `p` (null: none) in place of the post-processor and returns the one it replaces:
  // transformers' language classes switch templates for their target side (PostProcessorScope).
  std::unique_ptr<post_processors::PostProcessor> replace_post_processor(std::unique_ptr<post_processors::PostProcessor> p);
  // True for the classes transformers only has as Python ("slow") tokenizers (MarianTokenizer,
  // M2M100Tokenizer): truncation then follows PreTrainedTokenizerBase.truncate_sequences, not
  // Rust's (see encoding_ops::slow_truncation_plan), and makes no overflowing windows.
  bool slow_truncation() const;

  std::optional<size_t> model_max_length() const;  // from tokenizer_config.json, nullopt = unlimited
  bool clean_up_tokenization_spaces() const;       // from tokenizer_config.json (default false, like transformers 4.57)
  // special tokens from tokenizer_config.json / added tokens: pad, unk, cls, sep, mask, bos, eos (content string)
  std::optional<std::string> special_token(std::string_view name) const;  // name e.g. "pad_token"
  std::vector<int32_t> all_special_ids() const;

 private:
  struct Impl;
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wasmpipe
