#include "pipelines/text_classification.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace wasmpipe {

ClassifierConfig ClassifierConfig::from_config_json(std::string_view config_json,
                                                    size_t num_labels) {
  if (num_labels == 0) {
    throw Error(ErrorCode::InvalidArgument, "text-classification: the model produced 0 logits per input");
  }
  nlohmann::json cfg = nlohmann::json::parse(config_json, nullptr, /*allow_exceptions=*/false);
  if (cfg.is_discarded() || !cfg.is_object()) {
    throw Error(ErrorCode::InvalidFile, "config.json is not a JSON object: re-download the model or fix the file");
  }
  ClassifierConfig out;
  out.id2label.resize(num_labels);
  for (size_t i = 0; i < num_labels; ++i) out.id2label[i] = "LABEL_" + std::to_string(i);
  if (auto it = cfg.find("id2label"); it != cfg.end() && !it->is_null()) {
    if (!it->is_object()) {
      throw Error(ErrorCode::InvalidFile, "config.json: id2label must be an object mapping ids to label names");
    }
    for (const auto& [key, value] : it->items()) {
      size_t id = 0;
      try {
        size_t used = 0;
        id = std::stoul(key, &used);
        if (used != key.size()) throw std::invalid_argument(key);
      } catch (const std::exception&) {
        throw Error(ErrorCode::InvalidFile, "config.json: id2label key '" + key + "' is not an integer id");
      }
      if (!value.is_string()) {
        throw Error(ErrorCode::InvalidFile, "config.json: id2label['" + key + "'] must be a string");
      }
      if (id < num_labels) out.id2label[id] = value.get<std::string>();
    }
  }
  const auto problem = cfg.value("problem_type", nlohmann::json()).is_string()
                           ? cfg["problem_type"].get<std::string>()
                           : std::string();
  // Same rule as transformers' TextClassificationPipeline.
  out.function = (problem == "multi_label_classification" || num_labels == 1) ? ScoreFunction::Sigmoid
                                                                              : ScoreFunction::Softmax;
  return out;
}

ScoreFunction parse_score_function(std::string_view name) {
  if (name == "softmax") return ScoreFunction::Softmax;
  if (name == "sigmoid") return ScoreFunction::Sigmoid;
  if (name == "none") return ScoreFunction::None;
  throw Error(ErrorCode::InvalidArgument, "function_to_apply must be 'softmax', 'sigmoid' or 'none', got '" +
                                              std::string(name) + "'");
}

void apply_score_function(std::span<float> row, ScoreFunction function) {
  if (row.empty()) return;
  switch (function) {
    case ScoreFunction::Softmax: {
      // std::max_element's comparisons (the first of the largest; NaN only when first), as a
      // plain value loop: wasm runs it ~4x faster than the iterator-tracking version, and a
      // masked LM's 30k-word rows make this a visible part of fill-mask's time.
      float max = row[0];
      for (const float v : row) max = max < v ? v : max;
      float sum = 0.f;
      for (float& v : row) sum += (v = std::exp(v - max));
      for (float& v : row) v /= sum;
      break;
    }
    case ScoreFunction::Sigmoid:
      for (float& v : row) v = 1.f / (1.f + std::exp(-v));
      break;
    case ScoreFunction::None:
      break;
  }
}

std::vector<std::vector<LabelScore>> classify(std::span<const float> logits, size_t batch,
                                              size_t num_labels, const ClassifierConfig& config,
                                              size_t top_k) {
  if (logits.size() != batch * num_labels) {
    throw Error(ErrorCode::InvalidArgument,
                "text-classification: got " + std::to_string(logits.size()) + " logits for a [" +
                    std::to_string(batch) + ", " + std::to_string(num_labels) + "] output");
  }
  if (config.id2label.size() != num_labels) {
    throw Error(ErrorCode::Internal, "text-classification: label count does not match the logits");
  }
  const size_t k = (top_k == 0 || top_k > num_labels) ? num_labels : top_k;
  std::vector<std::vector<LabelScore>> results(batch);
  std::vector<float> row(num_labels);
  std::vector<size_t> order(num_labels);
  for (size_t b = 0; b < batch; ++b) {
    std::copy_n(logits.begin() + b * num_labels, num_labels, row.begin());
    apply_score_function(row, config.function);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return row[x] > row[y]; });
    results[b].reserve(k);
    for (size_t i = 0; i < k; ++i) results[b].push_back({config.id2label[order[i]], row[order[i]]});
  }
  return results;
}

}  // namespace wasmpipe
