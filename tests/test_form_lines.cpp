// Stage 1b: templated structure of a line (core/form_lines.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "form_lines.h"
#include "text_layout.h"

using exemplar::Checkbox;
using exemplar::Span;

namespace {

std::string str(std::string_view text, Span s) { return std::string(text.substr(s.start, s.end - s.start)); }

Span whole(std::string_view text) { return exemplar::trim_span(text, Span{0, text.size()}); }

struct Parsed {
  bool ok = false;
  std::string label, value;
};

Parsed form(std::string_view text) {
  exemplar::FormLine f;
  Parsed p;
  p.ok = exemplar::parse_form_line(text, Span{0, text.size()}, whole(text), &f);
  if (p.ok) {
    p.label = str(text, f.label);
    p.value = str(text, f.value);
    CHECK(f.line.start == 0);
    CHECK(f.line.end == text.size());
  }
  return p;
}

struct Box {
  bool checked;
  std::string option;
  bool operator==(const Box& o) const { return checked == o.checked && option == o.option; }
};
std::ostream& operator<<(std::ostream& os, const Box& b) {
  return os << (b.checked ? "[x] " : "[ ] ") << '"' << b.option << '"';
}

std::vector<Box> boxes(std::string_view text) {
  std::vector<Checkbox> cbs;
  exemplar::find_checkboxes(text, whole(text), &cbs);
  std::vector<Box> out;
  for (const auto& cb : cbs) out.push_back({cb.checked, str(text, cb.option)});
  return out;
}

bool heading(std::string_view text, std::string* label) {
  exemplar::CapsHeading h;
  if (!exemplar::parse_caps_heading(text, Span{0, text.size()}, whole(text), &h)) return false;
  *label = str(text, h.label);
  return true;
}

using Boxes = std::vector<Box>;

}  // namespace

TEST_CASE("form lines: Field: value", "[form]") {
  auto p = form("Family involved: [x] Yes");
  CHECK(p.ok);
  CHECK(p.label == "Family involved");
  CHECK(p.value == "[x] Yes");

  p = form("Advocacy needs:   none  ");
  CHECK(p.ok);
  CHECK(p.label == "Advocacy needs");
  CHECK(p.value == "none");

  p = form("Family History:");
  CHECK(p.ok);
  CHECK(p.label == "Family History");
  CHECK(p.value.empty());

  p = form("- Plan: f/u in 2 wks");  // behind a bullet
  CHECK(p.ok);
  CHECK(p.label == "Plan");
  CHECK(p.value == "f/u in 2 wks");

  p = form("Re: meds");
  CHECK(p.ok);
  CHECK(p.label == "Re");
}

TEST_CASE("form lines: prose with a colon is not a field", "[form]") {
  CHECK_FALSE(form("Pt stable. Plan: continue").ok);                           // sentence punctuation in label
  CHECK_FALSE(form("CM called the plan and the pharmacy and the PCP: ok").ok);  // more than six words
  CHECK_FALSE(form("No colon on this line").ok);
  CHECK_FALSE(form(": leading colon").ok);
  CHECK_FALSE(form("3 items: a, b").ok);  // a label starts with a letter
}

TEST_CASE("form lines: times like 10:30 are not labels", "[form]") {
  CHECK_FALSE(form("Seen at 10:30 with daughter").ok);
  CHECK_FALSE(form("Call back 2:15 tomorrow").ok);
  // A time in the value of a real field is fine.
  const auto p = form("Appt: 4/2 at 10:30");
  CHECK(p.ok);
  CHECK(p.label == "Appt");
  CHECK(p.value == "4/2 at 10:30");
}

