// RobertaProcessing (Rust: processors::roberta::RobertaProcessing): <s> A </s> (</s> B </s>), all
// type ids 0, and with trim_offsets the offsets of tokens lose their leading / trailing spaces
// ('Ġ' or whitespace), keeping one leading space on the first token under add_prefix_space.
#pragma once
#include <string>
#include <utility>

#include "post_processors/post_processor.h"

namespace wasmpipe::post_processors {

class RobertaProcessing final : public PostProcessor {
 public:
  RobertaProcessing(std::pair<std::string, int32_t> sep, std::pair<std::string, int32_t> cls, bool trim_offsets,
                    bool add_prefix_space)
      : sep_(std::move(sep)), cls_(std::move(cls)), trim_offsets_(trim_offsets), add_prefix_space_(add_prefix_space) {}
  size_t added_tokens(bool is_pair) const override { return is_pair ? 4 : 2; }
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens) const override;
  bool process_ids(std::span<const int32_t> a, const std::span<const int32_t>* b, bool add_special_tokens,
                   std::vector<int32_t>& ids, std::vector<int32_t>& type_ids) const override;
  static std::unique_ptr<RobertaProcessing> from_json(const Json& j, const JsonPath& at);

 private:
  std::pair<std::string, int32_t> sep_, cls_;
  bool trim_offsets_, add_prefix_space_;
};

// Rust processors::byte_level::process_offsets (what RobertaProcessing applies with trim_offsets).
void roberta_trim_offsets(Encoding& e, bool add_prefix_space);

}  // namespace wasmpipe::post_processors
