// Hostile input through the public C API: huge notes, a note that is one
// huge line, hostile rule packs (deep, huge, pathological patterns), broken
// UTF-8, NUL bytes, and NULL for every pointer. Each TEST_CASE is its own
// ctest test (tests/hostile/CMakeLists.txt, label "hostile").
//
// Sizes: EXEMPLAR_HOSTILE_BIG_MB (default 200) and EXEMPLAR_HOSTILE_LINE_MB
// (default 50); the sanitizer builds set smaller ones. Times and peak memory
// are printed, never asserted.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "exemplar/exemplar.h"
#include "fuzz_support.h"  // first_invalid_utf8, check_result (tests/fuzz/)

namespace {

using Clock = std::chrono::steady_clock;

size_t env_mb(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return static_cast<size_t>(std::strtoull(v, nullptr, 10));
}

// Peak resident memory of the process so far (VmHWM), in MiB.
double peak_rss_mib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return -1.0;
}

struct Engine {
  exemplar_engine* e = nullptr;
  Engine() { REQUIRE(exemplar_engine_new_default(&e) == EXEMPLAR_OK); }
  ~Engine() { exemplar_engine_free(e); }
};

// splitmix64: the same notes on every platform.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

// Routine phrases with no cue of the default pack (checked below), and
// phrases that hold one.
const char* const kRoutine[] = {
    "Pt seen at home for routine visit",
    "Vitals stable and med list reviewed",
    "Will call pharmacy re refill timing",
    "Discussed diet, exercise and sleep",
    "No new concerns voiced today",
    "Weight 182 lbs, BP 128/76",
    "Reviewed upcoming appointments on the calendar",
    "Pt reports walking 20 minutes daily",
    "Home is clean with clear walkways",
    "Medications organised in a weekly pill box",
};
const char* const kCues[] = {
    "CM filed an expedited appeal of the denial",
    "Daughter present at the family meeting",
    "Pt never received the home health referral",
    "Supervisor made an exception to the usual policy",
    "Family involved: [x] Yes [ ] No",
};

// A note of about `bytes`: routine sentences and lines, a cue about every
// fiftieth. `one_line`: phrases joined by ", " with no newline and no
// sentence end, so the whole note is one line and one sentence.
std::string make_note(size_t bytes, bool one_line, uint64_t seed) {
  Rng rng{seed};
  std::string s;
  s.reserve(bytes + 256);
  while (s.size() < bytes) {
    const bool cue = rng.below(50) == 0;
    const char* phrase = cue ? kCues[rng.below(sizeof kCues / sizeof *kCues)]
                             : kRoutine[rng.below(sizeof kRoutine / sizeof *kRoutine)];
    if (one_line) {
      if (!s.empty()) s += ", ";
      s += phrase;
      if (s.back() == 'o') s += " answer";  // "[ ] No" must not end a clause oddly
    } else {
      s += phrase;
      s += std::strchr(phrase, ':') ? "\n" : (rng.below(8) == 0 ? ".\n\n" : ". ");
    }
  }
  return s;
}

// The invariants of a big result, without a JSON parse of the whole output.
void check_big_result(const exemplar_result* r, const std::string& text, size_t* affirmed) {
  const char* json = nullptr;
  size_t len = 0;
  REQUIRE(exemplar_result_json(r, &json, &len) == EXEMPLAR_OK);
  REQUIRE(json[len] == '\0');
  CHECK(fuzz::first_invalid_utf8(std::string_view(json, len)) == std::string_view::npos);
  CHECK(std::string_view(json, 40).find("exemplar.analysis.v1") != std::string_view::npos);
  const size_t n = exemplar_result_moment_count(r);
  REQUIRE(n > 0);
  size_t bad = 0, prev_start = 0;
  *affirmed = 0;
  for (size_t i = 0; i < n; ++i) {
    exemplar_moment m = EXEMPLAR_MOMENT_INIT;
    REQUIRE(exemplar_result_moment(r, i, &m) == EXEMPLAR_OK);
    const bool ok = m.start < m.end && m.end <= text.size() && m.sentence_start <= m.start &&
                    m.end <= m.sentence_end && m.sentence_end <= text.size() && m.start >= prev_start &&
                    fuzz::on_boundary(text, m.start) && fuzz::on_boundary(text, m.end) && fuzz::is_kind(m.kind);
    if (!ok) ++bad;
    prev_start = m.start;
    if (m.affirmed) ++*affirmed;
  }
  CHECK(bad == 0);
  CHECK(*affirmed > 0);
  CHECK(exemplar_result_kind_count(r) > 0);
}

