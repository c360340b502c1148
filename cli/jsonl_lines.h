// Reads a JSON Lines file (or standard input) line by line for the
// commands that take records: blank lines are skipped, a line that is not
// a JSON object is reported with its line number.
#pragma once
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "common.h"

namespace exemplar::cli {

// Calls `each(line_number, record)` for every record of `path` ("-" for
// standard input). `each` returns false to stop. A line that does not parse
// as a JSON object calls `bad(line_number, reason)` instead.
Failure for_each_jsonl(const std::string& path, const std::function<bool(size_t, const nlohmann::json&)>& each,
                       const std::function<void(size_t, const std::string&)>& bad);

}  // namespace exemplar::cli
