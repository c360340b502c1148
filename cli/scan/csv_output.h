// The spreadsheet CSV of a scan (--csv): one row per record, in input order.
// Columns: id, kinds (";"-separated affirmed kinds), category, score (the
// category's), then for each kind the evidence of its best affirmed moment
// (the snippet; with --no-snippets "rule_id@start-end" instead), and error
// (the error code of a record that failed). Fields are quoted as RFC 4180
// says; a field that a spreadsheet would read as a formula (starting with
// = + - @, tab or CR) gets a leading apostrophe.
#pragma once
#include <string>

#include "scan/record_summary.h"

namespace exemplar::cli::scan {

std::string csv_header();
void append_csv_row(const RecordSummary& s, bool include_snippets, std::string* out);

}  // namespace exemplar::cli::scan
