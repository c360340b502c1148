#include "scan/csv_parser.h"

namespace exemplar::cli::scan {

bool CsvParser::refill() {
  if (end_) return false;
  if (!src_->next(&chunk_)) {
    end_ = true;
    chunk_ = {};
    pos_ = 0;
    return false;
  }
  pos_ = 0;
  return true;
}

void CsvParser::append(CsvRow* row, std::string& field, const char* p, size_t n) {
  if (row_cap_ && row_bytes_ + n > row_cap_) {
    row->oversize = true;
    n = row_cap_ > row_bytes_ ? row_cap_ - row_bytes_ : 0;
  }
  field.append(p, n);
  row_bytes_ += n;
}

CsvParser::Result CsvParser::next(CsvRow* row) {
  enum State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  row->fields.clear();
  row->unterminated = false;
  row->oversize = false;
  row_bytes_ = 0;
  State state = kFieldStart;
  std::string field;
  bool any = false;  // the row has begun (a field or a separator was seen)
  row->line = line_;
  for (;;) {
    if (pos_ == chunk_.size() && !refill()) {
      if (src_->failed()) return Result::kError;
      if (!any) return Result::kEnd;
      if (state == kQuoted) row->unterminated = true;
      row->fields.push_back(std::move(field));
      return Result::kRow;
    }
    const char* data = chunk_.data();
    const size_t size = chunk_.size();
    while (pos_ < size) {
      const char c = data[pos_];
      switch (state) {
        case kFieldStart:
          if (!any) row->line = line_;
          if (c == '"') {
            state = kQuoted;
            any = true;
            ++pos_;
          } else if (c == ',') {
            row->fields.emplace_back();
            any = true;
            ++pos_;
          } else if (c == '\n') {
            ++pos_;
            ++line_;
            if (!any) break;  // a blank line
            row->fields.push_back(std::move(field));
            return Result::kRow;
          } else if (c == '\r') {
            ++pos_;
          } else {
            state = kUnquoted;
            any = true;
          }
          break;
        case kUnquoted: {
          // A run of ordinary bytes in one append.
          size_t i = pos_;
          while (i < size && data[i] != ',' && data[i] != '\n' && data[i] != '\r') ++i;
          append(row, field, data + pos_, i - pos_);
          pos_ = i;
          if (i == size) break;
          if (data[i] == '\r') {
            ++pos_;
          } else if (data[i] == ',') {
            ++pos_;
            row->fields.push_back(std::move(field));
            field.clear();
            state = kFieldStart;
          } else {  // '\n'
            ++pos_;
            ++line_;
            row->fields.push_back(std::move(field));
            return Result::kRow;
          }
          break;
        }
        case kQuoted: {
          size_t i = pos_;
          while (i < size && data[i] != '"') {
            if (data[i] == '\n') ++line_;
            ++i;
          }
          append(row, field, data + pos_, i - pos_);
          pos_ = i;
          if (i < size) {  // the quote: closing, or the first of a doubled pair
            ++pos_;
            state = kQuoteInQuoted;
          }
          break;
        }
        case kQuoteInQuoted:
          if (c == '"') {
            append(row, field, "\"", 1);
            ++pos_;
            state = kQuoted;
          } else if (c == ',') {
            ++pos_;
            row->fields.push_back(std::move(field));
            field.clear();
            state = kFieldStart;
          } else if (c == '\n') {
            ++pos_;
            ++line_;
            row->fields.push_back(std::move(field));
            return Result::kRow;
          } else if (c == '\r') {
            ++pos_;
          } else {  // text after a closing quote: keep it (lenient)
            state = kUnquoted;
          }
          break;
      }
    }
  }
}

}  // namespace exemplar::cli::scan
