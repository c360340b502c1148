// Stage 0b: loading and compiling rule packs (core/rule_pack.h,
// core/compiled_pack.h, Engine::create_from_json). Every error must name the
// JSON path of the faulty field and carry the right code.
#include <catch2/catch.hpp>

#include <string>

#include "engine.h"
#include "rule_pack.h"
#include "sha256.h"
#include "test_support.h"
#include "version.h"

using exemplar::Code;
using exemplar::Engine;
using exemplar::Status;
using Catch::Contains;
using Catch::StartsWith;

namespace {

// The smallest pack the loader accepts.
const char* kMinimal = R"({
  "schema": "exemplar.rulepack.v1", "id": "mini", "version": "1.0.0",
  "min_engine_version": "0.1.0", "license": "MIT",
  "cues": [{"id": "adv.appeal", "kind": "advocacy", "pattern": "\\bappeal"}]
})";

Status create(std::string_view json) {
  std::unique_ptr<Engine> e;
  Status st = Engine::create_from_json(json, &e);
  CHECK(st.ok() == (e != nullptr));  // an engine only on success
  return st;
}

// Checks a failed load: its code and the start of its message.
void expect_error(std::string_view json, Code code, const std::string& prefix) {
  const Status st = create(json);
  INFO("message: " << st.message);
  CHECK(st.code == code);
  CHECK_THAT(st.message, StartsWith(prefix));
}

}  // namespace

TEST_CASE("rule pack: a minimal pack loads with the documented defaults", "[rulepack]") {
  exemplar::RulePack pack;
  const Status st = exemplar::load_rule_pack(kMinimal, &pack);
  INFO(st.message);
  REQUIRE(st.ok());
  CHECK(pack.id == "mini");
  CHECK(pack.version == "1.0.0");
  CHECK(pack.license == "MIT");
  REQUIRE(pack.cues.size() == 1);
  CHECK(pack.cues[0].kind == exemplar::Kind::kAdvocacy);
  CHECK(pack.cues[0].weight == 1.0);
  CHECK(pack.moment_threshold == 0.5);
  CHECK(pack.default_max_words == 8);
  CHECK_FALSE(pack.templates.affirm.empty());
  CHECK_FALSE(pack.templates.deny.empty());
  CHECK(create(kMinimal).ok());
}

TEST_CASE("rule pack: the unit-test pack loads and keeps its settings", "[rulepack]") {
  const auto& e = exemplar_test::test_engine();
  CHECK(e.pack().id == "unit-test-pack");
  CHECK(e.pack().cues.size() == 11);
  CHECK(e.pack().context.size() == 10);
  CHECK(e.pack().sections.size() == 3);
  CHECK(e.pack().examples.size() == 2);
  CHECK(e.pack().default_max_words == 4);
  CHECK(e.pack().context[0].max_words == 3);
  CHECK(e.pack().context[1].max_words == 4);  // the pack default
  CHECK(e.pack().context[2].direction == exemplar::Direction::kBackward);
}

TEST_CASE("rule pack: a missing field is named by its path", "[rulepack]") {
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy"}]})",
               Code::kRulepackInvalid, "/cues/0/pattern: missing required field");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/license: missing required field");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "n", "pattern": "no"}]})",
               Code::kRulepackInvalid, "/context/0/role: missing required field");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "examples": [{"text": "x"}]})",
               Code::kRulepackInvalid, "/examples/0/kinds: missing required field");
}

TEST_CASE("rule pack: a field of the wrong type is named by its path", "[rulepack]") {
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x", "weight": "high"}]})",
               Code::kRulepackInvalid, "/cues/0/weight: must be a number");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": 42, "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/cues/0/id: must be a string");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": {"id": "a"}})",
               Code::kRulepackInvalid, "/cues: must be an array");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}], "context": ["no"]})",
               Code::kRulepackInvalid, "/context/0: must be an object");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x",
    "examples": {"match": ["ok", 7]}}]})",
               Code::kRulepackInvalid, "/cues/0/examples/match/1: must be a string");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "sections": [{"id": "s", "pattern": "x", "historical": "yes"}]})",
               Code::kRulepackInvalid, "/sections/0/historical: must be true or false");
  expect_error(R"(["not", "an", "object"])", Code::kRulepackInvalid, "/: must be an object");
}

