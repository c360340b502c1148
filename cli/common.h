// Helpers shared by the subcommands: exit codes, error reporting, reading
// inputs, loading the engine, and checked writes to standard output.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine.h"

namespace exemplar::cli {

// Exit codes: part of the command-line contract (documented in --help).
enum ExitCode : int {
  kExitOk = 0,
  kExitNote = 1,   // the note could not be analysed (invalid UTF-8, empty, too large)
  kExitUsage = 2,  // unknown command or option, bad option value
  kExitPack = 3,   // the rule pack is invalid
  kExitIo = 4,     // unreadable input, unwritable output
  kExitPartial = 5,  // scan: completed, but some records failed (error records in the output)
};

// The default --max-note-bytes of the command-line tool (256 MiB).
constexpr size_t kDefaultMaxNoteBytes = size_t{256} << 20;

// Something that went wrong, with the exit code it leads to. The message
// names the file and the problem and never quotes note text.
struct Failure {
  int exit_code = kExitOk;
  std::string message;
  bool ok() const { return exit_code == kExitOk; }
};

// Prints "exemplar: <message>" to standard error and returns the exit code.
int report(const Failure& f);

// Prints "exemplar <command>: <message>" and a pointer to the command's help
// to standard error; returns kExitUsage.
int usage_error(std::string_view command, std::string_view message);

// How a path is named in messages: "<stdin>" for "-".
std::string display_name(const std::string& path);

// The whole of `path` ("-": standard input), read in binary mode. When
// `limit` > 0 and the input is longer, reading stops early and `too_large`
// is set.
struct ReadResult {
  bool ok = false;
  bool too_large = false;
  uint64_t size = 0;        // bytes read, or the file's size when size_known
  bool size_known = false;  // a regular file over the limit: `size` is its size
  std::string error;   // the system's reason when neither ok nor too_large
};
ReadResult read_all(const std::string& path, size_t limit, std::string* data);

// Reads a note for analysis; failures are kExitIo (unreadable) or kExitNote
// (over `max_bytes`).
Failure read_note(const std::string& path, size_t max_bytes, std::string* data);

// Builds the engine from the embedded default pack (`rules_path` empty) or
// from a pack file. Failures are kExitIo (unreadable) or kExitPack.
Failure load_engine(const std::string& rules_path, std::unique_ptr<Engine>* out);

// Reads a rule pack file and builds an engine from it, as load_engine.
Failure load_engine_from_file(const std::string& path, std::unique_ptr<Engine>* out);

// The failure for an analysis status that is not ok (kExitNote), with a hint
// to the option that would help.
Failure note_failure(const std::string& name, const Status& st);

// Standard output, written in binary mode with every write checked:
// write errors (a full disk, /dev/full) become kExitIo.
void write_stdout(std::string_view s);
Failure finish_stdout();

// True when colour is wanted for standard output: it is a terminal, NO_COLOR
// is unset or empty (no-color.org), and TERM is not "dumb".
bool stdout_wants_color();
bool stdin_is_terminal();

// The embedded default pack's id and version ("default 1.0.0"), read without
// compiling it; "default (unreadable)" when it does not load.
std::string default_pack_label();

}  // namespace exemplar::cli
