#include "models/bpe.h"

#include <algorithm>
#include <limits>
#include <mutex>

#include "core/error.h"
#include "core/scratch_slot.h"
#include "core/utf8.h"
#include "models/bpe_word_cache.h"

namespace wasmpipe::models {

// ---- BPE ----------------------------------------------------------------------------------------

// Buffers word_symbols reuses for every word (owned by the model, see BpeCache): the hot path
// allocates only when a word is longer than any seen before.
struct BpeScratch {
  struct Symbol {
    int32_t id;
    int32_t prev;
    int32_t next;
    uint32_t len;  // bytes; 0 = merged into its left neighbour
  };
  struct QueuedMerge {
    uint32_t rank;
    uint32_t pos;
    int32_t id;
  };
  std::vector<Symbol> symbols;
  std::vector<QueuedMerge> queue;
  std::string piece;
  size_t retained_bytes() const noexcept { return capacity_bytes(symbols) + capacity_bytes(queue) + piece.capacity(); }
};

namespace {

using Symbol = BpeScratch::Symbol;
using QueuedMerge = BpeScratch::QueuedMerge;

// Heap order of Rust's Merge: the lowest rank first, then the leftmost position.
struct LowerPriority {
  bool operator()(const QueuedMerge& a, const QueuedMerge& b) const noexcept {
    return a.rank != b.rank ? a.rank > b.rank : a.pos > b.pos;
  }
};

inline void add_symbol(std::vector<Symbol>& symbols, int32_t id, uint32_t len) {
  const int32_t n = static_cast<int32_t>(symbols.size());
  if (n > 0) symbols.back().next = n;
  symbols.push_back(Symbol{id, n - 1, -1, len});
}

// Rust's Word::merge_all without dropout.
void merge_all(std::vector<Symbol>& symbols, std::vector<QueuedMerge>& queue, const MergeMap& merges) {
  queue.clear();
  const LowerPriority cmp;
  for (size_t i = 0; i + 1 < symbols.size(); ++i) {
    if (const MergeMap::Value* m = merges.find(symbols[i].id, symbols[i + 1].id))
      queue.push_back(QueuedMerge{m->rank, static_cast<uint32_t>(i), m->id});
  }
  std::make_heap(queue.begin(), queue.end(), cmp);
  while (!queue.empty()) {
    std::pop_heap(queue.begin(), queue.end(), cmp);
    const QueuedMerge top = queue.back();
    queue.pop_back();
    Symbol& cur = symbols[top.pos];
    if (cur.len == 0 || cur.next == -1) continue;
    const int32_t next_pos = cur.next;
    const Symbol right = symbols[next_pos];
    // A stale entry: the pair at this position changed since it was queued.
    const MergeMap::Value* now = merges.find(cur.id, right.id);
    if (!now || now->id != top.id) continue;
    cur.id = top.id;
    cur.len += right.len;
    cur.next = right.next;
    symbols[next_pos].len = 0;
    if (right.next > -1 && static_cast<size_t>(right.next) < symbols.size()) symbols[right.next].prev = static_cast<int32_t>(top.pos);
    if (cur.prev >= 0) {
      if (const MergeMap::Value* m = merges.find(symbols[cur.prev].id, cur.id)) {
        queue.push_back(QueuedMerge{m->rank, static_cast<uint32_t>(cur.prev), m->id});
        std::push_heap(queue.begin(), queue.end(), cmp);
      }
    }
    if (cur.next >= 0 && static_cast<size_t>(cur.next) < symbols.size()) {
      if (const MergeMap::Value* m = merges.find(cur.id, symbols[cur.next].id)) {
        queue.push_back(QueuedMerge{m->rank, top.pos, m->id});
        std::push_heap(queue.begin(), queue.end(), cmp);
      }
    }
  }
}

}  // namespace

// The word cache and the lock that keeps tokenize safe to call from threads, and the scratch
// buffers of the words the cache does not hold.
struct BpeCache {
  std::mutex mutex;
  BpeWordCache words;
  ScratchSlot<BpeScratch> scratch;
};

BPE::BPE(BPE&&) noexcept = default;
BPE::~BPE() = default;

BPE::BPE(Vocab vocab, Options options)
    : vocab_(std::move(vocab)), opts_(std::move(options)), cache_(std::make_unique<BpeCache>()) {
  if (opts_.dropout && !(*opts_.dropout >= 0.0 && *opts_.dropout <= 1.0))
    throw Error(ErrorCode::InvalidFile, "BPE: dropout must be between 0 and 1 (found " + std::to_string(*opts_.dropout) + ")");
  const size_t prefix_len = opts_.continuing_subword_prefix ? opts_.continuing_subword_prefix->size() : 0;
  decorated_ = prefix_len > 0 || (opts_.end_of_word_suffix && !opts_.end_of_word_suffix->empty());
  static const char* hex = "0123456789ABCDEF";
  char code[7] = {'<', '0', 'x', 0, 0, '>', 0};
  for (int b = 0; b < 256; ++b) {
    code[3] = hex[b >> 4];
    code[4] = hex[b & 15];
    byte_ids_[b] = vocab_.find(std::string_view(code, 6));
  }
  if (opts_.unk_token) unk_id_ = vocab_.find(*opts_.unk_token);
  if (!decorated_) {
    char_ids_.assign(0x800, -1);
    std::string c;
    for (char32_t cp = 0; cp < 0x800; ++cp) {
      c.clear();
      utf8::append(c, cp);
      char_ids_[cp] = vocab_.find(c);
    }
  }
}

BPE::BPE(Vocab vocab, const MergeList& merges, Options options) : BPE(std::move(vocab), std::move(options)) {
  const size_t prefix_len = opts_.continuing_subword_prefix ? opts_.continuing_subword_prefix->size() : 0;
  std::vector<MergeMap::Merge> table;
  table.reserve(merges.size());
  std::string merged;
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    const auto& [a, b] = merges[rank];
    MergeMap::Merge m;
    const int32_t guess = table.empty() ? -1 : table.back().value.id + 1;
    if (auto error = resolve_merge(vocab_, a, b, prefix_len, merged, m.left, m.right, m.value.id, guess))
      throw Error(ErrorCode::InvalidFile, "BPE: merge " + std::to_string(rank) + *error);
    m.value.rank = static_cast<uint32_t>(rank);
    table.push_back(m);
  }
  merges_ = MergeMap(std::move(table), vocab_.max_id());
}

