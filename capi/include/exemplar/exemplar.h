/*
 * Exemplar: finds teachable moments in case-management notes.
 *
 * The stable C API. Plain C (C89-compatible declarations), usable from C,
 * C++ and any language with a C FFI.
 *
 * Conventions
 *  - Opaque handles with explicit ownership: whatever a *_new or
 *    exemplar_analyze call hands out, the caller frees with the matching
 *    *_free function, which accepts NULL.
 *  - Functions that can fail return an exemplar_status (EXEMPLAR_OK == 0).
 *    exemplar_status_string() names a status; exemplar_last_error_message()
 *    gives the detail of the last failure on the calling thread (for rule
 *    packs, it starts with the JSON path of the faulty field).
 *  - Strings are UTF-8; offsets are byte offsets into the analysed note.
 *  - An engine is immutable and may be shared by any number of threads.
 *    A result belongs to one thread at a time.
 *  - No C++ exception ever crosses this API.
 *
 * Sections marked EXPERIMENTAL may change in a minor release; everything
 * else is stable within a major version.
 */
#ifndef EXEMPLAR_EXEMPLAR_H
#define EXEMPLAR_EXEMPLAR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(EXEMPLAR_STATIC)
#define EXEMPLAR_API
#elif defined(_WIN32)
#if defined(EXEMPLAR_BUILDING)
#define EXEMPLAR_API __declspec(dllexport)
#else
#define EXEMPLAR_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define EXEMPLAR_API __attribute__((visibility("default")))
#else
#define EXEMPLAR_API
#endif

/* ---------------------------------------------------------------- version */

#define EXEMPLAR_VERSION_MAJOR 0
#define EXEMPLAR_VERSION_MINOR 3
#define EXEMPLAR_VERSION_PATCH 0
#define EXEMPLAR_VERSION_NUMBER \
  (EXEMPLAR_VERSION_MAJOR * 10000 + EXEMPLAR_VERSION_MINOR * 100 + EXEMPLAR_VERSION_PATCH)
#define EXEMPLAR_VERSION_STRING "0.3.0"

/* The library's version at run time; compare with the macros above to detect
 * a header/library mismatch. */
EXEMPLAR_API unsigned exemplar_version_number(void);
EXEMPLAR_API const char *exemplar_version_string(void);

/* ----------------------------------------------------------------- status */

/* Pinned values: never renumbered, new codes are only appended. */
typedef enum exemplar_status {
  EXEMPLAR_OK = 0,
  EXEMPLAR_ERR_NULL_ARGUMENT = 1,     /* a required pointer was NULL */
  EXEMPLAR_ERR_INVALID_ARGUMENT = 2,  /* e.g. an empty note, a bad option */
  EXEMPLAR_ERR_INVALID_UTF8 = 3,      /* the note is not valid UTF-8 */
  EXEMPLAR_ERR_NOTE_TOO_LARGE = 4,    /* over max_note_bytes */
  EXEMPLAR_ERR_RULEPACK_JSON = 5,     /* the rule pack is not valid JSON */
  EXEMPLAR_ERR_RULEPACK_INVALID = 6,  /* a field is missing or wrong */
  EXEMPLAR_ERR_RULEPACK_PATTERN = 7,  /* a pattern does not compile */
  EXEMPLAR_ERR_RULEPACK_EXAMPLE = 8,  /* a rule's own example fails */
  EXEMPLAR_ERR_RULEPACK_VERSION = 9,  /* the pack needs a newer engine */
  EXEMPLAR_ERR_OUT_OF_MEMORY = 10,
  EXEMPLAR_ERR_INDEX_OUT_OF_RANGE = 11,
  EXEMPLAR_ERR_IO = 12,               /* a file could not be read */
  EXEMPLAR_ERR_INTERNAL = 13          /* a bug: please report it */
} exemplar_status;

/* A short stable name for a status ("invalid_utf8"); never NULL. */
EXEMPLAR_API const char *exemplar_status_string(int status);

/* Detail of the last failed call on this thread, or "" when the last call
 * succeeded. Valid until the next Exemplar call on the same thread. */
EXEMPLAR_API const char *exemplar_last_error_message(void);

/* ----------------------------------------------------------------- engine */

typedef struct exemplar_engine exemplar_engine;

/* An engine with the rule pack embedded in the library: needs no file. */
EXEMPLAR_API int exemplar_engine_new_default(exemplar_engine **out);

/* An engine from a rule pack given as JSON bytes (need not be
 * NUL-terminated). The pack is validated and all its examples are run. */
EXEMPLAR_API int exemplar_engine_new_from_json(const char *json, size_t len, exemplar_engine **out);

/* An engine from a rule-pack file. */
EXEMPLAR_API int exemplar_engine_new_from_file(const char *path, exemplar_engine **out);

/* Frees an engine; NULL is allowed. No result needs the engine alive. */
EXEMPLAR_API void exemplar_engine_free(exemplar_engine *engine);

/* The rule pack's id, version and SHA-256 (hex), owned by the engine.
 * NULL when engine is NULL. */
