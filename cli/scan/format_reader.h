// The interface of the per-format record readers (JSON Lines, CSV, a
// directory of text files, one text file) that RecordReader chains.
#pragma once
#include "common.h"
#include "scan/record.h"

namespace exemplar::cli::scan {

enum class ReadStatus { kRecord, kEnd, kFatal };

class FormatReader {
 public:
  virtual ~FormatReader() = default;
  // The next record. kFatal: the input cannot be read on (`fatal` says why:
  // kExitIo for read errors); the records so far stand.
  virtual ReadStatus next(Record* r, Failure* fatal) = 0;
};

}  // namespace exemplar::cli::scan
