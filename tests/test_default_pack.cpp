// The embedded default rule pack (core/rules/default.json): it loads, its own
// examples pass, it handles every corpus note, and it gets the traps of the
// labelling guide (MOMENTS.md in the shared spec) right. The trap notes are
// ones any reasonable pack must handle; they define the target for the pack.
#include <catch2/catch.hpp>

#include <string>

#include "sha256.h"
#include "test_support.h"

using exemplar::Engine;
using exemplar::Kind;

namespace {

const Engine& default_engine() {
  static const std::unique_ptr<Engine> engine = [] {
    std::unique_ptr<Engine> e;
    const exemplar::Status st = Engine::create_default(&e);
    INFO("create_default: " << st.message);
    REQUIRE(st.ok());
    return e;
  }();
  return *engine;
}

// The affirmed kinds of a note under the default pack.
std::vector<std::string> kinds(const std::string& text) {
  return exemplar_test::affirmed_kinds(exemplar_test::analyze(default_engine(), text));
}

bool has(const std::vector<std::string>& v, const char* k) { return std::find(v.begin(), v.end(), k) != v.end(); }

}  // namespace

TEST_CASE("default pack: every example of the embedded pack passes", "[default]") {
  // create_default skips the whole-note examples for a faster start; they
  // are checked here instead, on every test run.
  std::unique_ptr<Engine> e;
  const exemplar::Status st = Engine::create_from_json(exemplar::default_rule_pack_json(), &e, /*check_examples=*/true);
  INFO(st.message);
  REQUIRE(st.ok());
  CHECK(e->pack().examples.size() >= 40);
}

TEST_CASE("default pack: the embedded pack loads", "[default]") {
  std::unique_ptr<Engine> e;
  const exemplar::Status st = Engine::create_default(&e);
  INFO(st.message);
  REQUIRE(st.ok());
  CHECK(e->pack().id == "default");
  CHECK_FALSE(e->pack().cues.empty());
  std::array<int, 3> v{};
  CHECK(exemplar::parse_semver(e->pack().version, &v));
}

TEST_CASE("default pack: the embedded bytes are core/rules/default.json", "[default]") {
  const std::string file = exemplar_test::read_file(EXEMPLAR_DEFAULT_PACK_PATH);
  CHECK(exemplar::default_rule_pack_json() == file);
  CHECK(default_engine().pack().sha256 == exemplar::sha256_hex(file));
}

TEST_CASE("default pack: carries whole-note examples", "[default]") {
  CHECK_FALSE(default_engine().pack().examples.empty());
}

TEST_CASE("default pack: every whole-note example gives exactly its kinds", "[default]") {
  const auto& pack = default_engine().pack();
  for (size_t i = 0; i < pack.examples.size(); ++i) {
    const auto& ex = pack.examples[i];
    INFO("/examples/" << i << ": " << ex.text);
    std::vector<std::string> want;
    for (int k = 0; k < exemplar::kMomentKindCount; ++k) {
      for (Kind x : ex.kinds) {
        if (static_cast<int>(x) == k) {
          want.push_back(exemplar::kind_id(x));
          break;
        }
      }
    }
    CHECK(kinds(ex.text) == want);
  }
}

TEST_CASE("default pack: every corpus note is analysed within the contract", "[default][corpus]") {
  for (const char* file : {"dev.jsonl", "test.jsonl"}) {
    for (const std::string& text : exemplar_test::corpus_texts(file)) {
      exemplar_test::check_contract(default_engine(), text, exemplar_test::analyze_json(default_engine(), text));
    }
  }
}

// --- traps from the labelling guide ------------------------------------------

TEST_CASE("default pack trap: No family involvement. is not family_involvement", "[default][trap]") {
  CHECK_FALSE(has(kinds("No family involvement."), "family_involvement"));
}

TEST_CASE("default pack trap: patient advocate office as a job title is not advocacy", "[default][trap]") {
  CHECK_FALSE(has(kinds("Patient advocate office called to schedule."), "advocacy"));
}

TEST_CASE("default pack trap: Family involved form line checked No is not family_involvement", "[default][trap]") {
  CHECK_FALSE(has(kinds("Family involved: [ ] Yes [x] No"), "family_involvement"));
}

TEST_CASE("default pack trap: a conditional appeal is not advocacy", "[default][trap]") {
  CHECK_FALSE(has(kinds("If the denial stands we will appeal."), "advocacy"));
}

