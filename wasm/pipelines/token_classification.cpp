#include "pipelines/token_classification.h"

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "pipelines/text_classification.h"

namespace wasmpipe {
namespace {

// One non-special token with its label distribution (transformers' "pre_entity"). `word` views
// the encoding's token or the text, which outlive the classification: no string copy per token.
struct PreEntity {
  std::string_view word;
  std::span<const float> scores;
  int32_t index;
  uint32_t start, end;
  bool is_subword;
};

size_t code_points(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

size_t argmax(std::span<const float> v) {
  return static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());  // first maximum, like numpy
}

std::vector<PreEntity> gather_pre_entities(const Tokenizer& tok, std::string_view text, const Encoding& enc,
                                           std::span<const float> probs, size_t num_labels) {
  const bool word_aware = tok.has_continuing_subword_prefix();
  std::optional<int32_t> unk_id;
  if (auto unk = tok.special_token("unk_token")) unk_id = tok.token_to_id(*unk);
  std::vector<PreEntity> out;
  out.reserve(enc.size());
  for (size_t i = 0; i < enc.size(); ++i) {
    if (enc.special_tokens_mask[i] || !enc.attention_mask[i]) continue;
    // Kept as given: offsets the user gave (offset_mapping) may pass the end of the text (bytes past
    // it count one per code point) or be reversed; Python reports them as they are and slices
    // sentence[start:end] (then '').
    const auto [start, end] = enc.offsets[i];
    const auto size = static_cast<uint32_t>(text.size());
    const uint32_t from = std::min(start, size), to = std::clamp(end, from, size);
    const std::string_view word_ref = text.substr(from, to - from);
    PreEntity e{enc.tokens[i], probs.subspan(i * num_labels, num_labels), static_cast<int32_t>(i), start, end, false};
    if (word_aware) {
      e.is_subword = code_points(e.word) != code_points(word_ref);
    } else {
      // transformers' fallback heuristic: a token continues a word unless a space is right before
      // or at its start (sentence[start - 1 : start + 1], empty past the end).
      e.is_subword = start > 0 && (start > size || (text[start - 1] != ' ' && (start >= size || text[start] != ' ')));
    }
    if (unk_id && enc.ids[i] == *unk_id) {
      e.word = word_ref;
      e.is_subword = false;
    }
    out.push_back(std::move(e));
  }
  return out;
}

// Label and score of one word; its text is decoded later, only if it is kept (see classify_tokens).
TokenEntity aggregate_word(std::span<const PreEntity> group, AggregationStrategy strategy,
                           const std::vector<std::string>& id2label) {
  TokenEntity out;
  out.start = group.front().start;
  out.end = group.back().end;
  size_t label = 0;
  switch (strategy) {
    case AggregationStrategy::First:
      label = argmax(group.front().scores);
      out.score = group.front().scores[label];
      break;
    case AggregationStrategy::Max: {
      // The token holding the highest single score decides (first one on ties, like Python's max).
      const PreEntity* best = &group.front();
      float best_score = *std::max_element(best->scores.begin(), best->scores.end());
      for (const auto& e : group) {
        const float s = *std::max_element(e.scores.begin(), e.scores.end());
        if (s > best_score) best = &e, best_score = s;
      }
      label = argmax(best->scores);
      out.score = best->scores[label];
      break;
    }
    case AggregationStrategy::Average: {
      const size_t n = group.front().scores.size();
      std::vector<float> mean(n);
      for (size_t j = 0; j < n; ++j) {
        double sum = 0;
        for (const auto& e : group) sum += e.scores[j];
        mean[j] = static_cast<float>(sum / static_cast<double>(group.size()));
      }
      label = argmax(mean);
      out.score = mean[label];
      break;
    }
    default:
      throw Error(ErrorCode::Internal, "aggregate_word: none/simple do not aggregate words");
  }
  out.label = id2label[label];
  return out;
}

// transformers' get_tag: ("B"|"I", tag); labels without a B-/I- prefix count as "I".
std::pair<char, std::string_view> bio_tag(std::string_view label) {
  if (label.size() >= 2 && (label[0] == 'B' || label[0] == 'I') && label[1] == '-') return {label[0], label.substr(2)};
  return {'I', label};
}

// An entity (or word) whose text is not decoded yet, and the entries [first, last) of the level
// below it covers.
struct Pending {
  TokenEntity entity;
  size_t first, last;
};

// Label and score of one entity group (its word is decoded later, as in aggregate_word).
TokenEntity group_sub_entities(std::span<const Pending> entities) {
  TokenEntity out;
  const std::string& first = entities.front().entity.label;
  const auto dash = first.find('-');
  out.label = dash == std::string::npos ? first : first.substr(dash + 1);  // label.split("-", 1)[-1]
  double sum = 0;
  for (const auto& e : entities) sum += e.entity.score;
  out.score = static_cast<float>(sum / static_cast<double>(entities.size()));
  out.start = entities.front().entity.start;
  out.end = entities.back().entity.end;
  return out;
}

std::vector<Pending> group_entities(const std::vector<Pending>& entities) {
  std::vector<Pending> groups;
  groups.reserve(entities.size());
  size_t begin = 0;
  for (size_t i = 1; i <= entities.size(); ++i) {
    bool extend = false;
    if (i < entities.size()) {
      const auto [bi, tag] = bio_tag(entities[i].entity.label);
      const auto [last_bi, last_tag] = bio_tag(entities[i - 1].entity.label);
      extend = tag == last_tag && bi != 'B';
    }
    if (!extend) {
      if (i > begin) groups.push_back({group_sub_entities(std::span(entities).subspan(begin, i - begin)), begin, i});
      begin = i;
    }
  }
  return groups;
}

}  // namespace

AggregationStrategy parse_aggregation_strategy(std::string_view name) {
  if (name == "none") return AggregationStrategy::None;
  if (name == "simple") return AggregationStrategy::Simple;
  if (name == "first") return AggregationStrategy::First;
  if (name == "average") return AggregationStrategy::Average;
  if (name == "max") return AggregationStrategy::Max;
  throw Error(ErrorCode::InvalidArgument, "aggregation_strategy must be 'none', 'simple', 'first', 'average' or 'max', got '" +
                                              std::string(name) + "'");
}

std::vector<TokenEntity> classify_tokens(const Tokenizer& tok, std::string_view text, const Encoding& enc,
                                         std::span<const float> logits, const std::vector<std::string>& id2label,
                                         const TokenClassificationOptions& options) {
  const size_t num_labels = id2label.size();
  if (num_labels == 0 || logits.size() != enc.size() * num_labels) {
    throw Error(ErrorCode::InvalidArgument, "token-classification: got " + std::to_string(logits.size()) +
                                                " logits for " + std::to_string(enc.size()) + " tokens x " +
                                                std::to_string(num_labels) + " labels");
  }
  std::vector<float> probs(logits.begin(), logits.end());
  for (size_t i = 0; i < enc.size(); ++i) {
    apply_score_function(std::span(probs).subspan(i * num_labels, num_labels), ScoreFunction::Softmax);
  }
  const auto pre = gather_pre_entities(tok, text, enc, probs, num_labels);
  const auto& ignore = options.ignore_labels;
  const auto ignored = [&](const TokenEntity& e) { return std::find(ignore.begin(), ignore.end(), e.label) != ignore.end(); };

  // Words: one per token (none, simple), or sub-word tokens joined to the word before them.
  // Their text (a decoder call) is only made for the entities that survive ignore_labels below;
  // Python decodes every word and group, then drops the ignored ones: same output.
  const bool per_token = options.strategy == AggregationStrategy::None || options.strategy == AggregationStrategy::Simple;
  std::vector<Pending> words;
  words.reserve(pre.size());
  if (per_token) {
    for (size_t i = 0; i < pre.size(); ++i) {
      const size_t label = argmax(pre[i].scores);
      words.push_back({{id2label[label], pre[i].scores[label], pre[i].index, {}, pre[i].start, pre[i].end}, i, i + 1});
    }
  } else {
    size_t begin = 0;
    for (size_t i = 1; i <= pre.size(); ++i) {
      if (i < pre.size() && pre[i].is_subword) continue;
      if (i > begin) words.push_back({aggregate_word(std::span(pre).subspan(begin, i - begin), options.strategy, id2label), begin, i});
      begin = i;
    }
  }
  const auto word_text = [&](const Pending& w) {
    if (per_token) return std::string(pre[w.first].word);
    std::vector<std::string> tokens;
    tokens.reserve(w.last - w.first);
    for (size_t i = w.first; i < w.last; ++i) tokens.emplace_back(pre[i].word);
    return tok.convert_tokens_to_string(std::move(tokens));
  };

  std::vector<TokenEntity> entities;
  entities.reserve(words.size());
  if (options.strategy == AggregationStrategy::None) {
    for (auto& w : words) {
      if (ignored(w.entity)) continue;
      w.entity.word = word_text(w);
      entities.push_back(std::move(w.entity));
    }
    return entities;
  }
  for (auto& g : group_entities(words)) {
    if (ignored(g.entity)) continue;
    std::vector<std::string> parts;
    parts.reserve(g.last - g.first);
    for (size_t i = g.first; i < g.last; ++i) parts.push_back(word_text(words[i]));
    g.entity.word = tok.convert_tokens_to_string(std::move(parts));
    entities.push_back(std::move(g.entity));
  }
  return entities;
}

std::vector<TokenEntity> merge_window_entities(std::vector<TokenEntity> entities, std::string_view text) {
  if (entities.empty()) return entities;
  std::stable_sort(entities.begin(), entities.end(), [](const TokenEntity& a, const TokenEntity& b) { return a.start < b.start; });
  // Python's end - start, in code points (bytes past the text count one each, see gather_pre_entities).
  const auto position = [&](uint32_t byte) {
    return byte <= text.size() ? static_cast<int64_t>(code_points(text.substr(0, byte)))
                               : static_cast<int64_t>(code_points(text)) + (byte - static_cast<int64_t>(text.size()));
  };
  const auto length = [&](const TokenEntity& e) { return position(e.end) - position(e.start); };
  // Python's loop as written: it starts by comparing the first entity with itself, so a first
  // entity with an empty span is kept twice.
  std::vector<TokenEntity> out;
  size_t previous = 0;
  for (size_t i = 0; i < entities.size(); ++i) {
    const TokenEntity& e = entities[i];
    const TokenEntity& p = entities[previous];
    if (p.start <= e.start && e.start < p.end) {
      const int64_t current_length = length(e), previous_length = length(p);
      if (current_length > previous_length || (current_length == previous_length && e.score > p.score)) previous = i;
    } else {
      out.push_back(p);
      previous = i;
    }
  }
  out.push_back(entities[previous]);
  return out;
}

}  // namespace wasmpipe
