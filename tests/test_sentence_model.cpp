// The sentence model (core/sentence_model.h and Engine::read_sentences): its
// tokenizer and features, the portable logistic function, how its moments
// join the cue moments, and the loader's checks of the "sentence_model"
// section. Weights here are written by hand, so each figure is known.
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "engine.h"
#include "sentence_model.h"
#include "test_support.h"

using exemplar::Code;
using exemplar::Kind;
using exemplar::Status;
using Catch::StartsWith;

namespace {

constexpr int kBreakdown = static_cast<int>(Kind::kBreakdown);
constexpr int kFamily = static_cast<int>(Kind::kFamilyInvolvement);

// "never" 3 + "never came" 2 - 4 = 1: p = 0.731 for "... never came ...".
const char* kModelPack = R"json({
  "schema": "exemplar.rulepack.v1", "id": "m", "version": "1.0.0", "min_engine_version": "0.1.0", "license": "MIT",
  "settings": {"moment_threshold": 0.5},
  "cues": [{"id": "brk.lost", "kind": "breakdown", "pattern": "\\blost the referral\\b", "weight": 0.9}],
  "sections": [{"id": "family_history", "pattern": "family (?:history|hx)", "experiencer": "family"}],
  "sentence_model": {"min_probability": 0.6, "kinds": {
    "breakdown": {"bias": -4, "message": "model says breakdown",
                  "weights": {"never": 3, "never came": 2, "didn't": 1.5, "lost": 3, "referral": 1.5}},
    "family_involvement": {"bias": -2, "weights": {"daughter": 3}}}}
})json";

const exemplar::Engine& model_engine() {
  static const std::unique_ptr<exemplar::Engine> e = exemplar_test::make_engine(kModelPack);
  return *e;
}

exemplar::SentenceReading read(const std::string& sentence) {
  exemplar::SentenceReader reader(model_engine().compiled().sentence_model);
  return reader.read(sentence);
}

Status create(const std::string& json) {
  std::unique_ptr<exemplar::Engine> e;
  return exemplar::Engine::create_from_json(json, &e);
}

// kModelPack with `edit` applied.
template <typename F>
std::string edited(F&& edit) {
  nlohmann::json j = nlohmann::json::parse(kModelPack);
  edit(j);
  return j.dump();
}

}  // namespace

TEST_CASE("sentence model: logistic is exact at 0 and matches the C library elsewhere", "[sentence_model]") {
  CHECK(exemplar::logistic(0.0) == 0.5);
  for (double z = -40.0; z <= 40.0; z += 0.37) {
    INFO("z = " << z);
    CHECK(exemplar::logistic(z) == Approx(1.0 / (1.0 + std::exp(-z))).epsilon(1e-13));
  }
  CHECK(exemplar::logistic(1e6) == 1.0);
  CHECK(exemplar::logistic(-1e6) >= 0.0);
}

TEST_CASE("sentence model: words and word pairs, each counted once, any case", "[sentence_model]") {
  // -4 + never 3 + "never came" 2 = 1
  CHECK(read("The night nurse never came.").probability[kBreakdown] == Approx(exemplar::logistic(1.0)));
  CHECK(read("NEVER CAME").probability[kBreakdown] == Approx(exemplar::logistic(1.0)));
  // Repeating a word is not more evidence: "never" counts once per sentence.
  CHECK(read("never, never, never").probability[kBreakdown] == Approx(exemplar::logistic(-1.0)));
  // Punctuation between the words still makes a pair ("never" "came").
  CHECK(read("never... came").probability[kBreakdown] == Approx(exemplar::logistic(1.0)));
  // "didn't" is one word; "didn" alone is not it.
  CHECK(read("he didn't").probability[kBreakdown] == Approx(exemplar::logistic(-2.5)));
  CHECK(read("he didn t").probability[kBreakdown] == Approx(exemplar::logistic(-4.0)));
  // Non-ASCII letters separate words: "nevercame" is not "never".
  CHECK(read("nevercame").probability[kBreakdown] == Approx(exemplar::logistic(-4.0)));
  CHECK(read("caf\xC3\xA9never").probability[kBreakdown] == Approx(exemplar::logistic(-1.0)));
  // A kind the model does not have reads 0.
  CHECK(read("never came").probability[static_cast<int>(Kind::kAdvocacy)] == 0.0);
}

