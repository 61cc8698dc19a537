// Tokenizer: the encode / decode pipeline of Rust's tokenizers::TokenizerImpl.
//
// encode(text):
//   1. added tokens are cut out (raw text first, then normalized text), the rest is normalized;
//   2. the pre-tokenizer splits it into words, the model splits words into tokens;
//   3. offsets are mapped back to the original input through the normalized strings;
//   4. post_process: truncation (max_length minus what the post-processor adds), the
//      post-processor (type ids, special tokens), then padding.
//
// Truncation and tokenizers 0.23: since 0.23.1, Rust stops tokenizing a sequence as soon as
// `max_length` tokens exist (whole pre-tokens, from the truncated end) and truncates that shorter
// encoding. Its main encoding only differs from truncating the full one in how LongestFirst
// shares max_length within a pair (it compares the shortened lengths), but most of its
// `overflowing` windows are lost (tokenizers#2091). We tokenize everything, compute the lengths
// Rust 0.23 sees to make the same keep/cut decisions (identical main encodings), and cut the full
// encodings, so overflowing windows always cover the whole input, as in tokenizers <= 0.22
// (with one bound: see kMaxOverflowTokens).
#include "tokenizer/tokenizer.h"

#include <algorithm>

#include "core/error.h"
#include "core/utf8.h"
#include "models/bpe.h"
#include "models/wordpiece.h"
#include "post_processors/bert_processing.h"
#include "post_processors/template_processing.h"
#include "tokenizer/encoding_ops.h"
#include "tokenizer/tokenizer_impl.h"

namespace wasmpipe {
namespace {

// Above this many overflowing tokens for one pair, LongestFirst overflow falls back to what
// tokenizers 0.23 computes (see post_process).
constexpr size_t kMaxOverflowTokens = size_t{1} << 16;  // bounds the work per pair to ~ms

}  // namespace

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

namespace {

// Collects the non-empty pre-tokens of one split (views; words_are_slices: slices of the split).
class SliceSink final : public pre_tokenizers::WordSink {
 public:
  explicit SliceSink(std::vector<std::string_view>& out) : out_(out) {}
  void word(std::string_view w) override {
    if (!w.empty()) out_.push_back(w);
  }

