// Native conformance of EVERY tokenizer.json fixture with Hugging Face's Rust `tokenizers` on the
// whole shared corpus: alone with and without special tokens, as pairs, and decode (skip special
// tokens or not). The reference is a hash per record (ids, type ids, masks, byte offsets, word
// ids, sequence ids; decoded text), dumped by `node tests/cpp/tools/dump_reference_hashes.mjs`
// into build/ref-all (scripts/test.sh does it); without it the test is skipped (or fails under
// WASMPIPE_REQUIRE_REFERENCE=1). A mismatch prints our encoding and the command that prints Rust's.
// The dump holds every Nth paragraph / pair (its manifest's stride); WASMPIPE_CONFORMANCE_STRIDE=M
// checks every Mth of those (ASan builds default to 25).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

std::filesystem::path reference_all_dir() {
  if (const char* env = std::getenv("WASMPIPE_REFERENCE_ALL_DIR"); env && *env) return env;
  return test::reference_dir().parent_path() / "ref-all";
}

// The hash of dump_reference_hashes.mjs (hashWords), over u32 words.
struct Hasher {
  uint32_t h1 = 0x811c9dc5u, h2 = 0x9747b28cu;
  void add(uint32_t w) {
    h1 = (h1 ^ w) * 0x01000193u;
    h2 = (h2 ^ w) * 0x5bd1e995u;
    h2 ^= h2 >> 15;
  }
};

std::pair<uint32_t, uint32_t> hash_encoding(const Encoding& e) {
  Hasher h;
  const size_t n = e.size();
  h.add(static_cast<uint32_t>(n));
  for (int32_t v : e.ids) h.add(static_cast<uint32_t>(v));
  for (int32_t v : e.type_ids) h.add(static_cast<uint32_t>(v));
  for (uint8_t v : e.special_tokens_mask) h.add(v);
  for (uint8_t v : e.attention_mask) h.add(v);
  for (const auto& [s, t] : e.offsets) {
    h.add(s);
    h.add(t);
  }
  for (int32_t v : e.word_ids) h.add(static_cast<uint32_t>(v));
  for (int8_t v : e.sequence_ids) h.add(static_cast<uint32_t>(static_cast<int32_t>(v)));
  return {h.h1, h.h2};
}

std::pair<uint32_t, uint32_t> hash_text(const std::string& s) {
  Hasher h;
  h.add(static_cast<uint32_t>(s.size()));
  for (unsigned char c : s) h.add(c);
  return {h.h1, h.h2};
}

std::vector<uint32_t> read_words(const std::filesystem::path& p) {
  auto data = test::read_file(p);
  if (!data || data->size() % 4) return {};
  std::vector<uint32_t> w(data->size() / 4);
  std::memcpy(w.data(), data->data(), data->size());
  return w;
}

struct Corpus {
  std::vector<std::string> paragraphs;
  std::vector<size_t> pairs;  // i: (paragraphs[i], paragraphs[i + 1])
};

Corpus read_corpus(const std::filesystem::path& p) {
  Corpus c;
  auto data = test::read_file(p);
  if (!data) return c;
  size_t pos = 0;
  auto u32 = [&] {
    uint32_t v;
    std::memcpy(&v, data->data() + pos, 4);
    pos += 4;
    return v;
  };
  const uint32_t n = u32();
  std::vector<uint32_t> file;
  for (uint32_t i = 0; i < n; ++i) {
    file.push_back(u32());
    const uint32_t len = u32();
    c.paragraphs.push_back(data->substr(pos, len));
    pos += len;
  }
  for (size_t i = 0; i + 1 < n; ++i)
    if (file[i] == file[i + 1]) c.pairs.push_back(i);
  return c;
}

void print_encoding(const Encoding& e) {
  auto list = [&](const char* name, auto get) {
    std::printf("    %s [", name);
    for (size_t i = 0; i < e.size(); ++i) std::printf(i ? ",%s" : "%s", get(i).c_str());
    std::printf("]\n");
  };
  std::printf("    n %zu hash %x %x\n", e.size(), hash_encoding(e).first, hash_encoding(e).second);
  list("tokens", [&](size_t i) { return "\"" + e.tokens[i] + "\""; });
  list("ids", [&](size_t i) { return std::to_string(e.ids[i]); });
  list("type_ids", [&](size_t i) { return std::to_string(e.type_ids[i]); });
  list("special", [&](size_t i) { return std::to_string(e.special_tokens_mask[i]); });
  list("byte offsets", [&](size_t i) {
    return "[" + std::to_string(e.offsets[i].first) + "," + std::to_string(e.offsets[i].second) + "]";
  });
  list("word_ids", [&](size_t i) { return std::to_string(e.word_ids[i]); });
  list("sequence_ids", [&](size_t i) { return std::to_string(e.sequence_ids[i]); });
}

