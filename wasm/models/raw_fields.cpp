#include "models/raw_fields.h"

#include "core/json_scan.h"

namespace wasmpipe::models {
namespace {

struct Span {
  size_t begin = 0, end = 0;
  bool empty() const { return begin == end; }
};

// Walks the model object at the scanner; records the spans of its vocab / merges values (the
// last ones, as a DOM keeps the last duplicate key).
bool scan_model(JsonScanner& s, Span& vocab, Span& merges) {
  std::string scratch;
  std::string_view key;
  if (!s.consume('{')) return false;
  if (s.consume('}')) return true;
  do {
    if (!s.string(key, scratch) || !s.consume(':')) return false;
    Span* target = key == "vocab" ? &vocab : key == "merges" ? &merges : nullptr;
    const char first = s.peek();
    const size_t begin = s.pos();
    if (!s.skip_value(1)) return false;
    if (target) {
      // Only objects / arrays are deferred; anything else stays in the DOM (and gets its error).
      *target = (first == '{' || first == '[') ? Span{begin, s.pos()} : Span{};
    }
  } while (s.consume(','));
  return s.consume('}');
}

}  // namespace

bool defer_large_model_fields(std::string_view text, std::string& skeleton, RawModelFields& raw) {
  JsonScanner s(text);
  std::string scratch;
  std::string_view key;
  Span vocab, merges;
  if (!s.consume('{')) return false;
  if (!s.consume('}')) {
    do {
      if (!s.string(key, scratch) || !s.consume(':')) return false;
      if (key == "model" && s.peek() == '{') {
        vocab = merges = Span{};
        if (!scan_model(s, vocab, merges)) return false;
      } else {
        if (key == "model") vocab = merges = Span{};
        if (!s.skip_value(0)) return false;
      }
    } while (s.consume(','));
    if (!s.consume('}')) return false;
  }
  s.skip_space();
  if (!s.at_end()) return false;
  if (vocab.empty() && merges.empty()) return false;
  // Text with the deferred values replaced, in document order.
  Span cut[2] = {vocab, merges};
  if (cut[1].begin < cut[0].begin) std::swap(cut[0], cut[1]);
  skeleton.clear();
  size_t at = 0;
  for (const Span& c : cut) {
    if (c.empty()) continue;
    skeleton.append(text.substr(at, c.begin - at));
    skeleton.append(text[c.begin] == '{' ? "{}" : "[]");
    at = c.end;
  }
  skeleton.append(text.substr(at));
  raw.vocab = text.substr(vocab.begin, vocab.end - vocab.begin);
  raw.merges = text.substr(merges.begin, merges.end - merges.begin);
  return true;
}

const Json* model_field(const Json& j, std::string_view key, std::string_view raw_value, Json& holder,
                        const JsonPath& at) {
  if (raw_value.empty()) return find_field(j, key);
  holder = parse_json(raw_value, at.file());
  return &holder;
}

}  // namespace wasmpipe::models
