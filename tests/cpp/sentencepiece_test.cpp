// Tokenizers built from SentencePiece files (Tokenizer::from_sentencepiece / from_marian) against
// three independent oracles:
//  1. the sentencepiece library (Debian's source): our ModelProto reader reads the same fields as
//     its protobuf parse, and the ids equal its processor's (spm_encode's) on the whole corpus,
//     except for the difference classes the transformers converters introduce (listed below);
//  2. Python transformers 4.57 (tests/fixtures/expected/sentencepiece.json, written by
//     tests/fixtures/generate_sentencepiece.py): ids, decode, added tokens, BPE merges;
//  3. the model's own tokenizer.json with the converted pipeline: ids, tokens, offsets, special
//     mask and decode equal on every corpus paragraph.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sentencepiece_model.pb.h>
#include <sentencepiece_processor.h>

#include "core/error.h"
#include "sentencepiece/merges.h"
#include "sentencepiece/model_proto.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path tokenizers_dir() { return test::fixtures_dir() / "tokenizers"; }

struct Fixture {
  const char* name;
  const char* spm_file;
  const char* tokenizer_class;  // for repos whose tokenizer_config.json does not name it
};
// The SentencePiece fixtures; Marian is handled apart (source.spm + vocab.json).
const Fixture kFixtures[] = {
    {"t5-small", "spiece.model", nullptr},
    {"google__flan-t5-small", "spiece.model", nullptr},
    {"google__t5-v1_1-xxl", "spiece.model", nullptr},
    {"TinyLlama__TinyLlama-1.1B-Chat-v1.0", "tokenizer.model", nullptr},
    {"mistralai__Mistral-7B-v0.1", "tokenizer.model", nullptr},
    {"meta-llama__Llama-2-7b-hf", "tokenizer.model", nullptr},
    {"microsoft__deberta-v3-small", "spm.model", nullptr},
    {"xlnet-base-cased", "spiece.model", "XLNetTokenizer"},
};
const char* const kMarian = "Helsinki-NLP__opus-mt-zh-en";

std::string read_or_empty(const fs::path& p) { return test::read_file(p).value_or(""); }

Tokenizer load_fixture(const Fixture& f) {
  const fs::path dir = tokenizers_dir() / f.name;
  auto model = test::read_file(dir / f.spm_file);
  if (!model) throw std::runtime_error(std::string("missing ") + (dir / f.spm_file).string());
  return Tokenizer::from_sentencepiece(*model, read_or_empty(dir / "tokenizer_config.json"),
                                       f.tokenizer_class ? f.tokenizer_class : "", f.spm_file);
}

Tokenizer load_marian() {
  const fs::path dir = tokenizers_dir() / kMarian;
  return Tokenizer::from_marian(*test::read_file(dir / "source.spm"), *test::read_file(dir / "vocab.json"),
                                read_or_empty(dir / "tokenizer_config.json"), *test::read_file(dir / "target.spm"));
}


const json& expected() {
  static const json j = [] {
    const fs::path p = fs::path(__FILE__).parent_path().parent_path() / "fixtures/expected/sentencepiece.json";
    auto text = test::read_file(p);
    if (!text) throw std::runtime_error("missing " + p.string() + ": run tests/fixtures/generate_sentencepiece.py");
    return json::parse(*text);
  }();
  return j;
}

bool have_fixtures() { return fs::exists(tokenizers_dir() / "t5-small" / "spiece.model"); }

#define REQUIRE_FIXTURES() \
  if (!have_fixtures()) WASMPIPE_SKIP_OR_FAIL("shared SentencePiece fixtures not found under " << tokenizers_dir())

