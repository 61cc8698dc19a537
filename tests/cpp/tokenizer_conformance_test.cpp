// Conformance with Hugging Face's Rust `tokenizers`: every paragraph of the shared corpus,
// encoded by every BERT-family tokenizer of the fixtures, alone (with and without special tokens)
// and as pairs, must give exactly what the Rust binding gave (ids, type ids, masks, byte offsets,
// word ids). The reference is dumped by `node tests/cpp/tools/dump_reference_ids.mjs` into
// build/ref (not committed); without it these tests are skipped.
// Set WASMPIPE_CONFORMANCE_STRIDE=N to check only every Nth paragraph (ASan builds default to 25).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "tokenizer_test_util.h"
#include "tokenizer/tokenizer.h"

namespace wasmpipe {
namespace {

struct RefEncoding {
  bool error = false;  // Rust refused this input (e.g. a truncation error)
  std::vector<int32_t> ids;
  std::vector<uint8_t> type_ids, special, attention;
  std::vector<std::pair<uint32_t, uint32_t>> offsets;
  std::vector<int32_t> words;
};

class Reader {
 public:
  explicit Reader(std::string data) : d_(std::move(data)) {}
  uint32_t u32() {
    uint32_t v;
    std::memcpy(&v, d_.data() + p_, 4);
    p_ += 4;
    return v;
  }
  template <class T>
  void read(std::vector<T>& v, size_t n) {
    v.resize(n);
    std::memcpy(v.data(), d_.data() + p_, n * sizeof(T));
    p_ += n * sizeof(T);
  }
  std::string bytes(size_t n) {
    std::string s = d_.substr(p_, n);
    p_ += n;
    return s;
  }

