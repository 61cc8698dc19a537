// The ids-only encode path: the same pipeline as Tokenizer::Impl::encode_single (added tokens,
// normalizer, pre-tokenizer, model), on plain text. Nothing is aligned, no NormalizedString or
// Split is built, models append ids without token strings, and rewritten pre-tokens live in
// buffers reused across words (WordScratch). Without truncation or padding, the post-processor
// adds its special tokens straight to the ids (PostProcessor::process_ids); otherwise truncation,
// post-processing and padding reuse the full path's code on a skeleton encoding (ids +
// placeholders), so they decide exactly as it does (a truncation that cuts nothing counts as
// none). BERT's normalizer, pre-tokenizer and WordPiece run fused into one pass (bert_ids_path.h).
//
// Exactness: every component produces the same TEXTS as in the full path; only Metaspace's
// prepend_scheme "first" reads where a pre-token sits in the original input (an alignment), which
// this path knows only when nothing normalized the text (ids_path_exact; else the full path runs).
#include <span>

#include "core/error.h"
#include "core/utf8.h"
#include "pre_tokenizers/metaspace.h"
#include "tokenizer/bert_ids_path.h"
#include "tokenizer/encoding_ops.h"
#include "tokenizer/tokenizer_impl.h"

namespace wasmpipe {
namespace {

using SplitCounts = std::vector<std::pair<uint32_t, bool>>;  // tokens of one split, whether an added token

class IdsSink final : public pre_tokenizers::WordSink {
 public:
  // `cache`: null when the model's ids are not a function of the word alone.
  IdsSink(const models::Model& model, std::vector<int32_t>& ids, SplitCounts* per_split, WordIdsCache* cache)
      : model_(model), ids_(ids), per_split_(per_split), cache_(cache) {}
  void word(std::string_view w) override {
    if (w.empty()) return;  // empty splits are dropped
    const size_t before = ids_.size();
    if (cache_ && w.size() <= WordIdsCache::kMaxWordBytes) {
      const uint64_t h = WordIdsCache::hash(w);
      if (!cache_->append(w, h, ids_)) {
        model_.tokenize_ids(w, ids_);
        cache_->insert(w, h, ids_.data() + before, ids_.size() - before);
      }
    } else {
      model_.tokenize_ids(w, ids_);
    }
    if (per_split_) per_split_->emplace_back(static_cast<uint32_t>(ids_.size() - before), false);
  }
  // A word whose ids are known to be the one id `id` (BertIdsPath's single-char words).
  void known(int32_t id) {
    ids_.push_back(id);
    if (per_split_) per_split_->emplace_back(1, false);
  }
  void added(int32_t id) {
    ids_.push_back(id);
    if (per_split_) per_split_->emplace_back(1, true);
  }

