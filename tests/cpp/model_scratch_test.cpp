// The per-word scratch buffers of BPE and Unigram live in the model (core/scratch_slot.h), not in
// thread_locals: the slot keeps one set of buffers between calls, drops buffers a huge input
// grew past kScratchKeepBytes, and gives a second concurrent caller its own. Checked on the
// slot itself and on real tokenizers (GPT-2's byte-level BPE, T5's Unigram) shared by threads:
// each thread's encodings equal those of the same tokenizer used alone (whose conformance with
// Rust's tokenizers is checked by tokenizer_all_fixtures_test).
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/scratch_slot.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer_test_util.h"

namespace wasmpipe {
namespace {

struct Buffers {
  std::vector<char> bytes;
  size_t retained_bytes() const noexcept { return capacity_bytes(bytes); }
};

TEST(ScratchSlot, KeepsBuffersBetweenCallsButNotHugeOnes) {
  ScratchSlot<Buffers> slot;
  const Buffers* first = nullptr;
  {
    auto s = slot.lease();
    s->bytes.resize(1000);
    first = &*s;
  }
  {
    auto s = slot.lease();
    EXPECT_EQ(&*s, first) << "a small scratch is reused";
    EXPECT_GE(s->bytes.capacity(), 1000u);
    s->bytes.resize(kScratchKeepBytes + 1);  // one huge input
  }
  auto s = slot.lease();
  EXPECT_EQ(s->bytes.capacity(), 0u) << "a scratch grown past kScratchKeepBytes is dropped";
}

TEST(ScratchSlot, AConcurrentCallerGetsItsOwn) {
  ScratchSlot<Buffers> slot;
  auto a = slot.lease();
  auto b = slot.lease();  // while `a` is out
  EXPECT_NE(&*a, &*b);
}

TEST(ScratchSlot, MovingHandsTheKeptScratchOver) {
  ScratchSlot<Buffers> slot;
  const Buffers* kept = nullptr;
  {
    auto s = slot.lease();
    kept = &*s;
  }
  ScratchSlot<Buffers> moved(std::move(slot));
  auto s = moved.lease();
  EXPECT_EQ(&*s, kept);
}

std::vector<std::string> corpus_paragraphs(size_t count) {
  std::vector<std::string> out;
  for (const char* file : {"hf_course_en.mdx.txt", "hf_course_ja.mdx.txt", "hf_course_de.mdx.txt", "code_python_whisper.txt"}) {
    auto text = test::read_file(test::fixtures_dir() / "corpus" / file);
    if (!text) continue;
    size_t pos = 0;
    while (pos < text->size() && out.size() < count) {
      size_t end = text->find("\n\n", pos);
      if (end == std::string::npos) end = text->size();
      if (end > pos) out.push_back(text->substr(pos, end - pos));
      pos = end + 2;
    }
  }
  return out;
}

void expect_thread_safe(const char* fixture) {
  auto json = test::read_file(test::fixtures_dir() / "tokenizers" / fixture / "tokenizer.json");
  if (!json) WASMPIPE_SKIP_OR_FAIL("no shared fixture " << fixture);
  const std::vector<std::string> texts = corpus_paragraphs(400);
  ASSERT_GT(texts.size(), 100u);
  // Alone (a fresh tokenizer: no buffers or caches shared with the threads' one).
  std::vector<std::vector<int32_t>> ids, full;
  {
    const Tokenizer alone = Tokenizer::from_json(*json);
    for (const std::string& t : texts) {
      ids.push_back(alone.encode_ids(t));
      full.push_back(alone.encode(t).ids);
    }
  }
  const Tokenizer shared = Tokenizer::from_json(*json);
  constexpr int kThreads = 4;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 3; ++round) {
        for (size_t i = k; i < texts.size() + k; ++i) {  // each thread starts elsewhere
          const size_t j = i % texts.size();
          if (shared.encode_ids(texts[j]) != ids[j]) ++mismatches[k];
          if (shared.encode(texts[j]).ids != full[j]) ++mismatches[k];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < kThreads; ++k) EXPECT_EQ(mismatches[k], 0) << fixture << " thread " << k;
}

TEST(ModelScratch, BpeSharedByThreadsEncodesAsAlone) { expect_thread_safe("gpt2"); }
TEST(ModelScratch, UnigramSharedByThreadsEncodesAsAlone) { expect_thread_safe("t5-small"); }

}  // namespace
}  // namespace wasmpipe
