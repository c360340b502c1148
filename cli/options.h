// A small long-option parser for the subcommands: `--name value`,
// `--name=value`, boolean `--flag`, `-h` for `--help`, `--` to end the
// options, and `-` as an ordinary argument (standard input). Unknown options
// are errors, with a suggestion when one is close.
#pragma once
#include <string>
#include <vector>

namespace exemplar::cli {

class OptionParser {
 public:
  // A boolean option: set to true when present. `short_name` is an optional
  // one-letter alias ('h' for -h).
  void flag(const std::string& name, bool* out, char short_name = 0);
  // An option that takes a value. `given`, when not null, records whether the
  // option appeared (so an explicitly empty value can be told from none).
  // Repeating an option keeps the last value.
  void value(const std::string& name, std::string* out, bool* given = nullptr);

  // Parses `args` (the arguments after the command name). Non-option
  // arguments go to `positionals` in order. On error returns false and sets
  // `error` to a message such as "unknown option '--fromat' (did you mean
  // '--format'?)".
  bool parse(const std::vector<std::string>& args, std::vector<std::string>* positionals, std::string* error) const;

 private:
  struct Option {
    std::string name;  // without the leading "--"
    char short_name = 0;
    bool takes_value = false;
    bool* flag_out = nullptr;
    std::string* value_out = nullptr;
    bool* given = nullptr;
  };
  const Option* find(const std::string& name) const;
  std::string suggestion(const std::string& name) const;
  std::vector<Option> options_;
};

// Parses a byte count: decimal digits with an optional binary suffix
// K, M or G (also KiB, MiB, GiB). False when malformed or out of range.
bool parse_byte_count(const std::string& s, size_t* out);

}  // namespace exemplar::cli
