// exemplar_bench: how fast the engine builds and analyses notes, measured
// against the floor of a bare RE2::Set scan with the same cue patterns.
//
// Output: one "key: value" line per figure (or one JSON object with --json).
// MB = 10^6 bytes. Timings are medians over --reps passes of the whole set.
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiled_pack.h"
#include "engine.h"
#include "bench_stats.h"
#include "note_generator.h"
#include "version.h"

using exemplar::bench::median;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

const char kUsage[] =
    "Usage: exemplar_bench [--mb N] [--seed S] [--reps R] [--constructions C] [--rules PACK.json] [--json]\n"
    "\n"
    "Generates a deterministic set of synthetic case notes (100 B to 20 KB each)\n"
    "in memory and measures:\n"
    "  - engine construction time for the rule pack (median of C builds, ms);\n"
    "  - Engine::analyze_json throughput on one thread (median of R passes);\n"
    "  - a bare RE2::Set existence scan with the same cue patterns and options,\n"
    "    the floor the engine is measured against, and the engine/bare ratio;\n"
    "  - the share of notes with at least one affirmed moment kind.\n"
    "\n"
    "  --mb N             size of the note set in MB (10^6 bytes; default 20)\n"
    "  --seed S           generator seed (default 1)\n"
    "  --reps R           passes over the set per measurement (default 5; fewer\n"
    "                     when the passes would take more than about 20 s)\n"
    "  --constructions C  engine builds to time (default 7)\n"
    "  --rules PACK.json  a rule pack file instead of the built-in default\n"
    "  --json             print one JSON object instead of key: value lines\n";

struct Args {
  double mb = 20;
  uint64_t seed = 1;
  int reps = 5;
  int constructions = 7;
  std::string rules;
  bool json = false;
};

bool parse_number(const std::string& s, double* out) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end || !(v > 0)) return false;
  *out = v;
  return true;
}

// --name value or --name=value; returns 0 to go on, else an exit code.
int parse_args(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    const size_t eq = arg.find('=');
    const bool has_eq = arg.compare(0, 2, "--") == 0 && eq != std::string::npos;
    if (has_eq) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return -1;
    }
    if (arg == "--json") {
      a->json = true;
      continue;
    }
    const bool takes_value = arg == "--mb" || arg == "--seed" || arg == "--reps" || arg == "--constructions" ||
                             arg == "--rules";
    if (!takes_value) {
      std::fprintf(stderr, "exemplar_bench: unknown option '%s'\n%s", arg.c_str(), kUsage);
      return 2;
    }
    if (!has_eq) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "exemplar_bench: option '%s' needs a value\n", arg.c_str());
        return 2;
      }
      value = argv[++i];
    }
    double v = 0;
    if (arg == "--rules") {
      a->rules = value;
      continue;
    }
    if (!parse_number(value, &v)) {
      std::fprintf(stderr, "exemplar_bench: option '%s' needs a positive number, not '%s'\n", arg.c_str(), value.c_str());
      return 2;
    }
    if (arg == "--mb") a->mb = v;
    else if (arg == "--seed") a->seed = static_cast<uint64_t>(v);
    else if (arg == "--reps") a->reps = std::max(1, static_cast<int>(v));
    else a->constructions = std::max(1, static_cast<int>(v));
  }
  return 0;
}

// Figures in output order, printed as text lines or as one JSON object.
class Report {
 public:
  void add(const std::string& key, double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    items_.emplace_back(key, buf);
  }
  void add_int(const std::string& key, uint64_t v) { items_.emplace_back(key, std::to_string(v)); }
  void add_string(const std::string& key, const std::string& v) { items_.emplace_back(key, "\"" + v + "\""); }

  void print(bool json) const {
    if (!json) {
      for (const auto& kv : items_) {
        const std::string& v = kv.second;
        const bool quoted = v.size() >= 2 && v.front() == '"';
        std::printf("%s: %s\n", kv.first.c_str(), (quoted ? v.substr(1, v.size() - 2) : v).c_str());
      }
      return;
    }
    std::printf("{");
    for (size_t i = 0; i < items_.size(); ++i) {
      std::printf("%s\"%s\": %s", i ? ", " : "", items_[i].first.c_str(), items_[i].second.c_str());
    }
    std::printf("}\n");
  }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (const int rc = parse_args(argc, argv, &args)) return rc < 0 ? 0 : rc;

  // The rule pack's bytes: the embedded default or a file.
  std::string pack_json(exemplar::default_rule_pack_json());
  if (!args.rules.empty()) {
    std::ifstream in(args.rules, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "exemplar_bench: %s: cannot read rule pack\n", args.rules.c_str());
      return 4;
    }
    pack_json.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const std::string pack_name = args.rules.empty() ? "default rule pack" : args.rules;

  // 1. Construction: parse, compile every pattern, run every example.
  std::unique_ptr<exemplar::Engine> engine;
  std::vector<double> construct_ms;
  for (int i = 0; i < args.constructions; ++i) {
    const auto t0 = Clock::now();
    const exemplar::Status st = exemplar::Engine::create_from_json(pack_json, &engine);
    construct_ms.push_back(seconds_since(t0) * 1e3);
    if (!st.ok()) {
      std::fprintf(stderr, "exemplar_bench: %s: invalid rule pack: %s\n", pack_name.c_str(), st.message.c_str());
      return 3;
    }
  }
  const exemplar::RulePack& pack = engine->pack();

