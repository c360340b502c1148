// Helpers of the scan fuzz targets: the input bytes as a ByteSource (through
// a memfd, so the reader runs on its real read(2) and gzip paths), the
// default engine, and the checks every output line of `exemplar scan` must
// pass.
#pragma once
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <string>

#include "engine.h"
#include "fuzz_support.h"
#include "scan/byte_source.h"
#include "scan/record_processor.h"
#include "scan/format_reader.h"

namespace fuzz {

// The bytes as a file: one memfd per process, rewritten for each input.
inline std::string as_file(const uint8_t* data, size_t size) {
  static int fd = [] {
    const int f = memfd_create("exemplar-fuzz", 0);
    FUZZ_CHECK(f >= 0);
    return f;
  }();
  FUZZ_CHECK(ftruncate(fd, 0) == 0);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    FUZZ_CHECK(n > 0);
    done += static_cast<size_t>(n);
  }
  return "/proc/self/fd/" + std::to_string(fd);
}

// Opens the input bytes (after the options byte) as the scanner would open a file.
inline void open_input(exemplar::cli::scan::ByteSource* src, const uint8_t* data, size_t size) {
  std::string err;
  FUZZ_CHECK(src->open(as_file(data, size), &err));
}

inline const exemplar::Engine& scan_engine() {
  static std::unique_ptr<exemplar::Engine> e = [] {
    std::unique_ptr<exemplar::Engine> p;
    FUZZ_CHECK(exemplar::Engine::create_default(&p).ok());
    return p;
  }();
  return *e;
}

// One output line of the scan: valid UTF-8 JSON, an object with an id, and
// either an error {code, message} or an analysis; the summary agrees.
inline void check_scan_line(const exemplar::cli::scan::RecordResult& out) {
  FUZZ_CHECK(!out.line.empty());
  FUZZ_CHECK(out.line.find('\n') == std::string::npos);
  FUZZ_CHECK_MSG(valid_utf8(out.line), "scan output line is not valid UTF-8");
  const nlohmann::json j = nlohmann::json::parse(out.line, nullptr, false);
  FUZZ_CHECK_MSG(!j.is_discarded() && j.is_object(), "scan output line is not a JSON object");
  FUZZ_CHECK(j.contains("id") && j["id"].is_string());
  FUZZ_CHECK(j["id"] == out.summary.id);
  if (j.contains("error")) {
    FUZZ_CHECK(!out.summary.ok);
    FUZZ_CHECK(j["error"].at("code").is_string() && j["error"].at("message").is_string());
    FUZZ_CHECK(j["error"]["code"] == out.summary.error_code);
  } else {
    FUZZ_CHECK(out.summary.ok);
    FUZZ_CHECK(j.value("schema", "") == "exemplar.analysis.v1");
  }
}

// The options byte both scan targets start with: bit 0
// --replace-invalid-utf8, bit 1 --no-snippets, bit 2 --max-note-bytes 100
// (the caller also sets a small record cap); bit 3 picks the other field or
// column names ("note"/"case"), which the caller applies.
inline exemplar::cli::scan::ProcessOptions options_from(uint8_t flags) {
  exemplar::cli::scan::ProcessOptions po;
  po.replace_invalid_utf8 = flags & 1;
  po.include_snippets = !(flags & 2);
  po.max_note_bytes = (flags & 4) ? 100 : 0;
  return po;
}

// Reads every record as `exemplar scan` does, checks each with
// `check_record`, processes it and checks the output line. Only a read or
// gzip error may end the input early.
template <typename Reader, typename CheckRecord>
void scan_all(Reader& reader, const exemplar::cli::scan::ProcessOptions& po, size_t input_size,
              CheckRecord check_record) {
  using namespace exemplar::cli::scan;
  const RecordProcessor proc(scan_engine(), po);
  uint64_t records = 0;
  for (;;) {
    Record rec;
    exemplar::cli::Failure fatal;
    const ReadStatus st = reader.next(&rec, &fatal);
    if (st == ReadStatus::kEnd) break;
    if (st == ReadStatus::kFatal) {
      FUZZ_CHECK(!fatal.ok() && !fatal.message.empty());
      break;
    }
    FUZZ_CHECK(++records <= input_size);  // never more records than bytes
    check_record(rec);
    RecordResult out;
    proc.process(rec, &out);
    check_scan_line(out);
  }
}

}  // namespace fuzz
