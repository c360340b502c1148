// `exemplar`: the command-line front end of the engine. This file only
// dispatches: global options, `help`, and the table of subcommands.
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "version.h"

namespace exemplar::cli {
namespace {

const Command* const kCommands[] = {
    &kAnalyzeCommand,
    &kRulesCommand,
    &kScanCommand,
    &kEvalCommand,
    &kContextCommand,
};

const Command* find_command(const std::string& name) {
  for (const Command* c : kCommands) {
    if (name == c->name) return c;
  }
  return nullptr;
}

std::string main_help() {
  std::string s =
      "exemplar " + std::string(kVersionString) +
      " - flags teachable moments in case-management notes\n"
      "\n"
      "Usage:\n"
      "  exemplar <command> [options] [arguments]\n"
      "  exemplar --help | --version\n"
      "\n"
      "Commands:\n";
  for (const Command* c : kCommands) {
    std::string name = c->name;
    name.resize(12, ' ');
    s += "  " + name + c->summary + "\n";
  }
  s +=
      "  help        Show the help of a command (exemplar help analyze)\n"
      "\n"
      "Examples:\n"
      "  exemplar analyze note.txt                    # JSON analysis of one note\n"
      "  exemplar analyze --format text note.txt      # readable view with the cues marked\n"
      "  cat note.txt | exemplar analyze --id case-42 # the note from standard input\n"
      "  exemplar analyze --rules my-pack.json note.txt\n"
      "  exemplar rules dump-default > my-pack.json   # start your own rule pack\n"
      "  exemplar rules check my-pack.json\n"
      "  exemplar scan -o out.jsonl --report-html stories.html notes.csv  # batch scan\n"
      "\n"
      "Exit codes:\n"
      "  0  success\n"
      "  1  the note could not be analysed (invalid UTF-8, empty, too large)\n"
      "  2  usage error (unknown command or option, bad option value)\n"
      "  3  the rule pack is invalid\n"
      "  4  I/O error (unreadable input, unwritable output)\n"
      "  5  scan completed, but some records failed (error records in the output)\n"
      "\n"
      "Run 'exemplar <command> --help' for the options of a command.\n";
  return s;
}

int write_and_finish(const std::string& text) {
  write_stdout(text);
  const Failure f = finish_stdout();
  return f.ok() ? kExitOk : report(f);
}

int run_help(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") return write_and_finish(main_help());
  if (args.size() > 1) return usage_error("", "help takes at most one command name");
  const Command* c = find_command(args[0]);
  if (!c) return usage_error("", "no help for unknown command '" + args[0] + "'");
  return print_help(*c);
}

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("", "missing command");
  const std::string& first = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (first == "--help" || first == "-h") return write_and_finish(main_help());
  if (first == "help") return run_help(rest);
  if (first == "--version") {
    return write_and_finish("exemplar " + std::string(kVersionString) + " (rule pack " + default_pack_label() + ")\n");
  }
  if (const Command* c = find_command(first)) return c->run(rest);
  if (!first.empty() && first[0] == '-') return usage_error("", "unknown option '" + first + "'");
  return usage_error("", "unknown command '" + first + "'");
}

}  // namespace

int print_help(const Command& cmd) { return write_and_finish(cmd.help); }

}  // namespace exemplar::cli

int main(int argc, char** argv) {
  try {
    return exemplar::cli::run(argc, argv);
  } catch (const std::bad_alloc&) {
    return exemplar::cli::report({exemplar::cli::kExitNote, "out of memory"});
  } catch (const std::exception& e) {
    return exemplar::cli::report({exemplar::cli::kExitNote, std::string("internal error: ") + e.what()});
  }
}
