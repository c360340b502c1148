// Stages 4 and 5: note-level kinds by noisy-or (core/moment_scorer.h) and the
// story category (core/categorizer.h), on the unit-test pack.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "test_support.h"

using exemplar::Kind;
using exemplar_test::affirmed;
using exemplar_test::analyze;
using exemplar_test::make_engine;
using exemplar_test::test_engine;

namespace {

double kind_score(const exemplar::Analysis& a, Kind k) { return a.kind_scores[static_cast<int>(k)]; }

std::string top(const exemplar::Analysis& a) {
  REQUIRE(a.category.present);
  return exemplar::category_id(a.category.ranking.at(0).category);
}

double score_of(const exemplar::Analysis& a, const std::string& id) {
  for (const auto& c : a.category.ranking) {
    if (id == exemplar::category_id(c.category)) return c.score;
  }
  FAIL("category " << id << " not ranked");
  return -1;
}

// The ranking must hold all seven categories once, best first, as shares.
void check_ranking(const exemplar::Analysis& a) {
  REQUIRE(a.category.present);
  const auto& r = a.category.ranking;
  REQUIRE(r.size() == 7);
  std::set<int> seen;
  double sum = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    seen.insert(r[i].category);
    CHECK(r[i].score >= 0.0);
    CHECK(r[i].score <= 1.0);
    if (i > 0) CHECK(r[i - 1].score >= r[i].score);
    sum += r[i].score;
  }
  CHECK(seen.size() == 7);
  CHECK(*seen.begin() == 0);
  CHECK(*seen.rbegin() == 6);
  CHECK(sum == Approx(1.0));
}

std::string with_threshold(double t) {
  // The pack's own whole-note examples assume the 0.5 threshold: drop them.
  return exemplar_test::edited_pack([t](nlohmann::json& p) {
    p["settings"]["moment_threshold"] = t;
    p.erase("examples");
  });
}

}  // namespace

TEST_CASE("scorer: one weak cue alone does not affirm its kind", "[scorer]") {
  const auto a = analyze(test_engine(), "Phoned the plan.");
  REQUIRE(a.moments.size() == 1);
  CHECK(a.moments[0].affirmed);  // the cue holds in context...
  CHECK(a.moments[0].score == Approx(0.3));
  CHECK(kind_score(a, Kind::kAdvocacy) == Approx(0.3));
  CHECK_FALSE(affirmed(a, Kind::kAdvocacy));  // ...but is too weak for the note
  CHECK_FALSE(a.category.present);
}

TEST_CASE("scorer: two weak cues combine by noisy-or", "[scorer]") {
  const auto a = analyze(test_engine(), "Phoned the plan and urged a review.");
  CHECK(kind_score(a, Kind::kAdvocacy) == Approx(1 - 0.7 * 0.7));  // 0.51
  CHECK(affirmed(a, Kind::kAdvocacy));
}

TEST_CASE("scorer: repeating one cue is not more evidence", "[scorer]") {
  const auto a = analyze(test_engine(), "Phoned the plan, phoned again, phoned twice.");
  CHECK(a.moments.size() == 3);
  CHECK(kind_score(a, Kind::kAdvocacy) == Approx(0.3));
  CHECK_FALSE(affirmed(a, Kind::kAdvocacy));
}

TEST_CASE("scorer: negated cues add nothing", "[scorer]") {
  const auto a = analyze(test_engine(), "Phoned the plan and no need to appeal.");
  CHECK(kind_score(a, Kind::kAdvocacy) == Approx(0.3));
  CHECK_FALSE(affirmed(a, Kind::kAdvocacy));
  for (const auto& m : a.moments) {
    if (m.negated) CHECK(m.score == 0.0);
  }
}

TEST_CASE("scorer: the pack's threshold decides", "[scorer]") {
  const auto low = make_engine(with_threshold(0.25));
  CHECK(affirmed(analyze(*low, "Phoned the plan."), Kind::kAdvocacy));

  const auto high = make_engine(with_threshold(0.95));
  CHECK_FALSE(affirmed(analyze(*high, "Appealed the denial."), Kind::kAdvocacy));               // 0.9
  CHECK_FALSE(affirmed(analyze(*high, "Appealed the denial and urged a review."), Kind::kAdvocacy));  // 0.93
  const auto a = analyze(*high, "Appealed the denial, phoned the plan and urged a review.");  // 0.951
  CHECK(kind_score(a, Kind::kAdvocacy) == Approx(1 - 0.1 * 0.7 * 0.7));
  CHECK(affirmed(a, Kind::kAdvocacy));
}

