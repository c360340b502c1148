#include "category_model.h"

#include <algorithm>

#include "portable_math.h"

namespace exemplar {

CompiledCategoryModel compile_category_model(const CategoryModel& m) {
  CompiledCategoryModel c;
  c.present = m.present;
  c.share = m.share;
  c.bias = m.bias;
  for (const auto& fw : m.weights) {
    const int row = c.table.add(fw.first);  // the reader keeps one entry per key, so rows are new
    if (row == static_cast<int>(c.weights.size())) c.weights.push_back({});
    c.weights[row] = fw.second;
  }
  return c;
}

CategoryWeights read_category_probabilities(const CompiledCategoryModel& model, std::string_view text) {
  std::vector<int> rows;
  model.table.for_each(text, [&](int row, Span) { rows.push_back(row); });
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  CategoryWeights z = model.bias;
  for (int row : rows) {
    for (int c = 0; c < kCategoryCount; ++c) z[c] += model.weights[row][c];
  }
  // Softmax, shifted by the largest score so exp never overflows.
  const double top = *std::max_element(z.begin(), z.end());
  double sum = 0.0;
  for (double& v : z) {
    v = exp_portable(v - top);
    sum += v;
  }
  for (double& v : z) v /= sum;
  return z;
}

}  // namespace exemplar
