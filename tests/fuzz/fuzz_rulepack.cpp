// Fuzz target "rulepack": arbitrary bytes as a rule pack
// (exemplar_engine_new_from_json). A pack that loads must give an engine
// whose id, version and SHA-256 are sane and that analyses a few fixed notes
// with every result invariant holding (check_result), its own patterns
// included; a pack that fails must give no engine, a rule-pack status, and
// a message that starts with the JSON path of the fault.
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "fuzz_support.h"

namespace {

// Notes with ASCII, multi-byte characters (so that a pattern that could cut
// a character has one to cut), form lines, headings and negation.
const char* const kNotes[] = {
    "CM appealed the denial; daughter present at the family meeting. Pt never received the referral.",
    "Family involved: [x] Yes [ ] No\nAdvocacy needs: none\nPLAN\nNo appeal needed, per Dr. Lee.",
    "Caf\xC3\xA9 visit \xE2\x80\x94 la hija ayud\xC3\xB3 \xF0\x9F\x98\x80 with the appeal; exception made. \xE4\xB8\xAD\xE6\x96\x87 note.",
    "If the denial stands we will appeal. History: mother appealed in 2019. a aa aaa b ab ba",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A copy with nothing after it, so that a read past `size` is caught.
  std::unique_ptr<char[]> copy(new char[size ? size : 1]);
  if (size) std::memcpy(copy.get(), data, size);
  exemplar_engine* e = reinterpret_cast<exemplar_engine*>(uintptr_t{16});
  const int rc = exemplar_engine_new_from_json(copy.get(), size, &e);
  FUZZ_CHECK(fuzz::is_status(rc));
  const std::string msg = exemplar_last_error_message();
  if (rc != EXEMPLAR_OK) {
    FUZZ_CHECK(e == nullptr);
    FUZZ_CHECK_MSG(rc == EXEMPLAR_ERR_RULEPACK_JSON || rc == EXEMPLAR_ERR_RULEPACK_INVALID ||
                       rc == EXEMPLAR_ERR_RULEPACK_PATTERN || rc == EXEMPLAR_ERR_RULEPACK_EXAMPLE ||
                       rc == EXEMPLAR_ERR_RULEPACK_VERSION,
                   "status " + std::to_string(rc) + ": " + msg);
    FUZZ_CHECK_MSG(!msg.empty() && msg[0] == '/', "message does not start with a JSON path: " + msg);
    FUZZ_CHECK_MSG(fuzz::valid_utf8(msg), "error message is not valid UTF-8");
    return 0;
  }
  FUZZ_CHECK(e != nullptr);
  FUZZ_CHECK(msg.empty());
  const char* id = exemplar_engine_rulepack_id(e);
  const char* version = exemplar_engine_rulepack_version(e);
  const char* sha = exemplar_engine_rulepack_sha256(e);
  FUZZ_CHECK(id && *id && version && *version && sha);
  FUZZ_CHECK(std::strlen(sha) == 64);
  for (const char* p = sha; *p; ++p) FUZZ_CHECK(std::isxdigit(static_cast<unsigned char>(*p)) && !std::isupper(*p));

  for (const char* note : kNotes) {
    for (int snippets = 0; snippets < 2; ++snippets) {
      exemplar_analyze_options o = EXEMPLAR_ANALYZE_OPTIONS_INIT;
      o.include_snippets = snippets;
      exemplar_result* r = nullptr;
      const int arc = exemplar_analyze(e, note, std::strlen(note), &o, &r);
      FUZZ_CHECK_MSG(arc == EXEMPLAR_OK, exemplar_last_error_message());
      const nlohmann::json doc = fuzz::check_result(r, note, snippets);
      FUZZ_CHECK(doc.at("engine").at("rulepack") == id);
      FUZZ_CHECK(doc.at("engine").at("rulepack_sha256") == sha);
      exemplar_result_free(r);
    }
    exemplar_context ctx = EXEMPLAR_CONTEXT_INIT;
    const size_t n = std::strlen(note);
    FUZZ_CHECK(exemplar_context_of(e, note, n, n / 3, n / 2, &ctx) == EXEMPLAR_OK);
  }
  exemplar_engine_free(e);
  return 0;
}