TEST_CASE("sentence model: the strongest positive features explain a reading", "[sentence_model]") {
  const auto r = read("We never came back about the lost referral.");
  const auto& m = model_engine().compiled().sentence_model;
  std::vector<std::string> terms;
  for (int row : r.terms[kBreakdown]) {
    if (row >= 0) terms.push_back(m.table.feature(row));
  }
  // lost 3 and never 3 tie: the first met in the text comes first.
  CHECK(terms == std::vector<std::string>{"never", "lost", "never came"});
}

TEST_CASE("sentence model: a sentence at the bar becomes a moment with its probability", "[sentence_model]") {
  const std::string text = "Home visit done. The night nurse never came. Plan: call agency.";
  const auto a = exemplar_test::analyze(model_engine(), text);
  REQUIRE(a.moments.size() == 1);
  const auto& m = a.moments[0];
  CHECK(exemplar_test::rule_id(model_engine(), m) == "sentence_model.breakdown");
  CHECK(exemplar_test::cue_text(text, m) == "never came");  // its strongest words
  CHECK(m.affirmed);
  CHECK(m.probability == Approx(exemplar::logistic(1.0)));
  CHECK(a.kind_scores[kBreakdown] == Approx(exemplar::logistic(1.0)));
  CHECK(a.kind_affirmed[kBreakdown]);
  CHECK(m.terms == std::vector<std::string>{"never", "never came"});
}

TEST_CASE("sentence model: below the bar, or where a cue of the kind is affirmed, no model moment", "[sentence_model]") {
  // -4 + never 3 = -1: p 0.27 < 0.6.
  CHECK(exemplar_test::analyze(model_engine(), "Never mind the forms.").moments.empty());
  // The cue already explains the sentence; the model adds nothing there.
  const auto a = exemplar_test::analyze(model_engine(), "Agency lost the referral.");
  REQUIRE(a.moments.size() == 1);
  CHECK(exemplar_test::rule_id(model_engine(), a.moments[0]) == "brk.lost");
  // In another sentence it does count, after the cue in text order.
  const auto b = exemplar_test::analyze(model_engine(), "Agency lost the referral. Daughter drove her in.");
  REQUIRE(b.moments.size() == 2);
  CHECK(exemplar_test::rule_id(model_engine(), b.moments[1]) == "sentence_model.family_involvement");
  CHECK(b.kind_affirmed[kFamily]);
}

TEST_CASE("sentence model: a section heading still applies to a model moment", "[sentence_model]") {
  const auto a = exemplar_test::analyze(model_engine(), "Family history:\nThe nurse never came for his father.");
  REQUIRE(a.moments.size() == 1);
  CHECK(a.moments[0].experiencer == exemplar::Experiencer::kFamily);
  CHECK_FALSE(a.moments[0].affirmed);
  CHECK_FALSE(a.kind_affirmed[kBreakdown]);
}

TEST_CASE("sentence model: JSON names the probability and, with snippets, the terms", "[sentence_model]") {
  const std::string text = "The nurse never came.";
  const auto j = nlohmann::json::parse(exemplar_test::analyze_json(model_engine(), text));
  REQUIRE(j["moments"].size() == 1);
  CHECK(j["moments"][0]["rule"] == "sentence_model.breakdown");
  CHECK(j["moments"][0]["message"] == "model says breakdown");
  CHECK(j["moments"][0]["model"]["probability"] == 0.731);
  CHECK(j["moments"][0]["model"]["terms"] == nlohmann::json::array({"never", "never came"}));
  exemplar::AnalyzeOptions quiet;
  quiet.include_snippets = false;
  const auto q = nlohmann::json::parse(exemplar_test::analyze_json(model_engine(), text, quiet));
  CHECK(q["moments"][0]["model"]["probability"] == 0.731);
  CHECK_FALSE(q["moments"][0]["model"].contains("terms"));
}

