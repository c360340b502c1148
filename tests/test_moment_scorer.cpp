// Kind scores and the lead flag of each affirmed kind (moment_scorer).
#include "test_support.h"

namespace {

using exemplar::Kind;

// Three advocacy cues of different weights and one weak breakdown cue.
const char* kLeadPack = R"({"schema": "exemplar.rulepack.v1", "id": "lead", "version": "1.0.0",
  "min_engine_version": "0.1.0", "license": "MIT", "settings": {"moment_threshold": 0.5},
  "cues": [{"id": "adv.phoned", "kind": "advocacy", "pattern": "\\bphoned the supervisor\\b", "weight": 0.8},
           {"id": "adv.urged", "kind": "advocacy", "pattern": "\\burged\\b", "weight": 0.7},
           {"id": "adv.appeal", "kind": "advocacy", "pattern": "\\bappealed\\b", "weight": 0.85},
           {"id": "brk.late", "kind": "breakdown", "pattern": "\\blate\\b", "weight": 0.3}],
  "context": [{"id": "neg.not", "role": "negated", "pattern": "\\bnot\\b", "direction": "forward"}]})";

std::vector<std::string> lead_rules(const exemplar::Engine& e, const exemplar::Analysis& a) {
  std::vector<std::string> out;
  for (const auto& m : a.moments) {
    if (m.lead) out.push_back(exemplar_test::rule_id(e, m));
  }
  return out;
}

}  // namespace

TEST_CASE("lead: the strongest hit of the sentence with the most evidence, not the strongest hit", "[scorer]") {
  const auto e = exemplar_test::make_engine(kLeadPack);
  // Sentence one adds 0.8 and 0.7 (noisy-or 0.94); sentence two has the
  // single strongest hit (0.85) but less evidence in all.
  const auto a = exemplar_test::analyze(*e, "CM phoned the supervisor and urged a review. Later CM appealed.");
  CHECK(lead_rules(*e, a) == std::vector<std::string>{"adv.phoned"});
  CHECK(a.kind_scores[static_cast<int>(Kind::kAdvocacy)] == Approx(1 - 0.2 * 0.3 * 0.15));
}

TEST_CASE("lead: a tie between sentences goes to the earlier one", "[scorer]") {
  const auto e = exemplar_test::make_engine(kLeadPack);
  const auto a = exemplar_test::analyze(*e, "CM urged a review. Then CM urged it again.");
  REQUIRE(a.moments.size() == 2);
  CHECK(a.moments[0].lead);
  CHECK_FALSE(a.moments[1].lead);
}

TEST_CASE("lead: only affirmed hits of affirmed kinds lead, one per kind", "[scorer]") {
  const auto e = exemplar_test::make_engine(kLeadPack);
  // The negated appeal cannot lead; the breakdown cue (0.3) stays under the
  // threshold, so its kind has no lead.
  const auto a = exemplar_test::analyze(*e, "CM did not appealed. Pt was late. CM urged a review.");
  REQUIRE(exemplar_test::affirmed_kinds(a) == std::vector<std::string>{"advocacy"});
  CHECK(lead_rules(*e, a) == std::vector<std::string>{"adv.urged"});
  const auto none = exemplar_test::analyze(*e, "Pt was late.");
  CHECK(lead_rules(*e, none).empty());
}

TEST_CASE("lead: the JSON marks the lead moment", "[scorer]") {
  const auto e = exemplar_test::make_engine(kLeadPack);
  const auto j = nlohmann::json::parse(exemplar_test::analyze_json(*e, "CM urged a review. Pt was late."));
  REQUIRE(j.at("moments").size() == 2);
  CHECK(j["moments"][0]["lead"] == true);
  CHECK(j["moments"][1]["lead"] == false);
}
