// Question answering: windows against the ids Python's pipeline fed its model (recorded by
// tests/fixtures/generate_qa_embeddings.py), and the decoder on hand-made logits whose answers
// follow by hand from Python's rules (softmax over context + CLS, product of start/end).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "core/error.h"
#include "pipelines/question_answering.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

using namespace wasmpipe;
using nlohmann::json;

namespace {

const std::filesystem::path kFixtures = std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures";

std::string read(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + p.string());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const json& expected() {
  static const json j = json::parse(read(kFixtures / "expected" / "question-answering.json"));
  return j;
}

// A repo file, or the shared fixture its shared-files.json names (the Hub test server's rule:
// byte-identical copies of ../shared/fixtures files are not committed).
std::string read_repo_file(const std::filesystem::path& dir, const std::string& file) {
  if (std::filesystem::exists(dir / file)) return read(dir / file);
  const json mapping = json::parse(read(dir / "shared-files.json"));
  return read(wasmpipe::test::fixtures_dir() / mapping.at("files").at(file).at("shared").get<std::string>());
}

// As the JS loader picks: tokenizer.json, else the repo's sentencepiece.bpe.model (the XLM-R
// fixtures: AutoTokenizer goes by config.json's model_type, the config names no class).
Tokenizer load(const std::string& name) {
  const auto dir = kFixtures / "models" / "wasmpipe-test" / name;
  const std::string config = read_repo_file(dir, "tokenizer_config.json");
  if (!std::filesystem::exists(dir / "tokenizer.json") && std::filesystem::exists(dir / "sentencepiece.bpe.model")) {
    const std::string model_type = json::parse(read(dir / "config.json")).at("model_type").get<std::string>();
    if (model_type != "xlm-roberta") throw std::runtime_error(name + ": no tokenizer.json and model_type " + model_type);
    return Tokenizer::from_sentencepiece(read(dir / "sentencepiece.bpe.model"), config, "XLMRobertaTokenizer",
                                         "sentencepiece.bpe.model");
  }
  return Tokenizer::from_json(read_repo_file(dir, "tokenizer.json"), config);
}

// generate.py's long_text(n), from the sentences recorded in the JSON.
std::string long_text(size_t n_words) {
  const auto& sentences = expected()["meta"]["long_text"]["sentences"];
  std::string out;
  size_t words = 0;
  for (size_t i = 0; words < n_words; ++i) {
    std::istringstream in("(" + std::to_string(i + 1) + ") " + sentences[i % sentences.size()].get<std::string>());
    std::string w;
    while (words < n_words && in >> w) {
      if (words++) out += ' ';
      out += w;
    }
  }
  return out;
}

std::pair<std::string, std::string> case_input(const json& input) {
  if (input.contains("short")) {
    const auto& s = expected()["short"][input["short"].get<size_t>()];
    return {s["question"], s["context"]};
  }
  return {input["question"], long_text(input["long"])};
}

QaWindowOptions window_options(const Tokenizer& tok, const json& opts) {
  QaWindowOptions o;
  o.max_seq_len = opts.value("max_seq_len", std::min<size_t>(*tok.model_max_length(), 384));
  o.doc_stride = opts.value("doc_stride", std::min<size_t>(o.max_seq_len / 2, 128));
  return o;
}

std::vector<int32_t> ids_of(const json& a) { return a.get<std::vector<int32_t>>(); }

}  // namespace

