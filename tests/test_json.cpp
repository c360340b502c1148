// Stage 6: the public JSON document "exemplar.analysis.v1"
// (core/analysis_json.h, core/json_writer.h) and the analyze() entry checks.
// Output is parsed with nlohmann::json and checked field by field against
// the contract in the project issue.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include "analysis_json.h"
#include "json_writer.h"
#include "test_support.h"
#include "version.h"

using exemplar::Code;
using exemplar_test::analyze_json;
using exemplar_test::check_contract;
using exemplar_test::make_engine;
using exemplar_test::test_engine;
using json = nlohmann::json;

namespace {
const std::string kEllipsis = "\xE2\x80\xA6";
}  // namespace

TEST_CASE("json: every field of the contract, with an id", "[json]") {
  const std::string text = "CM appealed the denial; daughter present. No family meeting needed.";
  const std::string id = "note-42";
  const std::string out = analyze_json(test_engine(), text, {}, &id);
  const json j = check_contract(test_engine(), text, out, &id);
  REQUIRE(j["moments"].size() == 3);
  const json& m = j["moments"][0];
  CHECK(m["kind"] == "advocacy");
  CHECK(m["rule"] == "adv.appeal");
  CHECK(m["start"] == text.find("appealed"));
  CHECK(m["end"] == text.find("appealed") + 8);
  CHECK(m["sentence"]["start"] == 0);
  CHECK(m["sentence"]["end"] == text.find(" No"));
  CHECK(m["cue"] == "appealed");
  CHECK(m["snippet"] == "CM appealed the denial; daughter present.");
  CHECK(m["negated"] == false);
  CHECK(m["hypothetical"] == false);
  CHECK(m["historical"] == false);
  CHECK(m["experiencer"] == "client");
  CHECK(m["templated"] == false);
  CHECK(m["affirmed"] == true);
  CHECK(m["score"] == Approx(0.9));
  const json& neg = j["moments"][2];
  CHECK(neg["rule"] == "fam.meeting");
  CHECK(neg["negated"] == true);
  CHECK(neg["affirmed"] == false);
  CHECK(neg["score"] == 0);
  CHECK(j["kinds"] == json::array({"advocacy", "family_involvement"}));
  CHECK(j["category"]["id"] == "patient_advocate");
  CHECK(j["category"]["label"] == "The case manager as patient advocate");
  CHECK(j["category"]["ranking"][1]["id"] == "family_integration");
  CHECK(j["category"]["score"].get<double>() > 0.5);
}

TEST_CASE("json: no id field without an id, null category when abstaining", "[json]") {
  const std::string text = "Family involved: [ ] Yes [x] No";
  const json j = check_contract(test_engine(), text, analyze_json(test_engine(), text));
  CHECK_FALSE(j.contains("id"));
  REQUIRE(j["moments"].size() == 1);  // the templated cue is listed...
  CHECK(j["moments"][0]["templated"] == true);
  CHECK(j["moments"][0]["affirmed"] == false);
  CHECK(j["kinds"].empty());  // ...but affirms nothing
  CHECK(j["category"].is_null());
}

TEST_CASE("json: the contract holds on every corpus note", "[json][corpus]") {
  size_t with_moments = 0;
  for (const char* file : {"dev.jsonl", "test.jsonl"}) {
    for (const std::string& text : exemplar_test::corpus_texts(file)) {
      const json j = check_contract(test_engine(), text, analyze_json(test_engine(), text));
      with_moments += j["moments"].empty() ? 0 : 1;
    }
  }
  CHECK(with_moments > 10);
}

TEST_CASE("json: output is byte-identical across runs and engines", "[json][determinism]") {
  std::vector<std::string> notes = exemplar_test::corpus_texts("dev.jsonl");
  notes.push_back("CM appealed the denial; daughter present. No family meeting needed.");
  notes.push_back("Appealed the eviction to keep her housing. Referral never received; exception requested.");
  const auto other = make_engine(exemplar_test::kTestPack);
  const std::string id = "same";
  for (const std::string& text : notes) {
    const std::string first = analyze_json(test_engine(), text, {}, &id);
    CHECK(analyze_json(test_engine(), text, {}, &id) == first);
    CHECK(analyze_json(*other, text, {}, &id) == first);
  }
}

