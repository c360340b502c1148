// exemplar eval: measures the engine against gold corpora in the labelling
// guide's format, beside a keyword baseline, and lists every mistake with
// the cue and context that caused it. With --floors it is a regression
// guard: any figure under its floor fails the run.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "common.h"
#include "evaluation/gold_corpus.h"
#include "evaluation/metrics.h"
#include "options.h"

namespace exemplar::cli {
namespace {

const char kHelp[] =
    "Usage: exemplar eval GOLD.jsonl... [--rules PACK.json] [--json] [--floors FLOORS.json]\n"
    "       exemplar eval --check GOLD.jsonl...\n"
    "\n"
    "Measures the engine on gold corpora written as the labelling guide says (one\n"
    "JSON object per line: id, text, moments, category, evidence, why). Prints,\n"
    "per moment kind, precision, recall and F1 over notes, beside a keyword\n"
    "baseline (the same cue patterns, no context, no scoring); category top-1 and\n"
    "top-2 accuracy over notes with a gold category; abstention (share of\n"
    "no-moment notes given no category); evidence overlap (share of flags whose\n"
    "span overlaps a gold evidence string of the same kind), and the same for\n"
    "the sentence of each affirmed kind's lead flag; then every false\n"
    "positive and false negative with the cues and the context behind it.\n"
    "Several files are measured together.\n"
    "\n"
    "Options:\n"
    "  --rules PACK.json     Use this rule pack instead of the built-in default.\n"
    "  --json                One JSON object instead of the text report.\n"
    "  --floors FLOORS.json  Fail (exit 6) when a figure is under its floor. The\n"
    "                        file maps figure names to minimums, e.g.\n"
    "                        {\"breakdown_f1\": 0.7, \"category_top1\": 0.5,\n"
    "                         \"category_top2\": 0.7, \"abstention\": 0.9,\n"
    "                         \"evidence\": 0.6, \"lead_evidence\": 0.7}\n"
    "  --check               Only validate the corpus files and report problems.\n"
    "  --max-mistakes N      List at most N mistakes (default: all).\n"
    "  -h, --help            Show this help.\n"
    "\n"
    "Exit codes: 0 success, 2 usage error, 3 rule pack invalid, 4 I/O error,\n"
    "6 a figure is under its floor or the corpus has problems.\n";

constexpr int kExitBelowFloor = 6;

std::string f3(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// Every figure by its floor name.
std::vector<std::pair<std::string, double>> figures(const EvalReport& r) {
  std::vector<std::pair<std::string, double>> out;
  for (int k = 0; k < kMomentKindCount; ++k) {
    const std::string name = kind_id(static_cast<Kind>(k));
    out.push_back({name + "_precision", r.engine[k].precision()});
    out.push_back({name + "_recall", r.engine[k].recall()});
    out.push_back({name + "_f1", r.engine[k].f1()});
  }
  out.push_back({"category_top1", r.top1_rate()});
  out.push_back({"category_top2", r.top2_rate()});
  out.push_back({"abstention", r.abstention_rate()});
  out.push_back({"evidence", r.evidence_rate()});
  out.push_back({"lead_evidence", r.lead_evidence_rate()});
  return out;
}

std::string text_report(const EvalReport& r, const std::string& corpus, size_t max_mistakes) {
  std::string s = "Corpus: " + corpus + " (" + std::to_string(r.notes) + " notes, " +
                  std::to_string(r.without_moment) + " without a moment";
  if (r.failed) s += ", " + std::to_string(r.failed) + " could not be analysed";
  s += ")\n\n";
  s += "kind                  engine P   R      F1     | keyword baseline P   R      F1\n";
  for (int k = 0; k < kMomentKindCount; ++k) {
    std::string name = kind_id(static_cast<Kind>(k));
    name.resize(20, ' ');
    const PRF& e = r.engine[k];
    const PRF& b = r.baseline[k];
    s += name + "  " + f3(e.precision()) + "  " + f3(e.recall()) + "  " + f3(e.f1()) + "  |       " +
         f3(b.precision()) + "  " + f3(b.recall()) + "  " + f3(b.f1()) + "   (tp " + std::to_string(e.tp) +
         ", fp " + std::to_string(e.fp) + ", fn " + std::to_string(e.fn) + ")\n";
  }
  s += "\ncategory top-1 " + f3(r.top1_rate()) + " (" + std::to_string(r.top1) + "/" +
       std::to_string(r.with_category) + "), top-2 " + f3(r.top2_rate()) + " (" + std::to_string(r.top2) + "/" +
       std::to_string(r.with_category) + ")\n";
  s += "abstention     " + f3(r.abstention_rate()) + " (" + std::to_string(r.abstained) + "/" +
       std::to_string(r.without_moment) + " no-moment notes given no category)\n";
  s += "evidence       " + f3(r.evidence_rate()) + " (" + std::to_string(r.flags_on_evidence) + "/" +
       std::to_string(r.flags) + " flags on gold evidence)\n";
  s += "lead evidence  " + f3(r.lead_evidence_rate()) + " (" + std::to_string(r.leads_on_evidence) + "/" +
       std::to_string(r.leads) + " lead flags' sentences on gold evidence)\n";
  if (!r.mistakes.empty()) {
    s += "\nMistakes (" + std::to_string(r.mistakes.size()) + "):\n";
    size_t n = 0;
    for (const Mistake& m : r.mistakes) {
      if (n++ >= max_mistakes) {
        s += "  ... " + std::to_string(r.mistakes.size() - max_mistakes) + " more\n";
        break;
      }
      s += std::string("  ") + (m.false_positive ? "FP " : "FN ") + kind_id(static_cast<Kind>(m.kind)) + " " + m.id +
           ": " + m.detail + "\n";
    }
  }
  return s;
}

std::string json_report(const EvalReport& r, const std::string& corpus) {
  nlohmann::ordered_json j;
  j["corpus"] = corpus;
  j["notes"] = r.notes;
  j["failed"] = r.failed;
  for (int k = 0; k < kMomentKindCount; ++k) {
    const char* name = kind_id(static_cast<Kind>(k));
    const PRF& e = r.engine[k];
    const PRF& b = r.baseline[k];
    j["kinds"][name] = {{"precision", e.precision()}, {"recall", e.recall()}, {"f1", e.f1()},
                        {"tp", e.tp}, {"fp", e.fp}, {"fn", e.fn}};
    j["baseline"][name] = {{"precision", b.precision()}, {"recall", b.recall()}, {"f1", b.f1()}};
  }
  j["category"] = {{"top1", r.top1_rate()}, {"top2", r.top2_rate()}, {"notes", r.with_category}};
  j["abstention"] = r.abstention_rate();
  j["evidence"] = r.evidence_rate();
  j["lead_evidence"] = r.lead_evidence_rate();
  j["mistakes"] = nlohmann::ordered_json::array();
  for (const Mistake& m : r.mistakes) {
    j["mistakes"].push_back({{"id", m.id}, {"kind", kind_id(static_cast<Kind>(m.kind))},
                             {"type", m.false_positive ? "false_positive" : "false_negative"}, {"detail", m.detail}});
  }
  return j.dump() + "\n";
}

int run_eval(const std::vector<std::string>& args) {
  std::string rules, floors_path, max_mistakes_s;
  bool json = false, check = false, help = false;
  OptionParser p;
  p.value("rules", &rules);
  p.value("floors", &floors_path);
  p.value("max-mistakes", &max_mistakes_s);
  p.flag("json", &json);
  p.flag("check", &check);
  p.flag("help", &help, 'h');
  std::vector<std::string> files;
  std::string err;
  if (!p.parse(args, &files, &err)) return usage_error("eval", err);
  if (help) return print_help(kEvalCommand);
  if (files.empty()) return usage_error("eval", "expected one or more gold corpus files (GOLD.jsonl)");
  size_t max_mistakes = static_cast<size_t>(-1);
  if (!max_mistakes_s.empty() && !parse_byte_count(max_mistakes_s, &max_mistakes)) {
    return usage_error("eval", "--max-mistakes needs a number");
  }

  std::vector<GoldNote> gold;
  std::vector<std::string> problems;
  std::string corpus;
  for (const std::string& path : files) {
    std::string io_error;
    std::vector<std::string> file_problems;
    if (!load_gold(path, &gold, &file_problems, &io_error)) return report({kExitIo, io_error});
    for (const std::string& pr : file_problems) problems.push_back(display_name(path) + ": " + pr);
    corpus += (corpus.empty() ? "" : " + ") + display_name(path);
  }
  for (const std::string& pr : problems) std::fprintf(stderr, "exemplar eval: %s\n", pr.c_str());
  if (check) {
    if (!problems.empty()) return kExitBelowFloor;
    write_stdout(corpus + ": ok \xE2\x80\x94 " + std::to_string(gold.size()) + " notes\n");
    const Failure f = finish_stdout();
    return f.ok() ? kExitOk : report(f);
  }

  std::unique_ptr<Engine> engine;
  Failure f = load_engine(rules, &engine);
  if (!f.ok()) return report(f);
  const EvalReport r = evaluate(*engine, gold);
  write_stdout(json ? json_report(r, corpus) : text_report(r, corpus, max_mistakes));
  f = finish_stdout();
  if (!f.ok()) return report(f);

  int code = problems.empty() ? kExitOk : kExitBelowFloor;
  if (!floors_path.empty()) {
    std::ifstream in(floors_path, std::ios::binary);
    if (!in) return report({kExitIo, display_name(floors_path) + ": cannot read"});
    std::stringstream ss;
    ss << in.rdbuf();
    const nlohmann::json floors = nlohmann::json::parse(ss.str(), nullptr, false);
    if (floors.is_discarded() || !floors.is_object()) {
      return report({kExitUsage, display_name(floors_path) + ": not a JSON object of figure floors"});
    }
    const auto figs = figures(r);
    for (auto it = floors.begin(); it != floors.end(); ++it) {
      const auto fig = std::find_if(figs.begin(), figs.end(), [&](const auto& x) { return x.first == it.key(); });
      if (fig == figs.end() || !it->is_number()) {
        return report({kExitUsage, display_name(floors_path) + ": unknown figure or non-numeric floor \"" + it.key() + "\""});
      }
      if (fig->second + 1e-9 < it->get<double>()) {
        std::fprintf(stderr, "exemplar eval: %s: %s is %.3f, under its floor %.3f\n", corpus.c_str(), it.key().c_str(),
                     fig->second, it->get<double>());
        code = kExitBelowFloor;
      }
    }
  }
  return code;
}

}  // namespace

const Command kEvalCommand = {"eval", "Measure accuracy on a gold corpus, with a keyword baseline", kHelp, run_eval};

}  // namespace exemplar::cli
