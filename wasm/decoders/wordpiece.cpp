#include "decoders/wordpiece.h"

namespace wasmpipe::decoders {
namespace {

// Replaces every occurrence of `from` by `to` (left to right, non-overlapping, like Rust's
// str::replace).
void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (s.find(from) == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (true) {
    size_t j = s.find(from, i);
    if (j == std::string::npos) break;
    out.append(s, i, j - i);
    out.append(to);
    i = j + from.size();
  }
  out.append(s, i, std::string::npos);
  s = std::move(out);
}

}  // namespace

namespace {

// Rust's WordPiece `cleanup` and transformers' clean_up_tokenization are the same ordered list of
// replacements, except that only the former turns " do not" into " don't".
struct CleanupRule {
  std::string_view from, to;
  bool wordpiece_only = false;
};
constexpr CleanupRule kCleanupRules[] = {
    {" .", "."},   {" ?", "?"},   {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"}, {" 'm", "'m"},
    {" do not", " don't", true}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
};

std::string apply_cleanup(std::string_view in, bool wordpiece) {
  std::string s(in);
  if (s.find(' ') == std::string::npos) return s;
  for (const CleanupRule& r : kCleanupRules)
    if (wordpiece || !r.wordpiece_only) replace_all(s, r.from, r.to);
  return s;
}

}  // namespace

std::string wordpiece_cleanup(std::string_view in) { return apply_cleanup(in, true); }

std::string clean_up_tokenization(std::string_view in) { return apply_cleanup(in, false); }

void WordPiece::decode_chain(std::vector<std::string>& tokens) const {
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string& t = tokens[i];
    if (i != 0) {
      if (!prefix_.empty() && t.compare(0, prefix_.size(), prefix_) == 0) {
        t.erase(0, prefix_.size());
      } else if (prefix_.empty()) {
        // Rust: "".starts_with("") is true and replacen("", "", 1) leaves the token unchanged.
      } else {
        t.insert(t.begin(), ' ');
      }
    }
    if (cleanup_) t = wordpiece_cleanup(t);
  }
}

std::unique_ptr<WordPiece> WordPiece::from_json(const Json& j, const JsonPath& at) {
  return std::make_unique<WordPiece>(optional_string(j, "prefix", at).value_or("##"), optional_bool(j, "cleanup", at, true));
}

}  // namespace wasmpipe::decoders
