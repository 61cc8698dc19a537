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

std::string wordpiece_cleanup(std::string_view in) {
  std::string s(in);
  if (s.find(' ') == std::string::npos) return s;
  replace_all(s, " .", ".");
  replace_all(s, " ?", "?");
  replace_all(s, " !", "!");
  replace_all(s, " ,", ",");
  replace_all(s, " ' ", "'");
  replace_all(s, " n't", "n't");
  replace_all(s, " 'm", "'m");
  replace_all(s, " do not", " don't");
  replace_all(s, " 's", "'s");
  replace_all(s, " 've", "'ve");
  replace_all(s, " 're", "'re");
  return s;
}

std::string clean_up_tokenization(std::string_view in) {
  std::string s(in);
  if (s.find(' ') == std::string::npos) return s;
  replace_all(s, " .", ".");
  replace_all(s, " ?", "?");
  replace_all(s, " !", "!");
  replace_all(s, " ,", ",");
  replace_all(s, " ' ", "'");
  replace_all(s, " n't", "n't");
  replace_all(s, " 'm", "'m");
  replace_all(s, " 's", "'s");
  replace_all(s, " 've", "'ve");
  replace_all(s, " 're", "'re");
  return s;
}

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
