// Helpers shared by the model tests (BPE, Unigram, WordLevel).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "models/model.h"

namespace wasmpipe::test {

// Tokens of `word` as "value#id@start-end" strings (hand-written cases).
inline std::vector<std::string> run(const models::Model& m, std::string_view word) {
  std::vector<Token> out;
  m.tokenize(word, out);
  std::vector<std::string> r;
  for (const Token& t : out)
    r.push_back(t.value + "#" + std::to_string(t.id) + "@" + std::to_string(t.start) + "-" + std::to_string(t.end));
  return r;
}

inline std::unique_ptr<models::Model> model(const char* json) {
  return models::from_json(Json::parse(json), JsonPath("tokenizer.json", "model"));
}

// Message of the wasmpipe::Error the call throws ("" when it does not throw).
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace wasmpipe::test
