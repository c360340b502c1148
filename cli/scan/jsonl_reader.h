// JSON Lines: one record per line. The reader only splits lines (memchr);
// the JSON parse happens on the worker threads (record_processor.cpp).
// Blank lines are skipped; a UTF-8 byte-order mark on the first line and a
// CR before the newline are dropped. A line longer than `line_cap` bytes is
// not kept in memory: it becomes a note_too_large error record.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "scan/byte_source.h"
#include "scan/format_reader.h"

namespace exemplar::cli::scan {

class JsonlReader : public FormatReader {
 public:
  // `name`: how the input is named in ids and messages. `line_cap`: 0 = none.
  JsonlReader(ByteSource* src, std::string name, size_t line_cap)
      : src_(src), name_(std::move(name)), line_cap_(line_cap) {}
  ReadStatus next(Record* r, Failure* fatal) override;

 private:
  ByteSource* src_;
  std::string name_;
  size_t line_cap_;
  std::string_view chunk_;
  size_t pos_ = 0;
  uint64_t line_no_ = 0;
  bool end_ = false;
};

}  // namespace exemplar::cli::scan
