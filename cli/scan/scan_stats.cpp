#include "scan/scan_stats.h"

#include <algorithm>

namespace exemplar::cli::scan {

void ScanStats::add(const RecordSummary& s) {
  const uint64_t ordinal = records++;
  if (!s.ok) {
    ++failed;
    ++errors[s.error_code];
    return;
  }
  ++analysed;
  bool any = false;
  for (int k = 0; k < kMomentKindCount; ++k) {
    if (!s.kinds[k]) continue;
    any = true;
    ++kind_notes[k];
  }
  if (any) ++with_kind;
  if (s.category < 0 || s.category >= kCategoryCount) {
    ++uncategorized;
    return;
  }
  const int c = s.category;
  ++category_notes[c];
  for (int k = 0; k < kMomentKindCount; ++k) {
    if (s.kinds[k]) ++category_kind_notes[c][k];
  }
  if (top_n_ == 0) return;
  std::vector<Example>& t = top[c];
  // Best first: higher score, then the earlier record; a new record loses ties.
  if (t.size() == top_n_ && s.category_milli <= t.back().summary.category_milli) return;
  auto pos = std::upper_bound(t.begin(), t.end(), s.category_milli,
                              [](long long v, const Example& e) { return v > e.summary.category_milli; });
  t.insert(pos, Example{ordinal, s});
  if (t.size() > top_n_) t.pop_back();
}

}  // namespace exemplar::cli::scan