TEST_CASE("rule pack: an unknown field is reported, not ignored", "[rulepack]") {
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "patern": "x", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/cues/0/patern: unknown field");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "rules": [], "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/rules: unknown field");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "settings": {"threshold": 0.5}, "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/settings/threshold: unknown field");
}

TEST_CASE("rule pack: unknown kinds, roles and categories are named", "[rulepack]") {
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacyy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/cues/0/kind: unknown kind \"advocacyy\"");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "n", "role": "negative", "pattern": "no"}]})",
               Code::kRulepackInvalid, "/context/0/role: unknown context role \"negative\"");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x", "categories": {"advocate": 1}}]})",
               Code::kRulepackInvalid, "/cues/0/categories/advocate: unknown story category");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "examples": [{"text": "x", "kinds": ["evidence"]}]})",
               Code::kRulepackInvalid, "/examples/0/kinds/0: unknown moment kind \"evidence\"");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "n", "role": "negated", "pattern": "no", "direction": "sideways"}]})",
               Code::kRulepackInvalid, "/context/0/direction: must be");
  expect_error(R"({"schema": "exemplar.rulepack.v2", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/schema: must be \"exemplar.rulepack.v1\"");
}

TEST_CASE("rule pack: numbers out of range are rejected", "[rulepack]") {
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x", "weight": 1.5}]})",
               Code::kRulepackInvalid, "/cues/0/weight: must be between 0 and 1");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"},
                               {"id": "b", "kind": "advocacy", "pattern": "y", "weight": -0.1}]})",
               Code::kRulepackInvalid, "/cues/1/weight: must be between 0 and 1");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "settings": {"moment_threshold": 2}, "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/settings/moment_threshold: must be between 0 and 1");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "n", "role": "negated", "pattern": "no", "max_words": 0}]})",
               Code::kRulepackInvalid, "/context/0/max_words: must be between 1 and 200");
  // The bounds themselves are allowed.
  CHECK(create(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x", "weight": 0},
                               {"id": "b", "kind": "advocacy", "pattern": "y", "weight": 1}]})")
            .ok());
}

TEST_CASE("rule pack: duplicate rule ids are rejected", "[rulepack]") {
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "adv.x", "kind": "advocacy", "pattern": "x"},
                               {"id": "adv.x", "kind": "breakdown", "pattern": "y"}]})",
               Code::kRulepackInvalid, "/cues/1/id: duplicate rule id \"adv.x\"");
  // Ids are unique across cues, context and sections.
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "same", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "same", "role": "negated", "pattern": "no"}]})",
               Code::kRulepackInvalid, "/context/0/id: duplicate rule id \"same\"");
}

// Found by fuzzing: a NUL in a rule id cut the C API's exemplar_moment.rule
// short, so it disagreed with the JSON.
TEST_CASE("rule pack: ids and versions with control characters are rejected", "[rulepack]") {
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "adv\u0000x", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/cues/0/id: must not contain control characters");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "n\ty", "role": "negated", "pattern": "no"}]})",
               Code::kRulepackInvalid, "/context/0/id: must not contain control characters");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p\n", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/id: must not contain control characters");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0\u0000", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/version: must not contain control characters");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": ")" + std::string(300, 'a') + R"(", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/cues/0/id: must be at most 256 bytes");
  // Non-ASCII is fine.
  const Status ok = create(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "fürsprache.é", "kind": "advocacy", "pattern": "x"}]})");
  INFO(ok.message);
  CHECK(ok.ok());
}

TEST_CASE("rule pack: a bad regex names the pattern's path", "[rulepack]") {
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "ok"},
                               {"id": "b", "kind": "advocacy", "pattern": "(unclosed"}]})",
               Code::kRulepackPattern, "/cues/1/pattern: missing )");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "ok"}],
    "context": [{"id": "n", "role": "negated", "pattern": "a**"}]})",
               Code::kRulepackPattern, "/context/0/pattern: bad repetition operator");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "ok"}],
    "sections": [{"id": "s", "pattern": "[z-a]"}]})",
               Code::kRulepackPattern, "/sections/0/pattern: invalid character class range");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "ok"}],
    "templates": {"affirm": "(yes", "deny": "no"}})",
               Code::kRulepackPattern, "/templates/affirm: missing )");
}

