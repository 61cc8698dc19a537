#include "models/unigram.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "core/error.h"
#include "core/utf8.h"
#include "core/json_scan.h"
#include "models/raw_fields.h"

namespace wasmpipe::models {

Unigram::Unigram(std::vector<std::pair<std::string, double>> pieces, int32_t unk_id, bool byte_fallback)
    : pieces_(std::move(pieces)), unk_id_(unk_id), byte_fallback_(byte_fallback) {
  if (unk_id_ >= 0) {
    if (pieces_.empty()) throw Error(ErrorCode::InvalidFile, "Unigram: the vocabulary is empty but unk_id is set");
    if (static_cast<size_t>(unk_id_) >= pieces_.size())
      throw Error(ErrorCode::InvalidFile, "Unigram: unk_id " + std::to_string(unk_id_) + " is not in the vocabulary (" +
                                              std::to_string(pieces_.size()) + " pieces)");
  }
  min_score_ = std::numeric_limits<double>::infinity();
  token_to_id_.reserve(pieces_.size());
  for (size_t i = 0; i < pieces_.size(); ++i) {
    token_to_id_.insert(pieces_[i].first, static_cast<int32_t>(i));
    if (pieces_[i].second < min_score_) min_score_ = pieces_[i].second;
  }
  build_trie();
}

void Unigram::build_trie() {
  scores_.resize(pieces_.size());
  for (size_t i = 0; i < pieces_.size(); ++i) scores_[i] = pieces_[i].second;
  // The table holds one edge per trie node, kept at most half full: it doubles when needed. (A
  // table sized by the pieces' total bytes was 16 MB at 8% load for T5's 32k pieces: 83k nodes.)
  size_t cap = 1024;
  while (cap < pieces_.size() * 4) cap <<= 1;
  edges_.assign(cap, Edge{});
  size_t nodes = 1;  // the root
  // The slot of key's edge, a new edge (the next node) if there is none yet.
  auto edge = [&](uint32_t key) -> Edge& {
    for (;;) {
      const size_t mask = edges_.size() - 1;
      size_t s = mix(key) & mask;
      while (edges_[s].child >= 0 && edges_[s].key != key) s = (s + 1) & mask;
      if (edges_[s].child >= 0) return edges_[s];
      if (2 * nodes < edges_.size()) {
        edges_[s].key = key;
        edges_[s].child = static_cast<int32_t>(nodes++);
        return edges_[s];
      }
      std::vector<Edge> old(edges_.size() * 2);
      old.swap(edges_);
      const size_t grown = edges_.size() - 1;
      for (const Edge& e : old) {
        if (e.child < 0) continue;
        size_t t = mix(e.key) & grown;
        while (edges_[t].child >= 0) t = (t + 1) & grown;
        edges_[t] = e;
      }
    }
  };
  for (size_t i = 0; i < pieces_.size(); ++i) {
    const std::string& piece = pieces_[i].first;
    if (piece.empty()) continue;  // the root is never reported by Rust's common_prefix_search
    if (nodes + piece.size() > kMaxNodes)
      throw Error(ErrorCode::InvalidFile, "Unigram: the vocabulary is too large for its trie (over 16M prefixes)");
    int32_t node = 0;
    Edge* last = nullptr;
    for (unsigned char c : piece) {
      last = &edge((uint32_t(node) << 8) | c);
      node = last->child;
    }
    // In id order, so a later duplicate piece wins, as in token_to_id_.
    last->piece = static_cast<int32_t>(i);
  }
}

// Buffers pieces() reuses for every word (owned by the model: scratch_): the hot path allocates
// only when a word is longer than any seen before.
struct UnigramScratch {
  struct BestPathNode {
    int32_t id;
    double score;
    int32_t starts_at;  // -1: not reached yet
  };
  struct Segment {
    uint32_t start;
    uint32_t end;
    int32_t id;  // the best path's piece id; -1 for (fused) unk pieces, looked up by their text
  };
  std::vector<BestPathNode> nodes;
  std::vector<Segment> segments;
  size_t retained_bytes() const noexcept { return capacity_bytes(nodes) + capacity_bytes(segments); }
};

Unigram::Unigram(Unigram&&) noexcept = default;
Unigram::~Unigram() = default;

template <class Piece>
void Unigram::pieces(std::string_view s, Piece&& piece_fn) const {
  if (s.empty()) return;
  const auto sc = scratch_.lease();
  const size_t size = s.size();
  using BestPathNode = UnigramScratch::BestPathNode;
  using Segment = UnigramScratch::Segment;
  std::vector<BestPathNode>& best = sc->nodes;
  best.assign(size + 1, BestPathNode{0, 0.0, -1});
  const double unk_score = min_score_ - kUnkPenalty;
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t start = 0; start < size;) {
    const double till_here = best[start].score;
    bool has_single_node = false;
    const size_t mblen = std::min(size - start, utf8::sequence_length(bytes[start]));
    int32_t node = 0;
    for (size_t k = start; k < size; ++k) {
      const Edge* e = child(node, bytes[k]);
      if (!e) break;
      node = e->child;
      const int32_t id = e->piece;
      if (id < 0) continue;
      const size_t key_pos = k + 1;
      BestPathNode& target = best[key_pos];
      const double candidate = scores_[id] + till_here;
      if (target.starts_at < 0 || candidate > target.score) {
        target.score = candidate;
        target.starts_at = static_cast<int32_t>(start);
        target.id = id;
      }
      if (key_pos - start == mblen) has_single_node = true;
    }
    if (!has_single_node) {
      BestPathNode& target = best[start + mblen];
      const double candidate = unk_score + till_here;
      if (target.starts_at < 0 || candidate > target.score) {
        if (unk_id_ < 0) throw Error(ErrorCode::InvalidFile, "Unigram: found an unknown char but the model has no unk_id");
        target.score = candidate;
        target.starts_at = static_cast<int32_t>(start);
        target.id = unk_id_;
      }
    }
    start += mblen;
  }
  // Backtrack; consecutive nodes carrying the unk id are fused into one piece.
  std::vector<Segment>& segs = sc->segments;
  segs.clear();
  bool fusing = false;
  for (size_t end = size; end > 0;) {
    const BestPathNode& n = best[end];
    const uint32_t st = static_cast<uint32_t>(n.starts_at);
    if (unk_id_ >= 0 && n.id == unk_id_) {
      if (fusing) {
        segs.back().start = st;
      } else {
        segs.push_back(Segment{st, static_cast<uint32_t>(end), -1});
        fusing = true;
      }
    } else {
      fusing = false;
      // A trie piece: its node's id is token_to_id_.find() of its text (build_trie).
      segs.push_back(Segment{st, static_cast<uint32_t>(end), n.id});
    }
    end = st;
  }
  for (size_t k = segs.size(); k-- > 0;) {
    const Segment seg = segs[k];
    const std::string_view piece = s.substr(seg.start, seg.end - seg.start);
    int32_t id = seg.id >= 0 ? seg.id : token_to_id_.find(piece);
    if (id < 0) {
      if (byte_fallback_) {
        bool all = true;
        char code[6] = {'<', '0', 'x', 0, 0, '>'};
        static const char* hex = "0123456789ABCDEF";
        for (unsigned char c : piece) {
          code[3] = hex[c >> 4];
          code[4] = hex[c & 15];
          if (token_to_id_.find(std::string_view(code, 6)) < 0) {
            all = false;
            break;
          }
        }
        if (all) {
          for (unsigned char c : piece) {
            code[3] = hex[c >> 4];
            code[4] = hex[c & 15];
            const std::string_view value(code, 6);
            piece_fn(token_to_id_.find(value), seg.start, seg.end, value);
          }
          continue;
        }
      }
      if (unk_id_ < 0) throw Error(ErrorCode::InvalidFile, "Unigram: found an unknown piece but the model has no unk_id");
      id = unk_id_;
    }
    piece_fn(id, seg.start, seg.end, piece);
  }
}

