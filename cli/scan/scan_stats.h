// The tallies of a scan, fed with each output record in order: records,
// analysed, failed (by error code), notes per moment kind and per story
// category, the kinds within each category, and the strongest examples of
// each category (the top N by category score; on a tie, the earlier record).
// Memory is bounded: N examples per category, whatever the archive size.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "scan/record_summary.h"
#include "taxonomy.h"

namespace exemplar::cli::scan {

struct Example {
  uint64_t ordinal = 0;  // the record's place in the output (0-based)
  RecordSummary summary;
};

class ScanStats {
 public:
  explicit ScanStats(size_t top_n = 5) : top_n_(top_n) {}

  void add(const RecordSummary& s);

  uint64_t records = 0;
  uint64_t analysed = 0;
  uint64_t failed = 0;
  uint64_t with_kind = 0;      // analysed notes with at least one affirmed kind
  uint64_t uncategorized = 0;  // analysed notes with no category
  std::array<uint64_t, kMomentKindCount> kind_notes{};
  std::array<uint64_t, kCategoryCount> category_notes{};
  std::array<std::array<uint64_t, kMomentKindCount>, kCategoryCount> category_kind_notes{};
  std::map<std::string, uint64_t> errors;  // by code
  std::array<std::vector<Example>, kCategoryCount> top;  // best first

  size_t top_n() const { return top_n_; }

 private:
  size_t top_n_;
};

}  // namespace exemplar::cli::scan
