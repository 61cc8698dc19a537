// Native encode throughput on the shared corpus (paragraphs split on blank lines).
//   bash tests/cpp/tools/build_tools.sh && build/tools/bench_tokenizer [tokenizer.json|vocab.txt] [repeats]
// Prints MB/s (of UTF-8 input) for encode() with special tokens.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace fs = std::filesystem;

static std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int main(int argc, char** argv) {
  const char* env = std::getenv("WASMPIPE_FIXTURES");
  const fs::path fixtures = env && *env ? fs::path(env) : fs::path(WASMPIPE_FIXTURES);
  const fs::path tok_path = argc > 1 ? fs::path(argv[1]) : fixtures / "tokenizers/bert-base-uncased/tokenizer.json";
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string text = read(tok_path);
  wasmpipe::Tokenizer tok = tok_path.extension() == ".txt" ? wasmpipe::Tokenizer::from_vocab_txt(text, "")
                                                           : wasmpipe::Tokenizer::from_json(text);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fixtures / "corpus")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> paragraphs;
  size_t bytes = 0;
  for (const auto& f : files) {
    const std::string t = read(f);
    size_t start = 0;
    while (start < t.size()) {
      size_t end = t.find("\n\n", start);
      if (end == std::string::npos) end = t.size();
      if (end > start) {
        paragraphs.push_back(t.substr(start, end - start));
        bytes += end - start;
      }
      start = end + 2;
    }
  }
  double best = 1e100;
  size_t tokens = 0;
  for (int r = 0; r < repeats; ++r) {
    tokens = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& p : paragraphs) tokens += tok.encode(p).size();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, s);
  }
  std::printf("%s: %zu paragraphs, %.2f MB, %zu tokens, best of %d: %.3f s = %.1f MB/s, %.2f M tokens/s\n",
              tok_path.filename().c_str(), paragraphs.size(), bytes / 1e6, tokens, repeats, best, bytes / 1e6 / best,
              tokens / 1e6 / best);
  return 0;
}