void analyse_big(const std::string& text, const char* what) {
  Engine eng;
  const double before = peak_rss_mib();
  const auto t0 = Clock::now();
  exemplar_result* r = nullptr;
  const int rc = exemplar_analyze(eng.e, text.data(), text.size(), nullptr, &r);
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  INFO(exemplar_last_error_message());
  REQUIRE(rc == EXEMPLAR_OK);
  size_t affirmed = 0;
  check_big_result(r, text, &affirmed);
  const char* json = nullptr;
  size_t len = 0;
  exemplar_result_json(r, &json, &len);
  const double mb = static_cast<double>(text.size()) / 1e6;
  std::printf("%s: %.1f MB analysed in %.2f s (%.1f MB/s); %zu moments (%zu affirmed), %zu kinds, JSON %.1f MB; "
              "peak RSS %.0f MiB (%.0f MiB before the analysis, note included)\n",
              what, mb, secs, mb / secs, exemplar_result_moment_count(r), affirmed, exemplar_result_kind_count(r),
              static_cast<double>(len) / 1e6, peak_rss_mib(), before);
  std::fflush(stdout);
  exemplar_result_free(r);
}

int load_pack(const std::string& json, std::string* msg) {
  exemplar_engine* e = reinterpret_cast<exemplar_engine*>(uintptr_t{16});
  const int rc = exemplar_engine_new_from_json(json.data(), json.size(), &e);
  *msg = exemplar_last_error_message();
  if (rc == EXEMPLAR_OK) {
    exemplar_engine_free(e);
  } else {
    CHECK(e == nullptr);
  }
  return rc;
}

// A minimal valid pack with one cue whose pattern is `pattern` (JSON-escaped
// by the caller), or with `extra` members added to the root object.
std::string pack_with(const std::string& cue_pattern, const std::string& extra = "") {
  return R"({"schema": "exemplar.rulepack.v1", "id": "hostile", "version": "1.0.0",
    "min_engine_version": "0.1.0", "license": "CC0-1.0",
    "cues": [{"id": "c", "kind": "advocacy", "pattern": ")" +
         cue_pattern + R"(", "weight": 0.9}])" + extra + "}";
}

}  // namespace

// ---------------------------------------------------------------- big notes

TEST_CASE("hostile: a 200 MB note is analysed through the C API", "[big]") {
  const size_t mb = env_mb("EXEMPLAR_HOSTILE_BIG_MB", 200);
  const std::string note = make_note(mb * 1000000, false, 1);
  analyse_big(note, "note");
}

TEST_CASE("hostile: a note that is one 50 MB line", "[line]") {
  const size_t mb = env_mb("EXEMPLAR_HOSTILE_LINE_MB", 50);
  const std::string note = make_note(mb * 1000000, true, 2);
  REQUIRE(note.find('\n') == std::string::npos);
  analyse_big(note, "one-line note");
}

TEST_CASE("hostile: the routine phrases hold no cue, the cue phrases do", "[generator]") {
  Engine eng;
  for (const char* p : kRoutine) {
    exemplar_result* r = nullptr;
    REQUIRE(exemplar_analyze(eng.e, p, std::strlen(p), nullptr, &r) == EXEMPLAR_OK);
    INFO(p);
    CHECK(exemplar_result_moment_count(r) == 0);
    exemplar_result_free(r);
  }
  for (const char* p : kCues) {
    exemplar_result* r = nullptr;
    REQUIRE(exemplar_analyze(eng.e, p, std::strlen(p), nullptr, &r) == EXEMPLAR_OK);
    INFO(p);
    CHECK(exemplar_result_moment_count(r) > 0);
    exemplar_result_free(r);
  }
}

