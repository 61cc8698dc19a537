#include "models/bpe.h"

#include <algorithm>
#include <limits>
#include <mutex>

#include "core/error.h"
#include "core/utf8.h"

namespace wasmpipe::models {

// ---- BPE ----------------------------------------------------------------------------------------

namespace {

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

// Heap order of Rust's Merge: the lowest rank first, then the leftmost position.
struct LowerPriority {
  bool operator()(const QueuedMerge& a, const QueuedMerge& b) const noexcept {
    return a.rank != b.rank ? a.rank > b.rank : a.pos > b.pos;
  }
};

// Per-thread buffers reused by every word: the hot path allocates only when a word is longer than
// any seen before.
struct Scratch {
  std::vector<Symbol> symbols;
  std::vector<QueuedMerge> queue;
  std::string piece;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

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

void emit(const Vocab& vocab, const std::vector<Symbol>& symbols, std::vector<Token>& out) {
  uint32_t offset = 0;
  for (const Symbol& sym : symbols) {
    if (sym.len == 0) continue;
    Token& t = out.emplace_back();
    t.id = sym.id;
    if (auto v = vocab.token(sym.id)) t.value.assign(*v);
    t.start = offset;
    offset += sym.len;
    t.end = offset;
  }
}


}  // namespace

struct BpeWordCache {
  static constexpr size_t kCapacity = 10000;  // words (Rust's default cache capacity)
  static constexpr size_t kMaxWordBytes = 256;  // longer words are not cached (as in Rust)
  static constexpr size_t kSlots = 32768;       // power of two, > 3 x kCapacity

  struct Entry {
    uint32_t hash, word_offset, word_len, piece_offset, piece_count;
  };
  std::mutex mutex;
  std::string words;              // the cached words, back to back
  std::vector<uint32_t> pieces;   // per word: (id, byte length) of each token, flattened
  std::vector<Entry> entries;
  std::vector<uint32_t> table = std::vector<uint32_t>(kSlots, 0);  // entry index + 1, 0 = empty

  // The cached tokens of `word` appended to `out` as symbols; false when not cached.
  bool get(std::string_view word, uint32_t hash, std::vector<Symbol>& out) {
    for (size_t s = hash & (kSlots - 1);; s = (s + 1) & (kSlots - 1)) {
      if (!table[s]) return false;
      const Entry& e = entries[table[s] - 1];
      if (e.hash != hash || std::string_view(words.data() + e.word_offset, e.word_len) != word) continue;
      for (uint32_t k = 0; k < e.piece_count; ++k) add_symbol(out, static_cast<int32_t>(pieces[e.piece_offset + 2 * k]), pieces[e.piece_offset + 2 * k + 1]);
      return true;
    }
  }
  void put(std::string_view word, uint32_t hash, const std::vector<Symbol>& symbols) {
    if (entries.size() >= kCapacity) {  // full: start over (the text's current words come back)
      words.clear();
      pieces.clear();
      entries.clear();
      table.assign(kSlots, 0);
    }
    size_t s = hash & (kSlots - 1);
    while (table[s]) {
      const Entry& e = entries[table[s] - 1];
      if (e.hash == hash && std::string_view(words.data() + e.word_offset, e.word_len) == word) return;
      s = (s + 1) & (kSlots - 1);
    }
    Entry e{hash, static_cast<uint32_t>(words.size()), static_cast<uint32_t>(word.size()),
            static_cast<uint32_t>(pieces.size()), 0};
    words.append(word);
    for (const Symbol& sym : symbols) {
      if (sym.len == 0) continue;
      pieces.push_back(static_cast<uint32_t>(sym.id));
      pieces.push_back(sym.len);
      ++e.piece_count;
    }
    entries.push_back(e);
    table[s] = static_cast<uint32_t>(entries.size());
  }
};

BPE::BPE(BPE&&) noexcept = default;
BPE::~BPE() = default;

BPE::BPE(Vocab vocab, Options options)
    : vocab_(std::move(vocab)), opts_(std::move(options)), cache_(std::make_unique<BpeWordCache>()) {
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

bool BPE::word_symbols(std::string_view word, int32_t& whole_id) const {
  if (opts_.ignore_merges) {
    const int32_t id = vocab_.find(word);
    if (id >= 0) {
      whole_id = id;
      return true;
    }
  }
  Scratch& sc = scratch();
  std::vector<Symbol>& symbols = sc.symbols;
  symbols.clear();
  const bool cacheable = word.size() < BpeWordCache::kMaxWordBytes;
  const uint32_t hash = cacheable ? static_cast<uint32_t>(Vocab::hash(word)) : 0;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (cache_->get(word, hash, symbols)) return false;
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
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    cache_->put(word, hash, symbols);
  }
  return false;
}

void BPE::tokenize(std::string_view word, std::vector<Token>& out) const {
  if (word.empty()) return;
  int32_t whole = -1;
  if (word_symbols(word, whole)) {
    Token& t = out.emplace_back();
    t.id = whole;
    t.value.assign(word);
    t.start = 0;
    t.end = static_cast<uint32_t>(word.size());
    return;
  }
  emit(vocab_, scratch().symbols, out);
}

void BPE::tokenize_ids(std::string_view word, std::vector<int32_t>& out) const {
  if (word.empty()) return;
  int32_t whole = -1;
  if (word_symbols(word, whole)) return out.push_back(whole);
  for (const Symbol& sym : scratch().symbols)
    if (sym.len != 0) out.push_back(sym.id);
}

std::optional<int32_t> BPE::token_to_id(std::string_view token) const {
  const int32_t id = vocab_.find(token);
  if (id < 0) return std::nullopt;
  return id;
}

std::optional<std::string_view> BPE::id_to_token(int32_t id) const { return vocab_.token(id); }

}  // namespace wasmpipe::models