TEST_CASE("rule pack: a rule whose own example fails names the rule and the example", "[rulepack]") {
  SECTION("a match example that does not match") {
    const Status st = create(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
      "min_engine_version": "0.1.0", "license": "MIT",
      "cues": [{"id": "adv.appeal", "kind": "advocacy", "pattern": "\\bappeal\\b",
                "examples": {"match": ["appeal filed", "appealed the denial"]}}]})");
    INFO(st.message);
    CHECK(st.code == Code::kRulepackExample);
    CHECK_THAT(st.message, StartsWith("/cues/0/examples/match/1"));
    CHECK_THAT(st.message, Contains("adv.appeal"));
    CHECK_THAT(st.message, Contains("appealed the denial"));
  }
  SECTION("a no_match example that matches") {
    const Status st = create(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
      "min_engine_version": "0.1.0", "license": "MIT",
      "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
      "context": [{"id": "neg.no", "role": "negated", "pattern": "no",
                   "examples": {"no_match": ["yes", "nobody"]}}]})");
    INFO(st.message);
    CHECK(st.code == Code::kRulepackExample);
    CHECK_THAT(st.message, StartsWith("/context/0/examples/no_match/1"));
    CHECK_THAT(st.message, Contains("neg.no"));
    CHECK_THAT(st.message, Contains("nobody"));
  }
  SECTION("a section example is matched against the whole heading") {
    const Status st = create(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
      "min_engine_version": "0.1.0", "license": "MIT",
      "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
      "sections": [{"id": "fh", "pattern": "family history", "examples": {"no_match": ["Family history of DM"]}}]})");
    INFO(st.message);
    CHECK(st.ok());
  }
}

TEST_CASE("rule pack: a failing pack-level example names /examples/N", "[rulepack]") {
  const Status st = create(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
    "min_engine_version": "0.1.0", "license": "MIT",
    "cues": [{"id": "adv.appeal", "kind": "advocacy", "pattern": "\\bappeal"}],
    "context": [{"id": "neg.no", "role": "negated", "pattern": "\\bno\\b"}],
    "examples": [{"text": "Appealed the denial.", "kinds": ["advocacy"]},
                 {"text": "No appeal needed.", "kinds": ["advocacy"]}]})");
  INFO(st.message);
  CHECK(st.code == Code::kRulepackExample);
  CHECK_THAT(st.message, StartsWith("/examples/1"));
  CHECK_THAT(st.message, Contains("No appeal needed."));
  CHECK_THAT(st.message, Contains("advocacy"));
}

TEST_CASE("rule pack: min_engine_version newer than the engine is refused", "[rulepack]") {
  const Status st = create(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
    "min_engine_version": "9.0.0", "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})");
  INFO(st.message);
  CHECK(st.code == Code::kRulepackVersion);
  CHECK_THAT(st.message, StartsWith("/min_engine_version: "));
  CHECK_THAT(st.message, Contains("9.0.0"));
  CHECK_THAT(st.message, Contains(exemplar::kVersionString));
  // One patch ahead is already too new; the engine's own version and older are fine.
  const std::string one_patch_ahead = std::to_string(exemplar::kVersionMajor) + "." +
                                      std::to_string(exemplar::kVersionMinor) + "." +
                                      std::to_string(exemplar::kVersionPatch + 1);
  expect_error(std::string(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
    "min_engine_version": ")") + one_patch_ahead +
                   R"(", "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackVersion, "/min_engine_version");
  CHECK(create(std::string(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
    "min_engine_version": ")") + exemplar::kVersionString +
               R"(", "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})")
            .ok());
  CHECK(create(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
    "min_engine_version": "0.0.9", "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})")
            .ok());
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0",
    "min_engine_version": "0.1", "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/min_engine_version: must be a semantic version");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "one",
    "min_engine_version": "0.1.0", "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/version: must be a semantic version");
}

TEST_CASE("rule pack: semantic versions parse", "[rulepack]") {
  std::array<int, 3> v{};
  CHECK(exemplar::parse_semver("1.22.333", &v));
  CHECK(v == std::array<int, 3>{1, 22, 333});
  CHECK(exemplar::parse_semver("2.0.1-beta.1", &v));
  CHECK(v == std::array<int, 3>{2, 0, 1});
  CHECK_FALSE(exemplar::parse_semver("1.2", &v));
  CHECK_FALSE(exemplar::parse_semver("1.2.3.4", &v));
  CHECK_FALSE(exemplar::parse_semver("1..3", &v));
  CHECK_FALSE(exemplar::parse_semver("v1.2.3", &v));
  CHECK_FALSE(exemplar::parse_semver("", &v));
}

