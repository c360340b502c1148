// The error record that the JSON Lines commands (scan, context) write in
// place of a result: {"id": ..., "error": {"code": ..., "message": ...}}.
#pragma once
#include <string>

namespace exemplar::cli {

// One record, without the trailing newline. A null `id` is written as JSON
// null (the input line had no usable id).
std::string error_record(const std::string* id, const std::string& code, const std::string& message);

}  // namespace exemplar::cli
