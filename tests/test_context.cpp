// Stage 3: context (core/context_resolver.h, core/section_map.h,
// core/template_answers.h) as seen through Engine::analyze, on the unit-test
// pack. Each case checks the cue's attributes, whether it is affirmed, and
// whether the note-level kind follows.
#include <catch2/catch.hpp>

#include <string>

#include "test_support.h"

using exemplar::Experiencer;
using exemplar::Kind;
using exemplar_test::affirmed;
using exemplar_test::analyze;
using exemplar_test::make_engine;
using exemplar_test::only_moment;
using exemplar_test::test_engine;

namespace {

// The single appeal cue of a one-sentence note.
exemplar::Moment appeal_in(const std::string& text, const exemplar::Engine& e = test_engine()) {
  const auto a = analyze(e, text);
  INFO(text);
  return only_moment(e, a, "adv.appeal");
}

std::string applied_rule(const exemplar::Engine& e, const exemplar::AppliedTrigger& t) {
  return t.rule >= 0 ? e.pack().context[t.rule].id : "section." + e.pack().sections[t.section].id;
}

}  // namespace

TEST_CASE("context: a plain cue is affirmed for the client", "[context]") {
  const auto a = analyze(test_engine(), "CM appealed the denial.");
  const auto m = only_moment(test_engine(), a, "adv.appeal");
  CHECK(m.affirmed);
  CHECK_FALSE(m.negated);
  CHECK_FALSE(m.hypothetical);
  CHECK_FALSE(m.historical);
  CHECK_FALSE(m.templated);
  CHECK(m.experiencer == Experiencer::kClient);
  CHECK(m.triggers.empty());
  CHECK(affirmed(a, Kind::kAdvocacy));
}

TEST_CASE("context: forward negation within its word limit", "[context][negation]") {
  // neg.no looks forward at most 3 words.
  auto m = appeal_in("No need to appeal.");
  CHECK(m.negated);
  CHECK_FALSE(m.affirmed);
  REQUIRE(m.triggers.size() == 1);
  CHECK(applied_rule(test_engine(), m.triggers[0]) == "neg.no");
  CHECK(m.triggers[0].span.start == 0);
  CHECK(m.triggers[0].span.end == 2);

  CHECK(appeal_in("No real need to appeal.").negated);              // 3 words between: in scope
  CHECK_FALSE(appeal_in("No real pressing need to appeal.").negated);  // 4 words: out of scope
  CHECK_FALSE(appeal_in("No one on the team had any reason to doubt; CM appealed.").negated);
  // Forward only: a trigger after the cue does not negate it.
  CHECK_FALSE(appeal_in("Appealed, no doubt about it.").negated);
  CHECK_FALSE(affirmed(analyze(test_engine(), "No need to appeal."), Kind::kAdvocacy));
}

TEST_CASE("context: backward negation within its word limit", "[context][negation]") {
  // neg.declined looks backward at most 3 words.
  const std::string text = "Family meeting was declined.";
  const auto a = analyze(test_engine(), text);
  const auto m = only_moment(test_engine(), a, "fam.meeting");
  CHECK(m.negated);
  CHECK_FALSE(m.affirmed);
  CHECK_FALSE(affirmed(a, Kind::kFamilyInvolvement));

  // Two cues, one trigger: only the near one is in scope.
  const auto b = analyze(test_engine(), "Family meeting held and daughter later declined.");
  CHECK_FALSE(only_moment(test_engine(), b, "fam.meeting").negated);  // 4 words away
  CHECK(only_moment(test_engine(), b, "fam.daughter").negated);       // 1 word away
  CHECK(affirmed(b, Kind::kFamilyInvolvement));

  // Backward only: a trigger before the cue does not negate it.
  CHECK_FALSE(only_moment(test_engine(), analyze(test_engine(), "Declined at first, then a family meeting was held."),
                          "fam.meeting")
                  .negated);
}

TEST_CASE("context: scope ends at the clause", "[context][negation]") {
  CHECK_FALSE(appeal_in("No denial letter; appealed anyway.").negated);
  CHECK_FALSE(appeal_in("No letter -- appealed anyway.").negated);
  CHECK(appeal_in("No letter, appealed anyway.").negated);  // a comma does not end the clause
}