 private:
  std::string d_;
  size_t p_ = 0;
};

std::vector<RefEncoding> read_encodings(const std::filesystem::path& p) {
  auto data = test::read_file(p);
  if (!data) return {};
  Reader r(std::move(*data));
  std::vector<RefEncoding> out(r.u32());
  for (auto& e : out) {
    const uint32_t n = r.u32();
    if (n == 0xFFFFFFFFu) {
      e.error = true;
      continue;
    }
    r.read(e.ids, n);
    r.read(e.type_ids, n);
    r.read(e.special, n);
    r.read(e.attention, n);
    std::vector<uint32_t> offs;
    r.read(offs, 2 * n);
    e.offsets.resize(n);
    for (size_t i = 0; i < n; ++i) e.offsets[i] = {offs[2 * i], offs[2 * i + 1]};
    r.read(e.words, n);
  }
  return out;
}

struct Corpus {
  std::vector<std::string> paragraphs;
  std::vector<uint32_t> file;
  std::vector<size_t> pairs;  // i: (paragraphs[i], paragraphs[i + 1])
};

Corpus read_corpus(const std::filesystem::path& p) {
  Corpus c;
  auto data = test::read_file(p);
  if (!data) return c;
  Reader r(std::move(*data));
  const uint32_t n = r.u32();
  for (uint32_t i = 0; i < n; ++i) {
    c.file.push_back(r.u32());
    c.paragraphs.push_back(r.bytes(r.u32()));
  }
  for (size_t i = 0; i + 1 < n; ++i)
    if (c.file[i] == c.file[i + 1]) c.pairs.push_back(i);
  return c;
}

Tokenizer load(const nlohmann::json& t) {
  const auto fixtures = test::fixtures_dir();
  const std::string config = t.at("config").get<std::string>();
  const std::filesystem::path path = t.at("path").get<std::string>();
  auto text = test::read_file(path);
  if (!text) throw std::runtime_error("cannot read " + path.string());
  if (t.at("kind") == "json") return Tokenizer::from_json(*text, config);
  return Tokenizer::from_vocab_txt(*text, config);
}

std::string show(const std::vector<std::string>& toks, size_t from, size_t n) {
  std::string s;
  for (size_t i = from; i < std::min(toks.size(), from + n); ++i) s += (i > from ? " " : "") + toks[i];
  return s;
}

TEST(Conformance, CorpusMatchesRustTokenizers) {
  const auto ref = test::reference_dir();
  auto manifest_text = test::read_file(ref / "manifest.json");
  if (!manifest_text) WASMPIPE_SKIP_OR_FAIL("no reference dump in " << ref << " (run node tests/cpp/tools/dump_reference_ids.mjs)");
  const auto manifest = nlohmann::json::parse(*manifest_text);
  const Corpus corpus = read_corpus(ref / "paragraphs.bin");
  ASSERT_EQ(corpus.paragraphs.size(), manifest.at("paragraphs").get<size_t>());
  const size_t step = test::corpus_stride();
  size_t total_mismatch = 0;
  std::printf("%-30s %-9s %8s %8s %8s\n", "tokenizer", "mode", "checked", "ids!=", "other!=");
  for (const auto& t : manifest.at("tokenizers")) {
    const std::string name = t.at("name");
    Tokenizer tok = load(t);
    for (const std::string mode : t.at("modes")) {
      if (mode == "decode") {
        auto data = test::read_file(ref / (name + ".decode.bin"));
        auto enc = read_encodings(ref / (name + ".single.bin"));
        ASSERT_TRUE(data.has_value()) << name;
        Reader r(std::move(*data));
        const uint32_t n = r.u32();
        ASSERT_EQ(n, enc.size());
        size_t checked = 0, bad = 0;
        for (uint32_t k = 0; k < n; ++k) {
          const std::string with = r.bytes(r.u32());
          const std::string without = r.bytes(r.u32());
          if (k % step) continue;
          ++checked;
          const std::string a = tok.decode(enc[k].ids, false, false);
          const std::string b = tok.decode(enc[k].ids, true, false);
          if (a != with || b != without) {
            if (bad < 3) std::printf("  DECODE MISMATCH %s #%u\n    ours [%s]\n    rust [%s]\n", name.c_str(), k,
                                     (a != with ? a : b).substr(0, 300).c_str(), (a != with ? with : without).substr(0, 300).c_str());
            ++bad;
          }
        }
        std::printf("%-30s %-9s %8zu %8zu %8s\n", name.c_str(), mode.c_str(), checked, bad, "-");
        total_mismatch += bad;
        continue;
      }
      const auto expected = read_encodings(ref / (name + "." + mode + ".bin"));
      const bool pair = mode == "pair";
      const size_t count = pair ? corpus.pairs.size() : corpus.paragraphs.size();
      ASSERT_EQ(expected.size(), count) << name << " " << mode;
      size_t checked = 0, ids_bad = 0, other_bad = 0, shown = 0;
      for (size_t k = 0; k < count; k += step) {
        ++checked;
        Encoding e;
        bool threw = false;
        try {
          if (pair) {
            const size_t i = corpus.pairs[k];
            e = tok.encode_pair(corpus.paragraphs[i], corpus.paragraphs[i + 1], true);
          } else {
            e = tok.encode(corpus.paragraphs[k], mode == "single");
          }
        } catch (const Error& err) {
          threw = true;
        }
        const RefEncoding& x = expected[k];
        if (threw || x.error) {
          const bool ok = threw && x.error;
          ids_bad += !ok;
          other_bad += !ok;
          if (!ok && shown++ < 3)
            std::printf("  MISMATCH %s %s #%zu: %s\n", name.c_str(), mode.c_str(), k,
                        threw ? "we threw, Rust encoded" : "Rust refused, we encoded");
          continue;
        }
        const bool ids_ok = e.ids == x.ids;
        bool other_ok = e.size() == x.ids.size() && e.offsets == x.offsets && e.word_ids == x.words;
        for (size_t i = 0; other_ok && i < e.size(); ++i)
          other_ok = e.type_ids[i] == x.type_ids[i] && e.special_tokens_mask[i] == x.special[i] &&
                     e.attention_mask[i] == x.attention[i];
        ids_bad += !ids_ok;
        other_bad += !other_ok;
        if ((!ids_ok || !other_ok) && shown++ < 3) {
          size_t d = 0;
          while (d < e.size() && d < x.ids.size() && e.ids[d] == x.ids[d] && e.offsets[d] == x.offsets[d] &&
                 e.word_ids[d] == x.words[d])
            ++d;
          std::printf("  MISMATCH %s %s #%zu at token %zu (ours %zu tokens, rust %zu): ours [%s]", name.c_str(),
                      mode.c_str(), k, d, e.size(), x.ids.size(), show(e.tokens, d > 3 ? d - 3 : 0, 8).c_str());
          if (d < x.ids.size())
            std::printf(" rust id %d off %u-%u word %d", x.ids[d], x.offsets[d].first, x.offsets[d].second, x.words[d]);
          if (d < e.size())
            std::printf(" ours id %d off %u-%u word %d", e.ids[d], e.offsets[d].first, e.offsets[d].second, e.word_ids[d]);
          std::printf("\n");
        }
      }
      std::printf("%-30s %-9s %8zu %8zu %8zu\n", name.c_str(), mode.c_str(), checked, ids_bad, other_bad);
      total_mismatch += ids_bad + other_bad;
    }
  }
  EXPECT_EQ(total_mismatch, 0u);
}

// The vocab.txt route must give the same encodings as the tokenizer.json route of the same model.
TEST(Conformance, VocabTxtRouteMatchesTokenizerJson) {
  const auto ref = test::reference_dir();
  const Corpus corpus = read_corpus(ref / "paragraphs.bin");
  if (corpus.paragraphs.empty()) WASMPIPE_SKIP_OR_FAIL("no reference dump in " << ref);
  const auto fx = test::fixtures_dir() / "tokenizers";
  const size_t step = test::corpus_stride();
  for (const char* model : {"bert-base-uncased", "sentence-transformers__all-MiniLM-L6-v2"}) {
    auto json = test::read_file(fx / model / "tokenizer.json");
    auto vocab = test::read_file(fx / model / "vocab.txt");
    auto config = test::read_file(fx / model / "tokenizer_config.json");
    ASSERT_TRUE(json && vocab && config) << model;
    Tokenizer a = Tokenizer::from_json(*json, *config);
    Tokenizer b = Tokenizer::from_vocab_txt(*vocab, *config);
    a.set_truncation(std::nullopt);  // tokenizer.json may carry truncation/padding, vocab.txt cannot
    a.set_padding(std::nullopt);
    EXPECT_EQ(a.vocab_size(), b.vocab_size()) << model;
    EXPECT_EQ(a.all_special_ids(), b.all_special_ids()) << model;
    size_t checked = 0, bad = 0;
    for (size_t k = 0; k < corpus.paragraphs.size(); k += step) {
      for (bool special : {true, false}) {
        Encoding x = a.encode(corpus.paragraphs[k], special), y = b.encode(corpus.paragraphs[k], special);
        ++checked;
        bad += x.ids != y.ids || x.offsets != y.offsets || x.word_ids != y.word_ids || x.type_ids != y.type_ids;
      }
    }
    for (size_t k = 0; k < corpus.pairs.size(); k += step) {
      const size_t i = corpus.pairs[k];
      Encoding x = a.encode_pair(corpus.paragraphs[i], corpus.paragraphs[i + 1]);
      Encoding y = b.encode_pair(corpus.paragraphs[i], corpus.paragraphs[i + 1]);
      ++checked;
      bad += x.ids != y.ids || x.offsets != y.offsets || x.word_ids != y.word_ids || x.type_ids != y.type_ids;
    }
    std::printf("vocab.txt vs tokenizer.json %-40s checked %zu, mismatches %zu\n", model, checked, bad);
    EXPECT_EQ(bad, 0u) << model;
  }
}

}  // namespace
}  // namespace wasmpipe