 private:
  std::vector<std::string_view>& out_;
};

// What ns.slice(base, base + len).to_original(s, e) gives (len > 0), without building the slice.
Offsets slice_to_original(const NormalizedString& ns, size_t base, size_t len, size_t s, size_t e) {
  const auto& a = ns.alignments();
  if (s == e) return {static_cast<uint32_t>(a[base].first + s), static_cast<uint32_t>(a[base].first + e)};
  if (s > e || e > len) return {static_cast<uint32_t>(s), static_cast<uint32_t>(e)};  // (as encode_single's value_or)
  return {a[base + s].first, a[base + e - 1].second};
}

}  // namespace

Encoding Tokenizer::Impl::encode_single(std::string_view text, int32_t type_id, size_t* rust_len,
                                        size_t* word_shift) const {
  PreTokenizedString pts = added.extract_and_normalize(text, normalizer.get());
  // A pre-tokenizer that only cuts (or none) leaves each split whole: its pre-tokens are slices of
  // the split's NormalizedString, and offsets map through it. Otherwise every pre-token becomes a
  // NormalizedString of its own (Rust's way: two buffers per word).
  const bool slices = !pre_tokenizer || (pre_tokenizer->words_are_slices() && !pre_tokenizer->reads_original_shift());
  if (pre_tokenizer && !slices) pre_tokenizer->pre_tokenize(pts);
  const IdsScratchCache::Lease sc = ids_scratch.lease();
  Encoding e;
  const auto& splits = pts.splits();
  const size_t reserve = (slices ? text.size() / 4 : splits.size() + splits.size() / 4) + 4;
  e.reserve(reserve);
  std::vector<Token>& tokens = sc->tokens;
  struct SplitCount {
    uint32_t count;
    bool added;
  };
  std::vector<SplitCount> per_split;  // tokens per split (pre-token), for the early-exit length
  if (rust_len) per_split.reserve(slices ? reserve : splits.size());
  int32_t word = 0;  // the pre-token's index: Rust's word id
  // The model's tokens of the pre-token [base, base + len) of `ns`, or of the added token.
  auto push = [&](std::vector<Token>& toks, const NormalizedString& ns, size_t base, size_t len, bool is_added) {
    if (rust_len) per_split.push_back({static_cast<uint32_t>(toks.size()), is_added});
    for (Token& t : toks) {
      const Offsets off = len == ns.size() && base == 0
                              ? ns.to_original(t.start, t.end).value_or(Offsets{t.start, t.end})
                              : slice_to_original(ns, base, len, t.start, t.end);
      encoding_ops::push_token(e, t.id, type_id, std::move(t.value), off.first, off.second, word, 0);
    }
    ++word;
  };
  for (Split& split : pts.splits()) {
    const NormalizedString& ns = split.normalized;
    if (split.tokens) {
      push(*split.tokens, ns, 0, ns.size(), true);
      continue;
    }
    if (!slices || !pre_tokenizer) {
      tokens.clear();
      model->tokenize(ns.get(), tokens);
      push(tokens, ns, 0, ns.size(), false);
      continue;
    }
    std::vector<std::string_view>& words = sc->slices;
    words.clear();
    SliceSink sink(words);
    pre_tokenizer->pre_tokenize_words(ns.get(), ns.original_shift(), sink, sc->words);
    const char* const begin = ns.get().data();
    for (const std::string_view w : words) {
      if (w.data() < begin || w.data() + w.size() > begin + ns.size())
        throw Error(ErrorCode::Internal, "encode: a pre-tokenizer that only cuts handed out a pre-token that is not a slice of its text");
      tokens.clear();
      model->tokenize(w, tokens);
      push(tokens, ns, static_cast<size_t>(w.data() - begin), w.size(), false);
    }
  }
  if (rust_len) {
    // Rust 0.23's tokenize_with_limit: whole splits from the kept end, until max_length tokens
    // exist; the check is only made after a split the model tokenized (not after an added token).
    // Left truncation drops the leading splits, so its word ids restart at the first kept split.
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

Encoding Tokenizer::Impl::post_process(Encoding first, std::optional<Encoding> second, bool add_special_tokens,
                                       const RustTruncationView& view) const {
  // 1. Truncation, leaving room for the special tokens.
  std::pair<size_t, size_t> shift_main{0, 0};  // word-id shift of each sequence in the main part
  if (truncation && slow_truncation) {
    // prepare_for_model: `max_length and total_len > max_length`, special tokens counted; no
    // overflowing windows (Python returns its overflowing_tokens differently).
    const size_t n_added = add_special_tokens && post_processor ? post_processor->added_tokens(second.has_value()) : 0;
    const size_t total = first.ids.size() + (second ? second->ids.size() : 0) + n_added;
    if (truncation->max_length > 0 && total > truncation->max_length) {
      const auto [keep1, keep2] = encoding_ops::slow_truncation_plan(first.ids.size(), second ? second->ids.size() : 0,
                                                                     second.has_value(), total - truncation->max_length,
                                                                     truncation->strategy);
      encoding_ops::cut(first, keep1, truncation->direction);
      if (second) encoding_ops::cut(*second, keep2, truncation->direction);
    }
  } else if (truncation) {
    TruncationParams params = *truncation;
    const size_t n_added = post_processor ? post_processor->added_tokens(second.has_value()) : 0;
    auto shift = [](Encoding& e, size_t by) {
      if (by == 0) return;
      for (int32_t& w : e.word_ids)
        if (w >= 0) w -= static_cast<int32_t>(by);
    };
    // A max_length below the special tokens leaves no room: tokenizers 0.23 then skips
    // truncation, and returns what its early exit kept (whole splits up to max_length tokens
    // per tracked sequence), special tokens added, no overflow (checked against the Rust
    // binding in tests/js/truncation-below-specials.test.js).
    if (add_special_tokens && params.max_length < n_added) {
      encoding_ops::cut(first, view.len1, params.direction);
      shift(first, view.shift1);
      if (second) {
        encoding_ops::cut(*second, view.len2, params.direction);
        shift(*second, view.shift2);
      }
    } else {
      if (add_special_tokens) params.max_length -= n_added;
      // Merging a pair whose two sequences both overflow combines every window of one with every
      // window of the other (Rust's Encoding::merge_with): quadratic. Past kMaxOverflowTokens we
      // return what tokenizers 0.23 returns instead: windows of the early-exit sequences only.
      const auto [keep1, keep2] = encoding_ops::truncation_plan(view.len1, view.len2, second.has_value(), params);
      bool early_exit_overflow = false;
      if (second && params.max_length > 0) {
        const size_t w1 = encoding_ops::window_count(first.ids.size(), keep1, params.stride);
        const size_t w2 = encoding_ops::window_count(second->ids.size(), keep2, params.stride);
        const double tokens = 3.0 * double(w1) * double(w2) * double(keep1 + keep2 + n_added + 1);
        early_exit_overflow = w1 > 1 && w2 > 1 && tokens > double(kMaxOverflowTokens);
      }
      if (early_exit_overflow) {
        encoding_ops::cut(first, view.len1, params.direction);
        encoding_ops::cut(*second, view.len2, params.direction);
        shift(first, view.shift1);
        shift(*second, view.shift2);
        encoding_ops::truncate_encodings(first, second, params, view.len1, view.len2);
      } else {
        encoding_ops::truncate_encodings(first, second, params, view.len1, view.len2);
        // Word ids as tokenizers 0.23 numbers them after a left early exit: on the main part only,
        // once merged (step 2), so that overflowing windows keep those of the whole input.
        shift_main = {view.shift1, view.shift2};
      }
    }
  }
  // 2. Post-processing.
  Encoding result;
  const auto* template_processing = dynamic_cast<const post_processors::TemplateProcessing*>(post_processor.get());
  if (!second && template_processing && template_processing->merge_single(first, add_special_tokens)) {
    result = std::move(first);  // the common single text: what the general path below makes of it
  } else if (post_processor) {
    std::vector<Encoding> encodings;
    encodings.push_back(std::move(first));
    if (second) encodings.push_back(std::move(*second));
    for (size_t i = 0; i < encodings.size(); ++i)  // Rust sets these on the main part only
      encodings[i].type_ids.assign(encodings[i].ids.size(), static_cast<int32_t>(i));
    post_processor->process_encodings(encodings, add_special_tokens);
    result = encoding_ops::merge(encodings);
  } else if (second) {
    encoding_ops::merge_with(first, *second);
    result = std::move(first);
  } else {
    result = std::move(first);
    encoding_ops::set_pad_sequence_id(result, 0);  // Rust: no sequence ranges, so all sequence 0
  }
  if (shift_main.first || shift_main.second) {
    for (size_t i = 0; i < result.word_ids.size(); ++i) {
      if (result.word_ids[i] < 0 || result.sequence_ids[i] < 0) continue;
      result.word_ids[i] -= static_cast<int32_t>(result.sequence_ids[i] == 1 ? shift_main.second : shift_main.first);
    }
  }
  // 3. Padding (a single encoding: Fixed pads, BatchLongest only rounds up to the multiple).
  if (padding) encoding_ops::pad_encodings(std::span<Encoding>(&result, 1), *padding);
  return result;
}

Encoding Tokenizer::Impl::encode(std::string_view text, const std::string_view* pair, bool add_special_tokens) const {
  utf8::validate(text, "encode: the text");
  if (pair) utf8::validate(*pair, "encode: the pair text");
  RustTruncationView view;
  const auto [track1, track2] = early_exit_tracks(pair != nullptr, add_special_tokens);
  Encoding first = encode_single(text, 0, track1 ? &view.len1 : nullptr, track1 ? &view.shift1 : nullptr);
  if (!track1) view.len1 = first.ids.size();
  std::optional<Encoding> second;
  if (pair) {
    second = encode_single(*pair, 1, track2 ? &view.len2 : nullptr, track2 ? &view.shift2 : nullptr);
    if (!track2) view.len2 = second->ids.size();
  }
  return post_process(std::move(first), std::move(second), add_special_tokens, view);
}

std::pair<bool, bool> Tokenizer::Impl::early_exit_tracks(bool pair, bool add_special_tokens) const {
  if (!truncation || slow_truncation) return {false, false};
  const size_t n_added = post_processor ? post_processor->added_tokens(pair) : 0;
  const bool no_room = add_special_tokens && truncation->max_length < n_added;
  return {truncation->strategy != TruncationStrategy::OnlySecond, no_room || truncation->strategy != TruncationStrategy::OnlyFirst};
}

void Tokenizer::Impl::check_truncation(const TruncationParams& t) const {
  // Rust's with_truncation: the stride must fit in what a single sequence keeps. A max_length
  // below the special tokens is refused when encoding with them (post_process), not here: without
  // special tokens it is usable.
  const size_t n_added = post_processor ? post_processor->added_tokens(false) : 0;
  const size_t effective = t.max_length > n_added ? t.max_length - n_added : 0;
  if (t.stride > 0 && t.stride >= effective)
    throw Error(ErrorCode::InvalidArgument,
                "truncation: stride " + std::to_string(t.stride) + " must be smaller than the effective max length " +
                    std::to_string(effective) + " (= max_length " + std::to_string(t.max_length) + " - " +
                    std::to_string(n_added) + " special tokens)");
}

void Tokenizer::Impl::derive_default_special_tokens() {
  // transformers' BertTokenizer(Fast) defaults, for WordPiece tokenizers whose config is silent.
  if (model->type() == "WordPiece") {
    static const std::pair<const char*, const char*> kBert[] = {
        {"unk_token", "[UNK]"}, {"sep_token", "[SEP]"}, {"pad_token", "[PAD]"}, {"cls_token", "[CLS]"}, {"mask_token", "[MASK]"}};
    for (const auto& [name, token] : kBert) {
      if (added.token_to_id(token, *model)) default_special_tokens.emplace(name, token);
    }
    if (auto* wp = dynamic_cast<const models::WordPiece*>(model.get())) {
      if (added.token_to_id(wp->unk_token(), *model)) default_special_tokens.insert_or_assign("unk_token", wp->unk_token());
    }
  }
  if (auto* bp = dynamic_cast<const post_processors::BertProcessing*>(post_processor.get())) {
    default_special_tokens.insert_or_assign("cls_token", bp->cls().first);
    default_special_tokens.insert_or_assign("sep_token", bp->sep().first);
  }
  if (padding && added.token_to_id(padding->pad_token, *model))
    default_special_tokens.insert_or_assign("pad_token", padding->pad_token);
}

Encoding Tokenizer::encode(std::string_view text, bool add_special_tokens) const {
  return impl_->encode(text, nullptr, add_special_tokens);
}

Encoding Tokenizer::encode_pair(std::string_view text, std::string_view pair, bool add_special_tokens) const {
  return impl_->encode(text, &pair, add_special_tokens);
}

Encoding Tokenizer::encode_words(std::span<const std::string> words, bool add_special_tokens) const {
  std::vector<Encoding> parts;
  parts.reserve(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    utf8::validate(words[i], "encode: a pre-tokenized word");
    parts.push_back(impl_->encode_single(words[i], 0));
    parts.back().word_ids.assign(parts.back().ids.size(), static_cast<int32_t>(i));
  }
  Encoding merged = encoding_ops::merge(parts);
  Impl::RustTruncationView view;
  view.len1 = merged.ids.size();
  return impl_->post_process(std::move(merged), std::nullopt, add_special_tokens, view);
}

std::vector<Encoding> Tokenizer::encode_batch(const std::vector<std::string>& texts, const std::vector<std::string>* pairs,
                                              bool add_special_tokens) const {
  if (pairs && pairs->size() != texts.size())
    throw Error(ErrorCode::InvalidArgument, "encode_batch: " + std::to_string(texts.size()) + " texts but " +
                                                std::to_string(pairs->size()) + " pairs");
  std::vector<Encoding> out;
  out.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    if (pairs) {
      const std::string_view p = (*pairs)[i];
      out.push_back(impl_->encode(texts[i], &p, add_special_tokens));
    } else {
      out.push_back(impl_->encode(texts[i], nullptr, add_special_tokens));
    }
  }
  if (impl_->padding) encoding_ops::pad_encodings(out, *impl_->padding);
  return out;
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool skip_special_tokens, bool clean_up_tokenization_spaces) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (int32_t id : ids) {
    auto t = impl_->added.id_to_token(id, *impl_->model);
    if (!t) continue;  // unknown ids are skipped, as in Rust
    if (skip_special_tokens && impl_->added.is_special_token(*t)) continue;
    tokens.push_back(std::move(*t));
  }
  std::string text = convert_tokens_to_string(std::move(tokens));
  if (clean_up_tokenization_spaces) text = decoders::clean_up_tokenization(text);
  return text;
}

std::string Tokenizer::convert_tokens_to_string(std::vector<std::string> tokens) const {
  if (impl_->decoder) return impl_->decoder->decode(std::move(tokens));
  std::string text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) text += ' ';
    text += tokens[i];
  }
  return text;
}

