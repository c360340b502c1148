// A rule pack as data: what the loader reads from JSON, before any regex is
// compiled. See README.md ("Rule packs") for the JSON format.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "status.h"
#include "taxonomy.h"

namespace exemplar {

struct RuleExamples {
  std::vector<std::string> match;     // text the pattern must find
  std::vector<std::string> no_match;  // text the pattern must not find
};

struct CueRule {
  std::string id;  // stable dotted id, e.g. "advocacy.appeal"
  Kind kind = Kind::kEvidence;
  std::string pattern;  // RE2 syntax, matched case-insensitively
  double weight = 1.0;  // 0..1: how strongly a hit alone signals the kind
  CategoryWeights categories{};
  std::string message;  // shown to the user: why this cue counts
  // The pattern itself carries negation words ("never received", "did not
  // notify"): context triggers inside the match are part of the cue.
  bool negation_in_pattern = false;
  RuleExamples examples;
  // Made by the loader for each kind of the sentence model: no pattern; its
  // moments are whole sentences, scored with the model's probability.
  bool sentence_model = false;
};

// What a context trigger does to the cues in its scope (ConText's categories).
enum class ContextRole : int {
  kNegated = 0,
  kHypothetical = 1,
  kHistorical = 2,
  kFamilyExperiencer = 3,
  kOtherExperiencer = 4,
  kPseudo = 5,      // looks like a trigger but is not ("no longer", "not only")
  kTerminate = 6,   // ends the scope of earlier triggers ("but", "however")
};
constexpr int kContextRoleCount = 7;
const char* context_role_id(ContextRole r);

enum class Direction : int { kForward = 0, kBackward = 1, kBoth = 2 };

struct ContextRule {
  std::string id;
  ContextRole role = ContextRole::kNegated;
  std::string pattern;
  Direction direction = Direction::kForward;
  int max_words = 0;          // scope limit in words; 0 = the pack default
  uint32_t terminates = 0;    // for kTerminate: bit mask of the roles it ends
  uint32_t kinds = 0;         // bit mask of the cue kinds it applies to; 0 = all
  // A trigger that opens its sentence ("If dtr can attend we will meet")
  // governs the whole of it, also the sentence model's reading of it.
  bool opens_sentence = false;
  RuleExamples examples;
};

// A section heading ("Family History:", "PAST HX") and what it implies for
// every cue under it.
struct SectionRule {
  std::string id;
  std::string pattern;  // matched against the whole heading label
  bool historical = false;
  bool hypothetical = false;
  bool family = false;  // experiencer: family ("Family history")
  RuleExamples examples;
};

// Vocabulary for templated answers: "Family involved: Yes" affirms,
// "Advocacy needs: none" denies.
struct TemplateRules {
  std::string affirm;  // pattern for answers that affirm the label
  std::string deny;    // pattern for answers that deny it
};

// A whole-note example run through the full engine at load time.
struct PackExample {
  std::string text;
  std::vector<Kind> kinds;  // exactly the affirmed kinds expected
  std::string note;         // which guide bullet it covers
};

// A learned second reader: per kind, a logistic regression over a
// sentence's words and word pairs ("never", "never received"). Words are runs
// of ASCII letters and digits, lowered, with an apostrophe suffix ("didn't").
struct SentenceModelKind {
  bool present = false;
  int cue = -1;  // index of the kind's synthetic rule in pack.cues
  double bias = 0.0;
  // feature -> weight, as written; emptied once compiled (see compile_pack)
  std::vector<std::pair<std::string, double>> weights;
  size_t weight_count = 0;  // how many the pack gave
};

struct SentenceModel {
  double min_probability = 0.8;  // a sentence at or above this is flagged
  std::array<SentenceModelKind, kMomentKindCount> kinds{};
  bool present() const {
    for (const auto& k : kinds) {
      if (k.present) return true;
    }
    return false;
  }
};

// A learned category reader: a softmax regression over the words and word
// pairs of the whole note, mixed into the rule-based category ranking.
struct CategoryModel {
  bool present = false;
  double share = 0.3;  // final score = (1 - share) * rules + share * model
  CategoryWeights bias{};
  // feature -> weight per category, as written; emptied once compiled
  std::vector<std::pair<std::string, CategoryWeights>> weights;
  size_t feature_count = 0;  // how many the pack gave
};

struct RulePack {
  std::string id;
  std::string version;
  std::string min_engine_version;
  std::string license;
  std::string description;
  double moment_threshold = 0.5;  // noisy-or score a kind needs to be affirmed
  int default_max_words = 8;      // default context scope
  std::vector<CueRule> cues;
  std::vector<ContextRule> context;
  std::vector<SectionRule> sections;
  TemplateRules templates;
  // Prior pull of each affirmed kind towards each category.
  std::array<CategoryWeights, kMomentKindCount> kind_categories{};
  std::vector<PackExample> examples;
  SentenceModel sentence_model;  // optional: no kind present when the pack has none
  CategoryModel category_model;  // optional: present == false when the pack has none
  std::string sha256;  // of the JSON bytes the pack was read from
};

// The largest rule pack accepted, in bytes: a larger one is a kRulepackJson
// error. Readers of pack files need read no more than this plus one byte.
constexpr size_t kMaxRulePackBytes = size_t{16} << 20;

// Reads and validates the JSON (structure, types, ranges, versions). Errors
// name the JSON path of the faulty field: "/cues/17/weight: must be ...".
// Patterns are only compiled later, by the engine.
Status load_rule_pack(std::string_view json, RulePack* out);

// "1.2.3" -> comparable triple; false when not a semantic version.
bool parse_semver(std::string_view s, std::array<int, 3>* out);

}  // namespace exemplar