  // 2. The note set.
  exemplar::bench::NoteSetOptions gen;
  gen.seed = args.seed;
  gen.total_bytes = static_cast<size_t>(args.mb * 1e6);
  const auto g0 = Clock::now();
  const std::vector<std::string> notes = exemplar::bench::generate_notes(gen);
  const double generate_s = seconds_since(g0);
  size_t total_bytes = 0, min_len = SIZE_MAX, max_len = 0;
  std::vector<double> lengths;
  for (const std::string& n : notes) {
    total_bytes += n.size();
    min_len = std::min(min_len, n.size());
    max_len = std::max(max_len, n.size());
    lengths.push_back(static_cast<double>(n.size()));
  }

  // 3. The floor: one RE2::Set with exactly the engine's cue patterns and
  // options (pattern_options() and the set memory budget of compiled_pack.cpp).
  re2::RE2::Options set_opts = exemplar::pattern_options();
  set_opts.set_max_mem(int64_t{256} << 20);
  re2::RE2::Set bare(set_opts, re2::RE2::UNANCHORED);
  for (const exemplar::CueRule& r : pack.cues) {
    if (r.sentence_model) continue;  // no pattern: its moments come from reading sentences
    std::string err;
    if (bare.Add(r.pattern, &err) < 0) {
      std::fprintf(stderr, "exemplar_bench: bare set: cannot add %s: %s\n", r.id.c_str(), err.c_str());
      return 3;
    }
  }
  if (!bare.Compile()) {
    std::fprintf(stderr, "exemplar_bench: bare set: compile failed (out of memory)\n");
    return 3;
  }

  // Warm-up: caches, the lazily built DFA states of both sets.
  exemplar::AnalyzeOptions opts;
  std::string json;
  exemplar::Analysis analysis;
  std::vector<int> ids;
  for (size_t i = 0; i < notes.size() && i < 200; ++i) {
    engine->analyze_json(notes[i], opts, nullptr, &json, &analysis);
    bare.Match(notes[i], &ids);
  }

  // 4. Passes over the whole set, engine and bare scan interleaved so that
  // machine noise hits both alike.
  std::vector<double> engine_s, bare_s;
  size_t affirmed_notes = 0, bare_match_notes = 0, json_bytes = 0, failures = 0, dfa_failures = 0;
  std::array<size_t, exemplar::kMomentKindCount> kind_notes{};
  int reps = args.reps;
  for (int rep = 0; rep < reps; ++rep) {
    const bool count = rep == 0;
    auto t0 = Clock::now();
    for (const std::string& n : notes) {
      const exemplar::Status st = engine->analyze_json(n, opts, nullptr, &json, &analysis);
      if (!count) continue;
      if (!st.ok()) {
        ++failures;
        continue;
      }
      json_bytes += json.size();
      bool any = false;
      for (int k = 0; k < exemplar::kMomentKindCount; ++k) {
        any = any || analysis.kind_affirmed[k];
        kind_notes[k] += analysis.kind_affirmed[k] ? 1 : 0;
      }
      affirmed_notes += any ? 1 : 0;
    }
    engine_s.push_back(seconds_since(t0));

    t0 = Clock::now();
    for (const std::string& n : notes) {
      re2::RE2::Set::ErrorInfo info{re2::RE2::Set::kNoError};
      const bool hit = bare.Match(n, &ids, &info);
      if (!count) continue;
      bare_match_notes += hit ? 1 : 0;
      dfa_failures += info.kind == re2::RE2::Set::kOutOfMemory ? 1 : 0;
    }
    bare_s.push_back(seconds_since(t0));
    // Keep the whole run short on a slow pack or machine: at most ~20 s of passes.
    if (count) reps = std::min(reps, std::max(1, static_cast<int>(20.0 / (engine_s[0] + bare_s[0]))));
  }

  const double mb = static_cast<double>(total_bytes) / 1e6;
  const double n = static_cast<double>(notes.size());
  const double e = median(engine_s), b = median(bare_s);
  Report r;
  r.add_string("engine_version", exemplar::kVersionString);
  r.add_string("rule_pack", pack.id + " " + pack.version);
  r.add_int("cue_rules", pack.cues.size());
  r.add_int("context_rules", pack.context.size());
  r.add_int("section_rules", pack.sections.size());
  r.add_int("notes", notes.size());
  r.add("total_mb", mb, 2);
  r.add_int("note_bytes_min", min_len);
  r.add("note_bytes_median", median(lengths), 0);
  r.add("note_bytes_mean", static_cast<double>(total_bytes) / n, 0);
  r.add_int("note_bytes_max", max_len);
  r.add("generate_s", generate_s, 2);
  r.add_int("constructions", construct_ms.size());
  r.add("construct_ms_median", median(construct_ms), 2);
  r.add("construct_ms_min", *std::min_element(construct_ms.begin(), construct_ms.end()), 2);
  r.add_int("reps", reps);
  r.add("analyze_s_median", e, 3);
  r.add("analyze_mb_per_s", mb / e, 1);
  r.add("analyze_notes_per_s", n / e, 0);
  r.add("analyze_us_per_note", e / n * 1e6, 1);
  r.add("json_mb_out", static_cast<double>(json_bytes) / 1e6, 2);
  r.add("bare_set_s_median", b, 3);
  r.add("bare_set_mb_per_s", mb / b, 1);
  r.add("bare_set_notes_per_s", n / b, 0);
  r.add("engine_bare_time_ratio", e / b, 2);
  r.add("affirmed_share", static_cast<double>(affirmed_notes) / n, 3);
  for (int k = 0; k < exemplar::kMomentKindCount; ++k) {
    r.add(std::string("affirmed_share_") + exemplar::kind_id(static_cast<exemplar::Kind>(k)),
          static_cast<double>(kind_notes[k]) / n, 3);
  }
  r.add("bare_match_share", static_cast<double>(bare_match_notes) / n, 3);
  r.add_int("analyze_failures", failures);
  r.add_int("bare_dfa_failures", dfa_failures);
  r.print(args.json);
  return failures || dfa_failures ? 1 : 0;
}