bool Tokenizer::has_continuing_subword_prefix() const {
  if (const auto* wp = dynamic_cast<const models::WordPiece*>(impl_->model.get())) {
    return !wp->continuing_subword_prefix().empty();
  }
  if (const auto* bpe = dynamic_cast<const models::BPE*>(impl_->model.get())) {
    return bpe->options().continuing_subword_prefix.has_value() && !bpe->options().continuing_subword_prefix->empty();
  }
  return false;
}

std::optional<int32_t> Tokenizer::token_to_id(std::string_view token) const {
  return impl_->added.token_to_id(token, *impl_->model);
}

std::optional<std::string> Tokenizer::id_to_token(int32_t id) const { return impl_->added.id_to_token(id, *impl_->model); }

size_t Tokenizer::vocab_size(bool with_added_tokens) const {
  const size_t n = impl_->model->vocab_size();
  return with_added_tokens ? n + impl_->added.count_outside(*impl_->model) : n;
}

void Tokenizer::set_truncation(std::optional<TruncationParams> t) {
  if (t) impl_->check_truncation(*t);
  impl_->truncation = std::move(t);
}

void Tokenizer::set_padding(std::optional<PaddingParams> p) { impl_->padding = std::move(p); }

const std::optional<TruncationParams>& Tokenizer::truncation() const { return impl_->truncation; }
bool Tokenizer::slow_truncation() const { return impl_->slow_truncation; }