TEST_CASE("rule pack: invalid JSON is a JSON error", "[rulepack]") {
  expect_error("", Code::kRulepackJson, "/: ");
  expect_error("{", Code::kRulepackJson, "/: not valid JSON");
  expect_error(R"({"schema": "exemplar.rulepack.v1",})", Code::kRulepackJson, "/: not valid JSON");
  expect_error(std::string(kMinimal) + " trailing", Code::kRulepackJson, "/: not valid JSON");
  expect_error("{\"id\": \"\xFF\"}", Code::kRulepackJson, "/: rule pack is not valid UTF-8");
}

TEST_CASE("rule pack: JSON nested 10,000 levels deep fails cleanly", "[rulepack]") {
  SECTION("arrays") {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    expect_error(deep, Code::kRulepackJson, "/: nesting deeper than");
  }
  SECTION("objects inside a valid pack field") {
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "{\"a\":";
    deep += "1";
    deep += std::string(10000, '}');
    std::string pack = kMinimal;
    pack.insert(pack.rfind('}'), ", \"description\": " + deep);
    expect_error(pack, Code::kRulepackJson, "/: nesting deeper than");
  }
  SECTION("unbalanced") {
    expect_error(std::string(10000, '['), Code::kRulepackJson, "/: nesting deeper than");
  }
  SECTION("brackets inside strings do not count") {
    std::string pack = kMinimal;
    pack.insert(pack.rfind('}'), ", \"description\": \"" + std::string(10000, '[') + "\"");
    CHECK(create(pack).ok());
  }
}

TEST_CASE("rule pack: other structural errors", "[rulepack]") {
  CHECK(Engine::create_from_json(kMinimal, nullptr).code == Code::kNullArgument);
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": []})",
               Code::kRulepackInvalid, "/cues: must hold at least one cue rule");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}]})",
               Code::kRulepackInvalid, "/id: must not be empty");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "n", "role": "negated", "pattern": "no", "terminates": ["negated"]}]})",
               Code::kRulepackInvalid, "/context/0/terminates: only a rule with role \"terminate\"");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "t", "role": "terminate", "pattern": "but", "direction": "backward"}]})",
               Code::kRulepackInvalid, "/context/0/direction: a \"terminate\" rule has no scope of its own");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "context": [{"id": "s", "role": "pseudo", "pattern": "no change", "max_words": 3}]})",
               Code::kRulepackInvalid, "/context/0/max_words: a \"pseudo\" rule has no scope of its own");
  expect_error(R"({"schema": "exemplar.rulepack.v1", "id": "p", "version": "1.0.0", "min_engine_version": "0.1.0",
    "license": "MIT", "cues": [{"id": "a", "kind": "advocacy", "pattern": "x"}],
    "kind_categories": {"advocacy": {"patient_advocate": 11}}})",
               Code::kRulepackInvalid, "/kind_categories/advocacy/patient_advocate: must be between 0 and 10");
}

TEST_CASE("sha256: known test vectors", "[rulepack][sha256]") {
  using exemplar::sha256_hex;
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // 55, 56 and 64 bytes: the padding edge cases.
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("rule pack: the SHA-256 of the pack bytes is reported", "[rulepack][sha256]") {
  std::unique_ptr<Engine> a, b;
  REQUIRE(Engine::create_from_json(kMinimal, &a).ok());
  CHECK(a->pack().sha256 == exemplar::sha256_hex(kMinimal));
  CHECK(a->pack().sha256.size() == 64);
  // The same pack with one more space is a different fingerprint.
  const std::string spaced = std::string(kMinimal) + " ";
  REQUIRE(Engine::create_from_json(spaced, &b).ok());
  CHECK(b->pack().sha256 == exemplar::sha256_hex(spaced));
  CHECK(b->pack().sha256 != a->pack().sha256);
  // And it is what the JSON output names.
  const std::string json = exemplar_test::analyze_json(*a, "Appeal filed.");
  CHECK(nlohmann::json::parse(json)["engine"]["rulepack_sha256"] == a->pack().sha256);
}
