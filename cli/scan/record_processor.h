// The work done for one record on a worker thread: decode a JSON line (id and
// text fields), check the text (UTF-8, size), analyse it with the shared
// engine, and produce the output line (the engine's analysis JSON with the
// id, or an error record) and its summary.
//
// Error record: {"id":…,"error":{"code":…,"message":…}}. Codes: the
// reader's (note_too_large, csv_malformed, io), bad_json, missing_text, and
// the engine's code names (invalid_utf8, note_too_large, invalid_argument
// for an empty note, …). Messages never quote note text.
#pragma once
#include <string>

#include "engine.h"
#include "scan/record.h"
#include "scan/record_summary.h"

namespace exemplar::cli::scan {

struct ProcessOptions {
  std::string text_field = "text";  // JSON Lines fields
  std::string id_field = "id";
  bool include_snippets = true;
  bool replace_invalid_utf8 = false;
  size_t max_note_bytes = 0;  // 0: no limit
};

struct RecordResult {
  std::string line;  // without the newline
  RecordSummary summary;
};

class RecordProcessor {
 public:
  RecordProcessor(const Engine& engine, ProcessOptions opts) : engine_(engine), opts_(std::move(opts)) {}
  // Never throws; `rec` is consumed.
  void process(Record& rec, RecordResult* out) const;

 private:
  void run(Record& rec, RecordResult* out) const;
  const Engine& engine_;
  ProcessOptions opts_;
};

}  // namespace exemplar::cli::scan