TEST_CASE("hostile: degenerate notes (one huge word, only spaces, only punctuation)", "[degenerate]") {
  Engine eng;
  const size_t n = 4 * 1000000;
  const std::vector<std::pair<const char*, std::string>> notes = {
      {"one word", std::string(n, 'a')},
      {"spaces", "CM appealed" + std::string(n, ' ') + "the denial"},
      {"newlines", "CM appealed\n" + std::string(n, '\n') + "daughter present"},
      {"dots", std::string(n, '.') + " CM appealed the denial"},
      {"colons", [&] {
         std::string s;
         while (s.size() < n) s += "no appeal: denial: family meeting: ";
         return s;
       }()},
      {"checkboxes", [&] {
         std::string s = "Family involved:";
         while (s.size() < n) s += " [x] family meeting [ ] appeal";
         return s;
       }()},
      {"headings", [&] {
         std::string s;
         while (s.size() < n) s += "FAMILY HX\nMother appealed the denial.\nPLAN\n";
         return s;
       }()},
      {"triggers", [&] {
         std::string s;
         while (s.size() < n) s += "no longer not only but if no history of mother appealed never received ";
         return s;
       }()},
  };
  for (const auto& [what, text] : notes) {
    INFO(what);
    const auto t0 = Clock::now();
    exemplar_result* r = nullptr;
    REQUIRE(exemplar_analyze(eng.e, text.data(), text.size(), nullptr, &r) == EXEMPLAR_OK);
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const char* json = nullptr;
    size_t len = 0;
    REQUIRE(exemplar_result_json(r, &json, &len) == EXEMPLAR_OK);
    CHECK(fuzz::first_invalid_utf8(std::string_view(json, len)) == std::string_view::npos);
    for (size_t i = 0; i < exemplar_result_moment_count(r); ++i) {
      exemplar_moment m = EXEMPLAR_MOMENT_INIT;
      REQUIRE(exemplar_result_moment(r, i, &m) == EXEMPLAR_OK);
      REQUIRE(m.start < m.end);
      REQUIRE(m.end <= text.size());
    }
    std::printf("degenerate %-10s %.1f MB in %.2f s, %zu moments\n", what, text.size() / 1e6, secs,
                exemplar_result_moment_count(r));
    exemplar_result_free(r);
  }
}

// ---------------------------------------------------------------- hostile rule packs

TEST_CASE("hostile: rule packs nested 100,000 levels deep are a JSON error", "[rulepack]") {
  const size_t depth = 100000;
  const std::vector<std::pair<const char*, std::string>> packs = {
      {"arrays", std::string(depth, '[') + std::string(depth, ']')},
      {"objects", [&] {
         std::string s;
         for (size_t i = 0; i < depth; ++i) s += "{\"a\":";
         s += "1";
         s += std::string(depth, '}');
         return s;
       }()},
      {"unclosed", std::string(depth, '[')},
      {"inside a valid pack", pack_with("appeal", ", \"description\": " + std::string(depth, '[') +
                                                      std::string(depth, ']'))},
  };
  for (const auto& [what, json] : packs) {
    INFO(what);
    std::string msg;
    CHECK(load_pack(json, &msg) == EXEMPLAR_ERR_RULEPACK_JSON);
    INFO(msg);
    CHECK(msg.rfind("/", 0) == 0);
    CHECK(msg.find("nesting") != std::string::npos);
  }
}

TEST_CASE("hostile: a 20 MB rule pack is a JSON error, a 15 MB one loads", "[rulepack]") {
  std::string msg;
  // Valid JSON, padded past the 16 MiB cap with a long description.
  const std::string huge = pack_with("appeal", ", \"description\": \"" + std::string(20u << 20, 'x') + "\"");
  CHECK(load_pack(huge, &msg) == EXEMPLAR_ERR_RULEPACK_JSON);
  CHECK(msg.rfind("/", 0) == 0);
  CHECK(msg.find("16 MiB") != std::string::npos);
  // Garbage of the same size.
  CHECK(load_pack(std::string(20u << 20, '\xff'), &msg) == EXEMPLAR_ERR_RULEPACK_JSON);
  // 15 MB of whitespace around a valid pack: under the cap, so it loads.
  const std::string padded = std::string(15u << 20, ' ') + pack_with("appeal") + "\n";
  CHECK(load_pack(padded, &msg) == EXEMPLAR_OK);
  // 20,000 cue rules: loads, or fails with a clear rule-pack error.
  std::string many = R"({"schema": "exemplar.rulepack.v1", "id": "many", "version": "1.0.0",
    "min_engine_version": "0.1.0", "license": "CC0-1.0", "cues": [)";
  for (int i = 0; i < 20000; ++i) {
    if (i) many += ",";
    many += "{\"id\": \"c" + std::to_string(i) + "\", \"kind\": \"advocacy\", \"pattern\": \"\\\\bword" +
            std::to_string(i) + "\\\\b\"}";
  }
  many += "]}";
  const auto t0 = Clock::now();
  const int rc = load_pack(many, &msg);
  std::printf("20,000 cue rules (%.1f MB): status %d in %.2f s %s\n", many.size() / 1e6, rc,
              std::chrono::duration<double>(Clock::now() - t0).count(), msg.c_str());
  CHECK((rc == EXEMPLAR_OK || rc == EXEMPLAR_ERR_RULEPACK_PATTERN));
}

