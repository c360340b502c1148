// The fixed vocabulary of the labelling guide: four moment kinds and seven
// story categories. Their ids are part of the public JSON contract.
#pragma once
#include <array>
#include <string_view>

namespace exemplar {

enum class Kind : int {
  kBreakdown = 0,
  kRuleBending = 1,
  kAdvocacy = 2,
  kFamilyInvolvement = 3,
  kEvidence = 4,  // category evidence only: never a moment of its own
};
constexpr int kMomentKindCount = 4;
constexpr int kCategoryCount = 7;

const char* kind_id(Kind k);
// Parses a kind id; returns false when unknown. Accepts "evidence".
bool parse_kind(std::string_view id, Kind* out);

const char* category_id(int c);
const char* category_label(int c);
// Index of a category id, or -1.
int parse_category(std::string_view id);

using CategoryWeights = std::array<double, kCategoryCount>;

}  // namespace exemplar