void Unigram::tokenize(std::string_view s, std::vector<Token>& out) const {
  pieces(s, [&](int32_t id, uint32_t start, uint32_t end, std::string_view value) {
    Token& t = out.emplace_back();
    t.id = id;
    t.value.assign(value);
    t.start = start;
    t.end = end;
  });
}

void Unigram::tokenize_ids(std::string_view s, std::vector<int32_t>& out) const {
  pieces(s, [&](int32_t id, uint32_t, uint32_t, std::string_view) { out.push_back(id); });
}

std::optional<int32_t> Unigram::token_to_id(std::string_view token) const {
  const int32_t id = token_to_id_.find(token);
  if (id < 0) return std::nullopt;
  return id;
}

std::optional<std::string_view> Unigram::id_to_token(int32_t id) const {
  if (id < 0 || static_cast<size_t>(id) >= pieces_.size()) return std::nullopt;
  return std::string_view(pieces_[id].first);
}

namespace {

// The value Rust's serde_json (without its float_roundtrip feature, as in tokenizers) reads for the
// number text that a correctly-rounding writer (Python repr, Rust ryu, JS) wrote for `d`: it takes
// the decimal digits as an integer significand D and exponent E, converts D to f64 and multiplies
// or divides by 10^|E| (f64), which can be one ULP off when D > 2^53. Scores that differ by an ULP
// decide Viterbi ties (t5-small: "-------" is "---" "---" "-" only with serde's values), so the
// digits are rebuilt (shortest round-trip form, as the file has them) and serde's steps replayed.
double serde_json_f64(double d) {
  if (!std::isfinite(d) || d == 0.0) return d;
  // Shortest %.*e precision that round-trips (monotone in the precision: binary search).
  char buf[40];
  int lo = 1, hi = 17;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    std::snprintf(buf, sizeof buf, "%.*e", mid - 1, d);
    if (std::strtod(buf, nullptr) == d) hi = mid;
    else lo = mid + 1;
  }
  std::snprintf(buf, sizeof buf, "%.*e", lo - 1, d);
  // buf: [-]d[.ddd]e[+-]xx
  const char* p = buf;
  const bool negative = *p == '-';
  if (negative) ++p;
  uint64_t significand = 0;
  int digits_after_point = 0;
  bool after_point = false;
  for (; *p && *p != 'e'; ++p) {
    if (*p == '.') {
      after_point = true;
      continue;
    }
    significand = significand * 10 + uint64_t(*p - '0');
    digits_after_point += after_point;
  }
  int exponent = (*p == 'e' ? std::atoi(p + 1) : 0) - digits_after_point;
  // Exact conversions need no replay (D and 10^|E| are exact f64: one correctly rounded op).
  if (significand <= (uint64_t{1} << 53) && exponent >= -22 && exponent <= 22) return d;
  auto pow10 = [](int k) {
    char e[8];
    std::snprintf(e, sizeof e, "1e%d", k);
    return std::strtod(e, nullptr);  // the correctly rounded literal, like serde's POW10 table
  };
  double f = static_cast<double>(significand);
  for (;;) {
    const int a = exponent < 0 ? -exponent : exponent;
    if (a <= 308) {
      if (exponent >= 0) f *= pow10(a);
      else f /= pow10(a);
      break;
    }
    if (f == 0.0) break;
    if (exponent >= 0) return d;  // out of range for serde too; keep the value
    f /= 1e308;
    exponent += 308;
  }
  return negative ? -f : f;
}