TEST_CASE("hostile: rule-pack files that never end, are directories or are missing", "[rulepack]") {
  exemplar_engine* e = reinterpret_cast<exemplar_engine*>(uintptr_t{16});
  // /dev/zero never ends: reading stops past the 16 MiB cap.
  CHECK(exemplar_engine_new_from_file("/dev/zero", &e) == EXEMPLAR_ERR_RULEPACK_JSON);
  CHECK(e == nullptr);
  std::string msg = exemplar_last_error_message();
  CHECK(msg.find("/dev/zero: ") == 0);
  const int dir = exemplar_engine_new_from_file("/", &e);
  CHECK((dir == EXEMPLAR_ERR_IO || dir == EXEMPLAR_ERR_RULEPACK_JSON));
  CHECK(e == nullptr);
  CHECK(exemplar_engine_new_from_file("/nonexistent/pack.json", &e) == EXEMPLAR_ERR_IO);
  CHECK(e == nullptr);
}

TEST_CASE("hostile: a note handed over as a rule pack is not quoted in the error", "[rulepack]") {
  // nlohmann's parse errors end with the bytes of the failing token ("last
  // read: ..."); the loader drops them, as the note could be on stderr.
  const std::vector<std::string> notes = {
      "zqxjvmarker CM appealed the denial.",
      "\"zqxjvmarker said the appeal was denied",
      "{\"zqxjvmarker\": [1, 2",
      "\"zqxjvmarker\ttab inside a string\"",
  };
  for (const std::string& n : notes) {
    std::string msg;
    CHECK(load_pack(n, &msg) == EXEMPLAR_ERR_RULEPACK_JSON);
    INFO(msg);
    CHECK(msg.rfind("/: not valid JSON", 0) == 0);
    CHECK(msg.find("zqxjvmarker") == std::string::npos);
  }
}

TEST_CASE("hostile: pathological patterns are refused with the JSON path", "[rulepack]") {
  struct Case {
    const char* what;
    std::string pack;
    const char* path;
  };
  std::string alternation;  // 2,000 alternatives, each with a large Unicode class
  for (int i = 0; i < 2000; ++i) alternation += (i ? "|x" : "x") + std::to_string(i) + "\\\\pL";
  const std::string ctx_prefix = R"(, "context": [{"id": "n", "role": "negated", "pattern": ")";
  const std::vector<Case> cases = {
      {"nested counted repetition", pack_with("(a{1000}){1000}"), "/cues/0/pattern"},
      {"nested stars", pack_with("((((a|b)*){500}){500})"), "/cues/0/pattern"},
      {"large class repeated", pack_with("\\\\pL{1000}"), "/cues/0/pattern"},
      {"huge alternation", pack_with(alternation), "/cues/0/pattern"},
      {"any byte", pack_with("appeal\\\\C"), "/cues/0/pattern"},
      {"syntax", pack_with("(unclosed"), "/cues/0/pattern"},
      {"in a context rule", pack_with("appeal", ctx_prefix + "(x{1000}){1000}\"}]"), "/context/0/pattern"},
      {"in a section rule",
       pack_with("appeal", R"(, "sections": [{"id": "s", "pattern": "(s{1000}){1000}"}])"), "/sections/0/pattern"},
      {"in templates", pack_with("appeal", R"(, "templates": {"affirm": "yes", "deny": "(no{1000}){1000}"})"),
       "/templates/deny"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    std::string msg;
    const auto t0 = Clock::now();
    const int rc = load_pack(c.pack, &msg);
    INFO(msg);
    CHECK(rc == EXEMPLAR_ERR_RULEPACK_PATTERN);
    CHECK(msg.rfind(c.path, 0) == 0);
    std::printf("pattern %-28s -> %s in %.2f s: %.120s\n", c.what, exemplar_status_string(rc),
                std::chrono::duration<double>(Clock::now() - t0).count(), msg.c_str());
  }
}

