// Zero-shot classification exactly as Python transformers' ZeroShotClassificationPipeline: one NLI
// pair (text, hypothesis) per candidate label, scored by the entailment logit.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wasmpipe {

// candidate_labels given as one string: split on ",", each part stripped, empty parts dropped.
std::vector<std::string> split_candidate_labels(std::string_view labels);

// Python's hypothesis_template.format(label): "{}" / "{0}" take the label, "{{" / "}}" are braces.
// Other replacement fields, stray braces, or a template the label does not change: InvalidArgument.
std::string format_hypothesis(std::string_view hypothesis_template, std::string_view label);

struct NliConfig {
  // Index of the first label2id entry (in config.json order) starting with "entail" (any case);
  // -1 = none found, which (as in Python) then means the last logit.
  int entailment_id = -1;
  static NliConfig from_config_json(std::string_view config_json);
};

struct ZeroShotResult {
  std::vector<std::string> labels;  // best first
  std::vector<float> scores;
};

// logits: [labels.size(), num_classes], one row per candidate label of one sequence.
// multi_label (or a single label): softmax of [contradiction, entailment] per label, where
// contradiction is logit 0, or the last one when entailment is 0. Otherwise: softmax of the
// entailment logits over the labels.
ZeroShotResult zero_shot_scores(std::span<const float> logits, size_t num_classes, const std::vector<std::string>& labels,
                                const NliConfig& config, bool multi_label);

}  // namespace wasmpipe
