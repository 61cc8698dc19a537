// Sequence normalizer (Rust: normalizers::Sequence): applies each normalizer in order.
#pragma once
#include <memory>
#include <vector>

#include "normalizers/normalizer.h"

namespace wasmpipe::normalizers {

class Sequence final : public Normalizer {
 public:
  explicit Sequence(std::vector<std::unique_ptr<Normalizer>> normalizers) : normalizers_(std::move(normalizers)) {}
  void normalize(NormalizedString& s) const override {
    for (const auto& n : normalizers_) n->normalize(s);
  }
  const std::vector<std::unique_ptr<Normalizer>>& normalizers() const noexcept { return normalizers_; }

  static std::unique_ptr<Sequence> from_json(const Json& j, const JsonPath& at);

 private:
  std::vector<std::unique_ptr<Normalizer>> normalizers_;
};

}  // namespace wasmpipe::normalizers