std::unique_ptr<post_processors::PostProcessor> Tokenizer::replace_post_processor(
    std::unique_ptr<post_processors::PostProcessor> p) {
  std::swap(p, impl_->post_processor);
  return p;
}
const std::optional<PaddingParams>& Tokenizer::padding() const { return impl_->padding; }
std::optional<size_t> Tokenizer::model_max_length() const { return impl_->config.model_max_length; }
bool Tokenizer::clean_up_tokenization_spaces() const { return impl_->config.clean_up_tokenization_spaces; }

std::optional<std::string> Tokenizer::special_token(std::string_view name) const {
  auto it = impl_->config.special_tokens.find(std::string(name));
  if (it != impl_->config.special_tokens.end()) {
    if (!it->second) return std::nullopt;  // explicitly null in tokenizer_config.json
    return it->second->content;
  }
  auto d = impl_->default_special_tokens.find(std::string(name));
  if (d != impl_->default_special_tokens.end()) return d->second;
  return std::nullopt;
}

std::vector<int32_t> Tokenizer::all_special_ids() const {
  std::vector<int32_t> ids;
  auto add = [&](std::string_view content) {
    auto id = token_to_id(content);
    if (id && std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  };
  for (const char* name : TokenizerConfig::kSpecialNames)
    if (auto t = special_token(name)) add(*t);
  for (const AddedToken& t : impl_->config.additional_special_tokens) add(t.content);
  for (const auto& [id, t] : impl_->added.tokens_by_id())
    if (t.special) add(t.content);
  return ids;
}

}  // namespace wasmpipe
