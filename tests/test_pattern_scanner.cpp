// Stage 2: where rules fire (core/pattern_scanner.h), on the unit-test pack.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "pattern_scanner.h"
#include "test_support.h"

using exemplar::Hit;
using exemplar::Span;
using exemplar_test::test_engine;

namespace {

int cue_index(const std::string& id) {
  const auto& cues = test_engine().pack().cues;
  for (size_t i = 0; i < cues.size(); ++i) {
    if (cues[i].id == id) return static_cast<int>(i);
  }
  FAIL("no cue " << id);
  return -1;
}

std::vector<std::tuple<size_t, size_t>> spans(const std::vector<Hit>& hits) {
  std::vector<std::tuple<size_t, size_t>> out;
  for (const Hit& h : hits) out.emplace_back(h.start, h.end);
  return out;
}

using Spans = std::vector<std::tuple<size_t, size_t>>;

std::vector<Hit> scan(std::string_view text) {
  std::vector<Hit> hits;
  exemplar::scan_cues(test_engine().compiled(), text, exemplar::analyze_layout(text), &hits);
  return hits;
}

// Reference result: every moment-cue rule (not category evidence) searched
// in every sentence separately.
std::vector<Hit> brute_force(std::string_view text) {
  const auto& cp = test_engine().compiled();
  const auto layout = exemplar::analyze_layout(text);
  std::vector<Hit> out;
  for (const Span& s : layout.sentences) {
    for (size_t r = 0; r < cp.cue_res.size(); ++r) {
      if (cp.pack.cues[r].kind == exemplar::Kind::kEvidence) continue;
      exemplar::find_all(*cp.cue_res[r], static_cast<int>(r), text, s, &out);
    }
  }
  std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) {
    return std::make_tuple(a.start, b.end, a.rule) < std::make_tuple(b.start, a.end, b.rule);
  });
  return out;
}

bool same_hits(const std::vector<Hit>& a, const std::vector<Hit>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].rule != b[i].rule || a[i].start != b[i].start || a[i].end != b[i].end) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("scanner: find_all reports every match inside the span", "[scanner]") {
  const auto& re = *test_engine().compiled().cue_res[cue_index("adv.appeal")];
  const std::string text = "Appeal filed, appealed again; appeals pending. appealing.";
  std::vector<Hit> hits;
  exemplar::find_all(re, 7, text, Span{0, text.size()}, &hits);
  CHECK(spans(hits) == Spans{{0, 6}, {14, 22}, {30, 37}, {47, 56}});
  for (const Hit& h : hits) CHECK(h.rule == 7);

  // Only matches wholly inside the span.
  hits.clear();
  exemplar::find_all(re, 0, text, Span{10, 40}, &hits);
  CHECK(spans(hits) == Spans{{14, 22}, {30, 37}});
  hits.clear();
  exemplar::find_all(re, 0, text, Span{14, 20}, &hits);  // cuts "appealed" short: \b fails at 20
  CHECK(hits.empty());
}

TEST_CASE("scanner: the whole text gives the context for word boundaries", "[scanner]") {
  const auto& re = *test_engine().compiled().cue_res[cue_index("adv.appeal")];
  const std::string text = "reappeal appeal";
  std::vector<Hit> hits;
  exemplar::find_all(re, 0, text, Span{2, text.size()}, &hits);  // the span starts inside "reappeal"
  CHECK(spans(hits) == Spans{{9, 15}});
}

TEST_CASE("scanner: patterns that can match the empty string terminate", "[scanner]") {
  re2::RE2 empty_or_appeal("(?:appeal)?", exemplar::pattern_options());
  REQUIRE(empty_or_appeal.ok());
  const std::string text = "x appeal y appeal";
  std::vector<Hit> hits;
  exemplar::find_all(empty_or_appeal, 0, text, Span{0, text.size()}, &hits);
  CHECK(spans(hits) == Spans{{2, 8}, {11, 17}});
  re2::RE2 star("z*", exemplar::pattern_options());
  hits.clear();
  exemplar::find_all(star, 0, text, Span{0, text.size()}, &hits);
  CHECK(hits.empty());
}

TEST_CASE("scanner: matching is case-insensitive and offsets are UTF-8 bytes", "[scanner]") {
  const std::string text = "Caf\xC3\xA9 \xE2\x80\x94 CM APPEALED; the daughter \xF0\x9F\x98\x80 helped.";
  const auto hits = scan(text);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].rule == cue_index("adv.appeal"));
  CHECK(hits[0].start == text.find("APPEALED"));
  CHECK(hits[0].end == text.find("APPEALED") + 8);
  CHECK(hits[1].rule == cue_index("fam.daughter"));
  CHECK(hits[1].start == text.find("daughter"));
}

