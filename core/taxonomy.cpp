#include "taxonomy.h"

namespace exemplar {
namespace {

constexpr const char* kKindIds[] = {"breakdown", "rule_bending", "advocacy", "family_involvement", "evidence"};

struct CategoryName {
  const char* id;
  const char* label;
};
// Order is the guide's table order; it breaks score ties deterministically.
constexpr CategoryName kCategories[kCategoryCount] = {
    {"knowing_tracking", "Meeting, knowing and tracking patients' past, present and future"},
    {"simplifying_contact", "Simplifying the point of contact within and between institutions"},
    {"coordinating_care", "Knowing the patient and integrating and coordinating care"},
    {"patient_advocate", "The case manager as patient advocate"},
    {"family_integration", "Supporting and integrating the family into the health care team"},
    {"living_environment", "Advocating for adequate supportive living environments"},
    {"life_health_coach", "The case manager as life and health coach"},
};

}  // namespace

const char* kind_id(Kind k) { return kKindIds[static_cast<int>(k)]; }

bool parse_kind(std::string_view id, Kind* out) {
  for (int i = 0; i <= static_cast<int>(Kind::kEvidence); ++i) {
    if (id == kKindIds[i]) {
      *out = static_cast<Kind>(i);
      return true;
    }
  }
  return false;
}

const char* category_id(int c) { return kCategories[c].id; }
const char* category_label(int c) { return kCategories[c].label; }

int parse_category(std::string_view id) {
  for (int i = 0; i < kCategoryCount; ++i) {
    if (id == kCategories[i].id) return i;
  }
  return -1;
}

}  // namespace exemplar