 private:
  const models::Model& model_;
  std::vector<int32_t>& ids_;
  SplitCounts* per_split_;
  WordIdsCache* cache_;
};

// An encoding of `ids` with the fields encode_single fills besides ids, with placeholder values:
// post_process only reads ids, lengths and (for offsets trimming) token strings, none of which
// changes the ids it returns.
Encoding skeleton(const std::vector<int32_t>& ids, int32_t type_id) {
  Encoding e;
  const size_t n = ids.size();
  e.ids = ids;
  e.type_ids.assign(n, type_id);
  e.tokens.resize(n);
  e.offsets.assign(n, {0, 0});
  e.word_ids.assign(n, 0);
  e.special_tokens_mask.assign(n, 0);
  e.attention_mask.assign(n, 1);
  e.sequence_ids.assign(n, static_cast<int8_t>(type_id));
  return e;
}

}  // namespace

bool Tokenizer::Impl::ids_path_exact() const {
  if (!pre_tokenizer || !pre_tokenizer->reads_original_shift()) return true;
  // A top-level Metaspace on unnormalized text sees each piece at its absolute input offset.
  return !normalizer && dynamic_cast<const pre_tokenizers::Metaspace*>(pre_tokenizer.get()) != nullptr;
}

void Tokenizer::Impl::encode_single_ids(std::string_view text, std::vector<int32_t>& ids, size_t* rust_len,
                                        size_t* word_shift, IdsScratch& sc) const {
  ids.clear();
  SplitCounts& per_split = sc.per_split;
  per_split.clear();
  IdsSink sink(*model, ids, rust_len ? &per_split : nullptr, model->ids_depend_on_word_only() ? &sc.word_ids : nullptr);
  // Pre-tokenizes one non-empty normalized piece whose first byte sits at input offset `shift`.
  auto words = [&](std::string_view piece, size_t shift) {
    if (piece.empty()) return;
    if (pre_tokenizer) pre_tokenizer->pre_tokenize_words(piece, static_cast<uint32_t>(shift), sink, sc.words);
    else sink.word(piece);
  };
  // BERT's components fused into one pass (none of them sees an added token then).
  const BertIdsPath* bert = added.has_normalized_tokens() ? nullptr : bert_ids_path();
  // One piece of the input between raw added tokens: normalized, then cut around normalized ones.
  auto piece = [&](size_t start, size_t end) {
    std::string_view s = text.substr(start, end - start);
    if (s.empty()) return;
    if (bert) return bert->encode(s, sink, sc.bert, sc.words);
    if (normalizer) {
      normalizer->normalize_text(s, sc.normalized);
      s = sc.normalized;
    }
    added.find_pieces(s, true, sc.normalized_pieces);
    if (sc.normalized_pieces.empty()) return words(s, start);
    for (const AddedVocabulary::Piece& p : sc.normalized_pieces) {
      if (p.id >= 0) sink.added(p.id);
      else words(s.substr(p.start, p.end - p.start), start + p.start);
    }
  };
  added.find_pieces(text, false, sc.raw_pieces);
  if (sc.raw_pieces.empty()) {
    piece(0, text.size());
  } else {
    for (const AddedVocabulary::Piece& p : sc.raw_pieces) {
      if (p.id >= 0) sink.added(p.id);
      else piece(p.start, p.end);
    }
  }
  if (rust_len) {
    // encode_single's early-exit length, from the same per-split counts.
    const size_t limit = truncation ? truncation->max_length : 0;
    size_t n = 0;
    if (truncation && truncation->direction == Direction::Left) {
      size_t first_kept = per_split.size();
      for (size_t k = per_split.size(); k-- > 0;) {
        n += per_split[k].first;
        first_kept = k;
        if (!per_split[k].second && n >= limit) break;
      }
      if (word_shift) *word_shift = first_kept == per_split.size() ? 0 : first_kept;
    } else {
      for (size_t k = 0; k < per_split.size(); ++k) {
        n += per_split[k].first;
        if (!per_split[k].second && n >= limit) break;
      }
    }
    *rust_len = std::min(n, ids.size());
  }
}

Encoding Tokenizer::Impl::encode_for_ids(std::string_view text, const std::string_view* pair, bool add_special_tokens,
                                         IdsScratch& sc, bool ids_only) const {
  if (!ids_path_exact()) return encode(text, pair, add_special_tokens);
  utf8::validate(text, "encode: the text");
  if (pair) utf8::validate(*pair, "encode: the pair text");
  RustTruncationView view;
  const auto [track1, track2] = early_exit_tracks(pair != nullptr, add_special_tokens);
  std::vector<int32_t>& a = sc.ids[0];
  std::vector<int32_t>& b = sc.ids[1];
  encode_single_ids(text, a, track1 ? &view.len1 : nullptr, track1 ? &view.shift1 : nullptr, sc);
  if (pair) encode_single_ids(*pair, b, track2 ? &view.len2 : nullptr, track2 ? &view.shift2 : nullptr, sc);
  // Truncation that cuts nothing (the ids and the special tokens fit in max_length) changes
  // nothing, as Rust's truncate_encodings returns early then: the usual short text of a pipeline,
  // which always truncates at model_max_length, takes the path below too.
  const size_t n_added = add_special_tokens && post_processor ? post_processor->added_tokens(pair != nullptr) : 0;
  const bool cuts = truncation && a.size() + (pair ? b.size() : 0) + n_added > truncation->max_length;
  if (!cuts && !padding) {
    // No encodings to build: the ids (as post_process would return them), the type ids and mask.
    Encoding out;
    std::vector<int32_t>& type_ids = ids_only ? sc.type_ids : out.type_ids;
    type_ids.clear();
    const std::span<const int32_t> second(b);
    if (post_processor) {
      // Special tokens straight into the ids, when the post-processor knows how.
      out.ids.reserve(a.size() + (pair ? b.size() : 0) + post_processor->added_tokens(pair != nullptr));
      if (post_processor->process_ids(a, pair ? &second : nullptr, add_special_tokens, out.ids, type_ids)) {
        if (!ids_only) out.attention_mask.assign(out.ids.size(), 1);
        return out;
      }
    } else if (!pair) {
      out.ids.assign(a.begin(), a.end());
      if (!ids_only) {
        out.type_ids.assign(a.size(), 0);
        out.attention_mask.assign(a.size(), 1);
      }
      return out;
    }
  }
  if (!track1) view.len1 = a.size();
  std::optional<Encoding> second;
  if (pair) {
    if (!track2) view.len2 = b.size();
    second = skeleton(b, 1);
  }
  return post_process(skeleton(a, 0), std::move(second), add_special_tokens, view);
}

std::vector<int32_t> Tokenizer::encode_ids(std::string_view text, const std::string_view* pair,
                                           bool add_special_tokens) const {
  std::unique_ptr<Impl::IdsScratch> sc = impl_->ids_scratch.take();
  std::vector<int32_t> ids = impl_->encode_for_ids(text, pair, add_special_tokens, *sc, true).ids;
  impl_->ids_scratch.give_back(std::move(sc));  // (not on a throw: the next call makes a new one)
  return ids;
}

std::vector<Encoding> Tokenizer::encode_batch_for_model(const std::vector<std::string>& texts,
                                                        const std::vector<std::string>* pairs,
                                                        bool add_special_tokens) const {
  if (pairs && pairs->size() != texts.size())
    throw Error(ErrorCode::InvalidArgument, "encode_batch: " + std::to_string(texts.size()) + " texts but " +
                                                std::to_string(pairs->size()) + " pairs");
  std::unique_ptr<Impl::IdsScratch> sc = impl_->ids_scratch.take();
  std::vector<Encoding> out;
  out.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string_view p = pairs ? std::string_view((*pairs)[i]) : std::string_view();
    out.push_back(impl_->encode_for_ids(texts[i], pairs ? &p : nullptr, add_special_tokens, *sc));
  }
  impl_->ids_scratch.give_back(std::move(sc));
  if (impl_->padding) encoding_ops::pad_encodings(out, *impl_->padding);
  return out;
}

}  // namespace wasmpipe
