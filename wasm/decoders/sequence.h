// Sequence decoder (Rust: decoders::sequence::Sequence): chains decode_chain.
#pragma once
#include <memory>
#include <vector>

#include "decoders/decoder.h"

namespace wasmpipe::decoders {

class Sequence final : public Decoder {
 public:
  explicit Sequence(std::vector<std::unique_ptr<Decoder>> items) : items_(std::move(items)) {}
  void decode_chain(std::vector<std::string>& tokens) const override {
    for (const auto& d : items_) d->decode_chain(tokens);
  }
  static std::unique_ptr<Sequence> from_json(const Json& j, const JsonPath& at);

 private:
  std::vector<std::unique_ptr<Decoder>> items_;
};

}  // namespace wasmpipe::decoders