TEST_CASE("json: snippets are cut on UTF-8 boundaries", "[json][snippet]") {
  // A long sentence of 1-, 2-, 3- and 4-byte characters, so that every cut
  // position falls somewhere inside a character for some cue.
  std::string sentence;
  const char* pieces[] = {"a", "\xC3\xA9", "\xE2\x80\x94", "\xF0\x9F\x98\x80", " "};
  for (int i = 0; i < 300; ++i) sentence += pieces[(i * 7 + i / 5) % 5];
  REQUIRE(sentence.size() > 500);
  REQUIRE(exemplar_test::valid_utf8(sentence));
  const exemplar::Span s{0, sentence.size()};
  size_t cases = 0;
  for (size_t start = 0; start + 8 < sentence.size(); ++start) {
    if (exemplar::utf8_sequence_length(sentence, start) == 0) continue;  // not a character start
    size_t end = start;
    for (int k = 0; k < 2 && end < sentence.size(); ++k) end += exemplar::utf8_sequence_length(sentence, end);
    const std::string cue = sentence.substr(start, end - start);
    const std::string snip = exemplar::make_snippet(sentence, s, exemplar::Span{start, end});
    INFO("cue at " << start);
    if (!exemplar_test::valid_utf8(snip)) FAIL("snippet is not valid UTF-8");
    if (snip.find(cue) == std::string::npos) FAIL("snippet lost the cue");
    std::string body = snip;
    const bool cut_front = body.compare(0, 3, kEllipsis) == 0;
    if (cut_front) body.erase(0, 3);
    const bool cut_back = body.size() >= 3 && body.compare(body.size() - 3, 3, kEllipsis) == 0;
    if (cut_back) body.erase(body.size() - 3);
    if (!cut_front && !cut_back) FAIL("a 240-byte window of a longer sentence must be cut");
    if (body.size() > 240) FAIL("snippet body is " << body.size() << " bytes, over 240");
    if (sentence.find(body) == std::string::npos) FAIL("snippet body is not a piece of the sentence");
    ++cases;
  }
  CHECK(cases > 250);
  // A short sentence is quoted whole.
  CHECK(exemplar::make_snippet("Pt appealed.", exemplar::Span{0, 12}, exemplar::Span{3, 11}) == "Pt appealed.");
}

TEST_CASE("json: a long sentence gives a valid, shortened snippet", "[json][snippet]") {
  std::string text = "Caf\xC3\xA9 visit";
  for (int i = 0; i < 60; ++i) text += ", \xE2\x80\x94 item \xF0\x9F\x98\x80";
  text += " and CM appealed the denial";
  for (int i = 0; i < 60; ++i) text += ", r\xC3\xA9vis\xC3\xA9";
  text += ".";
  const json j = check_contract(test_engine(), text, analyze_json(test_engine(), text));
  REQUIRE(j["moments"].size() == 1);
  const std::string snippet = j["moments"][0]["snippet"];
  CHECK(exemplar_test::valid_utf8(snippet));
  CHECK(snippet.size() <= 240 + 2 * kEllipsis.size());
  CHECK(snippet.compare(0, 3, kEllipsis) == 0);
  CHECK(snippet.find("appealed") != std::string::npos);
}

TEST_CASE("json: include_snippets=false leaves no note text in the output", "[json][privacy]") {
  const std::string text =
      "Mrs Rutherford appealed the MRI denial on Tuesday; daughter Penelope joined.\n"
      "Housing remains unstable at Maplewood.";
  exemplar::AnalyzeOptions opts;
  opts.include_snippets = false;
  const std::string out = analyze_json(test_engine(), text, opts);
  const json j = check_contract(test_engine(), text, out, nullptr, false);
  CHECK(j["moments"].size() == 2);
  CHECK(j["kinds"].size() == 2);

  // Every word of the note that the pack itself does not contain must be
  // absent from the output, whatever its case.
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string pack = lower(exemplar_test::kTestPack);
  const std::string lout = lower(out);
  std::set<std::string> checked;
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) {
      word += text[i];
      continue;
    }
    if (word.size() >= 4 && pack.find(lower(word)) == std::string::npos) {
      checked.insert(word);
      CHECK_THAT(lout, !Catch::Contains(lower(word)));
    }
    word.clear();
  }
  CHECK(checked.count("Rutherford") == 1);
  CHECK(checked.count("Penelope") == 1);
  CHECK(checked.count("Maplewood") == 1);
  CHECK(checked.size() >= 6);
  // With snippets, the same words are there.
  const std::string with = analyze_json(test_engine(), text);
  CHECK_THAT(with, Catch::Contains("Rutherford"));
  CHECK_THAT(with, Catch::Contains("Penelope"));
}

