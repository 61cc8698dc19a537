// Native tokenizer.json load time (bytes in memory -> ready Tokenizer), median of N loads, with
// the raw vocab / merges scan timed apart. Usage:
//   build/tools/bench_load [tokenizer.json ...] [--repeats N]
// Defaults: the Llama-3, gpt-4o and T5 fixtures. Build: tests/cpp/tools/build_tools.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "models/raw_fields.h"
#include "models/vocab.h"
#include "tokenizer/tokenizer.h"

using namespace wasmpipe;

namespace {

std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

template <class Fn>
double median_ms(int repeats, Fn&& fn) {
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    const auto a = std::chrono::steady_clock::now();
    fn();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int repeats = 7;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) {
      repeats = std::atoi(argv[++i]);
    } else {
      files.push_back(argv[i]);
    }
  }
  if (files.empty()) {
    const std::string dir = std::string(WASMPIPE_FIXTURES) + "/tokenizers/";
    for (const char* n : {"meta-llama__Meta-Llama-3-8B", "Xenova__gpt-4o", "t5-small"}) files.push_back(dir + n + "/tokenizer.json");
  }
  std::printf("| tokenizer.json | MB | load ms | utf8 check | defer scan | vocab (raw) |\n|---|---|---|---|---|---|\n");
  for (const std::string& path : files) {
    const std::string json = read(path);
    const double load = median_ms(repeats, [&] { Tokenizer t = Tokenizer::from_json(json, ""); });
    const double check = median_ms(repeats, [&] { utf8::validate(json, "tokenizer.json"); });
    std::string skeleton;
    models::RawModelFields raw;
    const double defer = median_ms(repeats, [&] { models::defer_large_model_fields(json, skeleton, raw); });
    double vocab = 0;
    if (!raw.vocab.empty() && raw.vocab.front() == '{') {
      vocab = median_ms(repeats, [&] {
        models::Vocab v;
        models::vocab_from_raw_json(raw.vocab, v);
      });
    }
    std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f |\n", path.c_str(), json.size() / 1e6, load, check, defer, vocab);
  }
  return 0;
}
