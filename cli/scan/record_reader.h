// The records of all the inputs of one scan, in order: each input is JSON
// Lines, CSV, a directory of .txt files or one text file, plain or gzip
// (detected by its magic bytes), or standard input ("-"). The format comes
// from the name (.jsonl/.ndjson/.json, .csv, .txt, each optionally .gz; a
// directory is a directory) unless --input-format says otherwise; standard
// input is JSON Lines unless --input-format says otherwise.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scan/byte_source.h"
#include "scan/csv_reader.h"
#include "scan/format_reader.h"

namespace exemplar::cli::scan {

enum class InputFormat { kAuto, kJsonl, kCsv, kText, kDir };
const char* format_name(InputFormat f);
// "auto", "jsonl" (also "json", "ndjson"), "csv", "text" (also "txt").
bool parse_format(const std::string& s, InputFormat* out);

struct InputSpec {
  std::string path;  // as given; "-" is standard input
  InputFormat format = InputFormat::kAuto;  // resolved by resolve_inputs
  uint64_t size = 0;  // regular files: the size on disk (compressed when gzip)
  bool regular = false;
};

// Resolves each input's format (`forced`: --input-format, kAuto when not
// given) and checks that it exists. kExitUsage for an unknown format,
// kExitIo for an input that does not exist.
Failure resolve_inputs(const std::vector<std::string>& paths, InputFormat forced, std::vector<InputSpec>* out);

struct ReaderOptions {
  std::string text_field = "text";  // JSON Lines
  std::string id_field = "id";
  CsvColumns columns;               // CSV
  size_t max_note_bytes = 0;        // 0: no limit
};

// The progress counters the readers add to.
struct ReadCounters {
  std::atomic<uint64_t> raw_bytes{0};      // bytes read from the inputs (compressed when gzip)
  std::atomic<uint64_t> decoded_bytes{0};  // bytes after decompression
  std::atomic<uint64_t> records{0};        // records handed on (skipped ones included)
};

class RecordReader {
 public:
  RecordReader(std::vector<InputSpec> inputs, ReaderOptions opts, ReadCounters* counters);
  ~RecordReader();

  // Opens every input once (standard input excepted) and reads the CSV
  // headers, so that a missing file or column fails before any output.
  Failure preflight();

  // The next record: false at the end of the last input, or on a fatal
  // error (failure() is then set).
  bool next(Record* r);
  // Reads and drops `n` records (for --resume); false with failure() set
  // on a fatal error, or with `*skipped` < n when the inputs end first.
  bool skip(uint64_t n, uint64_t* skipped);

  const Failure& failure() const { return failure_; }
  // See ByteSource::set_before_block.
  void set_before_block(std::function<void()> f) { before_block_ = std::move(f); }
  // See ByteSource::set_cancel_flag.
  void set_cancel_flag(const std::atomic<bool>* f) { cancel_ = f; }

 private:
  bool open_next();  // opens inputs_[index_]; false on failure

  std::vector<InputSpec> inputs_;
  ReaderOptions opts_;
  ReadCounters* counters_;
  size_t index_ = 0;
  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<FormatReader> reader_;
  Failure failure_;
  std::function<void()> before_block_;
  const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace exemplar::cli::scan