TEST_CASE("json: invalid UTF-8 is an error unless repair is asked for", "[json][utf8]") {
  const std::string text = "\xC0\xAF CM appealed the denial.";
  std::string out;
  exemplar::Status st = test_engine().analyze_json(text, {}, nullptr, &out);
  CHECK(st.code == Code::kInvalidUtf8);
  CHECK_THAT(st.message, Catch::Contains("offset 0"));

  exemplar::AnalyzeOptions opts;
  opts.replace_invalid_utf8 = true;
  st = test_engine().analyze_json(text, opts, nullptr, &out);
  REQUIRE(st.ok());
  // Offsets refer to the repaired text: each of the two bad bytes became U+FFFD.
  const std::string repaired = exemplar::repair_utf8(text);
  REQUIRE(repaired == "\xEF\xBF\xBD\xEF\xBF\xBD CM appealed the denial.");
  const json j = check_contract(test_engine(), repaired, out);
  REQUIRE(j["moments"].size() == 1);
  CHECK(j["moments"][0]["start"] == repaired.find("appealed"));
  CHECK(j["moments"][0]["start"] != text.find("appealed"));
  CHECK(j["moments"][0]["cue"] == "appealed");
  CHECK(j["moments"][0]["snippet"] == repaired);

  // Engine::analyze hands out the repaired text the offsets refer to...
  exemplar::Analysis a;
  std::string got;
  REQUIRE(test_engine().analyze(text, opts, &a, &got).ok());
  CHECK(got == repaired);
  CHECK(a.moments.at(0).span.start == repaired.find("appealed"));
  // ...and leaves it empty when nothing needed repair.
  got = "stale";
  REQUIRE(test_engine().analyze("CM appealed.", opts, &a, &got).ok());
  CHECK(got.empty());
}

TEST_CASE("json: empty notes and oversized notes are refused", "[json]") {
  std::string out;
  CHECK(test_engine().analyze_json("", {}, nullptr, &out).code == Code::kInvalidArgument);
  const std::string text = "CM appealed the denial.";
  exemplar::AnalyzeOptions opts;
  opts.max_note_bytes = text.size() - 1;
  const exemplar::Status st = test_engine().analyze_json(text, opts, nullptr, &out);
  CHECK(st.code == Code::kNoteTooLarge);
  CHECK_THAT(st.message, Catch::Contains(std::to_string(text.size())));
  opts.max_note_bytes = text.size();  // the limit itself is allowed
  CHECK(test_engine().analyze_json(text, opts, nullptr, &out).ok());
  opts.max_note_bytes = 0;  // no limit
  CHECK(test_engine().analyze_json(std::string(100000, 'x') + " appealed.", opts, nullptr, &out).ok());
  CHECK(test_engine().analyze_json(text, {}, nullptr, nullptr).code == Code::kNullArgument);
  CHECK(test_engine().analyze(text, {}, nullptr).code == Code::kNullArgument);
}

TEST_CASE("json: strings are escaped and round-trip", "[json]") {
  std::string text = "Pt said \"I appealed\" \\ twice\ttoday \x01\x1f";
  text += std::string("\0 done", 6);
  const std::string id = "id with \"quotes\" and \\ and \n newline";
  const std::string out = analyze_json(test_engine(), text, {}, &id);
  const json j = check_contract(test_engine(), text, out, &id);
  REQUIRE(j["moments"].size() == 1);
  CHECK(j["moments"][0]["snippet"] == text);
  // No raw control characters: they are all escaped.
  CHECK(std::none_of(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }));
  CHECK_THAT(out, Catch::Contains("\\u0001"));
  CHECK_THAT(out, Catch::Contains("\\u0000"));
  CHECK_THAT(out, Catch::Contains("\\t"));
}

TEST_CASE("json: the writer's numbers and structure", "[json]") {
  auto num = [](double v) {
    std::string s;
    exemplar::JsonWriter w(&s);
    w.number3(v);
    return s;
  };
  CHECK(num(0.9) == "0.9");
  CHECK(num(1.0) == "1");
  CHECK(num(0.0) == "0");
  CHECK(num(0.125) == "0.125");
  CHECK(num(0.51) == "0.51");
  CHECK(num(0.1234) == "0.123");
  CHECK(num(0.9996) == "1");
  CHECK(num(12.5) == "12.5");
  CHECK(num(-0.25) == "-0.25");
  CHECK(num(std::nan("")) == "0");

  std::string s;
  exemplar::JsonWriter w(&s);
  w.begin_object();
  w.key("a");
  w.begin_array();
  w.integer(1);
  w.begin_object();
  w.end_object();
  w.boolean(false);
  w.null();
  w.end_array();
  w.key("b");
  w.string("x");
  w.end_object();
  CHECK(s == R"({"a":[1,{},false,null],"b":"x"})");
}
