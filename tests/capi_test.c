/* Tests of the C API (capi/include/exemplar/exemplar.h), written in C99 and
 * linked against the shared library, as a C integrator would use it.
 *
 * Usage: exemplar_capi_test <scratch-directory>
 */
#include <exemplar/exemplar.h>

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_checks = 0;
static int g_failures = 0;

#define CHECK(cond)                                                             \
  do {                                                                          \
    ++g_checks;                                                                 \
    if (!(cond)) {                                                              \
      ++g_failures;                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                           \
  } while (0)

/* A status check that also prints the library's own message on failure. */
#define CHECK_STATUS(expr, want)                                                                          \
  do {                                                                                                    \
    int got_ = (expr);                                                                                    \
    ++g_checks;                                                                                           \
    if (got_ != (want)) {                                                                                 \
      ++g_failures;                                                                                       \
      fprintf(stderr, "%s:%d: %s returned %d (%s), want %d (%s); last error: \"%s\"\n", __FILE__, __LINE__, \
              #expr, got_, exemplar_status_string(got_), (int)(want), exemplar_status_string(want),          \
              exemplar_last_error_message());                                                             \
    }                                                                                                     \
  } while (0)

#define CHECK_STR(a, b) CHECK((a) != NULL && strcmp((a), (b)) == 0)
#define LAST_ERROR_EMPTY() CHECK(exemplar_last_error_message() != NULL && exemplar_last_error_message()[0] == '\0')
#define LAST_ERROR_SET() CHECK(exemplar_last_error_message() != NULL && exemplar_last_error_message()[0] != '\0')
#define LAST_ERROR_HAS(s) CHECK(strstr(exemplar_last_error_message(), (s)) != NULL)

/* A small pack with known content, so these tests do not depend on the
 * default pack. */
static const char kPack[] =
    "{\"schema\": \"exemplar.rulepack.v1\", \"id\": \"capi-test\", \"version\": \"2.0.0\","
    " \"min_engine_version\": \"0.1.0\", \"license\": \"CC0-1.0\","
    " \"cues\": ["
    "  {\"id\": \"adv.appeal\", \"kind\": \"advocacy\", \"pattern\": \"\\\\bappeal(?:ed)?\\\\b\", \"weight\": 0.9,"
    "   \"categories\": {\"patient_advocate\": 1}},"
    "  {\"id\": \"fam.daughter\", \"kind\": \"family_involvement\", \"pattern\": \"\\\\bdaughter\\\\b\", \"weight\": 0.8,"
    "   \"categories\": {\"family_integration\": 1}}],"
    " \"context\": [{\"id\": \"neg.no\", \"role\": \"negated\", \"pattern\": \"\\\\bno\\\\b\", \"max_words\": 3}]}";

static const char kNote[] = "Appealed the denial. No daughter present.";

static exemplar_engine *sentinel_engine(void) { return (exemplar_engine *)&g_checks; }
static exemplar_result *sentinel_result(void) { return (exemplar_result *)&g_checks; }

static int write_file(const char *path, const char *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  if (fwrite(data, 1, len, f) != len) {
    fclose(f);
    return 0;
  }
  return fclose(f) == 0;
}

static void test_version(void) {
  char buf[64];
  CHECK(exemplar_version_number() == EXEMPLAR_VERSION_NUMBER);
  CHECK_STR(exemplar_version_string(), EXEMPLAR_VERSION_STRING);
  sprintf(buf, "%d.%d.%d", EXEMPLAR_VERSION_MAJOR, EXEMPLAR_VERSION_MINOR, EXEMPLAR_VERSION_PATCH);
  CHECK_STR(exemplar_version_string(), buf);
  CHECK(exemplar_version_number() ==
        (unsigned)(EXEMPLAR_VERSION_MAJOR * 10000 + EXEMPLAR_VERSION_MINOR * 100 + EXEMPLAR_VERSION_PATCH));
}

static void test_status_strings(void) {
  static const char *const names[] = {"ok",
                                      "null_argument",
                                      "invalid_argument",
                                      "invalid_utf8",
                                      "note_too_large",
                                      "rulepack_json",
                                      "rulepack_invalid",
                                      "rulepack_pattern",
                                      "rulepack_example",
                                      "rulepack_version",
                                      "out_of_memory",
                                      "index_out_of_range",
                                      "io",
                                      "internal"};
  const int codes[] = {EXEMPLAR_OK,
                       EXEMPLAR_ERR_NULL_ARGUMENT,
                       EXEMPLAR_ERR_INVALID_ARGUMENT,
                       EXEMPLAR_ERR_INVALID_UTF8,
                       EXEMPLAR_ERR_NOTE_TOO_LARGE,
                       EXEMPLAR_ERR_RULEPACK_JSON,
                       EXEMPLAR_ERR_RULEPACK_INVALID,
                       EXEMPLAR_ERR_RULEPACK_PATTERN,
                       EXEMPLAR_ERR_RULEPACK_EXAMPLE,
                       EXEMPLAR_ERR_RULEPACK_VERSION,
                       EXEMPLAR_ERR_OUT_OF_MEMORY,
                       EXEMPLAR_ERR_INDEX_OUT_OF_RANGE,
                       EXEMPLAR_ERR_IO,
                       EXEMPLAR_ERR_INTERNAL};
  const int bad[] = {-1, 14, 1000};
  size_t i, j;
  for (i = 0; i < sizeof codes / sizeof codes[0]; ++i) {
    const char *s = exemplar_status_string(codes[i]);
    CHECK(codes[i] == (int)i); /* pinned values */
    CHECK_STR(s, names[i]);
    for (j = 0; j < i; ++j) CHECK(strcmp(exemplar_status_string(codes[j]), s) != 0);
  }
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    const char *s = exemplar_status_string(bad[i]);
    CHECK(s != NULL && s[0] != '\0');
    for (j = 0; j < sizeof names / sizeof names[0]; ++j) CHECK(s != NULL && strcmp(s, names[j]) != 0);
  }
}

