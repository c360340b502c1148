#include "scan/jsonl_reader.h"

#include <cstring>

namespace exemplar::cli::scan {
namespace {

bool blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

}  // namespace

ReadStatus JsonlReader::next(Record* r, Failure* fatal) {
  for (;;) {
    if (end_) return ReadStatus::kEnd;
    std::string line;
    uint64_t line_bytes = 0;
    bool too_long = false;
    bool got_any = false;
    const uint64_t line_no = ++line_no_;
    for (;;) {
      if (pos_ == chunk_.size()) {
        if (!src_->next(&chunk_)) {
          if (src_->failed()) {
            *fatal = {kExitIo, name_ + ": read error: " + src_->error()};
            return ReadStatus::kFatal;
          }
          end_ = true;
          chunk_ = {};
          pos_ = 0;
          break;
        }
        pos_ = 0;
      }
      got_any = true;
      const char* p = chunk_.data() + pos_;
      const size_t avail = chunk_.size() - pos_;
      const void* nl = std::memchr(p, '\n', avail);
      const size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - p) : avail;
      line_bytes += take;
      if (!too_long) {
        if (line_cap_ && line.size() + take > line_cap_) {
          too_long = true;
          std::string().swap(line);
        } else {
          line.append(p, take);
        }
      }
      pos_ += take + (nl ? 1 : 0);
      if (nl) break;
    }
    if (!got_any || (end_ && line_bytes == 0)) {
      if (end_) return ReadStatus::kEnd;
    }
    if (!too_long) {
      if (line_no == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (blank(line)) continue;
    }
    r->payload = Record::Payload::kJsonLine;
    r->id = name_ + ":" + std::to_string(line_no);
    r->where = name_ + " line " + std::to_string(line_no);
    r->error_code.clear();
    r->error_message.clear();
    if (too_long) {
      r->data.clear();
      r->error_code = "note_too_large";
      r->error_message = "line " + std::to_string(line_no) + " of " + name_ + " is " + std::to_string(line_bytes) +
                         " bytes, over the line limit of " + std::to_string(line_cap_) +
                         " (twice --max-note-bytes, plus 1 MiB)";
    } else {
      r->data = std::move(line);
    }
    return ReadStatus::kRecord;
  }
}

}  // namespace exemplar::cli::scan