EXEMPLAR_API const char *exemplar_engine_rulepack_id(const exemplar_engine *engine);
EXEMPLAR_API const char *exemplar_engine_rulepack_version(const exemplar_engine *engine);
EXEMPLAR_API const char *exemplar_engine_rulepack_sha256(const exemplar_engine *engine);

/* ---------------------------------------------------------------- analyze */

/* Versioned options: initialise with EXEMPLAR_ANALYZE_OPTIONS_INIT so that a
 * program compiled against this header keeps working with later libraries. */
#define EXEMPLAR_ANALYZE_OPTIONS_VERSION 1
typedef struct exemplar_analyze_options {
  unsigned version;          /* EXEMPLAR_ANALYZE_OPTIONS_VERSION */
  int replace_invalid_utf8;  /* nonzero: repair with U+FFFD instead of failing */
  int include_snippets;      /* zero: no note text in the JSON (ids, offsets only) */
  size_t max_note_bytes;     /* 0: no limit */
} exemplar_analyze_options;
#define EXEMPLAR_ANALYZE_OPTIONS_INIT {EXEMPLAR_ANALYZE_OPTIONS_VERSION, 0, 1, 0}

typedef struct exemplar_result exemplar_result;

/* Analyses one note. `options` may be NULL for the defaults. On success
 * *out receives a result that the caller frees with exemplar_result_free. */
EXEMPLAR_API int exemplar_analyze(const exemplar_engine *engine, const char *text, size_t len,
                                  const exemplar_analyze_options *options, exemplar_result **out);

/* Frees a result; NULL is allowed. */
EXEMPLAR_API void exemplar_result_free(exemplar_result *result);

/* The analysis as JSON ("exemplar.analysis.v1"), owned by the result and
 * NUL-terminated; *len (when len is not NULL) receives its length in bytes. */
EXEMPLAR_API int exemplar_result_json(const exemplar_result *result, const char **json, size_t *len);

/* When the note was analysed with replace_invalid_utf8 and needed repair,
 * *text receives the repaired note (owned by the result, NUL-terminated),
 * which is what all offsets refer to; otherwise *text is NULL and the offsets
 * refer to the caller's own text. *len (when not NULL) receives its length. */
EXEMPLAR_API int exemplar_result_text(const exemplar_result *result, const char **text, size_t *len);

/* Plain accessors, so a C integrator need not parse JSON. */

/* Number of moments (every cue hit, negated ones included). 0 for NULL. */
EXEMPLAR_API size_t exemplar_result_moment_count(const exemplar_result *result);

#define EXEMPLAR_MOMENT_VERSION 2
typedef struct exemplar_moment {
  unsigned version;         /* set to EXEMPLAR_MOMENT_VERSION before the call */
  const char *kind;         /* "breakdown", "rule_bending", "advocacy", "family_involvement" */
  const char *rule;         /* the cue rule's id */
  size_t start, end;        /* byte offsets of the cue */
  size_t sentence_start, sentence_end;
  int negated, hypothetical, historical, templated, affirmed;
  const char *experiencer;  /* "client", "family" or "other" */
  double score;             /* 0..1; 0 when not affirmed */
  /* version 2 (0.2.0): */
  int lead;                 /* nonzero on the one flag per affirmed kind to read
                               first: the strongest hit of the sentence whose
                               hits of that kind add up to the most */
} exemplar_moment;
#define EXEMPLAR_MOMENT_INIT {EXEMPLAR_MOMENT_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0}

/* Fills *out with moment `index`; strings are owned by the result. */
EXEMPLAR_API int exemplar_result_moment(const exemplar_result *result, size_t index, exemplar_moment *out);

/* Affirmed kinds of the note, in the guide's order. */
EXEMPLAR_API size_t exemplar_result_kind_count(const exemplar_result *result);
EXEMPLAR_API const char *exemplar_result_kind(const exemplar_result *result, size_t index);

/* The suggested story category's id (owned by the result) and score, or
 * NULL when the engine abstains (no affirmed moment). */
EXEMPLAR_API const char *exemplar_result_category(const exemplar_result *result, double *score);

/* ------------------------------------------------------ context (EXPERIMENTAL) */

#define EXEMPLAR_CONTEXT_VERSION 1
typedef struct exemplar_context {
  unsigned version;         /* set to EXEMPLAR_CONTEXT_VERSION before the call */
  int negated, hypothetical, historical;
  const char *experiencer;  /* "patient", "family" or "other" (ConText's names; the
                               analysis JSON calls the client "client"); static storage */
} exemplar_context;
#define EXEMPLAR_CONTEXT_INIT {EXEMPLAR_CONTEXT_VERSION, 0, 0, 0, 0}

/* ConText-style attributes of the target span [start, end) of `text`, as the
 * engine's context rules see it. */
EXEMPLAR_API int exemplar_context_of(const exemplar_engine *engine, const char *text, size_t len, size_t start,
                                     size_t end, exemplar_context *out);

#ifdef __cplusplus
}
#endif

#endif /* EXEMPLAR_EXEMPLAR_H */