TEST_CASE("hostile: over-long patterns are refused before RE2 parses them", "[rulepack]") {
  // RE2 bounds a compiled pattern's memory but not the time to parse it, so
  // the loader caps pattern length (16 KiB each, 512 KiB for the pack).
  std::string msg;
  std::string mega;  // a 1 MiB alternation of words: took 12 s to parse uncapped
  for (int i = 0; mega.size() < (1u << 20); ++i) mega += (i ? "|w" : "w") + std::to_string(i);
  auto t0 = Clock::now();
  CHECK(load_pack(pack_with(mega), &msg) == EXEMPLAR_ERR_RULEPACK_PATTERN);
  CHECK(msg.rfind("/cues/0/pattern: pattern is ", 0) == 0);
  CHECK(msg.find("the limit is 16384") != std::string::npos);
  std::printf("1 MiB alternation -> refused in %.3f s: %s\n",
              std::chrono::duration<double>(Clock::now() - t0).count(), msg.c_str());

  // Just under the per-pattern cap loads (a plain alternation is cheap to compile).
  std::string ok_alt;
  for (int i = 0; ok_alt.size() < 16000; ++i) ok_alt += (i ? "|w" : "w") + std::to_string(i);
  REQUIRE(ok_alt.size() <= 16384);
  t0 = Clock::now();
  CHECK(load_pack(pack_with(ok_alt + "|appeal"), &msg) == EXEMPLAR_OK);
  std::printf("%zu-byte alternation -> loaded in %.3f s\n", ok_alt.size(),
              std::chrono::duration<double>(Clock::now() - t0).count());

  // Forty such patterns exceed the pack-wide cap; the error names the first
  // pattern past it.
  std::string cues;
  for (int i = 0; i < 40; ++i) {
    cues += std::string(i ? "," : "") + R"({"id": "c)" + std::to_string(i) + R"(", "kind": "advocacy", "pattern": ")" +
            ok_alt + R"(", "weight": 0.5})";
  }
  const std::string many = R"({"schema": "exemplar.rulepack.v1", "id": "hostile", "version": "1.0.0",
    "min_engine_version": "0.1.0", "license": "CC0-1.0", "cues": [)" + cues + "]}";
  const size_t expected_index = (512u << 10) / ok_alt.size();  // the first one past 512 KiB
  t0 = Clock::now();
  CHECK(load_pack(many, &msg) == EXEMPLAR_ERR_RULEPACK_PATTERN);
  CHECK(msg.rfind("/cues/" + std::to_string(expected_index) + "/pattern: the pack's patterns together exceed", 0) == 0);
  std::printf("40 x %zu-byte patterns -> refused in %.3f s: %s\n", ok_alt.size(),
              std::chrono::duration<double>(Clock::now() - t0).count(), msg.c_str());
}

TEST_CASE("hostile: accepted patterns with blow-up potential still run in linear time", "[rulepack]") {
  // Backtracking engines take exponential time on these; RE2 does not.
  const std::vector<std::string> patterns = {"(a|aa)*b", "(a*)*b", "(?:a+)+$b", "(.*a){20}x", "\\\\w*\\\\s*\\\\w*z"};
  const std::string note = std::string(1000000, 'a') + " appeal";
  for (const std::string& p : patterns) {
    INFO(p);
    exemplar_engine* e = nullptr;
    const std::string json = pack_with(p);
    const int rc = exemplar_engine_new_from_json(json.data(), json.size(), &e);
    INFO(exemplar_last_error_message());
    REQUIRE(rc == EXEMPLAR_OK);
    const auto t0 = Clock::now();
    exemplar_result* r = nullptr;
    CHECK(exemplar_analyze(e, note.data(), note.size(), nullptr, &r) == EXEMPLAR_OK);
    std::printf("pattern %-20s on 1 MB of 'a': %.2f s\n", p.c_str(),
                std::chrono::duration<double>(Clock::now() - t0).count());
    exemplar_result_free(r);
    exemplar_engine_free(e);
  }
}

// ---------------------------------------------------------------- UTF-8 and NUL

