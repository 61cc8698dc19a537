// The two big members of a tokenizer.json model — "vocab" and "merges" — kept as raw JSON text
// instead of a nlohmann DOM: the models read them with core/json_scan.h (no per-entry DOM node),
// which makes loading a 10 MB tokenizer.json several times faster and far lighter in memory.
// When a fast read meets anything unusual, the loader parses that member with nlohmann and takes
// the ordinary path, so accepted files and error messages are exactly those of the DOM path.
#pragma once
#include <string>
#include <string_view>

#include "core/json.h"

namespace wasmpipe::models {

struct RawModelFields {
  std::string_view vocab;   // raw JSON value of model.vocab, empty when not deferred
  std::string_view merges;  // raw JSON value of model.merges, empty when not deferred
};

// Scans tokenizer.json `text`; when root.model has a vocab and/or merges member, writes to
// `skeleton` the same document with those values replaced by an empty {} / [] (same kind, so
// checks on the DOM still see an object / array) and points `raw` at the originals inside `text`.
// False (nothing written) when there is nothing to defer or the text is not plain valid JSON.
bool defer_large_model_fields(std::string_view text, std::string& skeleton, RawModelFields& raw);

// Member `key` of the model object `j`: parsed from `raw_value` into `holder` when it was deferred,
// else j's own field (nullptr when absent or null).
const Json* model_field(const Json& j, std::string_view key, std::string_view raw_value, Json& holder,
                        const JsonPath& at);

}  // namespace wasmpipe::models
