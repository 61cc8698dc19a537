// BPE::from_json: tokenizer.json's BPE model object. model.merges given as raw JSON text (see
// raw_fields.h) is read in one pass straight into id triples, with no per-merge string or DOM node;
// anything unusual takes the DOM path, which reports the exact error.
#include <deque>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/json_scan.h"
#include "core/tiering.h"
#include "models/bpe.h"
#include "models/raw_fields.h"

namespace wasmpipe::models {
namespace {

// Merges waiting for their ids: resolved a batch at a time with Vocab::find_many.
class MergeBatch {
 public:
  MergeBatch(const Vocab& vocab, size_t prefix_len, std::vector<MergeMap::Merge>& out,
             std::optional<std::string>& first_error)
      : vocab_(vocab), prefix_len_(prefix_len), out_(out), first_error_(first_error) {}

  // `a` / `b` must stay valid until the next flush(), unless `copy_a` / `copy_b` says to copy them.
  void add(std::string_view a, std::string_view b, bool copy_a, bool copy_b) {
    if (first_error_) return;
    if (copy_a) a = owned_.emplace_back(a);
    if (copy_b) b = owned_.emplace_back(b);
    parts_.emplace_back(a, b);
    if (parts_.size() == kSize) flush();
  }
  // "a b" (`sp`: the space), copied when `copy`.
  void add_line(std::string_view line, size_t sp, bool copy) {
    if (first_error_) return;
    if (copy) line = owned_.emplace_back(line);
    add(line.substr(0, sp), line.substr(sp + 1), false, false);
  }

  void flush() {
    if (parts_.empty()) return;
    // merged = a + b without the prefix; built in one buffer sized first (its views stay valid).
    size_t total = 0;
    for (const auto& [a, b] : parts_) total += a.size() + (b.size() >= prefix_len_ ? b.size() - prefix_len_ : 0);
    merged_.clear();
    merged_.reserve(total);
    merged_at_.clear();
    for (const auto& [a, b] : parts_) {
      merged_at_.push_back(merged_.size());
      merged_.append(a);
      if (b.size() >= prefix_len_) merged_.append(b.substr(prefix_len_));
    }
    merged_at_.push_back(merged_.size());
    auto merged = [&](size_t i) {
      return std::string_view(merged_).substr(merged_at_[i], merged_at_[i + 1] - merged_at_[i]);
    };
    // The parts' ids (and the merged ids, unless guessed) in one batched lookup.
    const bool guessing = guess_enabled();
    const size_t per = guessing ? 2 : 3;
    keys_.clear();
    for (size_t i = 0; i < parts_.size(); ++i) {
      keys_.push_back(parts_[i].first);
      keys_.push_back(parts_[i].second);
      if (!guessing) keys_.push_back(merged(i));
    }
    ids_.resize(keys_.size());
    vocab_.find_many(keys_.data(), keys_.size(), ids_.data());
    for (size_t i = 0; i < parts_.size(); ++i) {
      const auto& [a, b] = parts_[i];
      const int32_t a_id = ids_[per * i], b_id = ids_[per * i + 1];
      const int32_t merged_id = guessing ? guess_or_find(merged(i)) : ids_[per * i + 2];
      if (a_id < 0 || b_id < 0 || b.size() < prefix_len_ || merged_id < 0) {
        // The same message as the one-by-one path (BPE::resolve_merge), in the same order; the
        // rank is the position.
        std::string scratch;
        int32_t x, y, z;
        first_error_ = "BPE: merge " + std::to_string(out_.size()) +
                       BPE::resolve_merge(vocab_, a, b, prefix_len_, scratch, x, y, z).value_or("");
        break;
      }
      out_.push_back(MergeMap::Merge{a_id, b_id, MergeMap::Value{static_cast<uint32_t>(out_.size()), merged_id}});
    }
    parts_.clear();
    owned_.clear();
  }

 private:
  // Files converted from tiktoken or GPT-2 list merges in the order of the merged token's id (the
  // same id as the previous merge's or the next one): checking those two ids reads the vocabulary
  // in order, far cheaper than a hash probe. Guessing stops when it mostly misses.
  bool guess_enabled() const noexcept { return guess_misses_ <= guess_hits_ / 8 + 64; }
  int32_t guess_or_find(std::string_view merged) {
    for (const int32_t g : {last_merged_, last_merged_ + 1}) {
      if (g >= 0 && vocab_.token(g) == merged) {
        ++guess_hits_;
        return last_merged_ = g;
      }
    }
    ++guess_misses_;
    const int32_t id = vocab_.find(merged);
    if (id >= 0) last_merged_ = id;
    return id;
  }

