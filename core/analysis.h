// The result of analysing one note, before it is turned into JSON.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "taxonomy.h"
#include "text_layout.h"

namespace exemplar {

enum class Experiencer : int { kClient = 0, kFamily = 1, kOther = 2 };
const char* experiencer_id(Experiencer e);

// A context trigger that changed a cue's attributes (for "why not flagged").
struct AppliedTrigger {
  int rule = -1;    // index into pack.context, or -1 for a section heading
  int section = -1; // index into pack.sections when rule == -1
  int role = 0;     // ContextRole
  Span span;
};

struct Moment {
  Kind kind = Kind::kEvidence;
  int rule = 0;  // index into pack.cues
  Span span;
  Span sentence;
  bool negated = false;
  bool hypothetical = false;
  bool historical = false;
  bool templated = false;
  bool affirmed = false;
  // The one flag of its kind to read first (see moment_scorer.h); only in an
  // affirmed kind.
  bool lead = false;
  Experiencer experiencer = Experiencer::kClient;
  double score = 0.0;
  std::vector<AppliedTrigger> triggers;
  // Sentence-model moments only: the model's probability, and the words and
  // word pairs that raised it most, strongest first.
  double probability = 0.0;
  std::vector<std::string> terms;
};

struct CategoryScore {
  int category = 0;
  double score = 0.0;
};

struct CategoryResult {
  bool present = false;  // false: the engine abstains (no affirmed kind)
  std::vector<CategoryScore> ranking;  // all seven, best first
  std::string rationale;
};

struct Analysis {
  std::vector<Moment> moments;   // every cue hit of the four kinds, in text order
  std::vector<Moment> evidence;  // category-evidence hits, in text order
  std::array<double, kMomentKindCount> kind_scores{};
  std::array<bool, kMomentKindCount> kind_affirmed{};
  CategoryResult category;
};

}  // namespace exemplar
