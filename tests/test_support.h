// Shared helpers for the Catch2 tests: a small rule pack written for the
// tests (so they do not depend on the default pack's evolving content) and
// a few conveniences around the engine.
#pragma once
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine.h"
#include "utf8.h"
#include "version.h"

namespace exemplar_test {

// The unit-test pack. Every cue, trigger and section below is used by at
// least one test; word limits are chosen so that boundary cases exist.
inline const char* kTestPack = R"json({
  "schema": "exemplar.rulepack.v1",
  "id": "unit-test-pack",
  "version": "1.2.3",
  "min_engine_version": "0.1.0",
  "license": "CC0-1.0",
  "description": "Small pack for the unit tests",
  "settings": {"moment_threshold": 0.5, "max_words": 4},
  "cues": [
    {"id": "adv.appeal", "kind": "advocacy", "pattern": "\\bappeal(?:ed|ing|s)?\\b", "weight": 0.9,
     "categories": {"patient_advocate": 1.0}, "message": "pushes back on a payer decision",
     "examples": {"match": ["Appealed the denial"], "no_match": ["apple juice"]}},
    {"id": "adv.form", "kind": "advocacy", "pattern": "\\badvocacy\\b", "weight": 0.9,
     "categories": {"patient_advocate": 1.0}, "message": "form field"},
    {"id": "adv.phoned", "kind": "advocacy", "pattern": "\\bphoned\\b", "weight": 0.3,
     "categories": {"patient_advocate": 1.0}, "message": "weak cue one"},
    {"id": "adv.urged", "kind": "advocacy", "pattern": "\\burged\\b", "weight": 0.3,
     "categories": {"patient_advocate": 1.0}, "message": "weak cue two"},
    {"id": "fam.meeting", "kind": "family_involvement", "pattern": "\\bfamily (?:meeting|involved)\\b", "weight": 0.9,
     "categories": {"family_integration": 1.0}, "message": "relatives take part"},
    {"id": "fam.daughter", "kind": "family_involvement", "pattern": "\\bdaughter\\b", "weight": 0.8,
     "categories": {"family_integration": 1.0}, "message": "a relative"},
    {"id": "brk.never_received", "kind": "breakdown", "pattern": "\\bnever received\\b", "weight": 0.9,
     "categories": {"simplifying_contact": 1.0}, "message": "a hand-off failed"},
    {"id": "brk.did_not_call", "kind": "breakdown", "pattern": "\\bdid not call\\b", "weight": 0.9,
     "negation_in_pattern": true, "categories": {"simplifying_contact": 1.0}, "message": "nobody passed it on"},
    {"id": "rb.not_eligible", "kind": "rule_bending", "pattern": "\\bnot eligible\\b", "weight": 0.8,
     "negation_in_pattern": true, "categories": {"coordinating_care": 0.5}, "message": "served though ineligible"},
    {"id": "rb.exception", "kind": "rule_bending", "pattern": "\\bexception\\b", "weight": 0.8,
     "categories": {"coordinating_care": 0.5}, "message": "spirit over letter"},
    {"id": "ev.housing", "kind": "evidence", "pattern": "\\bhousing\\b", "weight": 1.0,
     "categories": {"living_environment": 3.0}, "message": "living environment"}
  ],
  "context": [
    {"id": "neg.no", "role": "negated", "pattern": "\\b(?:no|not)\\b", "direction": "forward", "max_words": 3},
    {"id": "neg.never", "role": "negated", "pattern": "\\bnever\\b", "direction": "forward"},
    {"id": "neg.declined", "role": "negated", "pattern": "\\b(?:declined|refused)\\b", "direction": "backward", "max_words": 3},
    {"id": "pseudo.no_longer", "role": "pseudo", "pattern": "\\bno longer\\b"},
    {"id": "term.but", "role": "terminate", "pattern": "\\bbut\\b"},
    {"id": "hyp.if", "role": "hypothetical", "pattern": "\\b(?:if|should)\\b", "direction": "forward", "max_words": 8},
    {"id": "hyp.consider", "role": "hypothetical", "pattern": "\\bwill consider\\b", "direction": "forward"},
    {"id": "hist.year", "role": "historical", "pattern": "\\bin (?:19|20)\\d\\d\\b", "direction": "backward", "max_words": 6},
    {"id": "exp.family", "role": "family", "pattern": "\\b(?:mother|father|brother|sister)\\b", "direction": "both"},
    {"id": "exp.other", "role": "other", "pattern": "\\broommate\\b", "direction": "forward"}
  ],
  "sections": [
    {"id": "family_history", "pattern": "family (?:history|hx)", "experiencer": "family",
     "examples": {"match": ["Family History", "FAMILY HX"], "no_match": ["Family involved"]}},
    {"id": "past_history", "pattern": "past (?:history|hx)", "historical": true},
    {"id": "contingency", "pattern": "contingency plan", "hypothetical": true}
  ],
  "kind_categories": {
    "breakdown": {"simplifying_contact": 0.5},
    "rule_bending": {"coordinating_care": 0.5},
    "advocacy": {"patient_advocate": 0.5},
    "family_involvement": {"family_integration": 0.5}
  },
  "examples": [
    {"text": "Appealed the denial.", "kinds": ["advocacy"], "note": "plain appeal"},
    {"text": "No need to appeal.", "kinds": [], "note": "negated appeal"}
  ]
})json";