TEST_CASE("sentence model: the loader names the faulty field", "[sentence_model][rulepack]") {
  struct Case {
    std::string json;
    std::string prefix;
  };
  const std::vector<Case> cases = {
      {edited([](nlohmann::json& j) { j["sentence_model"]["kinds"]["breakdown"]["weights"]["Never"] = 1; }),
       "/sentence_model/kinds/breakdown/weights/Never: not a feature"},
      {edited([](nlohmann::json& j) { j["sentence_model"]["kinds"]["breakdown"]["weights"]["no  show"] = 1; }),
       "/sentence_model/kinds/breakdown/weights/no  show: not a feature"},
      {edited([](nlohmann::json& j) { j["sentence_model"]["kinds"]["breakdown"]["weights"]["never"] = "3"; }),
       "/sentence_model/kinds/breakdown/weights/never: must be a number"},
      {edited([](nlohmann::json& j) { j["sentence_model"]["kinds"]["breakdown"].erase("bias"); }),
       "/sentence_model/kinds/breakdown/bias: missing required field"},
      {edited([](nlohmann::json& j) { j["sentence_model"]["kinds"]["evidence"] = {{"bias", 0}, {"weights", {}}}; }),
       "/sentence_model/kinds/evidence: unknown moment kind"},
      {edited([](nlohmann::json& j) { j["sentence_model"]["min_probability"] = 0; }),
       "/sentence_model/min_probability: must be between"},
      {edited([](nlohmann::json& j) { j["sentence_model"]["kinds"] = nlohmann::json::object(); }),
       "/sentence_model/kinds: must hold at least one moment kind"},
      {edited([](nlohmann::json& j) { j["sentence_model"]["threshold"] = 0.5; }),
       "/sentence_model/threshold: unknown field"},
      {edited([](nlohmann::json& j) { j["cues"][0]["id"] = "sentence_model.breakdown"; }),
       "/sentence_model/kinds/breakdown: duplicate rule id"},
  };
  for (const Case& c : cases) {
    const Status st = create(c.json);
    INFO(st.message);
    CHECK(st.code == Code::kRulepackInvalid);
    CHECK_THAT(st.message, StartsWith(c.prefix));
  }
}

TEST_CASE("sentence model: a pack without one reads no sentences", "[sentence_model]") {
  const auto e = exemplar_test::make_engine(edited([](nlohmann::json& j) { j.erase("sentence_model"); }));
  CHECK_FALSE(e->compiled().sentence_model.present);
  CHECK(exemplar_test::analyze(*e, "The night nurse never came.").moments.empty());
}

TEST_CASE("sentence model: the cue spans the strongest words, or only the strongest when they lie far apart",
          "[sentence_model]") {
  // never 3, lost 3, referral 1.5: -4 + 7.5 = 3.5.
  const std::string near = "They never sent it and lost our referral too.";  // no "lost the referral" cue
  const auto a = exemplar_test::analyze(model_engine(), near);
  REQUIRE(a.moments.size() == 1);
  CHECK(exemplar_test::cue_text(near, a.moments[0]) == "never sent it and lost our referral");
  std::string filler;
  for (int i = 0; i < 40; ++i) filler += "words ";
  const std::string far = "They never sent it, " + filler + "and lost it.";
  const auto b = exemplar_test::analyze(model_engine(), far);
  REQUIRE(b.moments.size() == 1);
  CHECK(exemplar_test::cue_text(far, b.moments[0]) == "never");
}

