// The scan's threads: one reader, N workers sharing one engine, and the
// calling thread as the ordered writer.
//
//   reader --(batches, bounded)--> workers --(reorder buffer)--> writer
//
// The reader cuts the records into batches (up to `batch_records` records or
// `batch_bytes` bytes; a smaller batch as soon as the input would block, so
// a pipe gets a line out per line in) and numbers them. At most `in_flight`
// batches exist at once, queued, being worked on or waiting in the reorder
// buffer: the reader waits for the writer to retire one before it makes
// another. So memory is bounded by in_flight batches whatever the archive
// size, and the writer hands the results to `sink` in input order, whatever
// the thread count.
#pragma once
#include <cstddef>
#include <functional>

#include "common.h"
#include "scan/record_processor.h"
#include "scan/record_reader.h"

namespace exemplar::cli::scan {

struct PipelineOptions {
  unsigned threads = 1;
  size_t batch_records = 256;
  size_t batch_bytes = size_t{1} << 20;
  size_t in_flight = 0;  // 0: 2 * threads + 2
};

// Runs the scan to the end of the input. `sink` gets each result in order
// on the calling thread; `idle` is called when the writer is about to wait
// (flush the output there). Returns the first fatal failure: the reader's
// (the input) or the sink's (the output); the results before it were sunk.
Failure run_pipeline(RecordReader& reader, const RecordProcessor& proc, const PipelineOptions& opts,
                     const std::function<Failure(RecordResult&)>& sink, const std::function<void()>& idle);

}  // namespace exemplar::cli::scan
