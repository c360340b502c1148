// Text-file records: a directory tree of .txt notes (also .txt.gz), walked
// recursively in sorted order (entries sorted by name, byte-wise, at each
// level; symbolic links to directories are not followed), one record per
// file whose id is its path relative to the directory; or one text file given
// by name, one record whose id is the name as given. The walk keeps one
// directory listing per level, not the whole tree.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "scan/format_reader.h"

namespace exemplar::cli::scan {

// Reads one note file ("-": standard input) into `r` (text, or an io /
// note_too_large error record). `cap`: 0 = none.
void read_text_record(const std::string& path, const std::string& id, size_t cap, std::atomic<uint64_t>* raw,
                      std::atomic<uint64_t>* decoded, Record* r);

class DirReader : public FormatReader {
 public:
  DirReader(std::string root, size_t cap, std::atomic<uint64_t>* raw, std::atomic<uint64_t>* decoded)
      : root_(std::move(root)), cap_(cap), raw_(raw), decoded_(decoded) {}
  ReadStatus next(Record* r, Failure* fatal) override;

 private:
  struct Level {
    std::string rel;  // "" for the root, else "sub/dir/"
    std::vector<std::pair<std::string, bool>> entries;  // name, is_dir; sorted
    size_t next = 0;
  };
  bool list(const std::string& rel, Level* out, Failure* fatal);

  std::string root_;
  size_t cap_;
  std::atomic<uint64_t>* raw_;
  std::atomic<uint64_t>* decoded_;
  bool started_ = false;
  std::vector<Level> stack_;
};

class TextFileReader : public FormatReader {
 public:
  TextFileReader(std::string path, std::string id, size_t cap, std::atomic<uint64_t>* raw,
                 std::atomic<uint64_t>* decoded)
      : path_(std::move(path)), id_(std::move(id)), cap_(cap), raw_(raw), decoded_(decoded) {}
  ReadStatus next(Record* r, Failure* fatal) override;

 private:
  std::string path_, id_;
  size_t cap_;
  std::atomic<uint64_t>* raw_;
  std::atomic<uint64_t>* decoded_;
  bool done_ = false;
};

}  // namespace exemplar::cli::scan
