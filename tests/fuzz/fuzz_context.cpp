// Fuzz target "context": the context engine (exemplar_context_of) with the
// default engine on an arbitrary target span.
//
// Input: bytes 0-1 and 2-3 are the target's start and end (little-endian);
// byte 4 chooses how they are read (bit 0: as they are, possibly outside the
// text; else modulo the text length + 1; bit 1: an unsupported
// out->version); the rest is the text.
// Checks: a span outside the text is EXEMPLAR_ERR_INDEX_OUT_OF_RANGE,
// invalid UTF-8 is EXEMPLAR_ERR_INVALID_UTF8, anything else succeeds with a
// known experiencer; and every moment span of the note's analysis is a
// target the context API accepts.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 5) return 0;
  size_t start = data[0] | (data[1] << 8);
  size_t end = data[2] | (data[3] << 8);
  const uint8_t mode = data[4];
  const size_t len = size - 5;
  std::unique_ptr<char[]> text(new char[len ? len : 1]);
  if (len) std::memcpy(text.get(), data + 5, len);
  if (!(mode & 1)) {
    start %= len + 1;
    end %= len + 1;
    if (start > end) std::swap(start, end);
  }
  exemplar_context ctx = EXEMPLAR_CONTEXT_INIT;
  if (mode & 2) ctx.version = (mode & 4) ? EXEMPLAR_CONTEXT_VERSION + 1 : 0;
  const int rc = exemplar_context_of(fuzz::default_engine(), len ? text.get() : nullptr, len, start, end, &ctx);
  FUZZ_CHECK(fuzz::is_status(rc));
  const std::string_view tv(text.get(), len);
  int want = EXEMPLAR_OK;
  if (mode & 2) want = EXEMPLAR_ERR_INVALID_ARGUMENT;
  else if (start > end || end > len) want = EXEMPLAR_ERR_INDEX_OUT_OF_RANGE;
  else if (!fuzz::valid_utf8(tv)) want = EXEMPLAR_ERR_INVALID_UTF8;
  FUZZ_CHECK_MSG(rc == want, "status " + std::to_string(rc) + ", expected " + std::to_string(want) + ": " +
                                 exemplar_last_error_message());
  if (rc != EXEMPLAR_OK) {
    FUZZ_CHECK(*exemplar_last_error_message() != '\0');
    return 0;
  }
  FUZZ_CHECK(ctx.experiencer && (!std::strcmp(ctx.experiencer, "patient") || !std::strcmp(ctx.experiencer, "family") ||
                                 !std::strcmp(ctx.experiencer, "other")));
  FUZZ_CHECK(ctx.negated == 0 || ctx.negated == 1);
  FUZZ_CHECK(ctx.hypothetical == 0 || ctx.hypothetical == 1);
  FUZZ_CHECK(ctx.historical == 0 || ctx.historical == 1);

  // Every moment of the note as a target: the API must accept its span.
  if (len == 0) return 0;
  exemplar_result* r = nullptr;
  FUZZ_CHECK(exemplar_analyze(fuzz::default_engine(), text.get(), len, nullptr, &r) == EXEMPLAR_OK);
  const size_t n = exemplar_result_moment_count(r);
  for (size_t i = 0; i < n && i < 8; ++i) {
    exemplar_moment m = EXEMPLAR_MOMENT_INIT;
    FUZZ_CHECK(exemplar_result_moment(r, i, &m) == EXEMPLAR_OK);
    exemplar_context c = EXEMPLAR_CONTEXT_INIT;
    FUZZ_CHECK(exemplar_context_of(fuzz::default_engine(), text.get(), len, m.start, m.end, &c) == EXEMPLAR_OK);
    FUZZ_CHECK(c.experiencer != nullptr);
  }
  exemplar_result_free(r);
  return 0;
}
