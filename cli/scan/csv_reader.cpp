#include "scan/csv_reader.h"

namespace exemplar::cli::scan {
namespace {

bool iequals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The exact name first, then any case.
long find_column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<long>(i);
  }
  for (size_t i = 0; i < header.size(); ++i) {
    if (iequals(header[i], name)) return static_cast<long>(i);
  }
  return -1;
}

std::string column_list(const std::vector<std::string>& header) {
  std::string s;
  for (const std::string& h : header) s += (s.empty() ? "" : ", ") + h;
  return s.empty() ? "(none)" : s;
}

}  // namespace

Failure CsvReader::start() {
  CsvRow head;
  const CsvParser::Result res = parser_.next(&head);
  if (res == CsvParser::Result::kError) return {kExitIo, name_ + ": read error: " + src_->error()};
  if (res == CsvParser::Result::kEnd) {
    return {kExitUsage, name_ + ": the CSV input is empty: expected a header row naming the columns"};
  }
  header_ = std::move(head.fields);
  if (!header_.empty() && header_[0].compare(0, 3, "\xEF\xBB\xBF") == 0) header_[0].erase(0, 3);
  const std::string text_name = cols_.text_column.empty() ? "TEXT" : cols_.text_column;
  const long t = find_column(header_, text_name);
  if (t < 0) {
    return {kExitUsage, name_ + ": no text column '" + text_name + "' in the CSV header; the columns are: " +
                            column_list(header_) + " (choose one with --text-column)"};
  }
  text_index_ = static_cast<size_t>(t);
  if (!cols_.id_column.empty()) {
    id_index_ = find_column(header_, cols_.id_column);
    if (id_index_ < 0) {
      return {kExitUsage, name_ + ": no id column '" + cols_.id_column + "' in the CSV header; the columns are: " +
                              column_list(header_) + " (choose one with --id-column)"};
    }
  } else {
    id_index_ = find_column(header_, "ROW_ID");
    if (id_index_ < 0) id_index_ = find_column(header_, "id");
  }
  return {};
}

ReadStatus CsvReader::next(Record* r, Failure* fatal) {
  const CsvParser::Result res = parser_.next(&row_);
  if (res == CsvParser::Result::kEnd) return ReadStatus::kEnd;
  if (res == CsvParser::Result::kError) {
    *fatal = {kExitIo, name_ + ": read error: " + src_->error()};
    return ReadStatus::kFatal;
  }
  const std::string line = std::to_string(row_.line);
  r->payload = Record::Payload::kText;
  r->where = name_ + " line " + line;
  r->error_code.clear();
  r->error_message.clear();
  r->data.clear();
  if (id_index_ >= 0 && static_cast<size_t>(id_index_) < row_.fields.size()) {
    r->id = std::move(row_.fields[static_cast<size_t>(id_index_)]);
  } else {
    r->id = name_ + ":" + line;
  }
  if (row_.unterminated) {
    r->error_code = "csv_malformed";
    r->error_message = "unterminated quoted field: the input ends inside a quote opened in the row starting on line " +
                       line + " of " + name_;
  } else if (row_.fields.size() != header_.size()) {
    r->error_code = "csv_malformed";
    r->error_message = "the row starting on line " + line + " of " + name_ + " has " +
                       std::to_string(row_.fields.size()) + " fields, the header has " +
                       std::to_string(header_.size());
  } else if (row_.oversize) {
    r->error_code = "note_too_large";
    r->error_message = "the row starting on line " + line + " of " + name_ +
                       " is over the limit (--max-note-bytes, plus 1 MiB for its other fields)";
  } else {
    r->data = std::move(row_.fields[text_index_]);
  }
  return ReadStatus::kRecord;
}

}  // namespace exemplar::cli::scan