TEST_CASE("category: abstains when nothing is affirmed", "[category]") {
  for (const char* text : {"Routine call, no changes.", "No need to appeal.", "Family involved: [ ] Yes [x] No",
                           "Housing search ongoing.", "If the denial stands we will appeal."}) {
    INFO(text);
    const auto a = analyze(test_engine(), text);
    CHECK(exemplar_test::affirmed_kinds(a).empty());
    CHECK_FALSE(a.category.present);
    CHECK(a.category.ranking.empty());
  }
}

TEST_CASE("category: ranking holds all seven, best first", "[category]") {
  const auto a = analyze(test_engine(), "Appealed the denial.");
  check_ranking(a);
  CHECK(top(a) == "patient_advocate");
  CHECK(a.category.ranking[0].score == Approx(1.0));
  // The rest have no evidence and keep the guide's table order.
  const char* rest[] = {"knowing_tracking",   "simplifying_contact", "coordinating_care",
                        "family_integration", "living_environment",  "life_health_coach"};
  for (int i = 0; i < 6; ++i) {
    CHECK(exemplar::category_id(a.category.ranking[i + 1].category) == std::string(rest[i]));
    CHECK(a.category.ranking[i + 1].score == 0.0);
  }
}

TEST_CASE("category: kind priors and cue weights are shared out", "[category]") {
  SECTION("two kinds") {
    const auto a = analyze(test_engine(), "Daughter attended; CM appealed the denial.");
    check_ranking(a);
    // patient_advocate: prior 0.5 + 0.9 * 1; family_integration: prior 0.5 + 0.8 * 1;
    // nothing else has any weight.
    CHECK(top(a) == "patient_advocate");
    CHECK(exemplar::category_id(a.category.ranking[1].category) == std::string("family_integration"));
    CHECK(score_of(a, "patient_advocate") > score_of(a, "family_integration"));
    CHECK(score_of(a, "family_integration") > 0.3);
    CHECK(score_of(a, "patient_advocate") + score_of(a, "family_integration") == Approx(1.0));
  }
  SECTION("category evidence can decide the turning point") {
    // An appeal that saved someone's housing is living_environment.
    const auto a = analyze(test_engine(), "Appealed the eviction to keep her housing.");
    check_ranking(a);
    CHECK(top(a) == "living_environment");
    CHECK(exemplar::category_id(a.category.ranking[1].category) == std::string("patient_advocate"));
    CHECK(score_of(a, "living_environment") + score_of(a, "patient_advocate") == Approx(1.0));
    REQUIRE(a.evidence.size() == 1);
    CHECK(a.moments.size() == 1);  // evidence is not a moment
  }
  SECTION("only affirmed cues of affirmed kinds count") {
    // The daughter cue (0.8) holds, but the kind misses a 0.85 threshold.
    const auto e = make_engine(with_threshold(0.85));
    const auto a = analyze(*e, "CM appealed the denial; daughter present.");
    CHECK(affirmed(a, Kind::kAdvocacy));
    CHECK_FALSE(affirmed(a, Kind::kFamilyInvolvement));
    check_ranking(a);
    CHECK(score_of(a, "family_integration") == 0.0);
    const auto b = analyze(test_engine(), "Appealed the denial. No daughter present.");
    CHECK(score_of(b, "family_integration") == 0.0);
  }
}

TEST_CASE("category: with no category weights at all, the table order decides", "[category]") {
  const auto e = make_engine(exemplar_test::edited_pack([](nlohmann::json& p) {
    for (auto& c : p["cues"]) c.erase("categories");
    p.erase("kind_categories");
  }));
  const auto a = analyze(*e, "Appealed the denial.");
  check_ranking(a);
  for (int i = 0; i < 7; ++i) {
    CHECK(a.category.ranking[i].category == i);
    CHECK(a.category.ranking[i].score == Approx(1.0 / 7));
  }
  CHECK_THAT(a.category.rationale, Catch::Contains("no category evidence"));
}

TEST_CASE("category: the rationale names the strongest evidence", "[category]") {
  const std::string text = "Appealed the denial.";
  auto a = analyze(test_engine(), text);
  CHECK_THAT(a.category.rationale, Catch::StartsWith("patient_advocate leads with 1.00"));
  CHECK_THAT(a.category.rationale, Catch::Contains("\"Appealed\" (adv.appeal)"));
  CHECK_THAT(a.category.rationale, Catch::Contains("kind advocacy"));
  // Without snippets the rationale quotes no note text, only rule ids.
  exemplar::AnalyzeOptions opts;
  opts.include_snippets = false;
  a = analyze(test_engine(), text, opts);
  CHECK_THAT(a.category.rationale, Catch::Contains("adv.appeal"));
  CHECK_THAT(a.category.rationale, !Catch::Contains("Appealed"));
}
