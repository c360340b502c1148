// Small statistics shared by the benchmarks.
#pragma once
#include <algorithm>
#include <vector>

namespace exemplar::bench {

// The median of `v` (the mean of the two middle values for an even count).
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace exemplar::bench
