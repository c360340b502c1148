// Fuzz target "analyze": one note through the C API with the default engine.
//
// Input: byte 0 chooses the options, byte 1 a max_note_bytes limit, the rest
// is the note.
//   bit 0  replace_invalid_utf8       bit 3  options = NULL (the defaults)
//   bit 1  include_snippets           bit 4  an unsupported options->version
//   bit 2  max_note_bytes = byte 1 * 16 (0 = no limit)
// Checks: the status is the one the input calls for (empty, too large,
// invalid UTF-8 at the offset an independent validator finds, and that
// offset named in the message); every result invariant of check_result();
// the same moments with and without snippets; and with repair, offsets that
// refer to the repaired text.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const uint8_t flags = size > 0 ? data[0] : 0x02;
  const uint8_t limit = size > 1 ? data[1] : 0;
  const char* text = size > 2 ? reinterpret_cast<const char*>(data + 2) : "";
  const size_t len = size > 2 ? size - 2 : 0;
  const std::string_view note(text, len);

  exemplar_analyze_options opts = EXEMPLAR_ANALYZE_OPTIONS_INIT;
  opts.replace_invalid_utf8 = flags & 1;
  opts.include_snippets = (flags >> 1) & 1;
  opts.max_note_bytes = (flags & 4) ? static_cast<size_t>(limit) * 16 : 0;
  const bool null_opts = flags & 8;
  if (flags & 16) opts.version = (flags & 32) ? EXEMPLAR_ANALYZE_OPTIONS_VERSION + 1 : 0;
  const exemplar_analyze_options* op = null_opts ? nullptr : &opts;
  const bool repair = op && opts.replace_invalid_utf8;
  const bool snippets = !op || opts.include_snippets;

  // A copy without a terminating NUL in reach, so that reading past `len` is
  // caught by AddressSanitizer.
  std::unique_ptr<char[]> copy(new char[len ? len : 1]);
  if (len) std::memcpy(copy.get(), text, len);

  exemplar_result* r = reinterpret_cast<exemplar_result*>(uintptr_t{16});  // must be overwritten
  const int rc = exemplar_analyze(fuzz::default_engine(), len ? copy.get() : nullptr, len, op, &r);
  FUZZ_CHECK(fuzz::is_status(rc));
  const size_t bad = fuzz::first_invalid_utf8(note);
  const std::string msg = exemplar_last_error_message();

  int want = EXEMPLAR_OK;
  if (op && (opts.version < 1 || opts.version > EXEMPLAR_ANALYZE_OPTIONS_VERSION)) want = EXEMPLAR_ERR_INVALID_ARGUMENT;
  else if (op && opts.max_note_bytes && len > opts.max_note_bytes) want = EXEMPLAR_ERR_NOTE_TOO_LARGE;
  else if (len == 0) want = EXEMPLAR_ERR_INVALID_ARGUMENT;
  else if (bad != std::string_view::npos && !repair) want = EXEMPLAR_ERR_INVALID_UTF8;
  FUZZ_CHECK_MSG(rc == want, "status " + std::to_string(rc) + ", expected " + std::to_string(want) + ": " + msg);

  if (rc != EXEMPLAR_OK) {
    FUZZ_CHECK(r == nullptr);
    FUZZ_CHECK(!msg.empty());
    if (rc == EXEMPLAR_ERR_INVALID_UTF8) {
      FUZZ_CHECK_MSG(msg.find("offset " + std::to_string(bad)) != std::string::npos, msg);
    }
    return 0;
  }
  FUZZ_CHECK(msg.empty());
  const std::string repaired = bad == std::string_view::npos ? std::string(note) : fuzz::repair(note);
  FUZZ_CHECK(fuzz::valid_utf8(repaired));
  const nlohmann::json doc = fuzz::check_result(r, repaired, snippets);

  // The other snippet setting must find the very same moments.
  exemplar_analyze_options other = opts;
  other.version = EXEMPLAR_ANALYZE_OPTIONS_VERSION;
  other.include_snippets = !snippets;
  other.max_note_bytes = 0;
  other.replace_invalid_utf8 = 1;
  exemplar_result* r2 = nullptr;
  FUZZ_CHECK(exemplar_analyze(fuzz::default_engine(), copy.get(), len, &other, &r2) == EXEMPLAR_OK);
  const nlohmann::json doc2 = fuzz::check_result(r2, repaired, !snippets);
  FUZZ_CHECK(exemplar_result_moment_count(r2) == exemplar_result_moment_count(r));
  for (size_t i = 0; i < exemplar_result_moment_count(r); ++i) {
    exemplar_moment a = EXEMPLAR_MOMENT_INIT, b = EXEMPLAR_MOMENT_INIT;
    exemplar_result_moment(r, i, &a);
    exemplar_result_moment(r2, i, &b);
    FUZZ_CHECK(a.start == b.start && a.end == b.end && !std::strcmp(a.rule, b.rule) && a.affirmed == b.affirmed &&
               a.score == b.score);
  }
  FUZZ_CHECK(doc.at("kinds") == doc2.at("kinds"));
  FUZZ_CHECK(doc.at("kind_scores") == doc2.at("kind_scores"));
  double s1 = 0, s2 = 0;
  const char* c1 = exemplar_result_category(r, &s1);
  const char* c2 = exemplar_result_category(r2, &s2);
  FUZZ_CHECK((c1 == nullptr) == (c2 == nullptr) && (!c1 || !std::strcmp(c1, c2)) && s1 == s2);
  exemplar_result_free(r2);
  exemplar_result_free(r);
  return 0;
}
