// A byte stream from a file or standard input, decompressed on the fly when it
// starts with the gzip magic bytes (1f 8b), whatever its name. Reads with
// read(2), so a chunk is handed on as soon as the bytes are there: a filter
// on a pipe sees each line without waiting for a full buffer.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace exemplar::cli::scan {

class ByteSource {
 public:
  ByteSource();
  ~ByteSource();
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Opens `path` ("-": standard input). False with `error` set (the system's
  // reason) when it cannot be opened or is a directory.
  bool open(const std::string& path, std::string* error);

  // The next chunk of decoded bytes, valid until the next call. False at the
  // end of the input, or on a read or decompression error (then failed()).
  bool next(std::string_view* chunk);

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  bool compressed() const { return gzip_; }
  // The size on disk of a regular file, else 0.
  uint64_t file_size() const { return file_size_; }

  // Counters the source adds to as it reads: bytes read from the file (raw,
  // compressed when gzip) and bytes handed on (decoded). Either may be null.
  void set_counters(std::atomic<uint64_t>* raw, std::atomic<uint64_t>* decoded) {
    raw_counter_ = raw;
    decoded_counter_ = decoded;
  }
  // Called (on the reading thread) just before a read that would block,
  // for a pipe or terminal with no bytes waiting: the caller hands on what
  // it has so far. Never called for regular files.
  void set_before_block(std::function<void()> f) { before_block_ = std::move(f); }
  // While waiting on a pipe or terminal, the source checks this flag ten
  // times a second and gives up (failed(): "cancelled") once it is set.
  void set_cancel_flag(const std::atomic<bool>* f) { cancel_ = f; }

 private:
  bool read_raw(size_t keep);  // appends to raw_ after `keep` bytes; false at EOF or error
  bool next_gzip(std::string_view* chunk);
  void close();

  int fd_ = -1;
  bool own_fd_ = false;
  bool regular_ = false;
  bool started_ = false;
  bool eof_ = false;
  bool gzip_ = false;
  bool stream_end_ = false;  // a gzip member ended; more may follow
  uint64_t file_size_ = 0;
  std::string name_;
  std::string error_;
  std::vector<char> raw_;
  size_t raw_len_ = 0;
  std::vector<char> out_;
  void* zs_ = nullptr;  // z_stream, when gzip
  std::atomic<uint64_t>* raw_counter_ = nullptr;
  std::atomic<uint64_t>* decoded_counter_ = nullptr;
  std::function<void()> before_block_;
  const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace exemplar::cli::scan