  static constexpr size_t kSize = 512;
  const Vocab& vocab_;
  const size_t prefix_len_;
  std::vector<MergeMap::Merge>& out_;
  std::optional<std::string>& first_error_;
  std::vector<std::pair<std::string_view, std::string_view>> parts_;
  std::deque<std::string> owned_;  // unescaped parts (stable addresses)
  std::string merged_;
  std::vector<size_t> merged_at_;  // merge i's merged token is merged_[merged_at_[i], merged_at_[i + 1])
  std::vector<std::string_view> keys_;
  std::vector<int32_t> ids_;
  int32_t last_merged_ = -1;
  size_t guess_hits_ = 0, guess_misses_ = 0;
};

// The raw merges: all "a b" strings or all ["a", "b"] pairs, each resolved to ids (rank = index,
// "#version" lines skipped as Rust does). False on anything the DOM path would treat differently.
// A merge whose tokens are missing does not stop the scan (a later malformed merge is reported
// first by the DOM path, as before); the first such merge's message goes to `first_error`.
bool resolved_merges_from_raw_json(std::string_view raw, const Vocab& vocab, size_t prefix_len,
                                   std::vector<MergeMap::Merge>& out, std::optional<std::string>& first_error) {
  JsonScanner s(raw);
  std::string scratch_a, scratch_b;
  std::string_view a, b;
  // A rough count for the reservation: one merge per ~12 bytes of text in the usual files.
  out.reserve(raw.size() / 12 + 16);
  MergeBatch batch(vocab, prefix_len, out, first_error);
  if (!s.consume('[')) return false;
  if (s.consume(']')) return s.peek() == '\0';
  const bool pairs = s.peek() == '[';
  bool ok = true;
  while_steps(512, [&] {
    if (pairs) {
      if (!s.consume('[') || !s.string(a, scratch_a) || !s.consume(',') || !s.string(b, scratch_b) || !s.consume(']'))
        return ok = false;
      batch.add(a, b, a.data() == scratch_a.data(), b.data() == scratch_b.data());
    } else {
      if (!s.string(a, scratch_a)) return ok = false;
      if (a.rfind("#version", 0) != 0) {  // a merges.txt header: Rust skips it
        const size_t sp = a.find(' ');
        if (sp == std::string_view::npos || a.find(' ', sp + 1) != std::string_view::npos) return ok = false;
        batch.add_line(a, sp, a.data() == scratch_a.data());
      }
    }
    return s.consume(',');
  });
  if (!ok) return false;
  batch.flush();
  return s.consume(']') && s.peek() == '\0';
}

// model.merges from the DOM (Rust reads one form for the whole list, serde untagged enum).
void merges_from_json(const Json& merges_json, const JsonPath& at, BPE::MergeList& merges) {
  expect_array(merges_json, at / "merges");
  merges.reserve(merges_json.size());
  const bool pairs = !merges_json.empty() && merges_json[0].is_array();
  for (size_t i = 0; i < merges_json.size(); ++i) {
    const Json& m = merges_json[i];
    const JsonPath mat = (at / "merges")[i];
    if (pairs) {
      if (!m.is_array() || m.size() != 2 || !m[0].is_string() || !m[1].is_string())
        mat.fail(std::string("must be a pair of two strings like the first merge (found ") + json_type_name(m) + ")");
      merges.emplace_back(m[0].get_ref<const std::string&>(), m[1].get_ref<const std::string&>());
    } else {
      if (!m.is_string()) mat.fail(std::string("must be a string \"a b\" like the first merge (found ") + json_type_name(m) + ")");
      const std::string& line = m.get_ref<const std::string&>();
      if (line.rfind("#version", 0) == 0) continue;  // merges.txt header: Rust skips it
      const size_t sp = line.find(' ');
      if (sp == std::string::npos || line.find(' ', sp + 1) != std::string::npos)
        mat.fail("must be two tokens separated by one space (found \"" + line + "\")");
      const std::string_view v(line);
      merges.emplace_back(v.substr(0, sp), v.substr(sp + 1));
    }
  }
}

BPE::Options read_options(const Json& j, const JsonPath& at) {
  BPE::Options o;
  o.unk_token = optional_string(j, "unk_token", at);
  o.continuing_subword_prefix = optional_string(j, "continuing_subword_prefix", at);
  o.end_of_word_suffix = optional_string(j, "end_of_word_suffix", at);
  o.fuse_unk = optional_bool(j, "fuse_unk", at, false);
  o.byte_fallback = optional_bool(j, "byte_fallback", at, false);
  o.ignore_merges = optional_bool(j, "ignore_merges", at, false);
  if (const Json* d = find_field(j, "dropout")) {
    if (!d->is_number()) (at / "dropout").fail(std::string("must be a number or null (found ") + json_type_name(*d) + ")");
    o.dropout = d->get<double>();
    if (!(*o.dropout >= 0.0 && *o.dropout <= 1.0)) (at / "dropout").fail("must be between 0 and 1");
  }
  return o;
}

}  // namespace

std::unique_ptr<BPE> BPE::from_json(const Json& j, const JsonPath& at, const RawModelFields* raw) {
  const std::string_view raw_vocab = raw ? raw->vocab : std::string_view();
  const std::string_view raw_merges = raw ? raw->merges : std::string_view();
  Vocab vocab = load_vocab(j, at, raw_vocab);

  // Fast path: needs the prefix before the options are read (in their usual order, below).
  if (!raw_merges.empty()) {
    const Json* prefix = find_field(j, "continuing_subword_prefix");
    if (!prefix || prefix->is_string()) {
      const size_t prefix_len = prefix ? prefix->get_ref<const std::string&>().size() : 0;
      std::vector<MergeMap::Merge> resolved;
      std::optional<std::string> missing;
      if (resolved_merges_from_raw_json(raw_merges, vocab, prefix_len, resolved, missing)) {
        Options o = read_options(j, at);
        if (missing) throw Error(ErrorCode::InvalidFile, at.describe() + ": " + *missing);
        try {
          return std::make_unique<BPE>(std::move(vocab), std::move(resolved), std::move(o));
        } catch (const Error& e) {
          throw Error(e.code(), at.describe() + ": " + e.what());
        }
      }
    }
  }

  MergeList merges;
  Json holder;  // the DOM of deferred merges the fast path refused
  const Json* merges_json = model_field(j, "merges", raw_merges, holder, at);
  if (!merges_json) (at / "merges").fail("is missing (expected an array of \"a b\" strings or [a, b] pairs)");
  merges_from_json(*merges_json, at, merges);
  Options o = read_options(j, at);
  try {
    return std::make_unique<BPE>(std::move(vocab), merges, std::move(o));
  } catch (const Error& e) {
    throw Error(e.code(), at.describe() + ": " + e.what());
  }
}

}  // namespace wasmpipe::models
