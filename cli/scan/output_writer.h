// Where the scan's outputs go.
//   OutputFile: the JSON Lines output (a file or standard output), written
//     with write(2) in whole lines only, so an interrupted scan (even kill -9)
//     leaves complete lines, bar at most one cut by a failing write, which
//     --resume truncates.
//   AtomicFile: the CSV and reports, written to "<path>.tmp" and renamed over
//     <path> on commit, so they are whole or absent, never half-written.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common.h"

namespace exemplar::cli::scan {

class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // "-": standard output. `append`: keep what is there (after --resume has
  // truncated it), else truncate.
  Failure open(const std::string& path, bool append);
  // Buffers one whole line (the newline is added).
  void write_line(std::string_view line);
  // Writes the buffer out. Errors are kept and returned by finish().
  void flush();
  bool failed() const { return err_ != 0; }
  Failure finish();  // flush and close; kExitIo on any write error
  uint64_t bytes_written() const { return written_; }

 private:
  int fd_ = -1;
  bool own_ = false;
  std::string name_;
  std::string buf_;
  int err_ = 0;
  uint64_t written_ = 0;
};

class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();  // removes the temp file unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  Failure open(const std::string& path);
  bool is_open() const { return fd_ >= 0; }
  void write(std::string_view s);
  Failure commit();  // flush, fsync, close, rename over the path
  void abandon();    // close and remove the temp file

 private:
  void flush();
  int fd_ = -1;
  std::string path_, tmp_;
  std::string buf_;
  int err_ = 0;
};

// Writes `content` to `path` via AtomicFile.
Failure write_file_atomically(const std::string& path, std::string_view content);

}  // namespace exemplar::cli::scan