TEST_CASE("context: pseudo-triggers such as 'no longer' do not negate", "[context][negation]") {
  const std::string text = "CM no longer waiting, appealed today.";
  const auto m = appeal_in(text);
  CHECK_FALSE(m.negated);
  CHECK(m.affirmed);
  // The same sentence with the pseudo-trigger rule removed from the pack is
  // negated: the "no" is in scope, only the pseudo rule masks it.
  const auto without = make_engine(exemplar_test::edited_pack(
      [](nlohmann::json& p) { exemplar_test::remove_context_rule(p, "pseudo.no_longer"); }));
  CHECK(appeal_in(text, *without).negated);
}

TEST_CASE("context: terminators such as 'but' end a trigger's scope", "[context][negation]") {
  const std::string text = "No letter but appealed anyway.";
  CHECK_FALSE(appeal_in(text).negated);
  CHECK(appeal_in("No letter and appealed anyway.").negated);
  const auto without = make_engine(
      exemplar_test::edited_pack([](nlohmann::json& p) { exemplar_test::remove_context_rule(p, "term.but"); }));
  CHECK(appeal_in(text, *without).negated);
}

TEST_CASE("context: a terminator may run into a forward trigger's target, not into a backward trigger",
          "[context][negation]") {
  // A comma-and-verb terminator, like the default pack's: ", appealed"
  // starts a new clause although its verb is the cue itself.
  const auto e = make_engine(exemplar_test::edited_pack([](nlohmann::json& p) {
    p["context"].push_back({{"id", "term.comma_verb"}, {"role", "terminate"},
                            {"pattern", ",\\s*(?:appealed|was)\\b"}});
  }));
  CHECK_FALSE(appeal_in("No letter came, appealed the same day.", *e).negated);
  CHECK(appeal_in("No letter came, appealed the same day.").negated);  // without the terminator
  // Backward: ", was declined" - the terminator's ", was" runs into the
  // trigger "was declined"; it is part of the trigger, not a clause break.
  const auto back = make_engine(exemplar_test::edited_pack([](nlohmann::json& p) {
    p["context"].push_back({{"id", "term.comma_verb"}, {"role", "terminate"},
                            {"pattern", ",\\s*(?:appealed|was)\\b"}});
    p["context"].push_back({{"id", "neg.was_declined"}, {"role", "negated"},
                            {"pattern", "\\bwas declined\\b"}, {"direction", "backward"}, {"max_words", 3}});
  }));
  CHECK(appeal_in("The appeal, was declined.", *back).negated);
}

TEST_CASE("context: a trigger inside the cue itself does not negate it", "[context][negation]") {
  const std::string text = "Referral never received.";
  const auto a = analyze(test_engine(), text);
  const auto m = only_moment(test_engine(), a, "brk.never_received");
  CHECK(exemplar_test::cue_text(text, m) == "never received");
  CHECK_FALSE(m.negated);
  CHECK(m.affirmed);
  CHECK(m.triggers.empty());
  CHECK(affirmed(a, Kind::kBreakdown));
  // The same trigger outside a cue does negate.
  CHECK(appeal_in("CM never appealed.").negated);
}

TEST_CASE("context: a breakdown cue that says an omission is not negated again", "[context][negation]") {
  // "No" scopes over the cue, but the cue's own "not" already says what was
  // missing: the two do not cancel.
  const std::string text = "No answer, staff did not call the MD.";
  const auto a = analyze(test_engine(), text);
  const auto m = only_moment(test_engine(), a, "brk.did_not_call");
  CHECK_FALSE(m.negated);
  CHECK(m.affirmed);
  CHECK(affirmed(a, Kind::kBreakdown));
  // A negation that governs the cue's own clause still applies.
  CHECK(only_moment(test_engine(), analyze(test_engine(), "Staff said no, did not call."), "brk.did_not_call").affirmed);
  CHECK(only_moment(test_engine(), analyze(test_engine(), "It is not so staff did not call."), "brk.did_not_call")
            .negated);
  // Hypothetical context still applies.
  CHECK(only_moment(test_engine(), analyze(test_engine(), "If staff did not call the MD we will."), "brk.did_not_call")
            .hypothetical);
  // Other kinds' negated wording states a rule: an outer "no" still negates.
  const auto b = analyze(test_engine(), "No sign he is not eligible.");
  const auto r = only_moment(test_engine(), b, "rb.not_eligible");
  CHECK(r.negated);
  CHECK_FALSE(affirmed(b, Kind::kRuleBending));
}

