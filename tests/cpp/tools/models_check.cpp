// Compares one model in isolation (tokenizer.json's "model" object only) against the Rust reference
// written by models_ref.mjs, and optionally measures throughput.
//   models_check <tokenizer.json> <ref.jsonl> [max_diffs_shown]
//   models_check --bench <tokenizer.json> <corpus_dir> [bytelevel|spm|plain] [repeats]
// Built by hand against the core library (see the report / tools README).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "core/utf8.h"
#include "models/model.h"

using namespace wasmpipe;

static std::string read(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

static std::unique_ptr<models::Model> load(const std::string& path) {
  Json j = parse_json(read(path), "tokenizer.json");
  return models::from_json(j.at("model"), JsonPath("tokenizer.json", "model"));
}

static std::string byte_level(std::string_view s) {
  static std::string table[256];
  if (table['!'].empty()) {
    int n = 0;
    for (int b = 0; b < 256; ++b) {
      const bool keep = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
      const char32_t cp = keep ? b : 256 + n++;
      std::string& t = table[b];
      if (cp < 0x80) t.push_back(char(cp));
      else { t.push_back(char(0xC0 | (cp >> 6))); t.push_back(char(0x80 | (cp & 0x3F))); }
    }
  }
  std::string out;
  for (unsigned char c : s) out += table[c];
  return out;
}

static int bench(int argc, char** argv) {
  auto model = load(argv[2]);
  const std::string mode = argc > 4 ? argv[4] : "plain";
  const int repeats = argc > 5 ? std::atoi(argv[5]) : 3;
  std::vector<std::string> words;
  size_t text_bytes = 0;
  for (const auto& f : std::filesystem::directory_iterator(argv[3])) {
    const std::string text = read(f.path().string());
    text_bytes += text.size();
    std::istringstream ss(text);
    std::string w;
    bool first = true;
    while (ss >> w) {
      if (mode == "bytelevel") words.push_back(byte_level(first ? w : " " + w));
      else if (mode == "spm") words.push_back("\xE2\x96\x81" + w);
      else words.push_back(w);
      first = false;
    }
  }
  std::vector<Token> out;
  size_t ntok = 0;
  double best = 1e9;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    ntok = 0;
    for (const std::string& w : words) {
      out.clear();
      model->tokenize(w, out);
      ntok += out.size();
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best = std::min(best, s);
  }
  std::printf("%s: %zu words, %zu tokens, corpus %.2f MB, best %.3f s -> %.1f MB/s (of corpus text), %.2f M tokens/s\n",
              argv[2], words.size(), ntok, text_bytes / 1e6, best, text_bytes / 1e6 / best, ntok / 1e6 / best);
  return 0;
}

int main(int argc, char** argv) try {
  if (argc > 1 && std::string(argv[1]) == "--bench") return bench(argc, argv);
  if (argc < 3) {
    std::fprintf(stderr, "usage: models_check <tokenizer.json> <ref.jsonl> [max_diffs_shown]\n");
    return 2;
  }
  auto model = load(argv[1]);
  const int show = argc > 3 ? std::atoi(argv[3]) : 10;
  std::ifstream in(argv[2], std::ios::binary);
  std::string line;
  size_t n = 0, bad = 0, bad_ids = 0, bad_tokens = 0, bad_offsets = 0;
  std::vector<Token> out;
  while (std::getline(in, line)) {
    const Json r = Json::parse(line);
    const std::string word = r[0].get<std::string>();
    out.clear();
    std::string err;
    try {
      model->tokenize(word, out);
    } catch (const std::exception& e) {
      err = e.what();
    }
    std::vector<int32_t> ids;
    std::vector<std::string> toks;
    std::vector<std::vector<uint32_t>> offs;
    // The binding reports char offsets (the reference turned them back into bytes): a byte-fallback
    // token inside a char shows as the whole char there. Round ours the same way (Rust's
    // BytesToCharOffsetConverter: the char holding `start` .. the char holding `end - 1`).
    auto char_start = [&](uint32_t b) {
      while (b > 0 && b < word.size() && (static_cast<unsigned char>(word[b]) & 0xC0) == 0x80) --b;
      return b;
    };
    auto char_end = [&](uint32_t e) {
      if (e == 0) return e;
      uint32_t b = char_start(e - 1);
      return static_cast<uint32_t>(std::min(word.size(), b + utf8::sequence_length(static_cast<unsigned char>(word[b]))));
    };
    for (const Token& t : out) {
      ids.push_back(t.id);
      toks.push_back(t.value);
      offs.push_back({char_start(t.start), t.end > t.start ? char_end(t.end) : char_start(t.end)});
    }
    const bool ok_ids = ids == r[1].get<std::vector<int32_t>>();
    const bool ok_toks = toks == r[2].get<std::vector<std::string>>();
    const bool ok_offs = offs == r[3].get<std::vector<std::vector<uint32_t>>>();
    ++n;
    if (!(ok_ids && ok_toks && ok_offs) || !err.empty()) {
      ++bad;
      bad_ids += !ok_ids;
      bad_tokens += !ok_toks;
      bad_offsets += !ok_offs;
      if (static_cast<int>(bad) <= show) {
        Json mine = Json::array({word, ids, toks, offs});
        std::printf("MISMATCH %s\n  rust: %s\n  ours: %s%s%s\n", word.c_str(), r.dump().c_str(), mine.dump().c_str(),
                    err.empty() ? "" : "\n  error: ", err.c_str());
      }
    }
  }
  std::printf("%s: %zu words, %zu mismatches (ids %zu, tokens %zu, offsets %zu)\n", argv[1], n, bad, bad_ids, bad_tokens,
              bad_offsets);
  return bad ? 1 : 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 2;
}
