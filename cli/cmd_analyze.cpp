// exemplar analyze: the analysis of one note, as the engine's JSON or as a
// readable text view.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "options.h"
#include "text_report.h"

namespace exemplar::cli {
namespace {

const char kHelp[] =
    "Usage: exemplar analyze [FILE|-] [options]\n"
    "\n"
    "Analyses one note and prints its teachable moments (breakdown, rule_bending,\n"
    "advocacy, family_involvement), the context that decided each cue, and the\n"
    "suggested story category. The note is read from FILE, or from standard input\n"
    "when FILE is '-' or absent. It must be UTF-8 text.\n"
    "\n"
    "Options:\n"
    "  --format json|text        Output format (default json). json: the engine's\n"
    "                            \"exemplar.analysis.v1\" document, one line, the same\n"
    "                            bytes on every run. text: the note with the cues\n"
    "                            marked inline ([[cue]]{kind} affirmed, ((cue)){kind:\n"
    "                            reason} not counted), the moments, kinds and ranking.\n"
    "  --rules PACK.json         Use this rule pack instead of the built-in default.\n"
    "  --id ID                   Echo ID in the output (\"id\" in JSON).\n"
    "  --replace-invalid-utf8    Replace invalid UTF-8 with U+FFFD instead of failing;\n"
    "                            offsets then refer to the repaired text.\n"
    "  --no-snippets             Leave all note text out of the output (cues,\n"
    "                            snippets, the note view); rationale by rule id.\n"
    "  --max-note-bytes N        Refuse notes longer than N bytes (default 256M;\n"
    "                            suffixes K, M, G; 0 = no limit).\n"
    "  --color auto|always|never Colour in text format (default auto: only when\n"
    "                            standard output is a terminal and NO_COLOR is unset).\n"
    "  -h, --help                Show this help.\n"
    "\n"
    "Examples:\n"
    "  exemplar analyze note.txt\n"
    "  exemplar analyze --format text --color always note.txt | less -R\n"
    "  exemplar analyze --id case-42 --no-snippets - < note.txt\n"
    "  exemplar analyze --rules my-pack.json --format text note.txt\n"
    "\n"
    "Exit codes: 0 success, 1 the note could not be analysed (invalid UTF-8, empty,\n"
    "too large), 2 usage error, 3 rule pack invalid, 4 I/O error.\n";

int run_analyze(const std::vector<std::string>& args) {
  std::string rules, format = "json", id, max_bytes, color = "auto";
  bool id_given = false, replace = false, no_snippets = false, help = false;
  OptionParser p;
  p.value("rules", &rules);
  p.value("format", &format);
  p.value("id", &id, &id_given);
  p.value("max-note-bytes", &max_bytes);
  p.value("color", &color);
  p.flag("replace-invalid-utf8", &replace);
  p.flag("no-snippets", &no_snippets);
  p.flag("help", &help, 'h');
  std::vector<std::string> files;
  std::string err;
  if (!p.parse(args, &files, &err)) return usage_error("analyze", err);
  if (help) return print_help(kAnalyzeCommand);
  if (files.size() > 1) return usage_error("analyze", "expected one note (FILE or -), got " + std::to_string(files.size()));
  if (format != "json" && format != "text") {
    return usage_error("analyze", "--format must be json or text, not '" + format + "'");
  }
  if (color != "auto" && color != "always" && color != "never") {
    return usage_error("analyze", "--color must be auto, always or never, not '" + color + "'");
  }
  AnalyzeOptions opts;
  opts.max_note_bytes = kDefaultMaxNoteBytes;
  if (!max_bytes.empty() && !parse_byte_count(max_bytes, &opts.max_note_bytes)) {
    return usage_error("analyze", "--max-note-bytes must be a byte count such as 1048576 or 64M, not '" + max_bytes + "'");
  }
  opts.replace_invalid_utf8 = replace;
  opts.include_snippets = !no_snippets;

  std::unique_ptr<Engine> engine;
  Failure f = load_engine(rules, &engine);
  if (!f.ok()) return report(f);

  const std::string path = files.empty() ? "-" : files[0];
  const std::string name = display_name(path);
  if (path == "-" && stdin_is_terminal()) {
    std::fprintf(stderr, "exemplar: reading the note from standard input (end it with Ctrl-D)\n");
  }
  std::string note;
  f = read_note(path, opts.max_note_bytes, &note);
  if (!f.ok()) return report(f);

  if (format == "json") {
    std::string json;
    const Status st = engine->analyze_json(note, opts, id_given ? &id : nullptr, &json);
    if (!st.ok()) return report(note_failure(name, st));
    json.push_back('\n');
    write_stdout(json);
  } else {
    Analysis a;
    std::string repaired;
    const Status st = engine->analyze(note, opts, &a, &repaired);
    if (!st.ok()) return report(note_failure(name, st));
    TextReportOptions to;
    to.source = name;
    to.id = id_given ? &id : nullptr;
    to.include_text = opts.include_snippets;
    to.repaired = !repaired.empty();
    to.color = color == "always" || (color == "auto" && stdout_wants_color());
    std::string out;
    render_text_report(engine->pack(), repaired.empty() ? note : repaired, a, to, &out);
    write_stdout(out);
  }
  f = finish_stdout();
  return f.ok() ? kExitOk : report(f);
}

}  // namespace

const Command kAnalyzeCommand = {"analyze", "Analyse one note: its moments, their context and the story category",
                                 kHelp, run_analyze};

}  // namespace exemplar::cli
