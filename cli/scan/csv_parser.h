// A streaming CSV row parser (RFC 4180, leniently): comma-separated fields,
// double-quoted fields that may hold commas, newlines and doubled quotes
// (""), CRLF or LF row ends, blank lines skipped. As archives such as
// MIMIC-III's NOTEEVENTS.csv are written. Lenient where the RFC is strict: a
// quote inside an unquoted field, or text after a closing quote, is kept as
// text. Memory per row is bounded by `row_cap` bytes: a longer row is parsed
// to its end, but its bytes past the cap are dropped and it is flagged.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scan/byte_source.h"

namespace exemplar::cli::scan {

struct CsvRow {
  std::vector<std::string> fields;
  uint64_t line = 0;          // the physical line (1-based) the row starts on
  bool unterminated = false;  // the input ended inside a quoted field
  bool oversize = false;      // the row was longer than the cap; fields are cut
};

class CsvParser {
 public:
  enum class Result { kRow, kEnd, kError };

  // `row_cap`: 0 = no limit.
  CsvParser(ByteSource* src, size_t row_cap) : src_(src), row_cap_(row_cap) {}

  // The next row; kError when the source failed (src->error()).
  Result next(CsvRow* row);

 private:
  bool refill();  // false at the end of input or on error
  void append(CsvRow* row, std::string& field, const char* p, size_t n);

  ByteSource* src_;
  size_t row_cap_;
  std::string_view chunk_;
  size_t pos_ = 0;
  uint64_t line_ = 1;
  size_t row_bytes_ = 0;
  bool end_ = false;
};

}  // namespace exemplar::cli::scan
