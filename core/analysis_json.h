// Writes an Analysis as the public JSON contract "exemplar.analysis.v1".
// Field names are a contract: add fields, never rename.
#pragma once
#include <string>
#include <string_view>

#include "analysis.h"
#include "rule_pack.h"

namespace exemplar {

struct JsonOptions {
  bool include_snippets = true;  // false: no "cue" or "snippet", rationale by rule id
  const std::string* id = nullptr;
};

void write_analysis_json(const RulePack& pack, std::string_view text, const Analysis& a, const JsonOptions& opts,
                         std::string* out);

// The sentence around a cue, cut to at most `max_bytes` on UTF-8 boundaries,
// with "…" where it was cut.
std::string make_snippet(std::string_view text, Span sentence, Span cue, size_t max_bytes = 240);

}  // namespace exemplar
