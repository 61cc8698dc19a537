#include "pipelines/zero_shot.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include <nlohmann/json.hpp>

#include "core/checked_size.h"
#include "core/error.h"

namespace wasmpipe {
namespace {

bool is_python_space(char c) {  // str.strip() on ASCII (non-ASCII spaces are kept)
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && is_python_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_python_space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with_entail(std::string_view label) {
  constexpr std::string_view prefix = "entail";
  if (label.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(label[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> split_candidate_labels(std::string_view labels) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin <= labels.size()) {
    size_t end = labels.find(',', begin);
    if (end == std::string_view::npos) end = labels.size();
    const auto part = strip(labels.substr(begin, end - begin));
    if (!part.empty()) out.emplace_back(part);
    begin = end + 1;
  }
  return out;
}

std::string format_hypothesis(std::string_view tmpl, std::string_view label) {
  std::string out;
  bool substituted = false;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (c == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
      out += '{', ++i;
    } else if (c == '}' && i + 1 < tmpl.size() && tmpl[i + 1] == '}') {
      out += '}', ++i;
    } else if (c == '{') {
      const size_t close = tmpl.find('}', i);
      const std::string_view field = close == std::string_view::npos ? tmpl.substr(i) : tmpl.substr(i, close - i + 1);
      if (field != "{}" && field != "{0}") {
        throw Error(ErrorCode::InvalidArgument, "hypothesis_template: unsupported replacement field '" + std::string(field) +
                                                    "' in \"" + std::string(tmpl) + "\": write {} where the label goes");
      }
      out += label;
      substituted = true;
      i = close;
    } else if (c == '}') {
      throw Error(ErrorCode::InvalidArgument, "hypothesis_template: single '}' in \"" + std::string(tmpl) +
                                                  "\": write }} for a literal brace");
    } else {
      out += c;
    }
  }
  // Python's check: the template must change when formatted with a label.
  if (!substituted && out == tmpl) {
    throw Error(ErrorCode::InvalidArgument,
                "The provided hypothesis_template \"" + std::string(tmpl) +
                    "\" was not able to be formatted with the target labels. Make sure the passed template includes "
                    "formatting syntax such as {} where the label should go.");
  }
  return out;
}

NliConfig NliConfig::from_config_json(std::string_view config_json) {
  // ordered_json keeps config.json's key order: the first "entail..." label wins, as in Python.
  auto cfg = nlohmann::ordered_json::parse(config_json, nullptr, /*allow_exceptions=*/false);
  if (cfg.is_discarded() || !cfg.is_object()) {
    throw Error(ErrorCode::InvalidFile, "config.json is not a JSON object: re-download the model or fix the file");
  }
  NliConfig out;
  const auto it = cfg.find("label2id");
  if (it == cfg.end() || !it->is_object()) return out;
  for (const auto& [label, id] : it->items()) {
    if (!id.is_number_integer()) {
      throw Error(ErrorCode::InvalidFile, "config.json: label2id['" + label + "'] must be an integer id");
    }
    if (starts_with_entail(label)) {
      out.entailment_id = id.get<int>();
      break;
    }
  }
  return out;
}

ZeroShotResult zero_shot_scores(std::span<const float> logits, size_t num_classes, const std::vector<std::string>& labels,
                                const NliConfig& config, bool multi_label) {
  const size_t n = labels.size();
  if (n == 0) throw Error(ErrorCode::InvalidArgument, "zero-shot-classification: no candidate labels");
  if (num_classes < 2 || logits.size() != checked_product(n, num_classes, "zero-shot-classification: labels x classes")) {
    throw Error(ErrorCode::InvalidArgument, "zero-shot-classification: got " + std::to_string(logits.size()) +
                                                " logits for " + std::to_string(n) + " labels x " +
                                                std::to_string(num_classes) + " classes (an NLI model has >= 2)");
  }
  // Python indexes with -1 = last.
  const auto column = [&](int id) { return id < 0 ? num_classes - static_cast<size_t>(-id) : static_cast<size_t>(id); };
  if (config.entailment_id >= static_cast<int>(num_classes)) {
    throw Error(ErrorCode::InvalidFile, "config.json: the entailment label id " + std::to_string(config.entailment_id) +
                                            " is outside the model's " + std::to_string(num_classes) + " logits");
  }
  const size_t entail = column(config.entailment_id);
  const size_t contra = column(config.entailment_id == 0 ? -1 : 0);
  std::vector<float> scores(n);
  if (multi_label || n == 1) {
    for (size_t i = 0; i < n; ++i) {
      const float e = logits[i * num_classes + entail], c = logits[i * num_classes + contra];
      const float m = std::max(e, c);
      const float ee = std::exp(e - m), ce = std::exp(c - m);
      scores[i] = ee / (ee + ce);
    }
  } else {
    float m = logits[entail];
    for (size_t i = 0; i < n; ++i) m = std::max(m, logits[i * num_classes + entail]);
    float sum = 0.f;
    for (size_t i = 0; i < n; ++i) sum += (scores[i] = std::exp(logits[i * num_classes + entail] - m));
    for (float& s : scores) s /= sum;
  }
  // list(reversed(scores.argsort())): ascending stable sort, reversed (ties: later label first).
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  std::reverse(order.begin(), order.end());
  ZeroShotResult out;
  for (size_t i : order) {
    out.labels.push_back(labels[i]);
    out.scores.push_back(scores[i]);
  }
  return out;
}

}  // namespace wasmpipe
