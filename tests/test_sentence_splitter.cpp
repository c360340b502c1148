// Stage 1: sentences and clauses (core/sentence_splitter.h, core/text_layout.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sentence_splitter.h"
#include "test_support.h"
#include "text_layout.h"

using exemplar::analyze_layout;
using exemplar::Span;

namespace {

std::vector<std::string> texts(std::string_view text, const std::vector<Span>& spans) {
  std::vector<std::string> out;
  for (const Span& s : spans) out.emplace_back(text.substr(s.start, s.end - s.start));
  return out;
}

std::vector<std::string> sentences(std::string_view text) { return texts(text, analyze_layout(text).sentences); }
std::vector<std::string> clauses(std::string_view text) { return texts(text, analyze_layout(text).clauses); }

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("splitter: plain sentences split at . ! ?", "[splitter]") {
  CHECK(sentences("Called pt. Left VM! Will retry?") == V{"Called pt.", "Left VM!", "Will retry?"});
  CHECK(sentences("  Pt seen.   ") == V{"Pt seen."});
  CHECK(sentences("Pt said \"no.\" Then left.") == V{"Pt said \"no.\"", "Then left."});
  CHECK(sentences("Done...  Next.") == V{"Done...", "Next."});
}

TEST_CASE("splitter: abbreviations do not end sentences", "[splitter]") {
  SECTION("pt.") {
    CHECK(sentences("Called pt. and left VM. Daughter called back.") ==
          V{"Called pt. and left VM.", "Daughter called back."});
    // ... but an abbreviation followed by a capitalised word does end one.
    CHECK(sentences("Spoke with pt. Daughter present.") == V{"Spoke with pt.", "Daughter present."});
  }
  SECTION("titles: Dr. Mr. Mrs.") {
    CHECK(sentences("Spoke with Dr. Lee about the plan. Pt agreed.") ==
          V{"Spoke with Dr. Lee about the plan.", "Pt agreed."});
    CHECK(sentences("Mrs. Adeyemi and Mr. Ruiz attended.") == V{"Mrs. Adeyemi and Mr. Ruiz attended."});
  }
  SECTION("f/u") {
    CHECK(sentences("Pt to f/u. with PCP in 2 wks. Next call Fri.") ==
          V{"Pt to f/u. with PCP in 2 wks.", "Next call Fri."});
  }
  SECTION("e.g. and i.e.") {
    CHECK(sentences("Needs DME, e.g. a shower chair. Will order.") == V{"Needs DME, e.g. a shower chair.", "Will order."});
    CHECK(sentences("Needs a payer, e.g. Medicaid waiver. Will apply.") ==
          V{"Needs a payer, e.g. Medicaid waiver.", "Will apply."});
    CHECK(sentences("Use the main line, i.e. the VA number. Done.") ==
          V{"Use the main line, i.e. the VA number.", "Done."});
  }
  SECTION("initials") {
    CHECK(sentences("Spoke with J. Ortiz at the agency. She agreed.") ==
          V{"Spoke with J. Ortiz at the agency.", "She agreed."});
    CHECK(sentences("Met T.J. at clinic. Stable.") == V{"Met T.J. at clinic.", "Stable."});
  }
  CHECK(exemplar::is_abbreviation_dot("Called pt. and", 0, 9, 11));
  CHECK_FALSE(exemplar::is_abbreviation_dot("Left VM. Then", 0, 7, 9));
  CHECK(exemplar::is_abbreviation_dot("See Dr. Lee", 0, 6, 8));
}

TEST_CASE("splitter: decimals do not split", "[splitter]") {
  CHECK(sentences("Gave 3.5 mg of lorazepam. Pt calm.") == V{"Gave 3.5 mg of lorazepam.", "Pt calm."});
  CHECK(sentences("Weight down 1.5 lbs this week.") == V{"Weight down 1.5 lbs this week."});
  CHECK(sentences("A1c 7.2 today. Was 8.1.") == V{"A1c 7.2 today.", "Was 8.1."});
}

TEST_CASE("splitter: bullets start sentences", "[splitter]") {
  CHECK(sentences("Plan discussed with pt\n- call the plan\n- schedule f/u") ==
        V{"Plan discussed with pt", "- call the plan", "- schedule f/u"});
  CHECK(sentences("Tasks:\n1. called the plan\n2. sent the fax") == V{"Tasks:", "1. called the plan", "2. sent the fax"});
  CHECK(sentences("\xE2\x80\xA2 called the plan\n\xE2\x80\xA2 sent the fax") ==
        V{"\xE2\x80\xA2 called the plan", "\xE2\x80\xA2 sent the fax"});
}

TEST_CASE("splitter: blank lines start sentences", "[splitter]") {
  CHECK(sentences("Called the plan\n\nthe fax was sent") == V{"Called the plan", "the fax was sent"});
  CHECK(sentences("Called the plan\n   \t\nthe fax was sent") == V{"Called the plan", "the fax was sent"});
  // Without the blank line, the lower-case line continues the sentence.
  CHECK(sentences("Called the plan\nthe fax was sent") == V{"Called the plan\nthe fax was sent"});
}

TEST_CASE("splitter: Label: value lines start sentences", "[splitter]") {
  CHECK(sentences("Spoke with pt about meds\nAssessment: stable\nPlan: f/u in 2 wks") ==
        V{"Spoke with pt about meds", "Assessment: stable", "Plan: f/u in 2 wks"});
  // A bare label closes at its line end even when the next line is lower case.
  CHECK(sentences("Family History:\nmother had diabetes") == V{"Family History:", "mother had diabetes"});
}

TEST_CASE("splitter: checkbox lines start sentences", "[splitter]") {
  CHECK(sentences("Reviewed options with pt\n[x] Family meeting held\n[ ] referral sent") ==
        V{"Reviewed options with pt", "[x] Family meeting held", "[ ] referral sent"});
  CHECK(sentences("Family involved: [ ] Yes [x] No\nNext f/u 3/14.") ==
        V{"Family involved: [ ] Yes [x] No", "Next f/u 3/14."});
  CHECK(sentences("Discussed plan\n\xE2\x98\x90 daughter present") == V{"Discussed plan", "\xE2\x98\x90 daughter present"});
}

TEST_CASE("splitter: wrapped lines are joined", "[splitter]") {
  SECTION("lower-case continuation") {
    CHECK(sentences("CM spoke with the daughter about\nthe discharge plan today. Pt agreed.") ==
          V{"CM spoke with the daughter about\nthe discharge plan today.", "Pt agreed."});
  }
  SECTION("a line ending in an open word such as 'with'") {
    CHECK(sentences("CM met with\nDr. Ruiz and the team.") == V{"CM met with\nDr. Ruiz and the team."});
    CHECK(sentences("Faxed the orders to\nBrightwater HHA.") == V{"Faxed the orders to\nBrightwater HHA."});
  }
  SECTION("a line ending in a comma") {
    CHECK(sentences("Called the plan,\nPharmacy and PCP.") == V{"Called the plan,\nPharmacy and PCP."});
  }
  SECTION("a capitalised line after a complete line is a new sentence") {
    CHECK(sentences("Called pt\nLeft VM") == V{"Called pt", "Left VM"});
    CHECK(sentences("Called pt.\nthen left VM") == V{"Called pt.", "then left VM"});
  }
}

TEST_CASE("splitter: clauses split at semicolons and dashes", "[splitter]") {
  CHECK(clauses("Called plan; appeal filed.") == V{"Called plan", "appeal filed."});
  // A single spaced hyphen is not a clause break: in clinical text it joins a
  // label to its value ("ALLERGIES - NONE"), and negation must cross it.
  CHECK(clauses("ALLERGIES - NONE.") == V{"ALLERGIES - NONE."});
  {
    const V c = clauses("Pt agreed -- daughter will drive.");
    REQUIRE(c.size() == 2);
    CHECK(c[0] == "Pt agreed");
    CHECK_THAT(c[1], Catch::EndsWith("daughter will drive."));
  }
  CHECK(clauses("Pt agreed \xE2\x80\x94 daughter will drive.") == V{"Pt agreed", "daughter will drive."});
  CHECK(clauses("Re: the appeal") == V{"Re", "the appeal"});
  // Hyphens inside words, times and ratios do not split.
  CHECK(clauses("Well-known pt, seen at 10:30, pain 6/10.") == V{"Well-known pt, seen at 10:30, pain 6/10."});
  CHECK(clauses("-5 lbs since last visit.") == V{"-5 lbs since last visit."});
}

TEST_CASE("splitter: sentence_at and clause_at find the enclosing span", "[splitter]") {
  const std::string text = "Called plan; appeal filed. Pt agreed.";
  const auto layout = analyze_layout(text);
  REQUIRE(layout.sentences.size() == 2);
  REQUIRE(layout.clauses.size() == 3);
  CHECK(layout.sentence_at(0) == 0);
  CHECK(layout.sentence_at(text.find("appeal")) == 0);
  CHECK(layout.sentence_at(text.find("Pt")) == 1);
  CHECK(layout.sentence_at(text.find(" Pt")) == std::string::npos);  // the space between sentences
  CHECK(layout.clause_at(text.find("appeal")) == 1);
  CHECK(layout.clause_at(text.find(';')) == std::string::npos);
  CHECK(layout.sentence_at(text.size()) == std::string::npos);
}

TEST_CASE("splitter: layout invariants hold on every corpus note", "[splitter][corpus]") {
  for (const char* file : {"dev.jsonl", "test.jsonl"}) {
    for (const std::string& text : exemplar_test::corpus_texts(file)) {
      const auto layout = analyze_layout(text);
      INFO(text);
      REQUIRE_FALSE(layout.sentences.empty());
      std::vector<bool> covered(text.size(), false);
      size_t prev_end = 0;
      for (const Span& s : layout.sentences) {
        REQUIRE(s.start < s.end);
        REQUIRE(s.end <= text.size());
        REQUIRE(s.start >= prev_end);  // in order, non-overlapping
        REQUIRE(text[s.start] != ' ');
        REQUIRE(text[s.end - 1] != ' ');
        REQUIRE(text[s.end - 1] != '\n');
        for (size_t p = s.start; p < s.end; ++p) covered[p] = true;
        prev_end = s.end;
      }
      // Every visible byte belongs to a sentence.
      for (size_t p = 0; p < text.size(); ++p) {
        const char c = text[p];
        if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && !covered[p]) FAIL("byte " << p << " in no sentence");
      }
      prev_end = 0;
      for (const Span& c : layout.clauses) {
        REQUIRE(c.start < c.end);
        REQUIRE(c.start >= prev_end);
        const size_t si = layout.sentence_at(c.start);
        REQUIRE(si != std::string::npos);
        REQUIRE(layout.sentences[si].covers(c.start, c.end));
        prev_end = c.end;
      }
      for (const auto& f : layout.form_lines) REQUIRE(f.line.covers(f.label.start, f.label.end));
      for (const auto& cb : layout.checkboxes) REQUIRE(cb.box.end <= text.size());
    }
  }
}