TEST_CASE("context: hypothetical cues are not affirmed", "[context][hypothetical]") {
  const auto a = analyze(test_engine(), "If the denial stands we will appeal.");
  const auto m = only_moment(test_engine(), a, "adv.appeal");
  CHECK(m.hypothetical);
  CHECK_FALSE(m.negated);
  CHECK_FALSE(m.affirmed);
  CHECK(m.score == 0.0);
  CHECK_FALSE(affirmed(a, Kind::kAdvocacy));
  CHECK_FALSE(a.category.present);

  const auto b = analyze(test_engine(), "Will consider a family meeting.");
  CHECK(only_moment(test_engine(), b, "fam.meeting").hypothetical);
  CHECK_FALSE(affirmed(b, Kind::kFamilyInvolvement));
  // Out of the trigger's 8-word scope.
  CHECK_FALSE(appeal_in("If the weather is fine on Monday the whole team will appeal.").hypothetical);
}

TEST_CASE("context: a hypothetical cue next to an affirmed one keeps the kind", "[context][hypothetical]") {
  const auto a = analyze(test_engine(), "CM appealed the denial. If it stands we will appeal again.");
  const auto ms = exemplar_test::moments_of(test_engine(), a, "adv.appeal");
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].affirmed);
  CHECK(ms[1].hypothetical);
  CHECK(affirmed(a, Kind::kAdvocacy));
}

TEST_CASE("context: historical cues are marked and still count", "[context][historical]") {
  const auto a = analyze(test_engine(), "Appealed a denial in 2019.");
  const auto m = only_moment(test_engine(), a, "adv.appeal");
  CHECK(m.historical);
  CHECK(m.affirmed);
  CHECK(m.score == Approx(0.9 * 0.9));  // historical moments weigh a little less
  CHECK(affirmed(a, Kind::kAdvocacy));
  CHECK_FALSE(appeal_in("Appealed the denial today.").historical);
}

TEST_CASE("context: family and other experiencers", "[context][experiencer]") {
  auto m = appeal_in("Mother appealed her own disability denial.");
  CHECK(m.experiencer == Experiencer::kFamily);
  CHECK_FALSE(m.affirmed);
  CHECK_FALSE(affirmed(analyze(test_engine(), "Mother appealed her own disability denial."), Kind::kAdvocacy));
  // "both" directions: the trigger may follow the cue.
  CHECK(appeal_in("Appealed by her sister.").experiencer == Experiencer::kFamily);
  m = appeal_in("Roommate appealed his eviction.");
  CHECK(m.experiencer == Experiencer::kOther);
  CHECK_FALSE(m.affirmed);
  CHECK(appeal_in("Maternal aunt appealed a disability denial.").experiencer == Experiencer::kClient);
}

TEST_CASE("context: a Family History section makes its cues family", "[context][section]") {
  const std::string text =
      "Family History:\n"
      "Maternal aunt appealed a disability denial.\n"
      "\n"
      "CM appealed the MRI denial today.";
  const auto a = analyze(test_engine(), text);
  const auto ms = exemplar_test::moments_of(test_engine(), a, "adv.appeal");
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].experiencer == Experiencer::kFamily);
  CHECK_FALSE(ms[0].affirmed);
  REQUIRE(ms[0].triggers.size() == 1);
  CHECK(applied_rule(test_engine(), ms[0].triggers[0]) == "section.family_history");
  // After the blank line the section is over.
  CHECK(ms[1].experiencer == Experiencer::kClient);
  CHECK(ms[1].affirmed);
  CHECK(affirmed(a, Kind::kAdvocacy));

  SECTION("a heading in capitals") {
    const auto b = analyze(test_engine(), "FAMILY HX\nMaternal aunt appealed a disability denial.");
    CHECK(only_moment(test_engine(), b, "adv.appeal").experiencer == Experiencer::kFamily);
    CHECK_FALSE(affirmed(b, Kind::kAdvocacy));
  }
  SECTION("an inline value covers only its own line") {
    const auto b = analyze(test_engine(), "Family hx: aunt appealed a denial\nCM appealed the MRI denial.");
    const auto bs = exemplar_test::moments_of(test_engine(), b, "adv.appeal");
    REQUIRE(bs.size() == 2);
    CHECK(bs[0].experiencer == Experiencer::kFamily);
    CHECK(bs[1].experiencer == Experiencer::kClient);
  }
  SECTION("historical and hypothetical sections") {
    auto b = analyze(test_engine(), "Past History:\nappealed a denial");
    CHECK(only_moment(test_engine(), b, "adv.appeal").historical);
    CHECK(affirmed(b, Kind::kAdvocacy));
    b = analyze(test_engine(), "Contingency plan:\nappeal the denial");
    CHECK(only_moment(test_engine(), b, "adv.appeal").hypothetical);
    CHECK_FALSE(affirmed(b, Kind::kAdvocacy));
  }
}