static void test_default_engine(void) {
  exemplar_engine *e = sentinel_engine();
  exemplar_result *r = NULL;
  const char *json = NULL;
  const char *sha;
  size_t len = 0, i;
  static const char note[] = "Appealed the denial of the MRI with the health plan.";
  CHECK_STATUS(exemplar_engine_new_default(&e), EXEMPLAR_OK);
  LAST_ERROR_EMPTY();
  CHECK(e != NULL && e != sentinel_engine());
  if (!e || e == sentinel_engine()) return;
  CHECK_STR(exemplar_engine_rulepack_id(e), "default");
  CHECK(exemplar_engine_rulepack_version(e) != NULL && exemplar_engine_rulepack_version(e)[0] != '\0');
  sha = exemplar_engine_rulepack_sha256(e);
  CHECK(sha != NULL && strlen(sha) == 64);
  for (i = 0; sha && i < strlen(sha); ++i) CHECK(isxdigit((unsigned char)sha[i]) && !isupper((unsigned char)sha[i]));
  CHECK_STATUS(exemplar_analyze(e, note, strlen(note), NULL, &r), EXEMPLAR_OK);
  CHECK_STATUS(exemplar_result_json(r, &json, &len), EXEMPLAR_OK);
  CHECK(json != NULL && len > 0 && strlen(json) == len);
  CHECK(json != NULL && strstr(json, "\"schema\":\"exemplar.analysis.v1\"") != NULL);
  CHECK(json != NULL && strstr(json, "\"rulepack\":\"default\"") != NULL);
  CHECK(json != NULL && strstr(json, sha) != NULL);
  exemplar_result_free(r);
  exemplar_engine_free(e);
}