TEST_CASE("scanner: scan_cues finds what a per-sentence search finds, in order", "[scanner]") {
  // Many sentences, most without cues, so that chunks of several sentences
  // are dismissed or searched sentence by sentence.
  std::string note;
  for (int i = 0; i < 200; ++i) {
    if (i % 37 == 5) note += "CM appealed the denial and phoned the plan. ";
    else if (i % 53 == 7) note += "Daughter joined; family meeting set, housing stable.\n";
    else if (i % 41 == 0) note += "Referral never received; exception requested.\n\n";
    else note += "Routine call, vitals stable, no changes to the plan. ";
  }
  REQUIRE(note.size() > 3 * 2048);
  const auto hits = scan(note);
  const auto expected = brute_force(note);
  CHECK(expected.size() > 20);
  CHECK(same_hits(hits, expected));
  for (size_t i = 1; i < hits.size(); ++i) {
    const bool ordered = hits[i - 1].start < hits[i].start ||
                         (hits[i - 1].start == hits[i].start && hits[i - 1].end >= hits[i].end);
    if (!ordered) FAIL("hits out of order at " << i);
  }
}

TEST_CASE("scanner: one sentence longer than a chunk is still searched", "[scanner]") {
  std::string note = "Long call with the plan";
  for (int i = 0; i < 400; ++i) note += ", reviewed item " + std::to_string(i);
  note += " and finally appealed the denial.";
  REQUIRE(note.size() > 2048);
  const auto hits = scan(note);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].start == note.find("appealed"));
}

TEST_CASE("scanner: category evidence is scanned separately from moment cues", "[scanner]") {
  const std::string text = "Housing stable. CM appealed; housing again.";
  const auto cues = scan(text);
  REQUIRE(cues.size() == 1);
  CHECK(cues[0].rule == cue_index("adv.appeal"));
  std::vector<Hit> ev;
  exemplar::scan_evidence(test_engine().compiled(), text, &ev);
  CHECK(spans(ev) == Spans{{0, 7}, {29, 36}});
  for (const Hit& h : ev) CHECK(h.rule == cue_index("ev.housing"));
}

TEST_CASE("scanner: a note without cues has no hits", "[scanner]") {
  CHECK(scan("Routine call. Vitals stable. Next visit in two weeks.").empty());
  CHECK(scan("apple appellate appease").empty());
}

TEST_CASE("scanner: scan_context finds triggers only inside the span", "[scanner]") {
  const auto& cp = test_engine().compiled();
  const std::string text = "No need. If it fails we will appeal but not today.";
  const size_t second = text.find("If");
  std::vector<Hit> hits;
  exemplar::scan_context(cp, text, Span{second, text.size()}, &hits);
  std::vector<std::string> ids;
  for (const Hit& h : hits) {
    CHECK(h.start >= second);
    ids.push_back(cp.pack.context[h.rule].id);
  }
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"hyp.if", "neg.no", "term.but"});  // "not" is neg.no
}

TEST_CASE("engine: overlapping hits of one kind count once", "[scanner]") {
  const auto e = exemplar_test::make_engine(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
    "min_engine_version": "0.1.0", "license": "MIT",
    "cues": [{"id": "adv.short", "kind": "advocacy", "pattern": "\\bappealed\\b", "weight": 0.5},
             {"id": "adv.long", "kind": "advocacy", "pattern": "\\bappealed the denial\\b", "weight": 0.9},
             {"id": "brk.denial", "kind": "breakdown", "pattern": "\\bdenial\\b", "weight": 0.9}]})");
  const std::string text = "CM appealed the denial.";
  const auto a = exemplar_test::analyze(*e, text);
  REQUIRE(a.moments.size() == 2);  // the longer advocacy hit, and the breakdown one of another kind
  CHECK(exemplar_test::rule_id(*e, a.moments[0]) == "adv.long");
  CHECK(exemplar_test::cue_text(text, a.moments[0]) == "appealed the denial");
  CHECK(exemplar_test::rule_id(*e, a.moments[1]) == "brk.denial");
  CHECK(a.kind_scores[static_cast<int>(exemplar::Kind::kAdvocacy)] == Approx(0.9));
}
