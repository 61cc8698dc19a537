#include "models/wordpiece.h"

#include <limits>

#include "core/error.h"
#include "core/utf8.h"
#include "models/raw_fields.h"

namespace wasmpipe::models {

WordPiece::WordPiece(Vocab vocab, std::string unk_token, std::string continuing_subword_prefix,
                     size_t max_input_chars_per_word)
    : vocab_(std::move(vocab)),
      unk_(std::move(unk_token)),
      prefix_(std::move(continuing_subword_prefix)),
      max_chars_(max_input_chars_per_word) {
  unk_id_ = vocab_.find(unk_);
  vocab_.for_each([&](std::string_view token, int32_t) {
    if (token.size() >= prefix_.size() && token.substr(0, prefix_.size()) == prefix_) {
      // The id the full token has now (a later duplicate may have overwritten it).
      continuation_.insert(token.substr(prefix_.size()), vocab_.find(token));
    }
  });
  vocab_filter_.build(vocab_);
  continuation_filter_.build(continuation_);
}

void WordPiece::Filter::build(const Vocab& v) {
  size_t bits = 1024;
  while (bits < v.size() * 16) bits <<= 1;
  bits_.assign(bits / 64, 0);
  mask_ = bits - 1;
  auto set = [&](uint64_t h) { bits_[(h & mask_) >> 6] |= uint64_t{1} << (h & 63); };
  v.for_each([&](std::string_view token, int32_t) {
    const uint64_t h = Vocab::hash(token);
    set(h);
    set(h >> 32);
  });
}

int32_t WordPiece::checked_unk_id() const {
  if (unk_id_ < 0)
    throw Error(ErrorCode::InvalidFile, "WordPiece: the unk_token '" + unk_ + "' is not in the vocabulary");
  return unk_id_;
}

void WordPiece::push_unk(std::string_view sequence, std::vector<Token>& out) const {
  out.push_back(Token{checked_unk_id(), unk_, 0, static_cast<uint32_t>(sequence.size())});
}

template <class Piece>
bool WordPiece::pieces(std::string_view word, Piece&& piece) const {
  const size_t len = word.size();
  size_t start = 0;
  while (start < len) {
    const Vocab& v = start == 0 ? vocab_ : continuation_;
    const Filter& filter = start == 0 ? vocab_filter_ : continuation_filter_;
    size_t end = len;
    // Nothing longer than the longest vocabulary entry can match: start there (on a char boundary).
    if (end - start > v.max_token_bytes()) {
      end = start + v.max_token_bytes();
      while (end > start && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) --end;
    }
    int32_t id = -1;
    while (end > start) {
      id = find(v, filter, word.substr(start, end - start));
      if (id >= 0) break;
      // Back off one char.
      --end;
      while (end > start && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) --end;
    }
    if (id < 0) return false;
    piece(id, start, end);
    start = end;
  }
  return true;
}

void WordPiece::tokenize(std::string_view word, std::vector<Token>& out) const {
  if (utf8::char_count(word) > max_chars_) return push_unk(word, out);
  const size_t first = out.size();
  const bool known = pieces(word, [&](int32_t id, size_t start, size_t end) {
    Token& t = out.emplace_back();
    t.id = id;
    if (start == 0) {
      t.value.assign(word.data(), end);
    } else {
      t.value.reserve(prefix_.size() + end - start);
      t.value.assign(prefix_);
      t.value.append(word.data() + start, end - start);
    }
    t.start = static_cast<uint32_t>(start);
    t.end = static_cast<uint32_t>(end);
  });
  if (!known) {
    out.resize(first);
    push_unk(word, out);
  }
}

void WordPiece::tokenize_ids(std::string_view word, std::vector<int32_t>& out) const {
  if (word.size() > max_chars_ && utf8::char_count(word) > max_chars_) return out.push_back(checked_unk_id());
  const size_t first = out.size();
  if (!pieces(word, [&](int32_t id, size_t, size_t) { out.push_back(id); })) {
    out.resize(first);
    out.push_back(checked_unk_id());
  }
}

std::optional<int32_t> WordPiece::token_to_id(std::string_view token) const {
  const int32_t id = vocab_.find(token);
  if (id < 0) return std::nullopt;
  return id;
}

std::optional<std::string_view> WordPiece::id_to_token(int32_t id) const { return vocab_.token(id); }

std::unique_ptr<WordPiece> WordPiece::from_json(const Json& j, const JsonPath& at, const RawModelFields* raw) {
  Vocab vocab = load_vocab(j, at, raw ? raw->vocab : std::string_view());
  std::string unk = optional_string(j, "unk_token", at).value_or("[UNK]");
  std::string prefix = optional_string(j, "continuing_subword_prefix", at).value_or("##");
  const uint64_t max_chars = optional_uint(j, "max_input_chars_per_word", at, 100, std::numeric_limits<uint64_t>::max());
  return std::make_unique<WordPiece>(std::move(vocab), std::move(unk), std::move(prefix), static_cast<size_t>(max_chars));
}

}  // namespace wasmpipe::models
