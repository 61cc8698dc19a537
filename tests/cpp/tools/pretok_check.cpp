// Compares wasmpipe's pre-tokenizers with the Rust reference written by pretok_corpus_ref.cjs.
// usage: build/tools/pretok_check build/pretok/*.json   (prints mismatch counts, exit 1 if any)
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "core/json.h"
#include "pre_tokenizers/pre_tokenizer.h"

using namespace wasmpipe;

int main(int argc, char** argv) {
  int total_bad = 0;
  for (int f = 1; f < argc; ++f) {
    std::ifstream in(argv[f], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const Json doc = parse_json(ss.str(), argv[f]);
    const auto pt = pre_tokenizers::from_json(doc["pre_tokenizer"], JsonPath(argv[f], "pre_tokenizer"));
    size_t bad = 0, n = 0, pieces = 0;
    for (const Json& c : doc["cases"]) {
      ++n;
      const std::string text = c[0].get<std::string>();
      PreTokenizedString pts(text);
      pt->pre_tokenize(pts);
      const Json& exp = c[1];
      bool ok = exp.size() == pts.splits().size();
      for (size_t i = 0; ok && i < exp.size(); ++i) {
        const NormalizedString& s = pts.splits()[i].normalized;
        const auto off = s.to_original(0, s.size());
        ok = s.get() == exp[i][0].get<std::string>() && off && off->first == exp[i][1].get<uint32_t>() &&
             off->second == exp[i][2].get<uint32_t>();
      }
      pieces += exp.size();
      if (!ok) {
        if (bad < 3) {
          std::fprintf(stderr, "%s: mismatch on paragraph %zu (%zu bytes): expected %zu pieces, got %zu\n", argv[f],
                       n - 1, text.size(), exp.size(), pts.splits().size());
          for (size_t i = 0; i < std::max(exp.size(), pts.splits().size()) && i < 400; ++i) {
            std::string e = i < exp.size() ? exp[i].dump() : "-";
            std::string g = "-";
            if (i < pts.splits().size()) {
              const auto& s = pts.splits()[i].normalized;
              const auto off = s.to_original(0, s.size());
              g = Json::array({s.get(), off ? off->first : 0, off ? off->second : 0}).dump();
            }
            if (e != g) {
              std::fprintf(stderr, "  [%zu] expected %s got %s\n", i, e.c_str(), g.c_str());
              break;
            }
          }
        }
        ++bad;
      }
    }
    std::printf("%-40s %zu paragraphs, %zu pieces, %zu mismatches\n", argv[f], n, pieces, bad);
    total_bad += bad != 0;
  }
  return total_bad ? 1 : 0;
}
