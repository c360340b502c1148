// CSV records: the header row names the columns; each later row is one
// record whose text is the --text-column field and whose id is the
// --id-column field. Defaults: text column "TEXT" (exactly, else any case of
// "text"); id column "ROW_ID", else "id" (any case), else none, and the id is
// "<input>:<line>". A column named explicitly but missing, or no text column,
// is an error that lists the header's columns.
#pragma once
#include <string>
#include <vector>

#include "scan/csv_parser.h"
#include "scan/format_reader.h"

namespace exemplar::cli::scan {

struct CsvColumns {
  std::string text_column;  // empty: the default
  std::string id_column;    // empty: the default
};

class CsvReader : public FormatReader {
 public:
  CsvReader(ByteSource* src, std::string name, const CsvColumns& cols, size_t row_cap)
      : src_(src), parser_(src, row_cap), name_(std::move(name)), cols_(cols) {}

  // Reads the header and finds the columns. kExitUsage when a column is
  // missing, kExitIo on a read error.
  Failure start();
  ReadStatus next(Record* r, Failure* fatal) override;

  const std::vector<std::string>& header() const { return header_; }

 private:
  ByteSource* src_;
  CsvParser parser_;
  std::string name_;
  CsvColumns cols_;
  std::vector<std::string> header_;
  size_t text_index_ = 0;
  long id_index_ = -1;
  CsvRow row_;
};

}  // namespace exemplar::cli::scan
