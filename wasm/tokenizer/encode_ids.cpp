// The ids-only encode path: the same pipeline as Tokenizer::Impl::encode_single (added tokens,
// normalizer, pre-tokenizer, model), on plain text. Nothing is aligned, no NormalizedString or
// Split is built, models append ids without token strings, and rewritten pre-tokens live in
// buffers reused across words (WordScratch). Post-processing, truncation and padding reuse the
// full path's code on a skeleton encoding (ids + placeholders), so they decide exactly as it does.
//
// Exactness: every component produces the same TEXTS as in the full path; only Metaspace's
// prepend_scheme "first" reads where a pre-token sits in the original input (an alignment), which
// this path knows only when nothing normalized the text (ids_path_exact; else the full path runs).
#include "core/error.h"
#include "core/utf8.h"
#include "pre_tokenizers/metaspace.h"
#include "tokenizer/encoding_ops.h"
#include "tokenizer/tokenizer_impl.h"

namespace wasmpipe {
namespace {

struct SplitCount {  // tokens of one pre-token (or added token), for the truncation early exit
  uint32_t count;
  bool added;
};

class IdsSink final : public pre_tokenizers::WordSink {
 public:
  IdsSink(const models::Model& model, std::vector<int32_t>& ids, std::vector<SplitCount>* per_split)
      : model_(model), ids_(ids), per_split_(per_split) {}
  void word(std::string_view w) override {
    if (w.empty()) return;  // empty splits are dropped
    const size_t before = ids_.size();
    model_.tokenize_ids(w, ids_);
    if (per_split_) per_split_->push_back({static_cast<uint32_t>(ids_.size() - before), false});
  }
  void added(int32_t id) {
    ids_.push_back(id);
    if (per_split_) per_split_->push_back({1, true});
  }

 private:
  const models::Model& model_;
  std::vector<int32_t>& ids_;
  std::vector<SplitCount>* per_split_;
};

// The fields encode_single fills besides ids, with placeholder values: post_process only reads
// ids, lengths and (for offsets trimming) token strings, none of which changes the ids it returns.
void fill_skeleton(Encoding& e, int32_t type_id) {
  const size_t n = e.ids.size();
  e.type_ids.assign(n, type_id);
  e.tokens.resize(n);
  e.offsets.assign(n, {0, 0});
  e.word_ids.assign(n, 0);
  e.special_tokens_mask.assign(n, 0);
  e.attention_mask.assign(n, 1);
  e.sequence_ids.assign(n, static_cast<int8_t>(type_id));
}

}  // namespace

bool Tokenizer::Impl::ids_path_exact() const {
  if (!pre_tokenizer || !pre_tokenizer->reads_original_shift()) return true;
  // A top-level Metaspace on unnormalized text sees each piece at its absolute input offset.
  return !normalizer && dynamic_cast<const pre_tokenizers::Metaspace*>(pre_tokenizer.get()) != nullptr;
}

Encoding Tokenizer::Impl::encode_single_ids(std::string_view text, int32_t type_id, size_t* rust_len,
                                            size_t* word_shift, IdsScratch& sc) const {
  Encoding e;
  std::vector<SplitCount> per_split;
  IdsSink sink(*model, e.ids, rust_len ? &per_split : nullptr);
  // Pre-tokenizes one non-empty normalized piece whose first byte sits at input offset `shift`.
  auto words = [&](std::string_view piece, size_t shift) {
    if (piece.empty()) return;
    if (pre_tokenizer) pre_tokenizer->pre_tokenize_words(piece, static_cast<uint32_t>(shift), sink, sc.words);
    else sink.word(piece);
  };
  // One piece of the input between raw added tokens: normalized, then cut around normalized ones.
  auto piece = [&](size_t start, size_t end) {
    std::string_view s = text.substr(start, end - start);
    if (s.empty()) return;
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
        n += per_split[k].count;
        first_kept = k;
        if (!per_split[k].added && n >= limit) break;
      }
      if (word_shift) *word_shift = first_kept == per_split.size() ? 0 : first_kept;
    } else {
      for (size_t k = 0; k < per_split.size(); ++k) {
        n += per_split[k].count;
        if (!per_split[k].added && n >= limit) break;
      }
    }
    *rust_len = std::min(n, e.ids.size());
  }
  return e;
}

Encoding Tokenizer::Impl::encode_for_ids(std::string_view text, const std::string_view* pair, bool add_special_tokens,
                                         IdsScratch& sc) const {
  if (!ids_path_exact()) return encode(text, pair, add_special_tokens);
  utf8::validate(text, "encode: the text");
  if (pair) utf8::validate(*pair, "encode: the pair text");
  RustTruncationView view;
  const bool track1 = truncation && truncation->strategy != TruncationStrategy::OnlySecond;
  const bool track2 = truncation && truncation->strategy != TruncationStrategy::OnlyFirst;
  Encoding first = encode_single_ids(text, 0, track1 ? &view.len1 : nullptr, track1 ? &view.shift1 : nullptr, sc);
  if (!pair && !post_processor && !truncation && !padding) {
    first.type_ids.assign(first.ids.size(), 0);
    first.attention_mask.assign(first.ids.size(), 1);
    return first;  // what post_process would return, as far as ids / type ids / mask go
  }
  if (!track1) view.len1 = first.ids.size();
  fill_skeleton(first, 0);
  std::optional<Encoding> second;
  if (pair) {
    second = encode_single_ids(*pair, 1, track2 ? &view.len2 : nullptr, track2 ? &view.shift2 : nullptr, sc);
    if (!track2) view.len2 = second->ids.size();
    fill_skeleton(*second, 1);
  }
  return post_process(std::move(first), std::move(second), add_special_tokens, view);
}

std::vector<int32_t> Tokenizer::encode_ids(std::string_view text, const std::string_view* pair,
                                           bool add_special_tokens) const {
  Impl::IdsScratch sc;
  return impl_->encode_for_ids(text, pair, add_special_tokens, sc).ids;
}

std::vector<Encoding> Tokenizer::encode_batch_for_model(const std::vector<std::string>& texts,
                                                        const std::vector<std::string>* pairs,
                                                        bool add_special_tokens) const {
  if (pairs && pairs->size() != texts.size())
    throw Error(ErrorCode::InvalidArgument, "encode_batch: " + std::to_string(texts.size()) + " texts but " +
                                                std::to_string(pairs->size()) + " pairs");
  Impl::IdsScratch sc;
  std::vector<Encoding> out;
  out.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string_view p = pairs ? std::string_view((*pairs)[i]) : std::string_view();
    out.push_back(impl_->encode_for_ids(texts[i], pairs ? &p : nullptr, add_special_tokens, sc));
  }
  if (impl_->padding) encoding_ops::pad_encodings(out, *impl_->padding);
  return out;
}

}  // namespace wasmpipe
