// --resume: continuing an interrupted scan with the same output.
//
// Next to a JSON Lines output file the scan keeps a small state file,
// "<output>.scan-state": the inputs (as named, with the sizes of regular
// files) and every option that changes the output lines (the "fingerprint").
// It is written (temp file + rename) before the output is touched. On
// --resume the fingerprint must match, or the scan refuses to go on. The
// output is then read back: a trailing incomplete line (a write cut by a
// kill) is truncated, and the complete lines are counted (and replayed into
// the tallies, CSV and reports); the scan skips that many input records and
// appends the rest. So nothing is lost and nothing is written twice.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "common.h"

namespace exemplar::cli::scan {

// Key/value pairs that must be equal for a resume; values are strings.
using Fingerprint = std::map<std::string, std::string>;

std::string state_path(const std::string& output);

// Writes the state file (temp + rename). `complete`: the scan finished.
Failure write_state(const std::string& output, const Fingerprint& fp, bool complete);

// Reads the state file of `output` and compares fingerprints. kExitUsage
// when there is none or it differs (the message names the differences).
Failure check_state(const std::string& output, const Fingerprint& fp);

// Reads `output` line by line, calling `on_line` for each complete line (in
// order), truncates an incomplete last line, and sets `records` to the count
// of complete lines and `truncated` to the bytes cut. An error from
// `on_line` stops the read and is returned.
Failure recover_output(const std::string& output, const std::function<Failure(std::string_view)>& on_line,
                       uint64_t* records, uint64_t* truncated);

}  // namespace exemplar::cli::scan