uint64_t fnv1a64(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// --- 1a. our ModelProto reader == the library's protobuf parse -----------------------------------

TEST(SentencePieceModelProto, ReadsWhatTheLibraryReads) {
  REQUIRE_FIXTURES();
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& f : kFixtures) files.emplace_back(f.name, f.spm_file);
  files.emplace_back(kMarian, "source.spm");
  files.emplace_back(kMarian, "target.spm");
  for (const auto& [name, file] : files) {
    SCOPED_TRACE(name + "/" + file);
    const std::string bytes = *test::read_file(tokenizers_dir() / name / file);
    ::sentencepiece::ModelProto lib;
    ASSERT_TRUE(lib.ParseFromString(bytes));
    const auto ours = sentencepiece::ModelProto::parse(bytes, file);
    ASSERT_EQ(ours.pieces.size(), static_cast<size_t>(lib.pieces_size()));
    for (int i = 0; i < lib.pieces_size(); ++i) {
      const auto& p = lib.pieces(i);
      ASSERT_EQ(ours.pieces[i].piece, p.piece()) << i;
      ASSERT_EQ(ours.pieces[i].score, p.score()) << i;
      ASSERT_EQ(static_cast<int>(ours.pieces[i].type), static_cast<int>(p.type())) << i;
    }
    const auto& t = lib.trainer_spec();
    EXPECT_EQ(static_cast<int>(ours.model_type), static_cast<int>(t.model_type()));
    EXPECT_EQ(ours.byte_fallback, t.byte_fallback());
    EXPECT_EQ(ours.unk_id, t.unk_id());
    EXPECT_EQ(ours.bos_id, t.bos_id());
    EXPECT_EQ(ours.eos_id, t.eos_id());
    EXPECT_EQ(ours.pad_id, t.pad_id());
    EXPECT_EQ(ours.unk_piece, t.unk_piece());
    EXPECT_EQ(ours.treat_whitespace_as_suffix, t.treat_whitespace_as_suffix());
    const auto& n = lib.normalizer_spec();
    EXPECT_EQ(ours.normalizer_name, n.name());
    EXPECT_EQ(ours.precompiled_charsmap, n.precompiled_charsmap());
    EXPECT_EQ(ours.add_dummy_prefix, n.add_dummy_prefix());
    EXPECT_EQ(ours.remove_extra_whitespaces, n.remove_extra_whitespaces());
    EXPECT_EQ(ours.escape_whitespaces, n.escape_whitespaces());
  }
}

// --- 2. Python transformers (recorded) ------------------------------------------------------------

// Llama-2's config re-adds <unk> (no control piece, so first added by the config) as a normalized
// special token: HF tokenizers 0.23 (the npm binding, the decode reference) decodes it as "▁<unk>"
// and does not skip it, Python's tokenizers 0.22.2 gives "<unk>" and skips it. Ids are equal.
bool decode_version_difference(const std::string& name, const std::vector<int32_t>& ids) {
  return name == "meta-llama__Llama-2-7b-hf" && std::find(ids.begin(), ids.end(), 0) != ids.end();
}

void check_against_python(const Tokenizer& tok, const json& e, const std::string& name) {
  const json& texts = expected().at("texts");
  const json& ids = e.at("ids");
  ASSERT_EQ(ids.size(), texts.size());
  size_t bad = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string text = texts[i];
    const Encoding enc = tok.encode(text, true);
    const auto want = ids[i].get<std::vector<int32_t>>();
    if (enc.ids != want && ++bad <= 5)
      ADD_FAILURE() << name << ": ids differ for text " << i << ": " << json(text).dump();
    if (i < e.at("decode").size() && !decode_version_difference(name, want)) {
      EXPECT_EQ(tok.decode(want, false, tok.clean_up_tokenization_spaces()), e.at("decode")[i].get<std::string>())
          << name << " decode " << i << ": " << json(text).dump();
      EXPECT_EQ(tok.decode(want, true, tok.clean_up_tokenization_spaces()), e.at("decode_skip")[i].get<std::string>())
          << name << " decode(skip_special_tokens) " << i << ": " << json(text).dump();
    }
  }
  EXPECT_EQ(bad, 0u) << name << ": " << bad << " of " << texts.size() << " texts differ";
  EXPECT_EQ(tok.encode_pair("Hello world", "second sentence", true).ids, e.at("pair_ids").get<std::vector<int32_t>>()) << name;
  auto special = tok.all_special_ids();
  std::sort(special.begin(), special.end());
  EXPECT_EQ(special, e.at("all_special_ids").get<std::vector<int32_t>>()) << name;
  if (e.contains("added_tokens")) {
    for (const auto& t : e.at("added_tokens")) {
      const std::string content = t[1];
      EXPECT_EQ(tok.token_to_id(content), std::optional<int32_t>(t[0].get<int32_t>())) << name << ": added token " << content;
    }
  }
}