static void test_analyze(exemplar_engine *e) {
  exemplar_result *r = sentinel_result();
  exemplar_moment m = EXEMPLAR_MOMENT_INIT;
  const char *json = NULL;
  size_t len = 0;
  double score = -1.0;
  const char *cat;

  CHECK_STR(exemplar_engine_rulepack_id(e), "capi-test");
  CHECK_STR(exemplar_engine_rulepack_version(e), "2.0.0");

  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), NULL, &r), EXEMPLAR_OK);
  LAST_ERROR_EMPTY();
  CHECK(r != NULL && r != sentinel_result());
  if (!r || r == sentinel_result()) return;

  /* JSON: pointer, length, NUL terminator, contract fields. */
  CHECK_STATUS(exemplar_result_json(r, &json, &len), EXEMPLAR_OK);
  CHECK(json != NULL && strlen(json) == len);
  CHECK(json[0] == '{' && json[len - 1] == '}');
  CHECK(strstr(json, "\"kinds\":[\"advocacy\"]") != NULL);
  CHECK(strstr(json, "\"rulepack\":\"capi-test\"") != NULL);
  CHECK(strstr(json, "\"id\":\"patient_advocate\"") != NULL);
  CHECK(strstr(json, "\"cue\":\"Appealed\"") != NULL);

  /* Moments: every cue hit, the negated one included, in text order. */
  CHECK(exemplar_result_moment_count(r) == 2);
  CHECK_STATUS(exemplar_result_moment(r, 0, &m), EXEMPLAR_OK);
  CHECK_STR(m.kind, "advocacy");
  CHECK_STR(m.rule, "adv.appeal");
  CHECK(m.start == 0 && m.end == 8);
  CHECK(strncmp(kNote + m.start, "Appealed", m.end - m.start) == 0);
  CHECK(m.sentence_start == 0 && m.sentence_end == 20);
  CHECK(m.affirmed == 1 && m.negated == 0 && m.hypothetical == 0 && m.historical == 0 && m.templated == 0);
  CHECK_STR(m.experiencer, "client");
  CHECK(fabs(m.score - 0.9) < 1e-9);
  CHECK(m.lead == 1); /* the only affirmed hit of its kind */
  CHECK(m.version == EXEMPLAR_MOMENT_VERSION);

  CHECK_STATUS(exemplar_result_moment(r, 1, &m), EXEMPLAR_OK);
  CHECK_STR(m.kind, "family_involvement");
  CHECK_STR(m.rule, "fam.daughter");
  CHECK(m.start < m.end && m.end <= strlen(kNote));
  CHECK(m.end - m.start == 8 && strncmp(kNote + m.start, "daughter", 8) == 0);
  CHECK(m.sentence_start <= m.start && m.end <= m.sentence_end && m.sentence_end <= strlen(kNote));
  CHECK(m.negated == 1 && m.affirmed == 0);
  CHECK(m.score == 0.0);
  CHECK(m.lead == 0);

  /* A caller built against version 1 has no lead field: the library must
   * not write past score. */
  {
    exemplar_moment v1;
    int untouched;
    memset(&v1, 0xAB, sizeof v1);
    memset(&untouched, 0xAB, sizeof untouched);
    v1.version = 1;
    CHECK_STATUS(exemplar_result_moment(r, 0, &v1), EXEMPLAR_OK);
    CHECK_STR(v1.rule, "adv.appeal");
    CHECK(fabs(v1.score - 0.9) < 1e-9);
    CHECK(v1.lead == untouched);
  }

  CHECK_STATUS(exemplar_result_moment(r, 2, &m), EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);
  LAST_ERROR_SET();
  m.version = 0;
  CHECK_STATUS(exemplar_result_moment(r, 0, &m), EXEMPLAR_ERR_INVALID_ARGUMENT);
  LAST_ERROR_SET();
  m.version = EXEMPLAR_MOMENT_VERSION + 1;
  CHECK_STATUS(exemplar_result_moment(r, 0, &m), EXEMPLAR_ERR_INVALID_ARGUMENT);

  /* Kinds and category. */
  CHECK(exemplar_result_kind_count(r) == 1);
  CHECK_STR(exemplar_result_kind(r, 0), "advocacy");
  CHECK(exemplar_result_kind(r, 1) == NULL);
  cat = exemplar_result_category(r, &score);
  CHECK_STR(cat, "patient_advocate");
  CHECK(score > 0.0 && score <= 1.0);
  CHECK_STR(exemplar_result_category(r, NULL), "patient_advocate"); /* score is optional */

  /* Results do not need the engine: free it first in the caller's test. */
  exemplar_result_free(r);

  /* Abstention: nothing affirmed, so no category. */
  {
    static const char none[] = "No daughter present.";
    r = NULL;
    CHECK_STATUS(exemplar_analyze(e, none, strlen(none), NULL, &r), EXEMPLAR_OK);
    CHECK(exemplar_result_moment_count(r) == 1);
    CHECK(exemplar_result_kind_count(r) == 0);
    CHECK(exemplar_result_kind(r, 0) == NULL);
    score = 5.0;
    CHECK(exemplar_result_category(r, &score) == NULL);
    CHECK(score == 0.0);
    CHECK_STATUS(exemplar_result_json(r, &json, &len), EXEMPLAR_OK);
    CHECK(strstr(json, "\"category\":null") != NULL);
    CHECK(strstr(json, "\"kinds\":[]") != NULL);
    exemplar_result_free(r);
  }
}