inline std::unique_ptr<exemplar::Engine> make_engine(std::string_view pack_json) {
  std::unique_ptr<exemplar::Engine> e;
  const exemplar::Status st = exemplar::Engine::create_from_json(pack_json, &e);
  INFO("create_from_json: " << st.message);
  REQUIRE(st.ok());
  REQUIRE(e != nullptr);
  return e;
}

// One engine built from kTestPack for the whole test run (it is immutable).
inline const exemplar::Engine& test_engine() {
  static const std::unique_ptr<exemplar::Engine> engine = make_engine(kTestPack);
  return *engine;
}

// kTestPack with `edit` applied to its JSON, for tests that need a variant.
template <typename F>
std::string edited_pack(F&& edit) {
  nlohmann::json j = nlohmann::json::parse(kTestPack);
  edit(j);
  return j.dump();
}

// Removes the context rule with the given id from a pack document.
inline void remove_context_rule(nlohmann::json& pack, const std::string& id) {
  auto& ctx = pack["context"];
  for (auto it = ctx.begin(); it != ctx.end(); ++it) {
    if ((*it)["id"] == id) {
      ctx.erase(it);
      return;
    }
  }
  FAIL("no context rule " << id);
}

inline exemplar::Analysis analyze(const exemplar::Engine& e, std::string_view text,
                                  const exemplar::AnalyzeOptions& opts = {}) {
  exemplar::Analysis a;
  const exemplar::Status st = e.analyze(text, opts, &a);
  INFO("analyze(\"" << text << "\"): " << st.message);
  REQUIRE(st.ok());
  return a;
}

inline std::string analyze_json(const exemplar::Engine& e, std::string_view text,
                                const exemplar::AnalyzeOptions& opts = {}, const std::string* id = nullptr) {
  std::string out;
  const exemplar::Status st = e.analyze_json(text, opts, id, &out);
  INFO("analyze_json: " << st.message);
  REQUIRE(st.ok());
  return out;
}

inline std::string rule_id(const exemplar::Engine& e, const exemplar::Moment& m) { return e.pack().cues[m.rule].id; }

inline std::string cue_text(std::string_view text, const exemplar::Moment& m) {
  return std::string(text.substr(m.span.start, m.span.end - m.span.start));
}

// The moments of `a` whose rule has the given id.
inline std::vector<exemplar::Moment> moments_of(const exemplar::Engine& e, const exemplar::Analysis& a,
                                                const std::string& id) {
  std::vector<exemplar::Moment> out;
  for (const auto& m : a.moments) {
    if (rule_id(e, m) == id) out.push_back(m);
  }
  return out;
}

// The single moment of rule `id`; fails the test when there is not exactly one.
inline exemplar::Moment only_moment(const exemplar::Engine& e, const exemplar::Analysis& a, const std::string& id) {
  const auto ms = moments_of(e, a, id);
  INFO("moments of rule " << id);
  REQUIRE(ms.size() == 1);
  return ms[0];
}

inline bool affirmed(const exemplar::Analysis& a, exemplar::Kind k) { return a.kind_affirmed[static_cast<int>(k)]; }

inline std::vector<std::string> affirmed_kinds(const exemplar::Analysis& a) {
  std::vector<std::string> out;
  for (int k = 0; k < exemplar::kMomentKindCount; ++k) {
    if (a.kind_affirmed[k]) out.push_back(exemplar::kind_id(static_cast<exemplar::Kind>(k)));
  }
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The note texts of a corpus file (JSON Lines with a "text" field).
inline std::vector<std::string> corpus_texts(const std::string& name) {
  std::ifstream in(std::string(EXEMPLAR_TEST_CORPUS_DIR) + "/" + name);
  REQUIRE(in.good());
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    out.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
  }
  REQUIRE_FALSE(out.empty());
  return out;
}

inline bool valid_utf8(std::string_view s) { return exemplar::find_invalid_utf8(s) == std::string_view::npos; }

inline const std::set<std::string> kKinds = {"breakdown", "rule_bending", "advocacy", "family_involvement"};

