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

}  // namespace fuzz