// 10^k for k in 0..308, correctly rounded (like serde_json's POW10 table).
double exact_pow10(int k) {
  static const std::vector<double> table = [] {
    std::vector<double> t(309);
    char e[8];
    for (int i = 0; i <= 308; ++i) {
      std::snprintf(e, sizeof e, "1e%d", i);
      t[i] = std::strtod(e, nullptr);
    }
    return t;
  }();
  return table[static_cast<size_t>(k)];
}

// serde_json's reading of a JSON number `text` (valid JSON grammar), replayed from its own digits:
// integer significand D (u64) and exponent E, then D as f64 multiplied / divided by 10^|E|.
// False when the text needs serde's overflow paths (> 19 digits) or is out of range: use
// serde_json_f64 on the correctly rounded value then.
bool serde_json_f64_from_text(std::string_view text, double& out) {
  size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  uint64_t significand = 0;
  int digits = 0, exponent = 0;
  bool is_float = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (significand || text[i] != '0') ++digits;
    significand = significand * 10 + uint64_t(text[i] - '0');
    if (digits > 19) return false;
  }
  if (i < text.size() && text[i] == '.') {
    is_float = true;
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (significand || text[i] != '0') ++digits;
      if (digits > 19) return false;
      significand = significand * 10 + uint64_t(text[i] - '0');
      --exponent;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    is_float = true;
    ++i;
    const bool neg_exp = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    int e = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      e = e * 10 + (text[i] - '0');
      if (e > 100000) return false;
    }
    exponent += neg_exp ? -e : e;
  }
  if (!is_float) {  // an integer: exact as i64 / u64 in serde and nlohmann alike
    if (digits > 18) return false;
    out = negative ? -static_cast<double>(significand) : static_cast<double>(significand);
    return true;
  }
  double f = static_cast<double>(significand);
  for (;;) {
    const int a = exponent < 0 ? -exponent : exponent;
    if (a <= 308) {
      if (exponent >= 0) f *= exact_pow10(a);
      else f /= exact_pow10(a);
      break;
    }
    if (f == 0.0) break;
    if (exponent >= 0) return false;
    f /= 1e308;
    exponent += 308;
  }
  if (!std::isfinite(f)) return false;
  out = negative ? -f : f;
  return true;
}

