// The pack's category model, ready to read notes: a softmax regression over
// the distinct words and word pairs of a whole note, one weight per story
// category. The categorizer mixes its probabilities into the rule ranking.
#pragma once
#include <string_view>
#include <vector>

#include "feature_table.h"
#include "rule_pack.h"
#include "taxonomy.h"

namespace exemplar {

struct CompiledCategoryModel {
  bool present = false;
  double share = 0.0;
  CategoryWeights bias{};
  FeatureTable table;
  std::vector<CategoryWeights> weights;  // row -> weight per category
};

CompiledCategoryModel compile_category_model(const CategoryModel& m);

// The probability of each category (guide order) for `text`; each feature
// counts once however often it occurs. Sums run in row order and exp is
// portable, so every platform gives the same bits.
CategoryWeights read_category_probabilities(const CompiledCategoryModel& model, std::string_view text);

}  // namespace exemplar
