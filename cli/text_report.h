// The readable view of one analysis, for a terminal: the note with each
// moment's cue marked inline, the moments with their context, the affirmed
// kinds and the category ranking.
#pragma once
#include <string>
#include <string_view>

#include "analysis.h"
#include "rule_pack.h"

namespace exemplar::cli {

struct TextReportOptions {
  std::string source;              // how the note is named ("notes/a.txt", "<stdin>")
  const std::string* id = nullptr; // the --id, when given
  bool include_text = true;        // false (--no-snippets): no note text at all
  bool repaired = false;           // invalid UTF-8 was replaced in `text`
  bool color = false;              // ANSI colour
};

// Appends the report to `out`. `text` is the text the analysis' offsets
// refer to (the repaired note when it was repaired).
void render_text_report(const RulePack& pack, std::string_view text, const Analysis& a, const TextReportOptions& opts,
                        std::string* out);

}  // namespace exemplar::cli