TEST(SentencePieceTokenizer, EqualsPythonTransformers) {
  REQUIRE_FIXTURES();
  for (const auto& f : kFixtures) {
    SCOPED_TRACE(f.name);
    const json& e = expected().at("models").at(f.name);
    check_against_python(load_fixture(f), e, f.name);
  }
  check_against_python(load_marian(), expected().at("models").at(kMarian), kMarian);
}

TEST(SentencePieceTokenizer, BpeMergesEqualTheConverters) {
  REQUIRE_FIXTURES();
  for (const auto& f : kFixtures) {
    const json& e = expected().at("models").at(f.name);
    if (!e.contains("merges_fnv1a64")) continue;
    SCOPED_TRACE(f.name);
    const auto proto = sentencepiece::ModelProto::parse(*test::read_file(tokenizers_dir() / f.name / f.spm_file), f.spm_file);
    std::vector<std::pair<std::string, double>> pieces;
    models::Vocab vocab;
    for (const auto& p : proto.pieces) pieces.emplace_back(p.piece, pieces.size() < 3 ? 0.0 : double(p.score));
    for (size_t i = 0; i < pieces.size(); ++i) vocab.insert(pieces[i].first, int32_t(i));
    const auto merges = sentencepiece::generate_merges(pieces, vocab);
    std::string lines;
    for (const auto& [l, r] : merges) {
      if (!lines.empty()) lines += '\n';
      lines.append(l).append(" ").append(r);
    }
    EXPECT_EQ(merges.size(), e.at("merges_count").get<size_t>());
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(lines)));
    EXPECT_EQ(std::string(hex), e.at("merges_fnv1a64").get<std::string>());
  }
}

// --- 3. the same model's tokenizer.json, with the converted pipeline ------------------------------

// The hub tokenizer.json of `name` with normalizer / pre-tokenizer / post-processor / decoder /
// model options / added tokens replaced by the converter's (recorded by the generator), the
// charsmap taken from the hub file. Vocabulary and scores stay the hub file's.
std::optional<std::string> converted_tokenizer_json(const std::string& name) {
  // Llama-2's tokenizer.json has 4 corrupted merges; TinyLlama ships the same tokenizer.model.
  const std::string source = name == "meta-llama__Llama-2-7b-hf" ? "TinyLlama__TinyLlama-1.1B-Chat-v1.0" : name;
  auto text = test::read_file(tokenizers_dir() / source / "tokenizer.json");
  if (!text) return std::nullopt;
  json hub = json::parse(*text);
  std::string charsmap;
  std::function<void(const json&)> find_charsmap = [&](const json& j) {
    if (j.is_object()) {
      if (j.contains("precompiled_charsmap") && j["precompiled_charsmap"].is_string()) charsmap = j["precompiled_charsmap"];
      for (const auto& [k, v] : j.items()) find_charsmap(v);
    } else if (j.is_array()) {
      for (const auto& v : j) find_charsmap(v);
    }
  };
  find_charsmap(hub["normalizer"]);
  const json& e = expected().at("models").at(name);
  json pipeline = e.at("pipeline");
  std::function<void(json&)> put_charsmap = [&](json& j) {
    if (j.is_object()) {
      if (j.contains("precompiled_charsmap")) j["precompiled_charsmap"] = charsmap;
      for (auto& [k, v] : j.items()) put_charsmap(v);
    } else if (j.is_array()) {
      for (auto& v : j) put_charsmap(v);
    }
  };
  put_charsmap(pipeline);
  for (const char* k : {"normalizer", "pre_tokenizer", "post_processor", "decoder"}) hub[k] = pipeline[k];
  for (const auto& [k, v] : pipeline["model"].items()) hub["model"][k] = v;
  json added = json::array();
  for (const auto& t : e.at("added_tokens"))
    added.push_back({{"id", t[0]}, {"content", t[1]}, {"special", t[2]}, {"normalized", t[3]},
                     {"lstrip", t[4]}, {"rstrip", t[5]}, {"single_word", t[6]}});
  hub["added_tokens"] = added;
  return hub.dump();
}