TEST_CASE("hostile: invalid UTF-8 is refused with its offset, and repaired on request", "[utf8]") {
  Engine eng;
  const std::string before = "CM appealed the denial. ";
  const std::vector<std::pair<const char*, std::string>> bad = {
      {"overlong 2-byte /", "\xC0\xAF"},
      {"overlong 3-byte /", "\xE0\x80\xAF"},
      {"overlong 4-byte /", "\xF0\x80\x80\xAF"},
      {"overlong NUL", "\xC0\x80"},
      {"lone surrogate D800", "\xED\xA0\x80"},
      {"lone surrogate DFFF", "\xED\xBF\xBF"},
      {"surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80"},
      {"above U+10FFFF", "\xF4\x90\x80\x80"},
      {"F5 lead", "\xF5\x80\x80\x80"},
      {"FF", "\xFF"},
      {"lone continuation", "\x80"},
      {"truncated euro", "\xE2\x82"},
      {"truncated at the end", "\xF0\x9F\x98"},
  };
  for (const auto& [what, seq] : bad) {
    INFO(what);
    const std::string note = before + seq + " Daughter present at the family meeting.";
    exemplar_result* r = nullptr;
    CHECK(exemplar_analyze(eng.e, note.data(), note.size(), nullptr, &r) == EXEMPLAR_ERR_INVALID_UTF8);
    CHECK(r == nullptr);
    const std::string msg = exemplar_last_error_message();
    INFO(msg);
    CHECK(msg.find("offset " + std::to_string(before.size())) != std::string::npos);

    exemplar_analyze_options o = EXEMPLAR_ANALYZE_OPTIONS_INIT;
    o.replace_invalid_utf8 = 1;
    REQUIRE(exemplar_analyze(eng.e, note.data(), note.size(), &o, &r) == EXEMPLAR_OK);
    const std::string repaired = fuzz::repair(note);
    REQUIRE(repaired.find("\xEF\xBF\xBD") == before.size());
    fuzz::check_result(r, repaired, true);
    CHECK(exemplar_result_moment_count(r) >= 2);  // the cues on both sides survive
    exemplar_result_free(r);
  }
  // The same at the very start and as the whole note.
  exemplar_result* r = nullptr;
  CHECK(exemplar_analyze(eng.e, "\xED\xA0\x80", 3, nullptr, &r) == EXEMPLAR_ERR_INVALID_UTF8);
  CHECK(std::string(exemplar_last_error_message()).find("offset 0") != std::string::npos);
}

TEST_CASE("hostile: NUL bytes are U+0000, valid UTF-8: analysed, offsets count them, JSON escapes them", "[utf8]") {
  // RFC 3629 allows U+0000, and the API takes lengths, so a NUL is text like
  // any other (see the report: rejecting it would be a contract change).
  Engine eng;
  const std::string note("\0\0CM appealed the denial.\0Daughter\0present.", 43);
  REQUIRE(note.size() == 43);
  REQUIRE(note.find("appealed") == 5);
  exemplar_result* r = nullptr;
  REQUIRE(exemplar_analyze(eng.e, note.data(), note.size(), nullptr, &r) == EXEMPLAR_OK);
  const nlohmann::json doc = fuzz::check_result(r, note, true);
  REQUIRE(exemplar_result_moment_count(r) >= 1);
  exemplar_moment m = EXEMPLAR_MOMENT_INIT;
  REQUIRE(exemplar_result_moment(r, 0, &m) == EXEMPLAR_OK);
  CHECK(m.start == 5);  // after two NULs and "CM "
  const char* json = nullptr;
  size_t len = 0;
  exemplar_result_json(r, &json, &len);
  CHECK(std::strlen(json) == len);
  CHECK(std::string(json, len).find("\\u0000") != std::string::npos);
  exemplar_result_free(r);
}

// ---------------------------------------------------------------- NULL everywhere

