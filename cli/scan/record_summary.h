// What the scan's tallies, CSV and story reports keep of one output record:
// its id, error code or affirmed kinds, category and score, and the lead
// flag of each affirmed kind (the moment the engine marks "lead"). Built from
// the Analysis on the worker threads, and from the output JSON line when
// --resume rebuilds the tallies; scores are kept as the JSON prints them
// (thousandths), so both give equal summaries.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis.h"
#include "rule_pack.h"

namespace exemplar::cli::scan {

struct Evidence {
  bool present = false;
  long long score_milli = 0;
  std::string snippet;  // empty with --no-snippets
  std::string rule;     // the cue rule's id
  uint64_t start = 0, end = 0;
};

struct RecordSummary {
  std::string id;
  bool ok = false;
  std::string error_code;  // when !ok
  std::array<bool, kMomentKindCount> kinds{};
  int category = -1;  // -1: no category (the engine abstained)
  long long category_milli = 0;
  std::string rationale;
  std::array<Evidence, kMomentKindCount> lead;  // present only for affirmed kinds
};

// A score in thousandths, rounded as the JSON writer rounds it.
long long score_milli(double v);
// Thousandths as the JSON writer prints them: "0.9", "1", "0.125".
std::string format_milli(long long milli);

void summary_from_analysis(const RulePack& pack, std::string_view text, const Analysis& a, const std::string& id,
                           bool include_snippets, RecordSummary* out);
void summary_from_error(const std::string& id, const std::string& code, RecordSummary* out);
// False (with `error`) when `line` is not an analysis or error record.
bool summary_from_json(std::string_view line, RecordSummary* out, std::string* error);

}  // namespace exemplar::cli::scan