// Fast path for a model.vocab deferred as raw JSON text: [["piece", score], ...]; false on
// anything else (the DOM path then reports it).
bool pieces_from_raw_json(std::string_view raw, std::vector<std::pair<std::string, double>>& out) {
  JsonScanner s(raw);
  std::string scratch;
  std::string_view piece, number;
  if (!s.consume('[')) return false;
  if (s.consume(']')) return s.peek() == '\0';
  do {
    double score;
    if (!s.consume('[') || !s.string(piece, scratch) || !s.consume(',') || !s.number_text(number) || !s.consume(']'))
      return false;
    if (!serde_json_f64_from_text(number, score)) {
      const std::string copy(number);
      score = serde_json_f64(std::strtod(copy.c_str(), nullptr));
    }
    out.emplace_back(std::string(piece), score);
  } while (s.consume(','));
  return s.consume(']') && s.peek() == '\0';
}


// model.vocab from the DOM (or the DOM of a deferred vocab the fast path refused).
void pieces_from_json(const Json& j, const JsonPath& at, std::string_view raw_vocab,
                      std::vector<std::pair<std::string, double>>& pieces) {
  Json holder;
  const Json* vocab_json = model_field(j, "vocab", raw_vocab, holder, at);
  if (!vocab_json) (at / "vocab").fail("is missing (expected an array of [piece, score] pairs)");
  expect_array(*vocab_json, at / "vocab");
  pieces.reserve(vocab_json->size());
  for (size_t i = 0; i < vocab_json->size(); ++i) {
    const Json& p = (*vocab_json)[i];
    if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_number())
      (at / "vocab")[i].fail(std::string("must be a [piece, score] pair (found ") + json_type_name(p) + ")");
    // Integers are exact either way; floats go through serde_json's reading.
    const double score = p[1].is_number_float() ? serde_json_f64(p[1].get<double>()) : p[1].get<double>();
    pieces.emplace_back(p[0].get<std::string>(), score);
  }
}

}  // namespace

std::unique_ptr<Unigram> Unigram::from_json(const Json& j, const JsonPath& at, const RawModelFields* raw) {
  const std::string_view raw_vocab = raw ? raw->vocab : std::string_view();
  std::vector<std::pair<std::string, double>> pieces;
  if (raw_vocab.empty() || !pieces_from_raw_json(raw_vocab, pieces)) {
    pieces.clear();
    pieces_from_json(j, at, raw_vocab, pieces);
  }
  int32_t unk_id = -1;
  if (find_field(j, "unk_id")) unk_id = static_cast<int32_t>(require_uint(j, "unk_id", at, std::numeric_limits<int32_t>::max()));
  const bool byte_fallback = optional_bool(j, "byte_fallback", at, false);
  try {
    return std::make_unique<Unigram>(std::move(pieces), unk_id, byte_fallback);
  } catch (const Error& e) {
    throw Error(e.code(), at.describe() + ": " + e.what());
  }
}

}  // namespace wasmpipe::models
