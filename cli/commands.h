// The subcommands of `exemplar`. Each lives in its own cmd_*.cpp and is
// listed once in main.cpp's command table; adding one (scan, eval, context)
// means a new file, a declaration here and a line in that table.
#pragma once
#include <string>
#include <vector>

namespace exemplar::cli {

struct Command {
  const char* name;
  const char* summary;  // one line, for `exemplar --help`
  const char* help;     // the full text of `exemplar <name> --help`
  // Runs the command on the arguments after its name; returns the exit code.
  int (*run)(const std::vector<std::string>& args);
};

extern const Command kAnalyzeCommand;
extern const Command kRulesCommand;
extern const Command kScanCommand;
extern const Command kEvalCommand;
extern const Command kContextCommand;

// Prints a command's help text to standard output; returns the exit code
// (kExitIo when it cannot be written).
int print_help(const Command& cmd);

}  // namespace exemplar::cli
