// The category model (core/category_model.h) and how the categorizer mixes
// it into the rule ranking, on the unit-test pack with hand-set weights, so
// each figure is known; and the loader's checks of "category_model".
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "category_model.h"
#include "portable_math.h"
#include "test_support.h"

using Catch::StartsWith;
using exemplar_test::analyze;
using exemplar_test::make_engine;

namespace {

constexpr int kPatientAdvocate = 3;
constexpr int kLivingEnvironment = 5;

// Categories listed in an order other than the guide's, to check the mapping:
// the arrays follow "categories".
nlohmann::json model_section(double share) {
  return {{"share", share},
          {"categories", {"living_environment", "knowing_tracking", "simplifying_contact", "coordinating_care",
                          "patient_advocate", "family_integration", "life_health_coach"}},
          {"bias", {0, 0, 0, 0, 0, 0, 0}},
          {"weights", {{"rent", {2, 0, 0, 0, 0, 0, 0}}, {"back rent", {1, 0, 0, 0, 0, 0, 0}},
                       {"denial", {0, 0, 0, 0, 1.5, 0, 0}}}}};
}

std::string pack_with_model(double share) {
  return exemplar_test::edited_pack([share](nlohmann::json& p) { p["category_model"] = model_section(share); });
}

std::string category_of(const exemplar::Analysis& a, int rank) {
  REQUIRE(a.category.present);
  return exemplar::category_id(a.category.ranking.at(rank).category);
}

double score_of(const exemplar::Analysis& a, int category) {
  for (const auto& c : a.category.ranking) {
    if (c.category == category) return c.score;
  }
  FAIL("category not ranked");
  return -1;
}

// The softmax of seven scores where `hot` has z and the others 0.
double softmax_one(double z) { return exemplar::exp_portable(z) / (exemplar::exp_portable(z) + 6.0); }

exemplar::Status create(const std::string& json) {
  std::unique_ptr<exemplar::Engine> e;
  return exemplar::Engine::create_from_json(json, &e);
}

}  // namespace

TEST_CASE("category model: a softmax over the note's distinct words and pairs", "[category_model]") {
  const auto e = make_engine(pack_with_model(0.5));
  const auto& m = e->compiled().category_model;
  REQUIRE(m.present);
  // "rent" 2 + "back rent" 1 = 3 for living_environment; counted once each.
  const auto p = exemplar::read_category_probabilities(m, "Owes BACK RENT; rent, rent, rent.");
  CHECK(p[kLivingEnvironment] == Approx(softmax_one(3.0)));
  CHECK(p[0] == Approx((1.0 - softmax_one(3.0)) / 6));
  double sum = 0;
  for (double v : p) sum += v;
  CHECK(sum == Approx(1.0));
  // No known feature: the bias alone, here uniform.
  const auto q = exemplar::read_category_probabilities(m, "Nothing here.");
  for (double v : q) CHECK(v == Approx(1.0 / 7));
}

TEST_CASE("category model: mixed into the rule ranking by its share", "[category_model]") {
  // The rules alone say patient_advocate (adv.appeal, kind advocacy).
  const std::string text = "Appealed the eviction; she owes rent.";
  const auto rules = analyze(exemplar_test::test_engine(), text);
  const double rules_living = score_of(rules, kLivingEnvironment);
  const double rules_advocate = score_of(rules, kPatientAdvocate);
  for (double share : {0.0, 0.3, 0.9}) {
    const auto e = make_engine(pack_with_model(share));
    const auto a = analyze(*e, text);
    const double model_living = softmax_one(2.0), model_other = (1.0 - model_living) / 6;
    CHECK(score_of(a, kLivingEnvironment) == Approx((1 - share) * rules_living + share * model_living));
    CHECK(score_of(a, kPatientAdvocate) == Approx((1 - share) * rules_advocate + share * model_other));
    double sum = 0;
    for (const auto& c : a.category.ranking) sum += c.score;
    CHECK(sum == Approx(1.0));
  }
  // A large share lets the model decide, and the rationale says so.
  const auto e = make_engine(pack_with_model(0.9));
  const auto a = analyze(*e, "Appealed the denial. She owes back rent.");
  CHECK(category_of(a, 0) == "living_environment");
  CHECK_THAT(a.category.rationale, StartsWith("living_environment leads with"));
  CHECK_THAT(a.category.rationale, Catch::Contains("category model +"));
}

TEST_CASE("category model: it never decides whether there is a moment", "[category_model]") {
  const auto e = make_engine(pack_with_model(0.9));
  const auto a = analyze(*e, "She owes back rent.");
  CHECK(a.moments.empty());
  CHECK_FALSE(a.category.present);
}

TEST_CASE("category model: the loader names the faulty field", "[category_model][rulepack]") {
  auto with = [](auto edit) {
    return exemplar_test::edited_pack([&](nlohmann::json& p) {
      p["category_model"] = model_section(0.3);
      edit(p["category_model"]);
    });
  };
  auto error = [](const std::string& json) {
    const exemplar::Status st = create(json);
    CHECK(st.code == exemplar::Code::kRulepackInvalid);
    return st.message;
  };
  CHECK(create(with([](nlohmann::json&) {})).ok());
  CHECK_THAT(error(with([](nlohmann::json& m) { m["share"] = 1.5; })), StartsWith("/category_model/share:"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m["categories"].erase(6); })),
             StartsWith("/category_model/categories:"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m["categories"][6] = "living_environment"; })),
             StartsWith("/category_model/categories/6: category \"living_environment\" listed twice"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m["categories"][2] = "coaching"; })),
             StartsWith("/category_model/categories/2: unknown story category"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m["bias"].erase(0); })), StartsWith("/category_model/bias:"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m["weights"]["rent"][3] = "x"; })),
             StartsWith("/category_model/weights/rent/3:"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m["weights"]["Rent"] = {1, 0, 0, 0, 0, 0, 0}; })),
             StartsWith("/category_model/weights/Rent: not a feature the model can see"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m["weights"]["rent"] = 2; })),
             StartsWith("/category_model/weights/rent: must be an array of 7 numbers"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m["extra"] = 1; })), StartsWith("/category_model"));
  CHECK_THAT(error(with([](nlohmann::json& m) { m.erase("bias"); })), StartsWith("/category_model"));
}
