// The story-library reports of a scan (--report-html, --report-md): for each
// of the seven story categories, how many notes, which moment kinds, and the
// strongest examples with their evidence. The HTML page is self-contained:
// inline CSS, an inline SVG bar chart, no script, no external reference of
// any kind (a Content-Security-Policy forbids loading anything), and "://" in
// note text is written as a character reference so the page holds no URL.
// Both are deterministic: the same tallies give the same bytes.
#pragma once
#include <string>
#include <vector>

#include "scan/scan_stats.h"

namespace exemplar::cli::scan {

struct ReportInfo {
  std::vector<std::string> inputs;  // as named on the command line
  std::string engine_version;
  std::string rulepack;  // "default 1.0.0"
  bool include_snippets = true;
};

std::string render_story_html(const ScanStats& stats, const ReportInfo& info);
std::string render_story_markdown(const ScanStats& stats, const ReportInfo& info);

}  // namespace exemplar::cli::scan