TEST_CASE("form lines: checkboxes and their options", "[form]") {
  CHECK(boxes("[x] Yes [ ] No") == Boxes{{true, "Yes"}, {false, "No"}});
  CHECK(boxes("[X] Yes / [ ] No") == Boxes{{true, "Yes"}, {false, "No"}});
  CHECK(boxes("[ ] Yes, [x] No") == Boxes{{false, "Yes"}, {true, "No"}});
  CHECK(boxes("\xE2\x98\x90 Yes \xE2\x98\x91 No") == Boxes{{false, "Yes"}, {true, "No"}});  // ☐ ☑
  CHECK(boxes("\xE2\x98\x92 Family meeting held") == Boxes{{true, "Family meeting held"}});   // ☒
  CHECK(boxes("(x) Phone ( ) In person") == Boxes{{true, "Phone"}, {false, "In person"}});
  CHECK(boxes("[\xE2\x9C\x93] Done [] Not done") == Boxes{{true, "Done"}, {false, "Not done"}});  // [✓] []
  CHECK(boxes("[ ] Family meeting held") == Boxes{{false, "Family meeting held"}});
  CHECK(boxes("no boxes here (or here)").empty());
  // Offsets point at the glyphs.
  const std::string text = "Family involved: [ ] Yes [x] No";
  std::vector<Checkbox> cbs;
  exemplar::find_checkboxes(text, whole(text), &cbs);
  REQUIRE(cbs.size() == 2);
  CHECK(cbs[0].box.start == text.find("[ ]"));
  CHECK(cbs[0].box.end == text.find("[ ]") + 3);
  CHECK(cbs[1].box.start == text.find("[x]"));
}

TEST_CASE("form lines: headings in capitals", "[form]") {
  std::string label;
  CHECK(heading("PLAN", &label));
  CHECK(label == "PLAN");
  CHECK(heading("FAMILY HX:", &label));
  CHECK(label == "FAMILY HX");
  CHECK(heading("  S/O & PLAN  ", &label));
  CHECK(label == "S/O & PLAN");
  CHECK_FALSE(heading("Plan", &label));                     // lower case
  CHECK_FALSE(heading("PT STABLE.", &label));               // sentence punctuation
  CHECK_FALSE(heading("A", &label));                        // too short
  CHECK_FALSE(heading("ONE TWO THREE FOUR FIVE", &label));  // too many words
  CHECK_FALSE(heading("BP 120/80", &label));                // digits
}

TEST_CASE("form lines: bullets", "[form]") {
  auto len = [](std::string_view t) { return exemplar::bullet_length(t, whole(t)); };
  CHECK(len("- item") == 2);
  CHECK(len("*   item") == 4);
  CHECK(len("\xE2\x80\xA2 item") == 4);  // •
  CHECK(len("1. item") == 3);
  CHECK(len("12) item") == 4);
  CHECK(len("a) item") == 3);
  CHECK(len("-5 lbs") == 0);
  CHECK(len("1.5mg daily") == 0);
  CHECK(len("item") == 0);
}

TEST_CASE("form lines: the layout collects fields, boxes and headings of a note", "[form]") {
  const std::string note =
      "HEALTH PLAN REVIEW\n"
      "Member: L. Baptiste\n"
      "Family involved: [ ] Yes [x] No\n"
      "Seen at 10:30 with daughter.\n"
      "[x] Family meeting held\n";
  const auto layout = exemplar::analyze_layout(note);
  REQUIRE(layout.caps_headings.size() == 1);
  CHECK(str(note, layout.caps_headings[0].label) == "HEALTH PLAN REVIEW");
  REQUIRE(layout.form_lines.size() == 2);
  CHECK(str(note, layout.form_lines[0].label) == "Member");
  CHECK(str(note, layout.form_lines[1].label) == "Family involved");
  CHECK(str(note, layout.form_lines[1].value) == "[ ] Yes [x] No");
  REQUIRE(layout.checkboxes.size() == 3);
  CHECK_FALSE(layout.checkboxes[0].checked);
  CHECK(layout.checkboxes[1].checked);
  CHECK(str(note, layout.checkboxes[2].option) == "Family meeting held");
  CHECK(layout.checkboxes[2].checked);
}