TEST(QuestionAnswering, WindowsEqualPythonPipelineInputs) {
  size_t checked = 0;
  for (const auto& [name, model] : expected()["models"].items()) {
    Tokenizer tok = load(name);
    for (const auto& c : model["cases"]) {
      if (!c.contains("windows") || c["id"] == "huge_50k_words") continue;
      const auto [q, ctx] = case_input(c["input"]);
      const auto windows = question_answering_windows(tok, q, ctx, window_options(tok, c["options"]));
      ASSERT_EQ(windows.size(), c["windows"]["count"].get<size_t>()) << name << " " << c["id"];
      EXPECT_EQ(windows.front().ids, ids_of(c["windows"]["first_ids"])) << name << " " << c["id"];
      if (c["windows"].contains("last_ids")) {
        EXPECT_EQ(windows.back().ids, ids_of(c["windows"]["last_ids"])) << name << " " << c["id"];
      }
      for (const auto& w : windows) EXPECT_LE(w.size(), window_options(tok, c["options"]).max_seq_len);
      ++checked;
    }
  }
  EXPECT_GE(checked, 30u);
}

TEST(QuestionAnswering, FiftyThousandWordContextIsWindowedNotTruncated) {
  const auto& model = expected()["models"]["tiny-bert-squad"];
  const json* huge = nullptr;
  for (const auto& c : model["cases"])
    if (c["id"] == "huge_50k_words") huge = &c;
  ASSERT_NE(huge, nullptr);
  Tokenizer tok = load("tiny-bert-squad");
  const auto [q, ctx] = case_input((*huge)["input"]);
  const auto t0 = std::chrono::steady_clock::now();
  const auto windows = question_answering_windows(tok, q, ctx, window_options(tok, (*huge)["options"]));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(windows.size(), (*huge)["windows"]["count"].get<size_t>());
  EXPECT_LT(secs, 20.0);  // ~0.3 s natively; generous for sanitizer builds
  // The last window reaches the end of the context.
  const auto& last = windows.back();
  uint32_t max_end = 0;
  for (size_t i = 0; i < last.size(); ++i)
    if (last.sequence_ids[i] == 1) max_end = std::max(max_end, last.offsets[i].second);
  EXPECT_EQ(max_end, ctx.size());
}

TEST(QuestionAnswering, TokenizerSettingsAreRestoredAndBadInputIsRejected) {
  Tokenizer tok = load("tiny-bert-squad");
  TruncationParams mine;
  mine.max_length = 7;
  tok.set_truncation(mine);
  QaWindowOptions o;
  o.max_seq_len = 32;
  o.doc_stride = 8;
  question_answering_windows(tok, "Who?", long_text(100), o);
  ASSERT_TRUE(tok.truncation().has_value());
  EXPECT_EQ(tok.truncation()->max_length, 7u);
  EXPECT_THROW(question_answering_windows(tok, "", "context", o), Error);
  EXPECT_THROW(question_answering_windows(tok, "q", "", o), Error);
  // A question that leaves no room for the context: a clear error, settings still restored.
  try {
    question_answering_windows(tok, long_text(60), long_text(100), o);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidArgument);
    EXPECT_NE(std::string(e.what()).find("max_seq_len=32"), std::string::npos) << e.what();
  }
  EXPECT_EQ(tok.truncation()->max_length, 7u);
  // max_question_len cuts the question instead.
  o.max_question_len = 5;
  const auto w = question_answering_windows(tok, long_text(60), long_text(100), o);
  EXPECT_GT(w.size(), 1u);
  o.doc_stride = 40;
  EXPECT_THROW(question_answering_windows(tok, "q", "c", o), Error);  // stride > max_seq_len
}

namespace {

// A window by hand: [CLS] q q [SEP] c c c c [SEP], words: context tokens 4,5 are one word.
Encoding hand_window() {
  Encoding w;
  w.ids = {101, 7, 8, 102, 10, 11, 12, 13, 102};
  w.sequence_ids = {-1, 0, 0, -1, 1, 1, 1, 1, -1};
  w.word_ids = {-1, 0, 1, -1, 0, 0, 1, 2, -1};
  w.attention_mask.assign(9, 1);
  w.offsets = {{0, 0}, {0, 3}, {4, 7}, {0, 0}, {0, 3}, {3, 6}, {7, 9}, {10, 14}, {0, 0}};
  return w;
}

}  // namespace

