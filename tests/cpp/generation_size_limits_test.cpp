// Token buffers of rows x max_length int64 ids are allocated up front; a max_length (or a
// num_beams x vocabulary) that cannot fit in 4 GiB is InvalidArgument before anything is allocated
// (generation/sequence_capacity.h). The oracle is the arithmetic: 8 bytes per id, 4 beam buffers.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/error.h"
#include "generation/batch_generator.h"
#include "generation/generation_config.h"
#include "generation/sequence_capacity.h"

using namespace wasmpipe;
using namespace wasmpipe::generation;

namespace {

constexpr uint64_t kFourGiB = uint64_t{1} << 32;

GenerationConfig cfg(const std::string& options) { return resolve_generation_config("", "{}", "", "", options); }

}  // namespace

TEST(GenerationSizeLimits, CapacityIsRefusedExactlyPastFourGiB) {
  // 3 rows x 4 buffers x 8 bytes = 96 bytes per unit of max_length.
  const auto last_fit = static_cast<int64_t>((kFourGiB - 1) / 96);
  EXPECT_EQ(sequence_capacity(last_fit, 3, 4), static_cast<size_t>(last_fit));
  EXPECT_THROW(sequence_capacity(last_fit + 1, 3, 4), Error);
  EXPECT_EQ(sequence_capacity(static_cast<int64_t>(kFourGiB / 8 - 1), 1, 1), kFourGiB / 8 - 1);
  EXPECT_THROW(sequence_capacity(static_cast<int64_t>(kFourGiB / 8), 1, 1), Error);
  EXPECT_THROW(sequence_capacity(INT64_MAX, 3, 4), Error);  // the products overflow 64 bits
  EXPECT_THROW(sequence_capacity(-1, 1, 1), Error);
}

TEST(GenerationSizeLimits, GeneratorsRefuseWhatCannotBeAllocatedAndTheNextOneWorks) {
  const std::string too_long = std::to_string((kFourGiB + 2) / 3);  // 3 x it wraps to 2 on wasm32
  for (const std::string options : {R"({"num_beams": 3, "max_length": )" + too_long + "}",
                                    R"({"do_sample": true, "num_return_sequences": 3, "max_length": )" + too_long + "}",
                                    std::string(R"({"max_length": 9007199254740992})")}) {
    try {
      BatchGenerator g(cfg(options), {{5, 6}}, 10);
      ADD_FAILURE() << options << ": accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::InvalidArgument) << options;
      EXPECT_NE(std::string(e.what()).find("use max_new_tokens"), std::string::npos) << e.what();
    }
    BatchGenerator ok(cfg(R"({"num_beams": 3, "max_length": 5})"), {{5, 6}}, 10);
    EXPECT_EQ(ok.rows(), 3u);
  }
  EXPECT_THROW(BatchGenerator(cfg(R"({"num_beams": 3, "max_length": 5})"), {{5, 6}}, SIZE_MAX / 2), Error);
}
