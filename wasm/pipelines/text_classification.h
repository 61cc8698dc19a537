// Text classification post-processing: logits -> [{label, score}] exactly as Python transformers'
// TextClassificationPipeline (softmax, or sigmoid for multi-label / single-logit models).
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wasmpipe {

struct LabelScore {
  std::string label;
  float score;
};

enum class ScoreFunction { Softmax, Sigmoid, None };

struct ClassifierConfig {
  std::vector<std::string> id2label;  // index = class id; gaps filled with "LABEL_{i}"
  ScoreFunction function = ScoreFunction::Softmax;

  // Reads id2label and problem_type from a model's config.json text. num_labels is the width of
  // the logits the model produced; it wins over the config (labels missing from id2label get
  // "LABEL_{i}" names, as in transformers).
  static ClassifierConfig from_config_json(std::string_view config_json, size_t num_labels);
};

// Applies softmax/sigmoid in place to one row of logits (numerically stable, float32 results).
void apply_score_function(std::span<float> row, ScoreFunction function);

// logits: row-major [batch, num_labels]. top_k: 0 = all labels. Each result is sorted by
// descending score (ties keep the lower class id first).
std::vector<std::vector<LabelScore>> classify(std::span<const float> logits, size_t batch,
                                              size_t num_labels, const ClassifierConfig& config,
                                              size_t top_k);

// Parses a function_to_apply name ("softmax", "sigmoid", "none") as Python's pipeline does.
ScoreFunction parse_score_function(std::string_view name);

}  // namespace wasmpipe