TEST_CASE("context: templated form lines affirm only with an affirming answer", "[context][template]") {
  struct Case {
    const char* text;
    const char* rule;
    bool affirmed;
  };
  const Case cases[] = {
      {"Family involved: [ ] Yes [x] No", "fam.meeting", false},
      {"Family involved: [x] Yes [ ] No", "fam.meeting", true},
      {"Family involved: \xE2\x98\x90 Yes \xE2\x98\x91 No", "fam.meeting", false},  // ☐ Yes ☑ No
      {"Family involved: [ ] Yes [ ] No", "fam.meeting", false},                     // unanswered
      {"Family involved: No", "fam.meeting", false},
      {"Family involved: yes", "fam.meeting", true},
      {"Family involved: N/A", "fam.meeting", false},
      {"Family involved:", "fam.meeting", false},  // blank
      {"Advocacy needs: none", "adv.form", false},
      {"Advocacy needs: called the plan to dispute the bill", "adv.form", true},  // free text describes it
      {"[ ] Family meeting held", "fam.meeting", false},
      {"[x] Family meeting held", "fam.meeting", true},
      {"\xE2\x98\x91 Family meeting held", "fam.meeting", true},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const auto a = analyze(test_engine(), c.text);
    const auto m = only_moment(test_engine(), a, c.rule);
    CHECK(m.templated);
    CHECK(m.affirmed == c.affirmed);
    CHECK_FALSE(m.negated);
    const Kind k = test_engine().pack().cues[m.rule].kind;
    CHECK(affirmed(a, k) == c.affirmed);
  }
  // The answer is not itself a cue: "Yes" in the value is not the label.
  const auto a = analyze(test_engine(), "Notes: family meeting held with the daughter");
  CHECK_FALSE(only_moment(test_engine(), a, "fam.meeting").templated);
  CHECK(affirmed(a, Kind::kFamilyInvolvement));
}

TEST_CASE("context: templated lines in a whole note", "[context][template]") {
  const std::string note =
      "HEALTH PLAN REVIEW\n"
      "Member: L. Baptiste\n"
      "Family involved: [ ] Yes [x] No\n"
      "Advocacy needs: none\n"
      "[ ] Family meeting held\n"
      "Next review in 90 days.";
  const auto a = analyze(test_engine(), note);
  CHECK(a.moments.size() == 3);
  for (const auto& m : a.moments) {
    CHECK(m.templated);
    CHECK_FALSE(m.affirmed);
  }
  CHECK(exemplar_test::affirmed_kinds(a).empty());
  CHECK_FALSE(a.category.present);
}

TEST_CASE("context: Engine::context_of reports the attributes of any span", "[context]") {
  const auto& e = test_engine();
  const std::string text = "If the denial stands, no one will appeal.";
  exemplar::ContextResult r;
  const size_t at = text.find("appeal");
  REQUIRE(e.context_of(text, exemplar::Span{at, at + 6}, &r).ok());
  CHECK(r.hypothetical);
  CHECK(r.negated);
  CHECK(r.experiencer == Experiencer::kClient);
  CHECK(r.triggers.size() == 2);

  REQUIRE(e.context_of(text, exemplar::Span{0, 2}, &r).ok());  // "If" itself
  CHECK_FALSE(r.negated);

  CHECK(e.context_of(text, exemplar::Span{5, text.size() + 1}, &r).code == exemplar::Code::kIndexOutOfRange);
  CHECK(e.context_of(text, exemplar::Span{6, 5}, &r).code == exemplar::Code::kIndexOutOfRange);
  CHECK(e.context_of("\xFF", exemplar::Span{0, 1}, &r).code == exemplar::Code::kInvalidUtf8);
  CHECK(e.context_of(text, exemplar::Span{0, 1}, nullptr).code == exemplar::Code::kNullArgument);
}