TEST(SentencePieceTokenizer, EqualsTheModelsTokenizerJsonOnTheCorpus) {
  REQUIRE_FIXTURES();
  const auto paragraphs = test::corpus_paragraphs();
  ASSERT_GT(paragraphs.size(), 500u);
  for (const auto& f : kFixtures) {
    auto converted = converted_tokenizer_json(f.name);
    if (!converted) continue;  // DeBERTa-v3, XLNet: no tokenizer.json (checked against Python)
    SCOPED_TRACE(f.name);
    const Tokenizer ours = load_fixture(f);
    const fs::path dir = tokenizers_dir() / f.name;
    const Tokenizer ref = Tokenizer::from_json(*converted, read_or_empty(dir / "tokenizer_config.json"));
    ASSERT_EQ(ours.vocab_size(), ref.vocab_size());
    // tokenizer.json stores the scores as decimal text, which Rust (serde_json) parses with up to
    // one unit in the last place of error, while the .model has the exact floats: segmentations
    // with the same total score ("---" + "-" vs "-" + "---") can then flip. Such ties are counted
    // apart, checked to be ties with the exact scores.
    const auto proto = sentencepiece::ModelProto::parse(*test::read_file(dir / f.spm_file), f.spm_file);
    auto total = [&](const std::vector<int32_t>& ids) {
      double t = 0;
      for (int32_t id : ids) t += static_cast<size_t>(id) < proto.pieces.size() ? proto.pieces[id].score : 0.0;
      return t;
    };
    // Llama-2: the .model conversion keeps <s>, </s> un-normalized (what Python's in-memory
    // tokenizer does, checked in check_against_python), while the Hub tokenizer.json serializes them
    // as "normalized": true, so a reload matches them differently in text ("▁<s>") and does not skip
    // them on decode (Python itself behaves so after a save/reload). Texts that spell a special
    // token are therefore not comparable; on the others only decode(skip) differs.
    const bool llama2 = std::string(f.name) == "meta-llama__Llama-2-7b-hf";
    const bool skip_decode_differs = llama2;
    auto spells_special = [&](const std::string& t) {
      return llama2 && (t.find("<s>") != std::string::npos || t.find("</s>") != std::string::npos ||
                        t.find("<unk>") != std::string::npos);
    };
    size_t bad = 0, ties = 0;
    for (size_t i = 0; i < paragraphs.size(); ++i) {
      if (spells_special(paragraphs[i])) continue;
      const Encoding a = ours.encode(paragraphs[i], true), b = ref.encode(paragraphs[i], true);
      if (a.ids != b.ids && proto.model_type == sentencepiece::ModelType::Unigram &&
          std::abs(total(a.ids) - total(b.ids)) < 1e-6) {
        ++ties;
        continue;
      }
      const char* field = a.ids != b.ids                                                 ? "ids"
                          : a.tokens != b.tokens                                           ? "tokens"
                          : a.offsets != b.offsets                                         ? "offsets"
                          : a.special_tokens_mask != b.special_tokens_mask                 ? "special_tokens_mask"
                          : a.type_ids != b.type_ids                                       ? "type_ids"
                          : ours.decode(a.ids, false, false) != ref.decode(b.ids, false, false) ? "decode"
                          : !skip_decode_differs && ours.decode(a.ids, true, true) != ref.decode(b.ids, true, true)
                              ? "decode(skip, cleanup)"
                                                                                           : nullptr;
      if (field && ++bad <= 3) {
        size_t k = 0;
        while (k < a.tokens.size() && k < b.tokens.size() && a.tokens[k] == b.tokens[k] && a.ids[k] == b.ids[k]) ++k;
        const auto around = [&](const Encoding& e) {
          std::string out;
          for (size_t q = k; q < e.tokens.size() && q < k + 4; ++q) out += e.tokens[q] + "(" + std::to_string(e.ids[q]) + ") ";
          return out;
        };
        ADD_FAILURE() << f.name << ": paragraph " << i << " differs in " << field << " at token " << k << ": ours "
                      << around(a) << "| tokenizer.json " << around(b) << "| text " << json(paragraphs[i]).dump();
      }
    }
    EXPECT_EQ(bad, 0u) << f.name;
    EXPECT_LT(ties, paragraphs.size() / 100) << f.name;
    std::printf("%-38s %zu paragraphs equal, %zu exact-score ties\n", f.name, paragraphs.size() - ties, ties);
  }
}

