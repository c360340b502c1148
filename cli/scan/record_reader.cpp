#include "scan/record_reader.h"

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "scan/dir_reader.h"
#include "scan/jsonl_reader.h"

namespace exemplar::cli::scan {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

InputFormat format_from_name(std::string name) {
  if (ends_with(name, ".gz")) name.resize(name.size() - 3);
  if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson") || ends_with(name, ".json")) return InputFormat::kJsonl;
  if (ends_with(name, ".csv")) return InputFormat::kCsv;
  if (ends_with(name, ".txt")) return InputFormat::kText;
  return InputFormat::kAuto;
}

// JSON lines over twice the note limit cannot hold a note under it, short
// of heavy escaping.
size_t line_cap(size_t max_note_bytes) {
  if (max_note_bytes == 0 || max_note_bytes > (SIZE_MAX >> 2)) return 0;
  return 2 * max_note_bytes + (size_t{1} << 20);
}

size_t row_cap(size_t max_note_bytes) {
  if (max_note_bytes == 0 || max_note_bytes > (SIZE_MAX >> 2)) return 0;
  return max_note_bytes + (size_t{1} << 20);
}

}  // namespace

const char* format_name(InputFormat f) {
  switch (f) {
    case InputFormat::kAuto: return "auto";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kCsv: return "csv";
    case InputFormat::kText: return "text";
    case InputFormat::kDir: return "dir";
  }
  return "auto";
}

bool parse_format(const std::string& s, InputFormat* out) {
  if (s == "auto") *out = InputFormat::kAuto;
  else if (s == "jsonl" || s == "json" || s == "ndjson") *out = InputFormat::kJsonl;
  else if (s == "csv") *out = InputFormat::kCsv;
  else if (s == "text" || s == "txt") *out = InputFormat::kText;
  else return false;
  return true;
}

Failure resolve_inputs(const std::vector<std::string>& paths, InputFormat forced, std::vector<InputSpec>* out) {
  out->clear();
  for (const std::string& p : paths) {
    InputSpec in;
    in.path = p;
    if (p == "-") {
      in.format = forced == InputFormat::kAuto ? InputFormat::kJsonl : forced;
      out->push_back(in);
      continue;
    }
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return {kExitIo, p + ": cannot read input: " + std::strerror(errno)};
    if (S_ISDIR(st.st_mode)) {
      in.format = InputFormat::kDir;
    } else {
      in.format = forced != InputFormat::kAuto ? forced : format_from_name(p);
      if (in.format == InputFormat::kAuto) {
        return {kExitUsage, p + ": cannot tell the input format from the name (expected .jsonl, .ndjson, .json, "
                                ".csv or .txt, optionally .gz); give it with --input-format jsonl|csv|text"};
      }
      in.regular = S_ISREG(st.st_mode);
      if (in.regular) in.size = static_cast<uint64_t>(st.st_size);
    }
    out->push_back(in);
  }
  return {};
}

RecordReader::RecordReader(std::vector<InputSpec> inputs, ReaderOptions opts, ReadCounters* counters)
    : inputs_(std::move(inputs)), opts_(std::move(opts)), counters_(counters) {}

RecordReader::~RecordReader() = default;

Failure RecordReader::preflight() {
  for (const InputSpec& in : inputs_) {
    if (in.path == "-") continue;
    if (in.format == InputFormat::kDir) {
      DIR* d = ::opendir(in.path.c_str());
      if (!d) return {kExitIo, in.path + ": cannot read directory: " + std::strerror(errno)};
      ::closedir(d);
      continue;  // its files are read one by one; an unreadable one is an error record
    }
    ByteSource src;
    std::string err;
    if (!src.open(in.path, &err)) return {kExitIo, in.path + ": cannot read input: " + err};
    if (in.format == InputFormat::kCsv) {
      CsvReader csv(&src, in.path, opts_.columns, row_cap(opts_.max_note_bytes));
      const Failure f = csv.start();
      if (!f.ok()) return f;
    }
  }
  return {};
}

bool RecordReader::open_next() {
  const InputSpec& in = inputs_[index_];
  const std::string name = display_name(in.path);
  source_.reset();
  reader_.reset();
  switch (in.format) {
    case InputFormat::kDir:
      reader_.reset(new DirReader(in.path, opts_.max_note_bytes, &counters_->raw_bytes, &counters_->decoded_bytes));
      return true;
    case InputFormat::kText:
      reader_.reset(new TextFileReader(in.path, name, opts_.max_note_bytes, &counters_->raw_bytes,
                                       &counters_->decoded_bytes));
      return true;
    default:
      break;
  }
  source_.reset(new ByteSource());
  std::string err;
  if (!source_->open(in.path, &err)) {
    failure_ = {kExitIo, name + ": cannot read input: " + err};
    return false;
  }
  source_->set_counters(&counters_->raw_bytes, &counters_->decoded_bytes);
  if (before_block_) source_->set_before_block(before_block_);
  source_->set_cancel_flag(cancel_);
  if (in.format == InputFormat::kCsv) {
    auto* csv = new CsvReader(source_.get(), name, opts_.columns, row_cap(opts_.max_note_bytes));
    reader_.reset(csv);
    const Failure f = csv->start();
    if (!f.ok()) {
      failure_ = f;
      return false;
    }
  } else {
    reader_.reset(new JsonlReader(source_.get(), name, line_cap(opts_.max_note_bytes)));
  }
  return true;
}

bool RecordReader::next(Record* r) {
  if (!failure_.ok()) return false;
  while (index_ < inputs_.size()) {
    if (!reader_ && !open_next()) return false;
    Failure fatal;
    const ReadStatus st = reader_->next(r, &fatal);
    if (st == ReadStatus::kRecord) {
      counters_->records.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    if (st == ReadStatus::kFatal) {
      failure_ = fatal;
      return false;
    }
    reader_.reset();
    source_.reset();
    ++index_;
  }
  return false;
}

bool RecordReader::skip(uint64_t n, uint64_t* skipped) {
  *skipped = 0;
  Record r;
  while (*skipped < n) {
    if (!next(&r)) return failure_.ok();
    ++*skipped;
  }
  return true;
}

}  // namespace exemplar::cli::scan
