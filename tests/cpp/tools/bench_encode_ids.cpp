// Native throughput of Tokenizer::encode_ids (the path `tokenizer.encode(text)` takes) on the
// paragraphs the browser benchmark uses: the shared corpus' files in name order, split like
// tests/js/helpers/paths.js corpusParagraphs (blank lines, whitespace-only ones included), the
// first N of them. For profiling the ids path: `perf record -g build/tools/bench_encode_ids ...`.
//   bash tests/cpp/tools/build_tools.sh
//   build/tools/bench_encode_ids <fixture name, e.g. t5-small> [paragraphs (0: all)] [seconds]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../tokenizer_test_util.h"
#include "tokenizer/tokenizer.h"

namespace fs = std::filesystem;
using wasmpipe::test::read_file;

static bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

// text.split(/\n\s*\n/) keeping the pieces that are not blank (ASCII whitespace: the corpus' \s).
static void paragraphs_of(const std::string& text, std::vector<std::string>& out) {
  size_t start = 0, i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      size_t j = i + 1;
      size_t last_nl = std::string::npos;
      while (j < text.size() && (text[j] == ' ' || (text[j] >= '\t' && text[j] <= '\r'))) {
        if (text[j] == '\n') last_nl = j;
        ++j;
      }
      if (last_nl != std::string::npos) {
        // The regex is greedy up to the LAST newline of the whitespace run.
        const std::string_view p(text.data() + start, i - start);
        if (!blank(p)) out.emplace_back(p);
        start = last_nl + 1;
        i = last_nl + 1;
        continue;
      }
    }
    ++i;
  }
  const std::string_view p(text.data() + start, text.size() - start);
  if (!blank(p)) out.emplace_back(p);
}

int main(int argc, char** argv) {
  const fs::path fixtures = wasmpipe::test::fixtures_dir();
  const std::string name = argc > 1 ? argv[1] : "bert-base-uncased";
  const size_t limit = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 300;
  const double seconds = argc > 3 ? std::atof(argv[3]) : 3.0;
  const auto json = read_file(fixtures / "tokenizers" / name / "tokenizer.json");
  if (!json) {
    std::fprintf(stderr, "no tokenizer.json for '%s' in %s/tokenizers\n", name.c_str(), fixtures.c_str());
    return 1;
  }
  const wasmpipe::Tokenizer tok = wasmpipe::Tokenizer::from_json(*json);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fixtures / "corpus")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> paragraphs;
  for (const auto& f : files) paragraphs_of(read_file(f).value_or(""), paragraphs);
  if (limit > 0 && paragraphs.size() > limit) paragraphs.resize(limit);
  size_t bytes = 0, tokens = 0;
  for (const auto& p : paragraphs) bytes += p.size();
  size_t rounds = 0;
  const auto t0 = std::chrono::steady_clock::now();
  double elapsed = 0;
  do {
    tokens = 0;
    for (const auto& p : paragraphs) tokens += tok.encode_ids(p).size();
    ++rounds;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } while (elapsed < seconds);
  std::printf("%s: %zu paragraphs, %.3f MB, %zu tokens, %zu rounds: %.1f MB/s, %.2f us/paragraph\n", name.c_str(),
              paragraphs.size(), bytes / 1e6, tokens, rounds, bytes * double(rounds) / 1e6 / elapsed,
              elapsed / double(rounds * paragraphs.size()) * 1e6);
  return 0;
}