// --- 1b. the sentencepiece processor (spm_encode) on the corpus -----------------------------------
//
// Where the converted fast tokenizer legitimately differs from raw SentencePiece, each paragraph
// is put in the first class whose check holds; anything else fails:
//  - "added": the text contains an added token's content (<s>, </s>, <pad>, [MASK], XLNet's
//    user-defined ".", "(", "-" ...): the fast tokenizer splits the text there first and each
//    part gets its own "▁" prefix, while spm segments the text as a whole;
//  - "bytes": the model has byte_fallback but the converter turns it off (every converter but
//    Llama's): an unknown char is the unk token instead of <0xAB> byte pieces;
//  - "tie": both segmentations have the same total score (e.g. a run of 78 dashes as 26 "---" or
//    as "-" + 25 "---" + ...): spm and the Rust Viterbi break exact ties differently;
//  - "space": leading / trailing whitespace, runs of 2+ whitespace chars, or other whitespace
//    than ' ' and '\n': spm's remove_extra_whitespaces strips and collapses them, T5's converter
//    keeps a leading "▁" and XLNet's keeps trailing ones;
//  - "xlnet": XLNet's converter replaces `` and '' by ", applies NFKD + StripAccents and lowers
//    the score of "<digit>," pieces by 100;
//  - flan-t5 and TinyLlama: their tokenizer_config.json gives add_prefix_space: null, so
//    transformers prepends no "▁" at all: they are compared with spm's add_dummy_prefix off.

struct SpmClassCounts {
  size_t equal = 0, added = 0, bytes = 0, tie = 0, space = 0, xlnet = 0, unexplained = 0;
};

bool has_space_difference(const std::string& p) {
  static const std::regex kSpace("(^\\s)|(\\s$)|\\s{2,}|[\\t\\r\\f\\v]|(\xC2[\x85\xA0])|(\xE3\x80\x80)|(\xE2\x80[\x80-\x8B\xA8\xA9\xAF])");
  return std::regex_search(p, kSpace);
}