TEST(ConformanceAllFixtures, CorpusMatchesRustTokenizers) {
  const auto ref = reference_all_dir();
  auto manifest_text = test::read_file(ref / "manifest.json");
  if (!manifest_text)
    WASMPIPE_SKIP_OR_FAIL("no reference dump in " << ref << " (run node tests/cpp/tools/dump_reference_hashes.mjs)");
  const auto manifest = nlohmann::json::parse(*manifest_text);
  const Corpus corpus = read_corpus(ref / "paragraphs.bin");
  ASSERT_EQ(corpus.paragraphs.size(), manifest.at("paragraphs").get<size_t>());
  ASSERT_EQ(corpus.pairs.size(), manifest.at("pairs").get<size_t>());
  const size_t ref_stride = manifest.value("stride", size_t{1});  // the dump keeps every ref_stride-th record
  const size_t step = ref_stride * test::corpus_stride();
  auto records = [&](size_t n) { return (n + ref_stride - 1) / ref_stride; };
  size_t total_bad = 0;
  std::printf("%-52s %-9s %8s %8s\n", "tokenizer", "mode", "checked", "differ");
  for (const auto& f : manifest.at("fixtures")) {
    const std::string name = f.at("name");
    auto json = test::read_file(f.at("path").get<std::string>());
    ASSERT_TRUE(json.has_value()) << f.at("path");
    std::string config;
    if (const std::string cfg = f.at("config"); !cfg.empty()) config = test::read_file(cfg).value_or("");
    Tokenizer tok = Tokenizer::from_json(*json, config);
    size_t shown = 0;
    auto report = [&](const std::string& mode, size_t k, const char* what, const Encoding* ours) {
      if (shown++ >= 2) return;
      std::printf("  MISMATCH %s %s #%zu: %s\n", name.c_str(), mode.c_str(), k, what);
      if (ours) print_encoding(*ours);
      std::printf("    Rust's: node tests/cpp/tools/dump_reference_hashes.mjs --show %s %s %zu\n", name.c_str(),
                  mode.c_str(), k);
    };
    std::vector<std::vector<int32_t>> single_ids(corpus.paragraphs.size());
    std::vector<bool> single_ok(corpus.paragraphs.size(), false);
    for (const std::string mode : {"single", "nospecial", "pair"}) {
      const auto want = read_words(ref / (name + "." + mode + ".bin"));
      const bool pair = mode == "pair";
      const size_t count = pair ? corpus.pairs.size() : corpus.paragraphs.size();
      ASSERT_EQ(want.size(), 1 + 3 * records(count)) << name << " " << mode;
      size_t checked = 0, bad = 0;
      for (size_t k = 0; k < count; k += step) {
        ++checked;
        const uint32_t* rec = &want[1 + 3 * (k / ref_stride)];
        Encoding e;
        bool threw = false;
        try {
          if (pair) {
            const size_t i = corpus.pairs[k];
            e = tok.encode_pair(corpus.paragraphs[i], corpus.paragraphs[i + 1], true);
          } else {
            e = tok.encode(corpus.paragraphs[k], mode == "single");
          }
        } catch (const Error&) {
          threw = true;
        }
        const bool refused = rec[0] == 0xFFFFFFFFu;
        if (threw || refused) {
          if (threw != refused) {
            ++bad;
            report(mode, k, threw ? "we threw, Rust encoded" : "Rust refused, we encoded", threw ? nullptr : &e);
          }
          continue;
        }
        const auto [h1, h2] = hash_encoding(e);
        if (h1 != rec[1] || h2 != rec[2] || e.size() != rec[0]) {
          ++bad;
          report(mode, k, ("differs (Rust: " + std::to_string(rec[0]) + " tokens); ours:").c_str(), &e);
        } else {
          // The ids-only path (what JS encode() uses) must give the ids Rust gave.
          std::vector<int32_t> ids;
          if (pair) {
            const size_t i = corpus.pairs[k];
            const std::string_view second = corpus.paragraphs[i + 1];
            ids = tok.encode_ids(corpus.paragraphs[i], &second, true);
          } else {
            ids = tok.encode_ids(corpus.paragraphs[k], nullptr, mode == "single");
          }
          if (ids != e.ids) {
            ++bad;
            report(mode, k, "encode_ids differs from encode's ids (which match Rust's)", &e);
          }
          if (mode == "single") {
            single_ids[k] = e.ids;
            single_ok[k] = true;
          }
        }
      }
      std::printf("%-52s %-9s %8zu %8zu\n", name.c_str(), mode.c_str(), checked, bad);
      total_bad += bad;
    }
    // decode of the (matching) single encodings, keeping and skipping special tokens.
    const auto want = read_words(ref / (name + ".decode.bin"));
    ASSERT_EQ(want.size(), 1 + 4 * records(corpus.paragraphs.size())) << name << " decode";
    size_t checked = 0, bad = 0;
    for (size_t k = 0; k < corpus.paragraphs.size(); k += step) {
      if (!single_ok[k]) continue;
      ++checked;
      const uint32_t* rec = &want[1 + 4 * (k / ref_stride)];
      const std::string with = tok.decode(single_ids[k], false, false);
      const std::string without = tok.decode(single_ids[k], true, false);
      const auto a = hash_text(with), b = hash_text(without);
      if (a.first != rec[0] || a.second != rec[1] || b.first != rec[2] || b.second != rec[3]) {
        ++bad;
        if (shown++ < 2) {
          std::printf("  DECODE MISMATCH %s #%zu: ours [%s] / skip [%s]\n", name.c_str(), k, with.substr(0, 200).c_str(),
                      without.substr(0, 200).c_str());
          std::printf("    Rust's: node tests/cpp/tools/dump_reference_hashes.mjs --show %s decode %zu\n", name.c_str(), k);
        }
      }
    }
    std::printf("%-52s %-9s %8zu %8zu\n", name.c_str(), "decode", checked, bad);
    total_bad += bad;
  }
  EXPECT_EQ(total_bad, 0u);
}

}  // namespace
}  // namespace wasmpipe