TEST(QuestionAnswering, DecoderFollowsPythonRules) {
  const std::string context = "Berlin is nice";  // tokens "Ber","lin" "is" "nice" (by the offsets above)
  const Encoding w = hand_window();
  // Start prefers token 5 ("lin", inside the word "Berlin"), end prefers token 6 ("is").
  const float big = std::log(8.f);
  std::vector<float> start(9, 0.f), end(9, 0.f);
  start[5] = big;
  end[6] = big;
  start[1] = end[2] = 50.f;  // question tokens: must not matter
  QaDecodeOptions o;
  o.top_k = 3;
  QaDecoder d(context, 101, o);
  d.add_window(w, start, end);
  const auto answers = d.finish();
  ASSERT_FALSE(answers.empty());
  // Softmax over CLS + 4 context tokens: p = 8/12 for the favourite, 1/12 for the others.
  // Spans (5,6) and (4,6) both widen to the words "Berlin is": Python adds their scores.
  EXPECT_EQ(answers[0].answer, "Berlin is");
  EXPECT_EQ(answers[0].start, 0u);
  EXPECT_EQ(answers[0].end, 9u);
  EXPECT_NEAR(answers[0].score, (8.0 / 12) * (8.0 / 12) + (1.0 / 12) * (8.0 / 12), 1e-6);
  for (const auto& a : answers) EXPECT_EQ(a.answer, context.substr(a.start, a.end - a.start));
  // "Berlin" arises from spans (4,4), (4,5), (5,5): Python sums them into one answer.
  bool found = false;
  for (const auto& a : answers) {
    if (a.answer != "Berlin") continue;
    found = true;
    const double p = 1.0 / 12, q = 8.0 / 12;
    EXPECT_NEAR(a.score, p * p + p * p + q * p, 1e-6);
  }
  EXPECT_TRUE(found);
}

TEST(QuestionAnswering, ImpossibleAnswerWinsWhenClsDominates) {
  const Encoding w = hand_window();
  std::vector<float> start(9, 0.f), end(9, 0.f);
  start[0] = end[0] = 5.f;
  QaDecodeOptions o;
  o.handle_impossible_answer = true;
  o.top_k = 2;
  QaDecoder d("Berlin is nice", 101, o);
  d.add_window(w, start, end);
  const auto answers = d.finish();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].answer, "");
  EXPECT_EQ(answers[0].start, 0u);
  EXPECT_EQ(answers[0].end, 0u);
  const double p0 = std::exp(5.0) / (std::exp(5.0) + 4);
  EXPECT_NEAR(answers[0].score, p0 * p0, 1e-6);
}

TEST(QuestionAnswering, MaxAnswerLenAndNoWordAlignment) {
  const Encoding w = hand_window();
  std::vector<float> start(9, 0.f), end(9, 0.f);
  start[4] = 3.f;
  end[7] = 3.f;
  QaDecodeOptions o;
  o.max_answer_len = 2;  // (4, 7) is 4 tokens long: not allowed
  o.align_to_words = false;
  QaDecoder d("Berlin is nice", 101, o);
  d.add_window(w, start, end);
  const auto a = d.finish();
  ASSERT_EQ(a.size(), 1u);
  EXPECT_LE(a[0].end - a[0].start, 9u);
  EXPECT_NE(a[0].answer, "Berlin is nice");
  o.max_answer_len = 4;
  QaDecoder d2("Berlin is nice", 101, o);
  d2.add_window(w, start, end);
  EXPECT_EQ(d2.finish()[0].answer, "Berlin is nice");
  o.top_k = 0;
  EXPECT_THROW(QaDecoder("x", 101, o), Error);
}

TEST(QuestionAnswering, LowercaseMatchesPythonLower) {
  EXPECT_EQ(lowercase_utf8("Ångström İS ÉTÉ"), "ångström i̇s été");
}