TEST(SentencePieceTokenizer, IdsEqualSentencePieceProcessorOnTheCorpus) {
  REQUIRE_FIXTURES();
  const auto paragraphs = test::corpus_paragraphs();
  std::printf("%-38s %7s %7s %7s %7s %7s %7s %7s\n", "model", "equal", "added", "bytes", "tie", "space", "xlnet", "other");
  for (const auto& f : kFixtures) {
    SCOPED_TRACE(f.name);
    const fs::path dir = tokenizers_dir() / f.name;
    const std::string bytes = *test::read_file(dir / f.spm_file);
    ::sentencepiece::ModelProto proto;
    ASSERT_TRUE(proto.ParseFromString(bytes));
    const std::string name = f.name;
    if (name == "TinyLlama__TinyLlama-1.1B-Chat-v1.0" || name == "google__flan-t5-small")
      proto.mutable_normalizer_spec()->set_add_dummy_prefix(false);
    ::sentencepiece::SentencePieceProcessor sp;
    ASSERT_TRUE(sp.Load(proto).ok());
    const Tokenizer ours = load_fixture(f);
    const bool xlnet = name == "xlnet-base-cased";
    const bool converter_drops_bytes = proto.trainer_spec().byte_fallback() && proto.trainer_spec().model_type() != 2;
    std::vector<std::string> added;
    for (const auto& t : expected().at("models").at(name).at("added_tokens")) added.push_back(t[1]);
    static const std::regex kXlnet("``|''|[0-9],|[^\\x00-\\x7F]");
    auto score = [&](const std::vector<int>& ids) {
      double total = 0;
      for (int id : ids) total += id < proto.pieces_size() ? proto.pieces(id).score() : 0.0;
      return total;
    };
    SpmClassCounts c;
    for (const auto& p : paragraphs) {
      std::vector<int> want;
      ASSERT_TRUE(sp.Encode(p, &want).ok());
      const Encoding got = ours.encode(p, false);
      const std::vector<int> got_ids(got.ids.begin(), got.ids.end());
      if (got_ids == want) {
        ++c.equal;
      } else if (std::any_of(added.begin(), added.end(), [&](const std::string& a) { return p.find(a) != std::string::npos; })) {
        ++c.added;
      } else if (converter_drops_bytes && std::any_of(want.begin(), want.end(), [&](int id) { return sp.IsByte(id); }) &&
                 std::find(got_ids.begin(), got_ids.end(), proto.trainer_spec().unk_id()) != got_ids.end()) {
        ++c.bytes;
      } else if (std::abs(score(got_ids) - score(want)) <= 1e-3) {
        ++c.tie;
      } else if (has_space_difference(p)) {
        ++c.space;
      } else if (xlnet && std::regex_search(p, kXlnet)) {
        ++c.xlnet;
      } else if (++c.unexplained <= 3) {
        size_t k = 0;
        while (k < got.ids.size() && k < want.size() && got.ids[k] == want[k]) ++k;
        std::string ours_s, spm_s;
        for (size_t q = k; q < k + 4; ++q) {
          if (q < got.ids.size()) ours_s += got.tokens[q] + "(" + std::to_string(got.ids[q]) + ") ";
          if (q < want.size()) spm_s += sp.IdToPiece(want[q]) + "(" + std::to_string(want[q]) + ") ";
        }
        ADD_FAILURE() << name << ": differs from spm at token " << k << ": ours " << ours_s << "| spm " << spm_s
                      << "| text " << json(p).dump();
      }
    }
    std::printf("%-38s %7zu %7zu %7zu %7zu %7zu %7zu %7zu\n", f.name, c.equal, c.added, c.bytes, c.tie, c.space, c.xlnet,
                c.unexplained);
    EXPECT_EQ(c.unexplained, 0u) << name;
    // Each class is an exception: XLNet's user-defined "." etc. make most paragraphs "added".
    if (!xlnet) EXPECT_GT(c.equal, paragraphs.size() * 8 / 10) << name << ": most paragraphs must equal spm exactly";
  }
}