BPE::BPE(Vocab vocab, std::vector<MergeMap::Merge> merges, Options options) : BPE(std::move(vocab), std::move(options)) {
  merges_ = MergeMap(std::move(merges), vocab_.max_id());
}

std::optional<std::string> BPE::resolve_merge(const Vocab& vocab, std::string_view a, std::string_view b,
                                              size_t prefix_len, std::string& merged, int32_t& a_id,
                                              int32_t& b_id, int32_t& merged_id, int32_t guess) {
  a_id = vocab.find(a);
  if (a_id < 0) return " uses '" + std::string(a) + "', which is not in the vocabulary";
  b_id = vocab.find(b);
  if (b_id < 0) return " uses '" + std::string(b) + "', which is not in the vocabulary";
  if (b.size() < prefix_len) return " part '" + std::string(b) + "' is shorter than the continuing_subword_prefix";
  merged.assign(a);
  merged.append(b.substr(prefix_len));
  // Checking the guess reads the id's entry in order, which is cheaper than a hash probe.
  merged_id = guess >= 0 && vocab.token(guess) == std::string_view(merged) ? guess : vocab.find(merged);
  if (merged_id < 0) return " makes '" + merged + "', which is not in the vocabulary";
  return std::nullopt;
}

void BPE::word_symbols(std::string_view word, BpeScratch& sc) const {
  std::vector<Symbol>& symbols = sc.symbols;
  symbols.clear();
  if (opts_.ignore_merges) {
    if (const int32_t id = vocab_.find(word); id >= 0) return add_symbol(symbols, id, static_cast<uint32_t>(word.size()));
  }
  int32_t pending_unk = -1;  // Rust's `unk`: an unk symbol not yet added (fused while unknowns follow)
  uint32_t pending_len = 0;
  auto unk_id = [&]() -> int32_t {
    if (unk_id_ < 0) throw Error(ErrorCode::InvalidFile, "BPE: the unk_token '" + *opts_.unk_token + "' is not in the vocabulary");
    return unk_id_;
  };
  const size_t n = word.size();
  for (size_t i = 0; i < n;) {
    const size_t len = utf8::sequence_length(static_cast<unsigned char>(word[i]));
    const size_t end = std::min(n, i + len);
    std::string_view s = word.substr(i, end - i);
    if (decorated_) {
      std::string& p = sc.piece;
      p.clear();
      if (i > 0 && opts_.continuing_subword_prefix) p.append(*opts_.continuing_subword_prefix);
      p.append(s);
      if (end == n && opts_.end_of_word_suffix) p.append(*opts_.end_of_word_suffix);
      s = p;
    }
    const uint32_t byte_len = static_cast<uint32_t>(end - i);
    int32_t id;
    if (!decorated_ && byte_len == 1) {
      id = char_ids_[static_cast<unsigned char>(word[i])];
    } else if (!decorated_ && byte_len == 2 && len == 2) {
      id = char_ids_[((static_cast<unsigned char>(word[i]) & 0x1F) << 6) | (static_cast<unsigned char>(word[i + 1]) & 0x3F)];
    } else {
      id = vocab_.find(s);
    }
    i = end;
    if (id >= 0) {
      if (pending_unk >= 0) {
        add_symbol(symbols, pending_unk, pending_len);
        pending_unk = -1;
      }
      add_symbol(symbols, id, byte_len);
      continue;
    }
    if (opts_.byte_fallback) {
      bool all = true;
      for (unsigned char c : s) all = all && byte_ids_[c] >= 0;
      if (all) {
        // Like Rust, this neither flushes nor resets a pending unk.
        for (unsigned char c : s) add_symbol(symbols, byte_ids_[c], 1);
        continue;
      }
    }
    if (opts_.unk_token) {
      if (pending_unk >= 0 && opts_.fuse_unk) {
        pending_len += byte_len;
      } else {
        if (pending_unk >= 0) add_symbol(symbols, pending_unk, pending_len);
        pending_unk = unk_id();
        pending_len = byte_len;
      }
    }
  }
  if (pending_unk >= 0) add_symbol(symbols, pending_unk, pending_len);
  merge_all(symbols, sc.queue, merges_);
  // Merged-away symbols out, so that the kept ones sit first, in order.
  size_t kept = 0;
  for (const Symbol& sym : symbols)
    if (sym.len != 0) symbols[kept++] = sym;
  symbols.resize(kept);
}

