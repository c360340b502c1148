// Fuzz target "scan_jsonl": the batch scanner's JSON Lines path, as
// `exemplar scan` runs it for each record: ByteSource (plain or gzip) ->
// JsonlReader (line splitting, BOM, CR, line cap) -> RecordProcessor (the
// JSON parse with nlohmann, id and text fields, UTF-8 and size checks, the
// analysis) -> one output line per record.
//
// Input: byte 0 chooses the options (bit 0 --replace-invalid-utf8, bit 1
// --no-snippets, bit 2 a small line cap and --max-note-bytes, bit 3 the
// fields "note"/"case" instead of "text"/"id"); the rest is the input file.
#include <cstdint>
#include <string>

#include "scan/jsonl_reader.h"
#include "scan_support.h"

using namespace exemplar::cli::scan;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t flags = data[0];
  ProcessOptions po = fuzz::options_from(flags);
  const size_t line_cap = (flags & 4) ? 200 : 0;
  if (flags & 8) {
    po.text_field = "note";
    po.id_field = "case";
  }
  ByteSource src;
  fuzz::open_input(&src, data + 1, size - 1);
  JsonlReader reader(&src, "fuzz.jsonl", line_cap);
  fuzz::scan_all(reader, po, size, [&](const Record& rec) {
    FUZZ_CHECK(rec.payload == Record::Payload::kJsonLine);
    if (line_cap && rec.error_code.empty()) FUZZ_CHECK(rec.data.size() <= line_cap);
    FUZZ_CHECK(rec.data.find('\n') == std::string::npos);
  });
  return 0;
}
