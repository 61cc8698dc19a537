// Helpers shared by the C++ tests: where the fixtures and reference dumps are, file reading.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace wasmpipe::test {

// $WASMPIPE_FIXTURES, else the compile-time WASMPIPE_FIXTURES (../shared/fixtures).
inline std::filesystem::path fixtures_dir() {
  if (const char* env = std::getenv("WASMPIPE_FIXTURES"); env && *env) return env;
#ifdef WASMPIPE_FIXTURES
  return WASMPIPE_FIXTURES;
#else
  return "../shared/fixtures";
#endif
}

// $WASMPIPE_REFERENCE_DIR, else <repo>/build/ref (written by tests/cpp/tools/dump_reference_ids.mjs).
inline std::filesystem::path reference_dir() {
  if (const char* env = std::getenv("WASMPIPE_REFERENCE_DIR"); env && *env) return env;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "build" / "ref";
}

// Data made by a tool (reference dumps, probes, the shared fixtures) may be absent on a developer's
// machine: tests skip there. scripts/test.sh produces it and sets WASMPIPE_REQUIRE_REFERENCE=1, so
// in `npm test` and CI a missing file fails instead of silently skipping.
inline bool reference_required() {
  const char* env = std::getenv("WASMPIPE_REQUIRE_REFERENCE");
  return env && *env && std::string(env) != "0";
}

#define WASMPIPE_SKIP_OR_FAIL(message)                                   \
  do {                                                                   \
    if (::wasmpipe::test::reference_required()) FAIL() << message;       \
    GTEST_SKIP() << message;                                             \
  } while (0)

// How many corpus inputs the data-driven conformance tests advance per check: every one, but every
// 25th in sanitizer builds (~10x slower; the Release build checks them all). Set
// WASMPIPE_CONFORMANCE_STRIDE=N to choose.
inline size_t corpus_stride() {
  if (const char* s = std::getenv("WASMPIPE_CONFORMANCE_STRIDE")) return std::max(1, std::atoi(s));
#if defined(__SANITIZE_ADDRESS__)
  return 25;
#else
  return 1;
#endif
}

inline std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every paragraph (blank-line separated) of every corpus file, sorted by file name (every
// corpus_stride()-th one).
inline std::vector<std::string> corpus_paragraphs() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(fixtures_dir() / "corpus")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    const std::string text = *read_file(f);
    size_t start = 0;
    auto flush = [&](size_t end) {
      std::string p = text.substr(start, end - start);
      if (p.find_first_not_of(" \t\r\n\f\v") != std::string::npos) out.push_back(std::move(p));
    };
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\n') continue;
      size_t j = i + 1;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\f' || text[j] == '\v')) ++j;
      if (j < text.size() && text[j] == '\n') {
        flush(i);
        start = j + 1;
        i = j;
      }
    }
    flush(text.size());
  }
  std::vector<std::string> picked;
  for (size_t i = 0; i < out.size(); i += corpus_stride()) picked.push_back(std::move(out[i]));
  return picked;
}

}  // namespace wasmpipe::test
