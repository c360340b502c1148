// Fuzz target "scan_csv": the batch scanner's CSV path, as `exemplar scan`
// runs it: ByteSource (plain or gzip) -> CsvReader (header, column choice,
// the RFC 4180 parser with quotes, CRLF, blank lines and the row cap) ->
// RecordProcessor (UTF-8 and size checks, the analysis) -> output lines.
//
// Input: byte 0 chooses the options (bit 0 --replace-invalid-utf8, bit 1
// --no-snippets, bit 2 a small row cap and --max-note-bytes, bit 3 the
// columns "note"/"case" instead of the defaults); the rest is the input file.
#include <cstdint>
#include <string>

#include "scan/csv_reader.h"
#include "scan_support.h"

using namespace exemplar::cli::scan;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t flags = data[0];
  const ProcessOptions po = fuzz::options_from(flags);
  const size_t row_cap = (flags & 4) ? 300 : 0;
  CsvColumns cols;
  if (flags & 8) {
    cols.text_column = "note";
    cols.id_column = "case";
  }
  ByteSource src;
  fuzz::open_input(&src, data + 1, size - 1);
  CsvReader reader(&src, "fuzz.csv", cols, row_cap);
  const exemplar::cli::Failure f = reader.start();
  if (!f.ok()) {
    FUZZ_CHECK(!f.message.empty());
    return 0;
  }
  FUZZ_CHECK(!reader.header().empty());
  fuzz::scan_all(reader, po, size, [&](const Record& rec) {
    FUZZ_CHECK(rec.payload == Record::Payload::kText);
    if (row_cap && rec.error_code.empty()) FUZZ_CHECK(rec.data.size() <= row_cap);
  });
  return 0;
}