inline bool is_lower_hex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Checks every field of the JSON contract ("exemplar.analysis.v1") of `out`,
// the analysis of `text` by `e`; returns the parsed document.
inline nlohmann::json check_contract(const exemplar::Engine& e, const std::string& text, const std::string& out,
                                     const std::string* id = nullptr, bool snippets = true) {
  INFO("JSON: " << out);
  using json = nlohmann::json;
  json j;
  REQUIRE_NOTHROW(j = json::parse(out));
  REQUIRE(j.is_object());
  CHECK(j.at("schema") == "exemplar.analysis.v1");

  const json& eng = j.at("engine");
  REQUIRE(eng.is_object());
  CHECK(eng.at("version") == exemplar::kVersionString);
  CHECK(eng.at("rulepack") == e.pack().id);
  CHECK(eng.at("rulepack_version") == e.pack().version);
  const std::string sha = eng.at("rulepack_sha256").get<std::string>();
  CHECK(sha.size() == 64);
  CHECK(is_lower_hex(sha));
  CHECK(sha == e.pack().sha256);

  if (id) {
    CHECK(j.at("id") == *id);
  } else {
    CHECK_FALSE(j.contains("id"));
  }

  const json& moments = j.at("moments");
  REQUIRE(moments.is_array());
  size_t prev_start = 0;
  for (const json& m : moments) {
    REQUIRE(m.is_object());
    const std::string kind = m.at("kind").get<std::string>();
    CHECK(kKinds.count(kind) == 1);
    const std::string rule = m.at("rule").get<std::string>();
    bool known_rule = false;
    for (const auto& c : e.pack().cues) known_rule = known_rule || (c.id == rule && kind == exemplar::kind_id(c.kind));
    CHECK(known_rule);
    REQUIRE(m.at("start").is_number_unsigned());
    REQUIRE(m.at("end").is_number_unsigned());
    const size_t start = m["start"], end = m["end"];
    CHECK(start < end);
    CHECK(end <= text.size());
    CHECK(start >= prev_start);  // text order
    prev_start = start;
    const json& s = m.at("sentence");
    REQUIRE(s.at("start").is_number_unsigned());
    REQUIRE(s.at("end").is_number_unsigned());
    const size_t ss = s["start"], se = s["end"];
    CHECK(ss <= start);
    CHECK(end <= se);
    CHECK(se <= text.size());
    if (snippets) {
      CHECK(m.at("cue") == text.substr(start, end - start));
      const std::string snippet = m.at("snippet").get<std::string>();
      if (se - ss <= 240) CHECK(snippet == text.substr(ss, se - ss));
      CHECK(snippet.find(text.substr(start, end - start)) != std::string::npos);
    } else {
      CHECK_FALSE(m.contains("cue"));
      CHECK_FALSE(m.contains("snippet"));
    }
    for (const char* flag : {"negated", "hypothetical", "historical", "templated", "affirmed"}) {
      INFO(flag);
      CHECK(m.at(flag).is_boolean());
    }
    const std::string exp = m.at("experiencer").get<std::string>();
    CHECK((exp == "client" || exp == "family" || exp == "other"));
    REQUIRE(m.at("score").is_number());
    const double score = m["score"];
    CHECK(score >= 0.0);
    CHECK(score <= 1.0);
    if (m["affirmed"]) {
      CHECK_FALSE(m["negated"].get<bool>());
      CHECK_FALSE(m["hypothetical"].get<bool>());
      CHECK(exp == "client");
      CHECK(score > 0.0);
    } else {
      CHECK(score == 0.0);
    }
  }

  const json& kinds = j.at("kinds");
  REQUIRE(kinds.is_array());
  std::vector<std::string> kind_list = kinds.get<std::vector<std::string>>();
  const std::vector<std::string> order = {"breakdown", "rule_bending", "advocacy", "family_involvement"};
  size_t last = 0;
  for (const auto& k : kind_list) {
    auto it = std::find(order.begin(), order.end(), k);
    REQUIRE(it != order.end());
    const size_t pos = static_cast<size_t>(it - order.begin());
    if (&k != &kind_list.front()) CHECK(pos > last);  // guide order, no duplicates
    last = pos;
    // An affirmed kind has at least one affirmed moment of that kind.
    bool backed = false;
    for (const json& m : moments) backed = backed || (m["kind"] == k && m["affirmed"].get<bool>());
    CHECK(backed);
  }

  const json& cat = j.at("category");
  if (kind_list.empty()) {
    CHECK(cat.is_null());
  } else {
    REQUIRE(cat.is_object());
    const std::string cid = cat.at("id").get<std::string>();
    const int ci = exemplar::parse_category(cid);
    REQUIRE(ci >= 0);
    CHECK(cat.at("label") == exemplar::category_label(ci));
    REQUIRE(cat.at("score").is_number());
    const json& ranking = cat.at("ranking");
    REQUIRE(ranking.is_array());
    REQUIRE(ranking.size() == 7);
    std::set<std::string> ids;
    for (const json& r : ranking) {
      ids.insert(r.at("id").get<std::string>());
      CHECK(exemplar::parse_category(r["id"].get<std::string>()) >= 0);
      CHECK(r.at("score").is_number());
    }
    CHECK(ids.size() == 7);
    CHECK(ranking[0]["id"] == cid);
    CHECK(ranking[0]["score"] == cat["score"]);
    CHECK_FALSE(cat.at("rationale").get<std::string>().empty());
  }
  return j;
}

}  // namespace exemplar_test
