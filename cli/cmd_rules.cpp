// exemplar rules: check a rule pack, summarise one, or export the default.
#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "options.h"

namespace exemplar::cli {
namespace {

const char kHelp[] =
    "Usage: exemplar rules check PACK.json...\n"
    "       exemplar rules show [--rules PACK.json]\n"
    "       exemplar rules dump-default\n"
    "\n"
    "Rule packs are JSON files of cue rules (what to look for), context rules\n"
    "(negation, hypothetical, historical, experiencer triggers), section rules\n"
    "and whole-note examples.\n"
    "\n"
    "Subcommands:\n"
    "  check PACK.json...   Load and validate each pack: structure, versions,\n"
    "                       every pattern, and every example it carries (rule\n"
    "                       examples and whole-note examples run through the\n"
    "                       engine). Prints one line per valid pack:\n"
    "                         PACK.json: ok \xE2\x80\x94 N cue rules, M context rules, K section\n"
    "                         rules, E examples; id=..., version=..., sha256=...\n"
    "                       (E counts every example checked). An invalid pack is\n"
    "                       reported on standard error with the JSON path of the\n"
    "                       problem (\"/cues/17/weight: must be between 0 and 1\").\n"
    "  show [--rules PACK]  A table of the rules (id, kind, weight) of the default\n"
    "                       pack or of PACK, with context and section rules.\n"
    "  dump-default         Print the built-in default pack's JSON, byte for byte,\n"
    "                       to copy and extend.\n"
    "\n"
    "Examples:\n"
    "  exemplar rules dump-default > my-pack.json\n"
    "  exemplar rules check my-pack.json\n"
    "  exemplar rules show --rules my-pack.json\n"
    "\n"
    "Exit codes: 0 success, 2 usage error, 3 rule pack invalid, 4 I/O error.\n";

int finish(int code = kExitOk) {
  const Failure f = finish_stdout();
  return f.ok() ? code : report(f);
}

size_t example_count(const RulePack& pack) {
  size_t n = pack.examples.size();
  auto add = [&n](const RuleExamples& e) { n += e.match.size() + e.no_match.size(); };
  for (const CueRule& r : pack.cues) add(r.examples);
  for (const ContextRule& r : pack.context) add(r.examples);
  for (const SectionRule& r : pack.sections) add(r.examples);
  return n;
}

int run_check(const std::vector<std::string>& args) {
  bool help = false;
  OptionParser p;
  p.flag("help", &help, 'h');
  std::vector<std::string> packs;
  std::string err;
  if (!p.parse(args, &packs, &err)) return usage_error("rules check", err);
  if (help) return print_help(kRulesCommand);
  if (packs.empty()) return usage_error("rules check", "expected a rule pack file (PACK.json)");
  int code = kExitOk;
  for (const std::string& path : packs) {
    std::unique_ptr<Engine> engine;
    const Failure f = load_engine_from_file(path, &engine);
    if (!f.ok()) {
      report(f);
      if (code == kExitOk) code = f.exit_code;
      continue;
    }
    const RulePack& pack = engine->pack();
    write_stdout(display_name(path) + ": ok \xE2\x80\x94 " + std::to_string(pack.cues.size()) + " cue rules, " +
                 std::to_string(pack.context.size()) + " context rules, " + std::to_string(pack.sections.size()) +
                 " section rules, " + std::to_string(example_count(pack)) + " examples; id=" + pack.id +
                 ", version=" + pack.version + ", sha256=" + pack.sha256 + "\n");
  }
  return finish(code);
}

std::string pad(std::string s, size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

std::string fmt2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// A left-aligned table; the last column is not padded.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& r : rows) {
    width.resize(std::max(width.size(), r.size()));
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line = " ";
    for (size_t i = 0; i < r.size(); ++i) line += " " + (i + 1 < r.size() ? pad(r[i], width[i]) : r[i]);
    out += line + "\n";
  }
  return out;
}

const char* direction_id(Direction d) {
  switch (d) {
    case Direction::kForward: return "forward";
    case Direction::kBackward: return "backward";
    case Direction::kBoth: return "both";
  }
  return "forward";
}

int run_show(const std::vector<std::string>& args) {
  bool help = false;
  std::string rules;
  OptionParser p;
  p.flag("help", &help, 'h');
  p.value("rules", &rules);
  std::vector<std::string> rest;
  std::string err;
  if (!p.parse(args, &rest, &err)) return usage_error("rules show", err);
  if (help) return print_help(kRulesCommand);
  if (!rest.empty()) return usage_error("rules show", "unexpected argument '" + rest[0] + "' (use --rules PACK.json)");
  std::unique_ptr<Engine> engine;
  const Failure f = load_engine(rules, &engine);
  if (!f.ok()) return report(f);
  const RulePack& pack = engine->pack();

  std::string out = "Rule pack " + pack.id + " " + pack.version + " (" + (rules.empty() ? "built-in" : display_name(rules)) +
                    "), sha256 " + pack.sha256 + "\n";
  if (!pack.description.empty()) out += pack.description + "\n";
  std::array<size_t, kMomentKindCount + 1> per_kind{};
  for (const CueRule& r : pack.cues) ++per_kind[static_cast<int>(r.kind)];
  out += "\nCue rules (" + std::to_string(pack.cues.size()) + ":";
  for (int k = 0; k <= kMomentKindCount; ++k) {
    out += std::string(k ? "," : "") + " " + std::to_string(per_kind[k]) + " " + kind_id(static_cast<Kind>(k));
  }
  out += ")\n";
  std::vector<std::vector<std::string>> rows = {{"ID", "KIND", "WEIGHT"}};
  for (const CueRule& r : pack.cues) rows.push_back({r.id, kind_id(r.kind), fmt2(r.weight)});
  out += table(rows);

  if (!pack.context.empty()) {
    out += "\nContext rules (" + std::to_string(pack.context.size()) + ")\n";
    rows = {{"ID", "ROLE", "DIRECTION", "SCOPE"}};
    for (const ContextRule& r : pack.context) {
      std::string scope = std::to_string(r.max_words) + " words";
      if (r.opens_sentence) scope += "; a sentence it opens";
      rows.push_back({r.id, context_role_id(r.role), direction_id(r.direction), scope});
    }
    out += table(rows);
  }
  if (!pack.sections.empty()) {
    out += "\nSection rules (" + std::to_string(pack.sections.size()) + ")\n";
    rows = {{"ID", "IMPLIES"}};
    for (const SectionRule& r : pack.sections) {
      std::string implies;
      if (r.historical) implies += "historical ";
      if (r.hypothetical) implies += "hypothetical ";
      if (r.family) implies += "experiencer=family ";
      rows.push_back({r.id, implies.empty() ? "-" : implies.substr(0, implies.size() - 1)});
    }
    out += table(rows);
  }
  if (pack.sentence_model.present()) {
    out += "\nSentence model (a sentence at probability " + fmt2(pack.sentence_model.min_probability) +
           " or more is a moment)\n";
    rows = {{"KIND", "WEIGHTS", "BIAS"}};
    for (int k = 0; k < kMomentKindCount; ++k) {
      const SentenceModelKind& mk = pack.sentence_model.kinds[k];
      if (mk.present) rows.push_back({kind_id(static_cast<Kind>(k)), std::to_string(mk.weight_count), fmt2(mk.bias)});
    }
    out += table(rows);
  }
  if (pack.category_model.present) {
    out += "\nCategory model: " + std::to_string(pack.category_model.feature_count) +
           " features, a share of " + fmt2(pack.category_model.share) + " of each category score\n";
  }
  out += "\n" + std::to_string(pack.examples.size()) + " whole-note examples; moment threshold " +
         fmt2(pack.moment_threshold) + "; default context scope " + std::to_string(pack.default_max_words) + " words\n";
  write_stdout(out);
  return finish();
}

int run_dump_default(const std::vector<std::string>& args) {
  bool help = false;
  OptionParser p;
  p.flag("help", &help, 'h');
  std::vector<std::string> rest;
  std::string err;
  if (!p.parse(args, &rest, &err)) return usage_error("rules dump-default", err);
  if (help) return print_help(kRulesCommand);
  if (!rest.empty()) return usage_error("rules dump-default", "unexpected argument '" + rest[0] + "'");
  write_stdout(default_rule_pack_json());
  return finish();
}

int run_rules(const std::vector<std::string>& args) {
  if (args.empty()) return usage_error("rules", "expected a subcommand: check, show or dump-default");
  const std::string& sub = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (sub == "--help" || sub == "-h" || sub == "help") return print_help(kRulesCommand);
  if (sub == "check") return run_check(rest);
  if (sub == "show") return run_show(rest);
  if (sub == "dump-default") return run_dump_default(rest);
  return usage_error("rules", "unknown subcommand '" + sub + "' (expected check, show or dump-default)");
}

}  // namespace

const Command kRulesCommand = {"rules", "Check a rule pack, list its rules, or print the built-in default",
                               kHelp, run_rules};

}  // namespace exemplar::cli
