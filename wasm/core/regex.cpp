#include "core/regex.h"

#include <oniguruma.h>

#include "core/error.h"
#include "core/utf8.h"

namespace wasmpipe {
namespace {

void ensure_onig_initialized() {
  // Function-local static: initialized exactly once, thread-safely (C++11 magic statics).
  static const int init = [] {
    OnigEncoding encodings[] = {ONIG_ENCODING_UTF8};
    return onig_initialize(encodings, 1);
  }();
  if (init != ONIG_NORMAL) throw Error(ErrorCode::Internal, "Oniguruma failed to initialize");
}

std::string onig_message(int code, OnigErrorInfo* info) {
  OnigUChar buf[ONIG_MAX_ERROR_MESSAGE_LEN];
  const int n = info ? onig_error_code_to_str(buf, code, info) : onig_error_code_to_str(buf, code);
  return std::string(reinterpret_cast<const char*>(buf), n > 0 ? static_cast<size_t>(n) : 0);
}

// Frees the arrays of a stack OnigRegion on every exit path.
struct RegionGuard {
  OnigRegion region{};
  ~RegionGuard() { onig_region_free(&region, 0); }
};

}  // namespace

Regex::Regex(std::string_view pattern, Engine engine) : pattern_(pattern) {
  if (engine == Engine::Auto) {
    fast_ = regex_fast::select(pattern_);
    if (fast_ != regex_fast::Pattern::None) return;  // nothing to compile
  }
  ensure_onig_initialized();
  OnigRegex re = nullptr;
  OnigErrorInfo info{};
  const auto* p = reinterpret_cast<const OnigUChar*>(pattern_.data());
  const int rc = onig_new(&re, p, p + pattern_.size(), ONIG_OPTION_NONE, ONIG_ENCODING_UTF8,
                          ONIG_SYNTAX_ONIGURUMA, &info);
  if (rc != ONIG_NORMAL) {
    if (re) onig_free(re);
    throw Error(ErrorCode::InvalidFile, "invalid regex '" + pattern_ + "': " + onig_message(rc, &info));
  }
  re_ = re;
}

Regex::~Regex() {
  if (re_) onig_free(static_cast<OnigRegex>(re_));
}

Regex::Regex(Regex&& other) noexcept : re_(other.re_), pattern_(std::move(other.pattern_)), fast_(other.fast_) {
  other.re_ = nullptr;
  other.fast_ = regex_fast::Pattern::None;
}

Regex& Regex::operator=(Regex&& other) noexcept {
  if (this != &other) {
    if (re_) onig_free(static_cast<OnigRegex>(re_));
    re_ = other.re_;
    other.re_ = nullptr;
    pattern_ = std::move(other.pattern_);
    fast_ = other.fast_;
    other.fast_ = regex_fast::Pattern::None;
  }
  return *this;
}

bool Regex::search(std::string_view text, size_t from, size_t& begin, size_t& end) const {
  if (fast_ != regex_fast::Pattern::None) return regex_fast::search(fast_, text, from, begin, end);
  if (!re_) throw Error(ErrorCode::Internal, "Regex used after being moved from");
  if (from > text.size()) return false;
  RegionGuard g;
  const auto* s = reinterpret_cast<const OnigUChar*>(text.data());
  const auto* e = s + text.size();
  const int r = onig_search(static_cast<OnigRegex>(re_), s, e, s + from, e, &g.region, ONIG_OPTION_NONE);
  if (r == ONIG_MISMATCH) return false;
  if (r < 0) throw Error(ErrorCode::Internal, "regex '" + pattern_ + "' failed: " + onig_message(r, nullptr));
  begin = static_cast<size_t>(g.region.beg[0]);
  end = static_cast<size_t>(g.region.end[0]);
  return true;
}

void Regex::find_all(std::string_view text, std::vector<std::pair<size_t, size_t>>& out) const {
  if (fast_ != regex_fast::Pattern::None) return regex_fast::find_all(fast_, text, out);
  if (!re_) throw Error(ErrorCode::Internal, "Regex used after being moved from");
  RegionGuard g;
  const auto* s = reinterpret_cast<const OnigUChar*>(text.data());
  const auto* e = s + text.size();
  size_t last_end = 0;
  bool has_last_match = false;
  size_t last_match = 0;
  while (last_end <= text.size()) {
    const int r = onig_search(static_cast<OnigRegex>(re_), s, e, s + last_end, e, &g.region, ONIG_OPTION_NONE);
    if (r == ONIG_MISMATCH) return;
    if (r < 0) throw Error(ErrorCode::Internal, "regex '" + pattern_ + "' failed: " + onig_message(r, nullptr));
    const size_t mb = static_cast<size_t>(g.region.beg[0]);
    const size_t me = static_cast<size_t>(g.region.end[0]);
    // onig crate: "Don't accept empty matches immediately following the last match."
    if (mb == me && has_last_match && last_match == last_end) {
      last_end += last_end < text.size() ? utf8::sequence_length(static_cast<unsigned char>(text[last_end])) : 1;
      continue;
    }
    last_end = me;
    last_match = me;
    has_last_match = true;
    out.emplace_back(mb, me);
  }
}

std::string Regex::escape(std::string_view literal) {
  std::string out;
  out.reserve(literal.size() + 8);
  for (char c : literal) {
    switch (c) {
      case '\\': case '.': case '+': case '*': case '?': case '(': case ')': case '|': case '[':
      case ']': case '{': case '}': case '^': case '$': case '#': case '&': case '-': case '~':
        out.push_back('\\');
        break;
      default:
        break;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace wasmpipe
