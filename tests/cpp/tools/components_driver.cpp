// Runs tokenizer.json components over inputs, for tests/cpp/tools/components_*.mjs to compare with
// the Rust binding. Not part of ctest; build by hand against a native build's libwasmpipe_core.a:
//   g++ -std=c++20 -O2 -Iwasm -Ibuild/g-native/third_party_include tests/cpp/tools/components_driver.cpp \
//       build/g-native/libwasmpipe_core.a build/g-native/libutf8proc.a build/g-native/onig/libonig.a -o build/tools/components_driver
// Usage: components_driver normalizer|decoder <component.json> <inputs.json>  (JSON array out)
//   normalizer: inputs = array of strings -> [[normalized, [[start,end] per normalized char]], ...]
//   decoder:    inputs = array of token arrays -> array of decoded strings
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/json.h"
#include "decoders/decoder.h"
#include "normalizers/normalizer.h"
#include "tokenizer/normalized_string.h"

using namespace wasmpipe;

static Json load(const char* path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_json(ss.str(), path);
}

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: components_driver normalizer|decoder <component.json> <inputs.json>\n";
    return 2;
  }
  const std::string mode = argv[1];
  const Json comp = load(argv[2]);
  const Json inputs = load(argv[3]);
  Json out = Json::array();
  try {
    if (mode == "normalizer") {
      auto n = normalizers::from_json(comp, JsonPath("component"));
      for (const auto& t : inputs) {
        NormalizedString s(t.get<std::string>());
        n->normalize(s);
        Json al = Json::array();
        const std::string& str = s.get();
        size_t i = 0;
        while (i < str.size()) {
          const size_t b = i;
          utf8::decode(str, i);
          auto o = s.to_original(b, i);
          al.push_back(Json::array({o->first, o->second}));
        }
        out.push_back(Json::array({str, al}));
      }
    } else {
      auto d = decoders::from_json(comp, JsonPath("component"));
      for (const auto& toks : inputs) out.push_back(d->decode(toks.get<std::vector<std::string>>()));
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  std::cout << out.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  return 0;
}