TEST(SentencePieceTokenizer, MarianPiecesEqualSentencePieceProcessor) {
  REQUIRE_FIXTURES();
  const fs::path dir = tokenizers_dir() / kMarian;
  ::sentencepiece::SentencePieceProcessor sp;
  ASSERT_TRUE(sp.LoadFromSerializedProto(*test::read_file(dir / "source.spm")).ok());
  const json vocab = json::parse(*test::read_file(dir / "vocab.json"));
  const int unk = vocab.at("<unk>");
  const Tokenizer ours = load_marian();
  size_t bad = 0, n = 0, added = 0;
  for (const auto& p : test::corpus_paragraphs()) {
    // MarianTokenizer splits the text at its special tokens first (spm would spell them out).
    if (p.find("<unk>") != std::string::npos || p.find("</s>") != std::string::npos || p.find("<pad>") != std::string::npos) {
      ++added;
      continue;
    }
    std::vector<std::string> pieces;
    ASSERT_TRUE(sp.Encode(p, &pieces).ok());
    std::vector<int32_t> want;
    for (const auto& piece : pieces) want.push_back(vocab.contains(piece) ? vocab[piece].get<int>() : unk);
    want.push_back(vocab.at("</s>"));
    const Encoding got = ours.encode(p, true);
    if (got.ids != want && ++bad <= 3) {
      size_t k = 0;
      while (k < got.ids.size() && k < want.size() && got.ids[k] == want[k]) ++k;
      std::string o, w;
      for (size_t q = k; q < k + 4; ++q) {
        if (q < got.ids.size()) o += got.tokens[q] + "(" + std::to_string(got.ids[q]) + ") ";
        if (q < pieces.size()) w += pieces[q] + "(" + std::to_string(want[q]) + ") ";
      }
      ADD_FAILURE() << "differs from spm at " << k << ": ours " << o << "| spm " << w << "| text " << json(p).dump();
    }
    ++n;
  }
  EXPECT_EQ(bad, 0u) << bad << " of " << n << " (" << added << " with special tokens skipped)";
}

// --- bad input ------------------------------------------------------------------------------------

TEST(SentencePieceTokenizer, MarianByteFallbackModelIsNotImplemented) {
  // spm would emit <0x..> byte pieces where the Marian path gives unk: refused, not different ids.
  REQUIRE_FIXTURES();
  const fs::path dir = tokenizers_dir() / kMarian;
  ::sentencepiece::ModelProto proto;
  ASSERT_TRUE(proto.ParseFromString(*test::read_file(dir / "source.spm")));
  proto.mutable_trainer_spec()->set_byte_fallback(true);
  const std::string vocab = *test::read_file(dir / "vocab.json");
  const std::string cfg = read_or_empty(dir / "tokenizer_config.json");
  try {
    Tokenizer::from_marian(proto.SerializeAsString(), vocab, cfg, "");
    ADD_FAILURE() << "loaded a byte_fallback Marian model";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotImplemented) << e.what();
    EXPECT_NE(std::string(e.what()).find("byte_fallback"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(load_marian());  // the unmodified model still loads
}


TEST(SentencePieceTokenizer, GarbageAndTruncatedFilesAreInvalidFile) {
  REQUIRE_FIXTURES();
  const std::string good = *test::read_file(tokenizers_dir() / "t5-small" / "spiece.model");
  const std::string cfg = read_or_empty(tokenizers_dir() / "t5-small" / "tokenizer_config.json");
  const std::vector<std::string> bad = {"", "not a model", good.substr(0, good.size() / 2), good.substr(0, 7),
                                        std::string(100, '\xFF'), "\x0A\x05\x0A\x03\xFF\xFE\xFD"};
  for (const auto& b : bad) {
    try {
      Tokenizer::from_sentencepiece(b, cfg, "T5Tokenizer", "spiece.model");
      ADD_FAILURE() << "loaded " << b.size() << " bad bytes";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidFile) << e.what();
      EXPECT_NE(std::string(e.what()).find("spiece.model"), std::string::npos) << e.what();
    }
  }
  try {
    Tokenizer::from_sentencepiece(good, cfg, "AlbertTokenizer", "spiece.model");
    ADD_FAILURE() << "unsupported class accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::NotImplemented) << e.what();
  }
  // Still usable afterwards.
  EXPECT_FALSE(Tokenizer::from_sentencepiece(good, cfg, "", "spiece.model").encode("Hello", true).ids.empty());
}

}  // namespace
}  // namespace wasmpipe