TEST_CASE("sentence model: a weak cue of the kind leaves its sentence to the model as well", "[sentence_model]") {
  // A hint (0.3, under the 0.5 threshold) cannot make the moment alone; the
  // model still reads its sentence and the two add up (noisy-or).
  const auto e = exemplar_test::make_engine(edited([](nlohmann::json& j) {
    j["cues"].push_back({{"id", "brk.hint"}, {"kind", "breakdown"}, {"pattern", "\\bnurse\\b"}, {"weight", 0.3}});
  }));
  const auto a = exemplar_test::analyze(*e, "The night nurse never came.");
  REQUIRE(a.moments.size() == 2);
  CHECK(exemplar_test::rule_id(*e, a.moments[0]) == "brk.hint");
  CHECK(exemplar_test::rule_id(*e, a.moments[1]) == "sentence_model.breakdown");
  CHECK(a.kind_scores[kBreakdown] == Approx(1.0 - 0.7 * (1.0 - exemplar::logistic(1.0))));
  CHECK(a.kind_affirmed[kBreakdown]);
}

TEST_CASE("sentence model: a trigger that opens the sentence governs the model's reading", "[sentence_model][context]") {
  const auto with_if = [](bool opens) {
    return exemplar_test::make_engine(edited([opens](nlohmann::json& j) {
      j["context"] = {{{"id", "hyp.if"}, {"role", "hypothetical"}, {"pattern", "\\bif\\b"}, {"opens_sentence", opens}}};
    }));
  };
  const auto opens = with_if(true), plain = with_if(false);
  // The model's own words are its evidence: a plain trigger inside them does not count.
  const auto p = exemplar_test::analyze(*plain, "If the daughter can come we will meet Thurs.");
  REQUIRE(p.moments.size() == 1);
  CHECK(p.moments[0].affirmed);
  // An opening "If" makes the whole sentence conditional, bullet or not.
  for (const char* text :
       {"If the daughter can come we will meet Thurs.", "Called pt.\n- if daughter can come, meet Thurs"}) {
    INFO(text);
    const auto o = exemplar_test::analyze(*opens, text);
    REQUIRE(o.moments.size() == 1);
    CHECK(o.moments[0].hypothetical);
    CHECK_FALSE(o.moments[0].affirmed);
    CHECK_FALSE(o.kind_affirmed[kFamily]);
  }
  // Later in the sentence the same word is left to the model.
  const auto later = exemplar_test::analyze(*opens, "The daughter will drive her if it rains.");
  REQUIRE(later.moments.size() == 1);
  CHECK(later.moments[0].affirmed);
}

TEST_CASE("sentence model: the loader checks opens_sentence", "[sentence_model][rulepack]") {
  const auto pack = [](nlohmann::json rule) {
    return edited([&rule](nlohmann::json& j) { j["context"] = {rule}; });
  };
  const nlohmann::json base = {{"id", "hyp.if"}, {"role", "hypothetical"}, {"pattern", "\\bif\\b"}};
  const auto with = [&base](const nlohmann::json& extra) {
    nlohmann::json r = base;
    r.update(extra);
    return r;
  };
  struct Case {
    nlohmann::json rule;
    std::string prefix;
  };
  const std::vector<Case> cases = {
      {with({{"opens_sentence", "yes"}}), "/context/0/opens_sentence: must be true or false"},
      {with({{"opens_sentence", true}, {"direction", "backward"}}),
       "/context/0/opens_sentence: only a rule with a forward scope"},
      {{{"id", "p"}, {"role", "pseudo"}, {"pattern", "if only"}, {"opens_sentence", true}},
       "/context/0/opens_sentence: only a rule with a forward scope"},
  };
  for (const Case& c : cases) {
    const Status st = create(pack(c.rule));
    INFO(st.message);
    CHECK(st.code == Code::kRulepackInvalid);
    CHECK_THAT(st.message, StartsWith(c.prefix));
  }
  CHECK(create(pack(with({{"opens_sentence", true}}))).ok());
}