static void test_options(exemplar_engine *e) {
  exemplar_analyze_options o = EXEMPLAR_ANALYZE_OPTIONS_INIT;
  exemplar_result *r = NULL;
  const char *json = NULL;
  size_t len = 0;
  static const char bad_utf8[] = "Appealed \xC0\xAF the denial.";
  exemplar_moment m = EXEMPLAR_MOMENT_INIT;

  CHECK(o.version == EXEMPLAR_ANALYZE_OPTIONS_VERSION);
  CHECK(o.replace_invalid_utf8 == 0 && o.include_snippets == 1 && o.max_note_bytes == 0);

  /* Snippets off: no note text in the JSON. */
  o.include_snippets = 0;
  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), &o, &r), EXEMPLAR_OK);
  CHECK_STATUS(exemplar_result_json(r, &json, &len), EXEMPLAR_OK);
  CHECK(strstr(json, "Appealed") == NULL);
  CHECK(strstr(json, "denial") == NULL);
  CHECK(strstr(json, "present") == NULL);
  CHECK(strstr(json, "\"snippet\"") == NULL);
  CHECK(strstr(json, "\"kinds\":[\"advocacy\"]") != NULL);
  exemplar_result_free(r);
  o.include_snippets = 1;

  /* Invalid UTF-8: an error by default, repaired on request. */
  r = sentinel_result();
  CHECK_STATUS(exemplar_analyze(e, bad_utf8, strlen(bad_utf8), NULL, &r), EXEMPLAR_ERR_INVALID_UTF8);
  CHECK(r == NULL);
  LAST_ERROR_SET();
  LAST_ERROR_HAS("9"); /* the offset of the bad byte */
  o.replace_invalid_utf8 = 1;
  CHECK_STATUS(exemplar_analyze(e, bad_utf8, strlen(bad_utf8), &o, &r), EXEMPLAR_OK);
  LAST_ERROR_EMPTY();
  CHECK(exemplar_result_kind_count(r) == 1);
  CHECK_STATUS(exemplar_result_moment(r, 0, &m), EXEMPLAR_OK);
  CHECK(m.start == 0 && m.end == 8);
  CHECK_STATUS(exemplar_result_json(r, &json, &len), EXEMPLAR_OK);
  CHECK(strstr(json, "\xEF\xBF\xBD\xEF\xBF\xBD") != NULL); /* two U+FFFD in the snippet */
  {
    /* The repaired text is what the offsets refer to. */
    const char *fixed = NULL;
    size_t fixed_len = 0;
    CHECK_STATUS(exemplar_result_text(r, &fixed, &fixed_len), EXEMPLAR_OK);
    CHECK(fixed != NULL && fixed_len == strlen(fixed));
    CHECK(fixed != NULL && strstr(fixed, "\xEF\xBF\xBD") != NULL);
    CHECK(fixed != NULL && m.end <= fixed_len);
    CHECK_STATUS(exemplar_result_text(NULL, &fixed, &fixed_len), EXEMPLAR_ERR_NULL_ARGUMENT);
    CHECK_STATUS(exemplar_result_text(r, NULL, &fixed_len), EXEMPLAR_ERR_NULL_ARGUMENT);
  }
  exemplar_result_free(r);
  o.replace_invalid_utf8 = 0;
  {
    /* A valid note needs no repair: no copy is made. */
    const char *fixed = "x";
    r = NULL;
    CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), &o, &r), EXEMPLAR_OK);
    CHECK_STATUS(exemplar_result_text(r, &fixed, NULL), EXEMPLAR_OK);
    CHECK(fixed == NULL);
    exemplar_result_free(r);
  }

  /* Size limit. */
  o.max_note_bytes = strlen(kNote) - 1;
  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), &o, &r), EXEMPLAR_ERR_NOTE_TOO_LARGE);
  LAST_ERROR_SET();
  o.max_note_bytes = strlen(kNote);
  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), &o, &r), EXEMPLAR_OK);
  exemplar_result_free(r);
  o.max_note_bytes = 0;

  /* Wrong options version. */
  o.version = 0;
  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), &o, &r), EXEMPLAR_ERR_INVALID_ARGUMENT);
  LAST_ERROR_SET();
  o.version = EXEMPLAR_ANALYZE_OPTIONS_VERSION + 1;
  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), &o, &r), EXEMPLAR_ERR_INVALID_ARGUMENT);
  CHECK(r == NULL);
  o.version = EXEMPLAR_ANALYZE_OPTIONS_VERSION;

  /* Empty note. */
  CHECK_STATUS(exemplar_analyze(e, "", 0, NULL, &r), EXEMPLAR_ERR_INVALID_ARGUMENT);
  LAST_ERROR_SET();

  /* The note need not be NUL-terminated: only len bytes are read. */
  CHECK_STATUS(exemplar_analyze(e, "Appealed XYZ", 8, NULL, &r), EXEMPLAR_OK);
  CHECK(exemplar_result_kind_count(r) == 1);
  exemplar_result_free(r);
}