TEST_CASE("default pack trap: family medical history is not family_involvement", "[default][trap]") {
  CHECK_FALSE(has(kinds("Mother had diabetes."), "family_involvement"));
}

TEST_CASE("default pack trap: appealing a denial with the plan is advocacy", "[default][trap]") {
  CHECK(has(kinds("Appealed the denial of the MRI with the health plan."), "advocacy"));
}

TEST_CASE("default pack trap: a daughter managing medications is family_involvement", "[default][trap]") {
  CHECK(has(kinds("Daughter attended the care conference and will manage his medications."), "family_involvement"));
}

TEST_CASE("default pack trap: a referral never received is a breakdown", "[default][trap]") {
  CHECK(has(kinds("Referral to home health was never received; pt went 5 days without services."), "breakdown"));
}

TEST_CASE("default pack trap: a supervisor-approved exception is rule_bending", "[default][trap]") {
  CHECK(has(kinds("Supervisor approved an exception to the visit limit."), "rule_bending"));
}

namespace {

// The default pack's context attributes of `target` (its first occurrence) in `text`.
exemplar::ContextResult context_in(const std::string& text, const std::string& target) {
  exemplar::ContextResult r;
  const size_t at = text.find(target);
  INFO(text << " / " << target);
  REQUIRE(at != std::string::npos);
  REQUIRE(default_engine().context_of(text, exemplar::Span{at, at + target.size()}, &r).ok());
  return r;
}

}  // namespace

TEST_CASE("default pack context: discharge instructions make every listed symptom hypothetical", "[default][context]") {
  // ConText scopes a trigger to the end of its sentence: a long list after
  // "call for any" stays hypothetical, not just its first thirty words.
  const std::string text =
      "Call the clinic for any of the following: fever over 101 degrees, chills that do not stop, redness or "
      "swelling around the incision, drainage that smells bad, pain that the medicine does not help, trouble "
      "breathing, chest pain, a racing heartbeat, swelling in one leg, dizziness when standing, confusion, "
      "bleeding that soaks a dressing, or vomiting.";
  CHECK(context_in(text, "fever").hypothetical);
  CHECK(context_in(text, "bleeding that soaks").hypothetical);
  CHECK(context_in(text, "vomiting").hypothetical);
  CHECK_FALSE(context_in("The patient had vomiting overnight.", "vomiting").hypothetical);
}

TEST_CASE("default pack context: findings said to be known, unchanged or redemonstrated are historical",
          "[default][context]") {
  CHECK(context_in("The client is known to have bipolar disorder.", "bipolar disorder").historical);
  CHECK(context_in("Consistent with the patient's known mitral valve prolapse.", "mitral valve prolapse").historical);
  CHECK(context_in("The small renal cyst is unchanged from the prior study.", "renal cyst").historical);
  CHECK(context_in("The nodule in the right lobe is redemonstrated.", "nodule").historical);
  CHECK_FALSE(context_in("The nodule in the right lobe is new.", "nodule").historical);
  // "as previously noted" compares with the past; it does not date the finding.
  CHECK_FALSE(context_in("The wound is draining as previously noted.", "wound is draining").historical);
}

TEST_CASE("default pack context: a prior procedure dates what it treated", "[default][context]") {
  CHECK(context_in("Previous laparoscopic repair of an inguinal hernia.", "inguinal hernia").historical);
  CHECK(context_in("She had a prior hospitalization for diabetic ketoacidosis.", "diabetic ketoacidosis").historical);
  // A prior authorization is paperwork for today's care, not history.
  CHECK_FALSE(context_in("CM submitted the prior authorization for home oxygen.", "home oxygen").historical);
}

TEST_CASE("default pack context: pseudo-negations and clause ends keep a condition affirmed", "[default][context]") {
  CHECK_FALSE(context_in("We do not know the cause of her seizures.", "seizures").negated);
  CHECK_FALSE(context_in("There is no clear diagnosis for his back pain.", "back pain").negated);
  // The refusal is of the drug, not of the pain it was for.
  CHECK_FALSE(context_in("He declined ibuprofen for his knee pain.", "knee pain").negated);
  CHECK(context_in("He declined ibuprofen.", "ibuprofen").negated);
  // A history ends where a new clause reports the present.
  CHECK_FALSE(context_in("History of asthma and denies any recent wheezing.", "wheezing").historical);
  CHECK(context_in("History of asthma and denies any recent wheezing.", "wheezing").negated);
}
