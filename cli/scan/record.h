// One input record of `exemplar scan` as the reader hands it to the workers:
// the note text (CSV, text files) or a raw JSON line still to be decoded (the
// JSON parse runs on the worker threads), its id, and, when the reader already
// knows the record is broken, the error to report for it.
#pragma once
#include <cstdint>
#include <string>

namespace exemplar::cli::scan {

struct Record {
  enum class Payload { kText, kJsonLine };
  Payload payload = Payload::kText;
  std::string data;           // the note text, or the JSON line (without its newline)
  std::string id;             // the record's id; for JSON lines the fallback "<input>:<line>"
  std::string where;          // "<input> line N" / "<input>: dir/a.txt", for messages
  std::string error_code;     // non-empty: the reader found the record broken
  std::string error_message;  // (never quotes note text)
};

}  // namespace exemplar::cli::scan