static void test_null_arguments(exemplar_engine *e) {
  exemplar_engine *out = sentinel_engine();
  exemplar_result *r = sentinel_result();
  exemplar_result *good = NULL;
  exemplar_moment m = EXEMPLAR_MOMENT_INIT;
  exemplar_context c = EXEMPLAR_CONTEXT_INIT;
  const char *json = NULL;
  size_t len = 0;
  double score = 3.0;

  CHECK_STATUS(exemplar_engine_new_default(NULL), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();

  CHECK_STATUS(exemplar_engine_new_from_json(NULL, 10, &out), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  CHECK(out == NULL);
  CHECK_STATUS(exemplar_engine_new_from_json(kPack, strlen(kPack), NULL), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();

  out = sentinel_engine();
  CHECK_STATUS(exemplar_engine_new_from_file(NULL, &out), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  CHECK(out == NULL);
  CHECK_STATUS(exemplar_engine_new_from_file("pack.json", NULL), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();

  exemplar_engine_free(NULL); /* no-op */
  exemplar_result_free(NULL); /* no-op */

  CHECK(exemplar_engine_rulepack_id(NULL) == NULL);
  CHECK(exemplar_engine_rulepack_version(NULL) == NULL);
  CHECK(exemplar_engine_rulepack_sha256(NULL) == NULL);

  CHECK_STATUS(exemplar_analyze(NULL, kNote, strlen(kNote), NULL, &r), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  CHECK(r == NULL);
  r = sentinel_result();
  CHECK_STATUS(exemplar_analyze(e, NULL, 5, NULL, &r), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  CHECK(r == NULL);
  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), NULL, NULL), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();

  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), NULL, &good), EXEMPLAR_OK);
  LAST_ERROR_EMPTY();
  CHECK_STATUS(exemplar_result_json(NULL, &json, &len), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  CHECK_STATUS(exemplar_result_json(good, NULL, &len), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  /* The length is optional: the JSON is NUL-terminated. */
  json = NULL;
  CHECK_STATUS(exemplar_result_json(good, &json, NULL), EXEMPLAR_OK);
  CHECK(json != NULL && json[0] == '{');

  CHECK(exemplar_result_moment_count(NULL) == 0);
  CHECK_STATUS(exemplar_result_moment(NULL, 0, &m), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  CHECK_STATUS(exemplar_result_moment(good, 0, NULL), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();

  CHECK(exemplar_result_kind_count(NULL) == 0);
  CHECK(exemplar_result_kind(NULL, 0) == NULL);
  CHECK(exemplar_result_category(NULL, &score) == NULL);
  CHECK(score == 0.0);
  CHECK(exemplar_result_category(NULL, NULL) == NULL);

  CHECK_STATUS(exemplar_context_of(NULL, kNote, strlen(kNote), 0, 8, &c), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  CHECK_STATUS(exemplar_context_of(e, NULL, 5, 0, 1, &c), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();
  CHECK_STATUS(exemplar_context_of(e, kNote, strlen(kNote), 0, 8, NULL), EXEMPLAR_ERR_NULL_ARGUMENT);
  LAST_ERROR_SET();

  CHECK(exemplar_status_string(EXEMPLAR_ERR_NULL_ARGUMENT) != NULL);
  CHECK(exemplar_last_error_message() != NULL);
  exemplar_result_free(good);
}

static void test_bad_packs(const char *dir) {
  struct bad_pack {
    const char *json;
    int status;
    const char *path; /* expected JSON path at the start of the message */
  };
  static const struct bad_pack cases[] = {
      {"{", EXEMPLAR_ERR_RULEPACK_JSON, "/"},
      {"{\"schema\": \"exemplar.rulepack.v1\", \"id\": \"p\", \"version\": \"1.0.0\", \"min_engine_version\": \"0.1.0\","
       " \"license\": \"MIT\", \"cues\": [{\"id\": \"a\", \"kind\": \"advocacy\"}]}",
       EXEMPLAR_ERR_RULEPACK_INVALID, "/cues/0/pattern"},
      {"{\"schema\": \"exemplar.rulepack.v1\", \"id\": \"p\", \"version\": \"1.0.0\", \"min_engine_version\": \"0.1.0\","
       " \"license\": \"MIT\", \"cues\": [{\"id\": \"a\", \"kind\": \"advocacy\", \"pattern\": \"x\", \"weight\": 7}]}",
       EXEMPLAR_ERR_RULEPACK_INVALID, "/cues/0/weight"},
      {"{\"schema\": \"exemplar.rulepack.v1\", \"id\": \"p\", \"version\": \"1.0.0\", \"min_engine_version\": \"0.1.0\","
       " \"license\": \"MIT\", \"cues\": [{\"id\": \"a\", \"kind\": \"advocacy\", \"pattern\": \"(x\"}]}",
       EXEMPLAR_ERR_RULEPACK_PATTERN, "/cues/0/pattern"},
      {"{\"schema\": \"exemplar.rulepack.v1\", \"id\": \"p\", \"version\": \"1.0.0\", \"min_engine_version\": \"0.1.0\","
       " \"license\": \"MIT\", \"cues\": [{\"id\": \"a\", \"kind\": \"advocacy\", \"pattern\": \"x\","
       " \"examples\": {\"match\": [\"y\"]}}]}",
       EXEMPLAR_ERR_RULEPACK_EXAMPLE, "/cues/0/examples/match/0"},
      {"{\"schema\": \"exemplar.rulepack.v1\", \"id\": \"p\", \"version\": \"1.0.0\", \"min_engine_version\": \"99.0.0\","
       " \"license\": \"MIT\", \"cues\": [{\"id\": \"a\", \"kind\": \"advocacy\", \"pattern\": \"x\"}]}",
       EXEMPLAR_ERR_RULEPACK_VERSION, "/min_engine_version"},
  };
  char path[4096];
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    exemplar_engine *e = sentinel_engine();
    const char *msg;
    CHECK_STATUS(exemplar_engine_new_from_json(cases[i].json, strlen(cases[i].json), &e), cases[i].status);
    CHECK(e == NULL);
    msg = exemplar_last_error_message();
    CHECK(msg != NULL && strncmp(msg, cases[i].path, strlen(cases[i].path)) == 0);
    if (msg && strncmp(msg, cases[i].path, strlen(cases[i].path)) != 0) {
      fprintf(stderr, "  case %u: message \"%s\" does not start with \"%s\"\n", (unsigned)i, msg, cases[i].path);
    }

    /* The same bytes from a file: the message names the file and the JSON path. */
    sprintf(path, "%s/bad_pack_%u.json", dir, (unsigned)i);
    CHECK(write_file(path, cases[i].json, strlen(cases[i].json)));
    e = sentinel_engine();
    CHECK_STATUS(exemplar_engine_new_from_file(path, &e), cases[i].status);
    CHECK(e == NULL);
    LAST_ERROR_HAS(path);
    LAST_ERROR_HAS(cases[i].path);
    remove(path);
  }

  /* Not NUL-terminated: the length is what counts. */
  {
    exemplar_engine *e = NULL;
    char buf[sizeof kPack + 8];
    memcpy(buf, kPack, sizeof kPack - 1);
    memcpy(buf + sizeof kPack - 1, "garbage!", 8);
    CHECK_STATUS(exemplar_engine_new_from_json(buf, sizeof kPack - 1, &e), EXEMPLAR_OK);
    exemplar_engine_free(e);
    CHECK_STATUS(exemplar_engine_new_from_json(buf, sizeof buf, &e), EXEMPLAR_ERR_RULEPACK_JSON);
  }
}

static void test_files(const char *dir) {
  char path[4096];
  exemplar_engine *e = sentinel_engine();
  sprintf(path, "%s/does-not-exist/pack.json", dir);
  CHECK_STATUS(exemplar_engine_new_from_file(path, &e), EXEMPLAR_ERR_IO);
  CHECK(e == NULL);
  LAST_ERROR_HAS(path);

  sprintf(path, "%s/capi_pack.json", dir);
  CHECK(write_file(path, kPack, strlen(kPack)));
  CHECK_STATUS(exemplar_engine_new_from_file(path, &e), EXEMPLAR_OK);
  LAST_ERROR_EMPTY();
  CHECK_STR(exemplar_engine_rulepack_id(e), "capi-test");
  exemplar_engine_free(e);
  remove(path);
}

static void test_engine_outlives_nothing(void) {
  exemplar_engine *e = NULL;
  exemplar_result *r = NULL;
  exemplar_moment m = EXEMPLAR_MOMENT_INIT;
  const char *json = NULL;
  size_t len = 0;
  double score = 0.0;
  CHECK_STATUS(exemplar_engine_new_from_json(kPack, strlen(kPack), &e), EXEMPLAR_OK);
  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), NULL, &r), EXEMPLAR_OK);
  exemplar_engine_free(e); /* "No result needs the engine alive." */
  CHECK_STATUS(exemplar_result_moment(r, 0, &m), EXEMPLAR_OK);
  CHECK_STR(m.rule, "adv.appeal");
  CHECK_STR(m.kind, "advocacy");
  CHECK_STATUS(exemplar_result_json(r, &json, &len), EXEMPLAR_OK);
  CHECK(strstr(json, "capi-test") != NULL);
  CHECK_STR(exemplar_result_category(r, &score), "patient_advocate");
  exemplar_result_free(r);
}

static void test_context(exemplar_engine *e) {
  static const char text[] = "No need to appeal.";
  exemplar_context c = EXEMPLAR_CONTEXT_INIT;
  const size_t start = 11, end = 17;
  CHECK(strncmp(text + start, "appeal", end - start) == 0);
  CHECK_STATUS(exemplar_context_of(e, text, strlen(text), start, end, &c), EXEMPLAR_OK);
  LAST_ERROR_EMPTY();
  CHECK(c.negated == 1 && c.hypothetical == 0 && c.historical == 0);
  CHECK_STR(c.experiencer, "patient");
  CHECK_STATUS(exemplar_context_of(e, kNote, strlen(kNote), 0, 8, &c), EXEMPLAR_OK);
  CHECK(c.negated == 0);
  CHECK_STATUS(exemplar_context_of(e, text, strlen(text), 5, strlen(text) + 1, &c), EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);
  LAST_ERROR_SET();
  CHECK_STATUS(exemplar_context_of(e, text, strlen(text), 6, 5, &c), EXEMPLAR_ERR_INDEX_OUT_OF_RANGE);
  CHECK_STATUS(exemplar_context_of(e, "\xFF", 1, 0, 1, &c), EXEMPLAR_ERR_INVALID_UTF8);
  c.version = 0;
  CHECK_STATUS(exemplar_context_of(e, text, strlen(text), start, end, &c), EXEMPLAR_ERR_INVALID_ARGUMENT);
  LAST_ERROR_SET();
}

static void test_last_error_lifecycle(exemplar_engine *e) {
  exemplar_result *r = NULL;
  /* failure -> message; success -> ""; failure again -> a new message */
  CHECK_STATUS(exemplar_analyze(e, "\xFF", 1, NULL, &r), EXEMPLAR_ERR_INVALID_UTF8);
  LAST_ERROR_SET();
  CHECK_STATUS(exemplar_analyze(e, kNote, strlen(kNote), NULL, &r), EXEMPLAR_OK);
  LAST_ERROR_EMPTY();
  exemplar_result_free(r);
  CHECK_STATUS(exemplar_analyze(e, "", 0, NULL, &r), EXEMPLAR_ERR_INVALID_ARGUMENT);
  LAST_ERROR_SET();
  CHECK(strstr(exemplar_last_error_message(), "UTF-8") == NULL);
}

/* The last error is per thread: a failure on one thread does not show on another. */
struct thread_arg {
  exemplar_engine *engine;
  int saw_empty_before;
  int status;
  int saw_message_after;
};

static void *thread_body(void *p) {
  struct thread_arg *a = (struct thread_arg *)p;
  exemplar_result *r = NULL;
  a->saw_empty_before = exemplar_last_error_message()[0] == '\0';
  a->status = exemplar_analyze(a->engine, "", 0, NULL, &r);
  a->saw_message_after = exemplar_last_error_message()[0] != '\0';
  return NULL;
}

static void test_thread_local_error(exemplar_engine *e) {
  pthread_t t;
  struct thread_arg a;
  exemplar_result *r = NULL;
  memset(&a, 0, sizeof a);
  a.engine = e;
  CHECK_STATUS(exemplar_analyze(e, "\xFF", 1, NULL, &r), EXEMPLAR_ERR_INVALID_UTF8);
  CHECK(pthread_create(&t, NULL, thread_body, &a) == 0);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK(a.saw_empty_before);
  CHECK(a.status == EXEMPLAR_ERR_INVALID_ARGUMENT);
  CHECK(a.saw_message_after);
  LAST_ERROR_HAS("UTF-8"); /* this thread still has its own failure */
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  exemplar_engine *e = NULL;

  test_version();
  test_status_strings();
  test_default_engine();

  CHECK_STATUS(exemplar_engine_new_from_json(kPack, strlen(kPack), &e), EXEMPLAR_OK);
  if (!e) {
    fprintf(stderr, "cannot build the test engine: %s\n", exemplar_last_error_message());
    return 1;
  }
  test_analyze(e);
  test_options(e);
  test_null_arguments(e);
  test_context(e);
  test_last_error_lifecycle(e);
  test_thread_local_error(e);
  exemplar_engine_free(e);

  test_bad_packs(dir);
  test_files(dir);
  test_engine_outlives_nothing();

  printf("capi_test: %d checks, %d failures\n", g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