template <class Fn>
void BPE::for_each_token(std::string_view word, Fn&& fn) const {
  if (word.size() >= BpeWordCache::kMaxWordBytes) {
    const auto sc = cache_->scratch.lease();
    word_symbols(word, *sc);
    for (const Symbol& sym : sc->symbols) fn(sym.id, sym.len);
    return;
  }
  // The cache first, ignore_merges' whole-word lookup included: its small tables stay in the
  // processor's caches, where the vocabulary's large ones do not.
  const uint64_t h = BpeWordCache::hash(word);
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (cache_->words.get(word, h, fn)) return;
  }
  const auto sc = cache_->scratch.lease();
  word_symbols(word, *sc);
  const std::vector<Symbol>& symbols = sc->symbols;
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    cache_->words.put(word, h, static_cast<uint32_t>(symbols.size()),
                      [&](uint32_t k) { return std::pair<int32_t, uint32_t>(symbols[k].id, symbols[k].len); });
  }
  for (const Symbol& sym : symbols) fn(sym.id, sym.len);
}

void BPE::tokenize(std::string_view word, std::vector<Token>& out) const {
  if (word.empty()) return;
  if (opts_.ignore_merges) {
    // Rust's token is then the word itself (not the id's vocabulary string, which differs when
    // two strings share the id), so this path looks it up outside the cache.
    if (const int32_t id = vocab_.find(word); id >= 0) {
      out.push_back(Token{id, std::string(word), 0, static_cast<uint32_t>(word.size())});
      return;
    }
  }
  uint32_t offset = 0;
  for_each_token(word, [&](int32_t id, uint32_t len) {
    Token& t = out.emplace_back();
    t.id = id;
    if (auto v = vocab_.token(id)) t.value.assign(*v);
    t.start = offset;
    offset += len;
    t.end = offset;
  });
}

void BPE::tokenize_ids(std::string_view word, std::vector<int32_t>& out) const {
  if (word.empty()) return;
  for_each_token(word, [&](int32_t id, uint32_t) { out.push_back(id); });
}

std::optional<int32_t> BPE::token_to_id(std::string_view token) const {
  const int32_t id = vocab_.find(token);
  if (id < 0) return std::nullopt;
  return id;
}

std::optional<std::string_view> BPE::id_to_token(int32_t id) const { return vocab_.token(id); }

}  // namespace wasmpipe::models
