// exemplar scan: analyses every note of one or more archives (JSON Lines,
// CSV, directories of .txt files, gzip, standard input) on several threads,
// and writes one output line per record, in input order. The parts live in
// cli/scan/: readers, the thread pipeline, writers, reports, resume.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "common.h"
#include "options.h"
#include "scan/csv_output.h"
#include "scan/output_writer.h"
#include "scan/pipeline.h"
#include "scan/progress.h"
#include "scan/record_processor.h"
#include "scan/record_reader.h"
#include "scan/resume.h"
#include "scan/scan_stats.h"
#include "scan/story_report.h"
#include "version.h"

namespace exemplar::cli {
namespace {

using namespace exemplar::cli::scan;

const char kHelp[] =
    "Usage: exemplar scan [options] INPUT...\n"
    "\n"
    "Analyses every note of the inputs and writes one JSON line per record, in\n"
    "input order, whatever the number of threads: the engine's analysis\n"
    "(\"exemplar.analysis.v1\") with the record's \"id\", or an error record\n"
    "  {\"id\":...,\"error\":{\"code\":...,\"message\":...}}\n"
    "for a record that cannot be analysed; the scan goes on. A summary (records\n"
    "read, analysed, failed; MB and MB/s; notes per kind and per category) ends\n"
    "on standard error.\n"
    "\n"
    "Inputs (several may be given; their records follow one another):\n"
    "  FILE.jsonl, .ndjson, .json  JSON Lines: one object per line; the note in\n"
    "                            --text-field, the id in --id-field.\n"
    "  FILE.csv                  CSV with a header row; quoted fields may hold\n"
    "                            commas, newlines and doubled quotes (as MIMIC's\n"
    "                            NOTEEVENTS.csv). Note in --text-column, id in\n"
    "                            --id-column.\n"
    "  DIR                       Every .txt (and .txt.gz) file below DIR, sorted by\n"
    "                            name at each level; the id is the relative path.\n"
    "  FILE.txt                  One note; the id is the name as given.\n"
    "  -                         Standard input: JSON Lines (or --input-format).\n"
    "  Any of them gzip-compressed (detected by the magic bytes, e.g. FILE.csv.gz).\n"
    "  A record without an id gets \"<input>:<line>\" as its id.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE         JSON Lines output (default: standard output).\n"
    "  --csv FILE                Also a CSV for spreadsheets: id, kinds, category,\n"
    "                            score, the evidence of each affirmed kind (the\n"
    "                            sentence of its lead flag), error.\n"
    "  --report-html FILE        A story-library report: per story category, the\n"
    "                            notes, moment kinds and strongest examples, with\n"
    "                            an inline SVG chart; self-contained, loads nothing.\n"
    "  --report-md FILE          The same report as Markdown.\n"
    "  --report-top N            Examples per category in the reports (default 5).\n"
    "  --input-format F          auto (default), jsonl, csv or text: the format of\n"
    "                            every file input, whatever its name (also --format).\n"
    "  --text-field NAME         JSON Lines: the note's field (default text).\n"
    "  --id-field NAME           JSON Lines: the id's field (default id).\n"
    "  --text-column NAME        CSV: the note's column (default TEXT, any case).\n"
    "  --id-column NAME          CSV: the id's column (default ROW_ID, else id).\n"
    "  -j, --threads N           Worker threads (default: the number of cores).\n"
    "  --rules PACK.json         Use this rule pack instead of the built-in default.\n"
    "  --no-snippets             No note text in any output: ids, offsets, kinds and\n"
    "                            categories only (CSV and reports cite rule@offsets).\n"
    "  --replace-invalid-utf8    Repair invalid UTF-8 with U+FFFD instead of failing\n"
    "                            the record; offsets refer to the repaired text.\n"
    "  --max-note-bytes N        Fail notes longer than N bytes (default 64M;\n"
    "                            suffixes K, M, G; 0 = no limit).\n"
    "  --resume                  Continue an interrupted scan into the same -o FILE:\n"
    "                            keep its complete lines (an incomplete last line is\n"
    "                            truncated), skip as many input records, append the\n"
    "                            rest. Refused when the inputs or options differ\n"
    "                            (see FILE.scan-state); without an output yet, a\n"
    "                            fresh scan.\n"
    "  --progress, --no-progress Progress on standard error (default: only when it\n"
    "                            is a terminal).\n"
    "  -h, --help                Show this help.\n"
    "\n"
    "Broken records become error records, counted in the summary: bad_json (not a\n"
    "JSON object), missing_text (no text field, or not a string), invalid_utf8,\n"
    "note_too_large, csv_malformed (wrong field count, or a quote left open at the\n"
    "end of the file), io (an unreadable file in a directory), invalid_argument\n"
    "(an empty note).\n"
    "\n"
    "Memory stays bounded whatever the archive size: a reader thread, a bounded\n"
    "queue of batches, the workers and an ordered writer. The --csv and report\n"
    "files are written at the end (temp file + rename); the JSON Lines output is\n"
    "written as the scan goes, in whole lines.\n"
    "\n"
    "As a streaming filter ('exemplar scan -'), it reads JSON Lines on standard\n"
    "input and writes each record's line as soon as it is analysed (in order),\n"
    "so it can run under Spark (rdd.pipe(\"exemplar scan -\")) or Hadoop Streaming\n"
    "(-mapper \"exemplar scan -\", 0 reducers). Standard error gets only the\n"
    "summary.\n"
    "\n"
    "Examples:\n"
    "  exemplar scan -o out.jsonl --csv out.csv --report-html stories.html notes.csv\n"
    "  exemplar scan --text-column case_note --id-column person_oid notes.csv.gz\n"
    "  exemplar scan --threads 8 -o out.jsonl NOTEEVENTS.csv.gz\n"
    "  exemplar scan -o out.jsonl --resume NOTEEVENTS.csv.gz    # after an interruption\n"
    "  exemplar scan --no-snippets notes/ > out.jsonl\n"
    "  zcat shard-*.jsonl.gz | exemplar scan - > out.jsonl\n"
    "\n"
    "Exit codes: 0 every record analysed, 5 the scan completed but some records\n"
    "failed (see the error records), 2 usage error, 3 rule pack invalid, 4 I/O\n"
    "error (unreadable input, unwritable output; the lines written so far stand).\n";

constexpr size_t kScanDefaultMaxNoteBytes = size_t{64} << 20;

struct ScanArgs {
  std::string output, csv, report_html, report_md, report_top, input_format, text_field = "text", id_field = "id",
      text_column, id_column, threads, rules, max_bytes;
  bool text_field_given = false, id_field_given = false;
  bool no_snippets = false, replace = false, resume = false, progress = false, no_progress = false, help = false;
  std::vector<std::string> inputs;
};

std::string mb_text(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(bytes) / 1e6);
  return buf;
}

std::string counts_line(const ScanStats& st, bool kinds) {
  std::string s;
  if (kinds) {
    for (int k = 0; k < kMomentKindCount; ++k) {
      s += std::string(k ? ", " : "") + kind_id(static_cast<Kind>(k)) + " " + std::to_string(st.kind_notes[k]);
    }
  } else {
    for (int c = 0; c < kCategoryCount; ++c) {
      s += std::string(c ? ", " : "") + category_id(c) + " " + std::to_string(st.category_notes[c]);
    }
    s += ", none " + std::to_string(st.uncategorized);
  }
  return s;
}

Fingerprint make_fingerprint(const ScanArgs& a, const std::vector<InputSpec>& inputs, const Engine& engine,
                             size_t max_note_bytes) {
  Fingerprint fp;
  fp["inputs"] = std::to_string(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const InputSpec& in = inputs[i];
    std::string v = in.path + " [" + format_name(in.format);
    if (in.regular) v += ", " + std::to_string(in.size) + " bytes";
    fp["input." + std::to_string(i + 1)] = v + "]";
  }
  fp["text_field"] = a.text_field;
  fp["id_field"] = a.id_field;
  fp["text_column"] = a.text_column;
  fp["id_column"] = a.id_column;
  fp["no_snippets"] = a.no_snippets ? "true" : "false";
  fp["replace_invalid_utf8"] = a.replace ? "true" : "false";
  fp["max_note_bytes"] = std::to_string(max_note_bytes);
  fp["engine_version"] = kVersionString;
  fp["rulepack"] = engine.pack().id + " " + engine.pack().version;
  fp["rulepack_sha256"] = engine.pack().sha256;
  return fp;
}

bool same_file(const std::string& a, const std::string& b) {
  if (a == b) return true;
  struct stat sa {}, sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int run_scan(const std::vector<std::string>& raw_args) {
  // The short forms -o and -j, which take values.
  std::vector<std::string> args;
  bool ended = false;
  for (const std::string& a : raw_args) {
    if (!ended && a == "--") ended = true;
    if (!ended && a == "-o") args.push_back("--output");
    else if (!ended && a == "-j") args.push_back("--threads");
    else args.push_back(a);
  }
  ScanArgs a;
  OptionParser p;
  p.value("output", &a.output);
  p.value("csv", &a.csv);
  p.value("report-html", &a.report_html);
  p.value("report-md", &a.report_md);
  p.value("report-top", &a.report_top);
  p.value("input-format", &a.input_format);
  p.value("format", &a.input_format);
  p.value("text-field", &a.text_field, &a.text_field_given);
  p.value("id-field", &a.id_field, &a.id_field_given);
  p.value("text-column", &a.text_column);
  p.value("id-column", &a.id_column);
  p.value("threads", &a.threads);
  p.value("rules", &a.rules);
  p.value("max-note-bytes", &a.max_bytes);
  p.flag("no-snippets", &a.no_snippets);
  p.flag("replace-invalid-utf8", &a.replace);
  p.flag("resume", &a.resume);
  p.flag("progress", &a.progress);
  p.flag("no-progress", &a.no_progress);
  p.flag("help", &a.help, 'h');
  std::string err;
  if (!p.parse(args, &a.inputs, &err)) return usage_error("scan", err);
  if (a.help) return print_help(kScanCommand);

  // --- options -------------------------------------------------------------
  if (a.inputs.empty()) return usage_error("scan", "expected at least one input (FILE, DIR, or - for standard input)");
  size_t stdin_inputs = 0;
  for (const std::string& in : a.inputs) stdin_inputs += in == "-";
  if (stdin_inputs > 1) return usage_error("scan", "standard input (-) can be given only once");
  InputFormat forced = InputFormat::kAuto;
  if (!a.input_format.empty() && !parse_format(a.input_format, &forced)) {
    return usage_error("scan", "--input-format must be auto, jsonl, csv or text, not '" + a.input_format + "'");
  }
  if (a.text_field.empty() || a.id_field.empty()) return usage_error("scan", "--text-field and --id-field need a name");
  unsigned threads = std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  if (!a.threads.empty()) {
    size_t n = 0;
    if (a.threads.find_first_not_of("0123456789") != std::string::npos || !parse_byte_count(a.threads, &n) || n == 0 ||
        n > 1024) {
      return usage_error("scan", "--threads must be a number from 1 to 1024, not '" + a.threads + "'");
    }
    threads = static_cast<unsigned>(n);
  }
  size_t top_n = 5;
  if (!a.report_top.empty() &&
      (a.report_top.find_first_not_of("0123456789") != std::string::npos || !parse_byte_count(a.report_top, &top_n) ||
       top_n > 1000)) {
    return usage_error("scan", "--report-top must be a number from 0 to 1000, not '" + a.report_top + "'");
  }
  size_t max_note_bytes = kScanDefaultMaxNoteBytes;
  if (!a.max_bytes.empty() && !parse_byte_count(a.max_bytes, &max_note_bytes)) {
    return usage_error("scan", "--max-note-bytes must be a byte count such as 1048576 or 64M, not '" + a.max_bytes + "'");
  }
  const bool to_stdout = a.output.empty() || a.output == "-";
  if (a.resume && to_stdout) return usage_error("scan", "--resume needs the output file it continues (-o FILE)");
  const std::vector<std::pair<const char*, const std::string*>> side_outputs = {
      {"--csv", &a.csv}, {"--report-html", &a.report_html}, {"--report-md", &a.report_md}};
  for (const auto& so : side_outputs) {
    if (*so.second == "-") return usage_error("scan", std::string(so.first) + " needs a file name, not '-'");
    if (so.second->empty()) continue;
    if (!to_stdout && same_file(*so.second, a.output)) {
      return usage_error("scan", std::string(so.first) + " names the same file as --output");
    }
    for (const auto& other : side_outputs) {
      if (other.second != so.second && *other.second == *so.second) {
        return usage_error("scan", std::string(so.first) + " and " + other.first + " name the same file");
      }
    }
  }

  // --- engine and inputs ---------------------------------------------------
  std::unique_ptr<Engine> engine;
  Failure f = load_engine(a.rules, &engine);
  if (!f.ok()) return report(f);
  std::vector<InputSpec> inputs;
  f = resolve_inputs(a.inputs, forced, &inputs);
  if (!f.ok()) return f.exit_code == kExitUsage ? usage_error("scan", f.message) : report(f);
  for (const InputSpec& in : inputs) {
    if (!to_stdout && in.path != "-" && same_file(in.path, a.output)) {
      return usage_error("scan", "the output " + a.output + " is also an input");
    }
  }
  ReaderOptions ropts;
  ropts.text_field = a.text_field;
  ropts.id_field = a.id_field;
  ropts.columns.text_column = a.text_column;
  ropts.columns.id_column = a.id_column;
  ropts.max_note_bytes = max_note_bytes;
  ReadCounters counters;
  uint64_t total_raw = 0;
  bool total_known = true;
  for (const InputSpec& in : inputs) {
    if (in.regular) total_raw += in.size;
    else total_known = false;
  }
  RecordReader reader(inputs, ropts, &counters);
  f = reader.preflight();
  if (!f.ok()) return f.exit_code == kExitUsage ? usage_error("scan", f.message) : report(f);

  // --- outputs (and what a resumed scan already wrote) ----------------------
  const bool include_snippets = !a.no_snippets;
  ScanStats stats(top_n);
  AtomicFile csv;
  std::string csv_rows;
  if (!a.csv.empty()) {
    f = csv.open(a.csv);
    if (!f.ok()) return report(f);
    csv.write(csv_header());
  }
  OutputFile out;
  uint64_t kept = 0, truncated = 0;
  bool resumed = false;
  bool keep_state = false;
  const Fingerprint fp = make_fingerprint(a, inputs, *engine, max_note_bytes);
  if (to_stdout) {
    f = out.open("-", false);
  } else {
    struct stat st {};
    const bool exists = ::stat(a.output.c_str(), &st) == 0;
    // A device or FIFO (-o /dev/null) gets no state file and cannot resume.
    keep_state = !exists || S_ISREG(st.st_mode);
    if (a.resume && !keep_state) {
      return usage_error("scan", "--resume needs a regular output file, and " + a.output + " is not one");
    }
    if (a.resume && exists) {
      f = check_state(a.output, fp);
      if (!f.ok()) return f.exit_code == kExitUsage ? usage_error("scan", f.message) : report(f);
      uint64_t line_no = 0;
      f = recover_output(
          a.output,
          [&](std::string_view line) -> Failure {
            ++line_no;
            RecordSummary s;
            std::string why;
            if (!summary_from_json(line, &s, &why)) {
              return {kExitUsage, "cannot resume: line " + std::to_string(line_no) + " of " + a.output + ": " + why +
                                      "; run without --resume to start over"};
            }
            stats.add(s);
            if (csv.is_open()) {
              csv_rows.clear();
              append_csv_row(s, include_snippets, &csv_rows);
              csv.write(csv_rows);
            }
            return {};
          },
          &kept, &truncated);
      if (!f.ok()) return f.exit_code == kExitUsage ? usage_error("scan", f.message) : report(f);
      resumed = true;
      f = write_state(a.output, fp, false);
      if (f.ok()) f = out.open(a.output, true);
    } else {
      // Truncate first, then claim the output for this scan: a kill between
      // the two leaves an empty output, never old lines under a new state.
      f = out.open(a.output, false);
      if (f.ok() && keep_state) f = write_state(a.output, fp, false);
    }
  }
  if (!f.ok()) return report(f);
  if (kept > 0) {
    uint64_t skipped = 0;
    if (!reader.skip(kept, &skipped)) return report(reader.failure());
    if (skipped < kept) {
      return usage_error("scan", "cannot resume: " + a.output + " has " + std::to_string(kept) +
                                     " records but the inputs have only " + std::to_string(skipped) +
                                     "; run without --resume to start over");
    }
  }

  // --- the scan ------------------------------------------------------------------
  ProcessOptions popts;
  popts.text_field = a.text_field;
  popts.id_field = a.id_field;
  popts.include_snippets = include_snippets;
  popts.replace_invalid_utf8 = a.replace;
  popts.max_note_bytes = max_note_bytes;
  const RecordProcessor proc(*engine, popts);
  PipelineOptions pl;
  pl.threads = threads;

  std::atomic<uint64_t> written{0};
  const bool terminal = stderr_is_terminal();
  const bool show_progress = !a.no_progress && (a.progress || terminal);
  ProgressCounters pc;
  pc.records_done = &written;
  pc.raw_bytes = &counters.raw_bytes;
  pc.decoded_bytes = &counters.decoded_bytes;
  pc.total_raw_bytes = total_known ? total_raw : 0;
  Progress progress(pc, terminal);
  if (stdin_inputs && stdin_is_terminal()) {
    std::fprintf(stderr, "exemplar scan: reading JSON Lines from standard input (end with Ctrl-D)\n");
  }
  const uint64_t decoded_before = counters.decoded_bytes.load();
  const auto t0 = std::chrono::steady_clock::now();
  if (show_progress) progress.start();

  const Failure scan_failure = run_pipeline(
      reader, proc, pl,
      [&](RecordResult& r) -> Failure {
        out.write_line(r.line);
        if (out.failed()) return out.finish();
        stats.add(r.summary);
        if (csv.is_open()) {
          csv_rows.clear();
          append_csv_row(r.summary, include_snippets, &csv_rows);
          csv.write(csv_rows);
        }
        written.fetch_add(1, std::memory_order_relaxed);
        return {};
      },
      [&] { out.flush(); });
  const Failure out_failure = out.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  progress.stop();
  Failure fatal = !scan_failure.ok() ? scan_failure : out_failure;

  // --- the CSV, the reports, the state --------------------------------------------
  if (fatal.ok() && csv.is_open()) fatal = csv.commit();
  if (!fatal.ok()) csv.abandon();
  ReportInfo info;
  info.inputs = a.inputs;
  info.engine_version = kVersionString;
  info.rulepack = engine->pack().id + " " + engine->pack().version;
  info.include_snippets = include_snippets;
  if (fatal.ok() && !a.report_html.empty()) fatal = write_file_atomically(a.report_html, render_story_html(stats, info));
  if (fatal.ok() && !a.report_md.empty()) fatal = write_file_atomically(a.report_md, render_story_markdown(stats, info));
  if (fatal.ok() && keep_state) fatal = write_state(a.output, fp, true);

  // --- the summary ----------------------------------------------------------------
  const uint64_t records_in = counters.records.load();
  const uint64_t decoded = counters.decoded_bytes.load() - decoded_before;
  const uint64_t new_records = stats.records - kept;
  char rate[160];
  std::snprintf(rate, sizeof rate, "%s MB in %.2f s: %.2f MB/s, %.0f notes/s, %u thread%s", mb_text(decoded).c_str(),
                secs, secs > 0 ? static_cast<double>(decoded) / 1e6 / secs : 0.0,
                secs > 0 ? static_cast<double>(new_records) / secs : 0.0, threads, threads == 1 ? "" : "s");
  std::string summary = "exemplar scan: " + std::to_string(records_in) + " records read, " +
                        std::to_string(stats.analysed) + " analysed, " + std::to_string(stats.failed) + " failed (" +
                        "records in = results + errors: " + std::to_string(records_in) + " = " +
                        std::to_string(stats.analysed) + " + " + std::to_string(stats.failed) + ")\n";
  summary += "  input: " + std::string(rate) + "\n";
  summary += "  kinds: " + counts_line(stats, true) + "\n";
  summary += "  categories: " + counts_line(stats, false) + "\n";
  if (!stats.errors.empty()) {
    std::string e;
    for (const auto& kv : stats.errors) e += (e.empty() ? "" : ", ") + kv.first + " " + std::to_string(kv.second);
    summary += "  errors: " + e + "\n";
  }
  if (resumed) {
    summary += "  resumed: " + std::to_string(kept) + " records already in " + a.output + " were kept";
    if (truncated) summary += " (an incomplete last line of " + std::to_string(truncated) + " bytes was dropped)";
    summary += "\n";
  }
  std::fflush(stdout);
  std::fputs(summary.c_str(), stderr);

  if (!fatal.ok()) return report(fatal);
  if (records_in != stats.analysed + stats.failed) {
    return report({kExitIo, "internal error: " + std::to_string(records_in) + " records read but " +
                                std::to_string(stats.analysed + stats.failed) + " written"});
  }
  return stats.failed ? kExitPartial : kExitOk;
}

}  // namespace

const Command kScanCommand = {"scan", "Analyse whole archives (JSONL, CSV, directories, gzip, stdin) on many threads",
                              kHelp, run_scan};

}  // namespace exemplar::cli
