/* Native timing driver for wasm/bench/bench.mjs: times the C API
 * (build/libexemplar.so) on the same notes as the WebAssembly benchmark.
 *
 *   native_bench NOTES_FILE REPS CREATIONS
 *
 * NOTES_FILE holds the notes as records: a 4-byte little-endian length, then
 * that many bytes of UTF-8 text. Prints one JSON object:
 *   create_ms   engine construction times (default pack), CREATIONS of them
 *   pass_s      wall time of each of REPS passes over all notes
 *   call_us     per-call times of the last pass, one per note
 *   bytes       total note bytes; moments: moments found in one pass
 * Each analysis is exemplar_analyze + exemplar_result_json +
 * exemplar_result_free, as the JavaScript API does.
 */
#include <exemplar/exemplar.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what) {
  fprintf(stderr, "native_bench: %s\n", what);
  exit(1);
}

int main(int argc, char **argv) {
  if (argc != 4) die("usage: native_bench NOTES_FILE REPS CREATIONS");
  const int reps = atoi(argv[2]);
  const int creations = atoi(argv[3]);
  if (reps < 1 || creations < 1) die("REPS and CREATIONS must be positive");

  FILE *f = fopen(argv[1], "rb");
  if (!f) die("cannot open the notes file");
  fseek(f, 0, SEEK_END);
  const long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = malloc((size_t)size + 1);
  if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) die("cannot read the notes file");
  fclose(f);

  size_t count = 0, cap = 64, total = 0;
  const char **texts = malloc(cap * sizeof *texts);
  size_t *lens = malloc(cap * sizeof *lens);
  for (long pos = 0; pos + 4 <= size;) {
    const uint32_t len = (uint32_t)data[pos] | (uint32_t)data[pos + 1] << 8 | (uint32_t)data[pos + 2] << 16 |
                         (uint32_t)data[pos + 3] << 24;
    pos += 4;
    if (pos + (long)len > size) die("truncated notes file");
    if (count == cap) {
      cap *= 2;
      texts = realloc(texts, cap * sizeof *texts);
      lens = realloc(lens, cap * sizeof *lens);
    }
    texts[count] = (const char *)data + pos;
    lens[count++] = len;
    total += len;
    pos += len;
  }
  if (count == 0) die("no notes");

  printf("{\"version\":\"%s\",\"create_ms\":[", exemplar_version_string());
  exemplar_engine *engine = NULL;
  for (int i = 0; i < creations; ++i) {
    exemplar_engine *e = NULL;
    const double t0 = now_s();
    const int rc = exemplar_engine_new_default(&e);
    const double t1 = now_s();
    if (rc != EXEMPLAR_OK) die(exemplar_last_error_message());
    printf("%s%.3f", i ? "," : "", (t1 - t0) * 1e3);
    if (engine) exemplar_engine_free(engine);
    engine = e;
  }
  printf("],\"rulepack_sha256\":\"%s\"", exemplar_engine_rulepack_sha256(engine));

  exemplar_analyze_options opts = EXEMPLAR_ANALYZE_OPTIONS_INIT;
  double *call_us = malloc(count * sizeof *call_us);
  size_t moments = 0;
  printf(",\"pass_s\":[");
  for (int r = -1; r < reps; ++r) { /* r == -1: warm-up pass */
    moments = 0;
    const double t0 = now_s();
    for (size_t i = 0; i < count; ++i) {
      const double c0 = now_s();
      exemplar_result *res = NULL;
      const int rc = exemplar_analyze(engine, texts[i], lens[i], &opts, &res);
      if (rc != EXEMPLAR_OK) die(exemplar_last_error_message());
      const char *json = NULL;
      size_t json_len = 0;
      exemplar_result_json(res, &json, &json_len);
      moments += exemplar_result_moment_count(res);
      exemplar_result_free(res);
      call_us[i] = (now_s() - c0) * 1e6;
    }
    const double t1 = now_s();
    if (r >= 0) printf("%s%.6f", r ? "," : "", t1 - t0);
  }
  printf("],\"call_us\":[");
  for (size_t i = 0; i < count; ++i) printf("%s%.2f", i ? "," : "", call_us[i]);
  printf("],\"notes\":%zu,\"bytes\":%zu,\"moments\":%zu}\n", count, total, moments);

  exemplar_engine_free(engine);
  free(call_us);
  free(texts);
  free(lens);
  free(data);
  return 0;
}