TEST_CASE("hostile: every C API function accepts NULL for every pointer", "[null]") {
  CHECK(exemplar_version_number() == EXEMPLAR_VERSION_NUMBER);
  CHECK(exemplar_version_string() != nullptr);
  for (int s = -2; s < 20; ++s) CHECK(exemplar_status_string(s) != nullptr);
  CHECK(exemplar_last_error_message() != nullptr);

  exemplar_engine* e = reinterpret_cast<exemplar_engine*>(uintptr_t{16});
  CHECK(exemplar_engine_new_default(nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(*exemplar_last_error_message() != '\0');
  CHECK(exemplar_engine_new_from_json(nullptr, 0, &e) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(e == nullptr);
  CHECK(exemplar_engine_new_from_json(nullptr, 10, &e) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_engine_new_from_json("{}", 2, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_engine_new_from_json(nullptr, 0, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  e = reinterpret_cast<exemplar_engine*>(uintptr_t{16});
  CHECK(exemplar_engine_new_from_file(nullptr, &e) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(e == nullptr);
  CHECK(exemplar_engine_new_from_file("/nonexistent", nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_engine_new_from_file(nullptr, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  exemplar_engine_free(nullptr);
  CHECK(exemplar_engine_rulepack_id(nullptr) == nullptr);
  CHECK(exemplar_engine_rulepack_version(nullptr) == nullptr);
  CHECK(exemplar_engine_rulepack_sha256(nullptr) == nullptr);

  Engine eng;
  exemplar_result* r = reinterpret_cast<exemplar_result*>(uintptr_t{16});
  exemplar_analyze_options o = EXEMPLAR_ANALYZE_OPTIONS_INIT;
  CHECK(exemplar_analyze(nullptr, "x", 1, &o, &r) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(r == nullptr);
  CHECK(exemplar_analyze(eng.e, nullptr, 5, &o, &r) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_analyze(eng.e, nullptr, 0, &o, &r) == EXEMPLAR_ERR_INVALID_ARGUMENT);  // an empty note
  CHECK(exemplar_analyze(eng.e, "x", 1, &o, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_analyze(nullptr, nullptr, 0, nullptr, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_analyze(eng.e, "CM appealed.", 12, nullptr, &r) == EXEMPLAR_OK);  // NULL options: defaults
  REQUIRE(r != nullptr);

  const char* json = nullptr;
  size_t len = 0;
  CHECK(exemplar_result_json(nullptr, &json, &len) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_result_json(r, nullptr, &len) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_result_json(r, &json, nullptr) == EXEMPLAR_OK);  // the length is optional
  CHECK(exemplar_result_json(nullptr, nullptr, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_result_moment_count(nullptr) == 0);
  exemplar_moment m = EXEMPLAR_MOMENT_INIT;
  CHECK(exemplar_result_moment(nullptr, 0, &m) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_result_moment(r, 0, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_result_moment(nullptr, 0, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_result_moment(r, static_cast<size_t>(-1), &m) == EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);
  CHECK(exemplar_result_kind_count(nullptr) == 0);
  CHECK(exemplar_result_kind(nullptr, 0) == nullptr);
  CHECK(exemplar_result_kind(r, static_cast<size_t>(-1)) == nullptr);
  double score = 7.0;
  CHECK(exemplar_result_category(nullptr, &score) == nullptr);
  CHECK(score == 0.0);
  CHECK(exemplar_result_category(nullptr, nullptr) == nullptr);
  (void)exemplar_result_category(r, nullptr);
  exemplar_result_free(r);
  exemplar_result_free(nullptr);

  exemplar_context c = EXEMPLAR_CONTEXT_INIT;
  CHECK(exemplar_context_of(nullptr, "x", 1, 0, 1, &c) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_context_of(eng.e, nullptr, 1, 0, 1, &c) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_context_of(eng.e, "x", 1, 0, 1, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_context_of(nullptr, nullptr, 0, 0, 0, nullptr) == EXEMPLAR_ERR_NULL_ARGUMENT);
  CHECK(exemplar_context_of(eng.e, nullptr, 0, 0, 0, &c) == EXEMPLAR_OK);  // an empty text, an empty span
}

TEST_CASE("hostile: context spans outside the text are refused", "[context]") {
  Engine eng;
  const char* t = "Denies chest pain.";
  const size_t n = std::strlen(t);
  exemplar_context c = EXEMPLAR_CONTEXT_INIT;
  const size_t big = static_cast<size_t>(-1);
  CHECK(exemplar_context_of(eng.e, t, n, 5, 2, &c) == EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);
  CHECK(exemplar_context_of(eng.e, t, n, 0, n + 1, &c) == EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);
  CHECK(exemplar_context_of(eng.e, t, n, big, big, &c) == EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);
  CHECK(exemplar_context_of(eng.e, t, n, 0, big, &c) == EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);
  CHECK(exemplar_context_of(eng.e, t, n, n, n, &c) == EXEMPLAR_OK);
  CHECK(exemplar_context_of(eng.e, "\xED\xA0\x80", 3, 0, 1, &c) == EXEMPLAR_ERR_INVALID_UTF8);
  c.version = 0;
  CHECK(exemplar_context_of(eng.e, t, n, 0, 1, &c) == EXEMPLAR_ERR_INVALID_ARGUMENT);
}
