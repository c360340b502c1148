/* Compiled with -fsyntax-only as C89, C99 and C++11 by ctest (see
 * tests/CMakeLists.txt): the public header must stand alone, be included
 * twice, and use no construct that a strict compiler rejects. */
#include <exemplar/exemplar.h>
#include <exemplar/exemplar.h>

int header_test_use_everything(const char *text, size_t len);

int header_test_use_everything(const char *text, size_t len) {
  exemplar_engine *engine = 0;
  exemplar_result *result = 0;
  exemplar_analyze_options options = EXEMPLAR_ANALYZE_OPTIONS_INIT;
  exemplar_moment moment = EXEMPLAR_MOMENT_INIT;
  exemplar_context context = EXEMPLAR_CONTEXT_INIT;
  exemplar_status status = EXEMPLAR_OK;
  const char *json = 0;
  size_t json_len = 0;
  double score = 0.0;
  unsigned number = exemplar_version_number();
  int rc;

  if (number != EXEMPLAR_VERSION_NUMBER) return -1;
  if (exemplar_version_string()[0] != EXEMPLAR_VERSION_STRING[0]) return -1;
  rc = exemplar_engine_new_default(&engine);
  if (rc != EXEMPLAR_OK) rc = exemplar_engine_new_from_json(text, len, &engine);
  if (rc != EXEMPLAR_OK) rc = exemplar_engine_new_from_file(text, &engine);
  if (rc != EXEMPLAR_OK) return (int)exemplar_status_string(rc)[0] + (int)exemplar_last_error_message()[0];
  (void)exemplar_engine_rulepack_id(engine);
  (void)exemplar_engine_rulepack_version(engine);
  (void)exemplar_engine_rulepack_sha256(engine);
  rc = exemplar_analyze(engine, text, len, &options, &result);
  if (rc == EXEMPLAR_OK) {
    rc = exemplar_result_json(result, &json, &json_len);
    if (exemplar_result_moment_count(result) > 0) rc = exemplar_result_moment(result, 0, &moment);
    if (exemplar_result_kind_count(result) > 0) (void)exemplar_result_kind(result, 0);
    (void)exemplar_result_category(result, &score);
    exemplar_result_free(result);
  }
  rc = exemplar_context_of(engine, text, len, 0, len, &context);
  exemplar_engine_free(engine);
  status = (exemplar_status)rc;
  return status == EXEMPLAR_ERR_INTERNAL ? 1 : (int)moment.version + (int)context.version + (int)json_len;
}
