/* Reads a case note (a file named on the command line, or stdin) and prints
 * the teachable moments Exemplar finds in it, then the suggested story
 * category. Uses only the stable C API in <exemplar/exemplar.h>.
 *
 *   exemplar_example [--pack rules.json] [note.txt | -]
 *
 * Exit status: 0 on success, 1 when the note cannot be read or analysed,
 * 2 on a usage error or when the engine cannot be created. */
#include <exemplar/exemplar.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads the whole stream into a malloc'ed buffer; NULL on failure. */
static char *read_all(FILE *in, size_t *len) {
  size_t cap = 4096, n = 0;
  char *buf = (char *)malloc(cap);
  if (!buf) return NULL;
  for (;;) {
    size_t got;
    if (n == cap) {
      char *bigger = (char *)realloc(buf, cap * 2);
      if (!bigger) {
        free(buf);
        return NULL;
      }
      buf = bigger;
      cap *= 2;
    }
    got = fread(buf + n, 1, cap - n, in);
    n += got;
    if (got == 0) break;
  }
  if (ferror(in)) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

static void report(const char *what, int status) {
  fprintf(stderr, "exemplar_example: %s: %s (%d): %s\n", what, exemplar_status_string(status), status,
          exemplar_last_error_message());
}

static void print_flag(const char *name, int on, int *first) {
  if (!on) return;
  printf("%s%s", *first ? "" : ",", name);
  *first = 0;
}

int main(int argc, char **argv) {
  const char *pack = NULL, *path = NULL;
  exemplar_engine *engine = NULL;
  exemplar_result *result = NULL;
  exemplar_analyze_options options = EXEMPLAR_ANALYZE_OPTIONS_INIT;
  char *note;
  size_t len = 0, i, count;
  const char *category;
  double score = 0.0;
  int status, argi, repaired = 0;

  for (argi = 1; argi < argc; ++argi) {
    if (strcmp(argv[argi], "--pack") == 0 && argi + 1 < argc) {
      pack = argv[++argi];
    } else if (strcmp(argv[argi], "--help") == 0 || strcmp(argv[argi], "-h") == 0) {
      printf("usage: %s [--pack rules.json] [note.txt | -]\n", argv[0]);
      return 0;
    } else if (!path) {
      path = argv[argi];
    } else {
      fprintf(stderr, "usage: %s [--pack rules.json] [note.txt | -]\n", argv[0]);
      return 2;
    }
  }

  if (!path || strcmp(path, "-") == 0) {
    note = read_all(stdin, &len);
    path = "<stdin>";
  } else {
    FILE *in = fopen(path, "rb");
    if (!in) {
      fprintf(stderr, "exemplar_example: cannot open %s: %s\n", path, strerror(errno));
      return 1;
    }
    note = read_all(in, &len);
    fclose(in);
  }
  if (!note) {
    fprintf(stderr, "exemplar_example: cannot read %s\n", path);
    return 1;
  }

  status = pack ? exemplar_engine_new_from_file(pack, &engine) : exemplar_engine_new_default(&engine);
  if (status != EXEMPLAR_OK) {
    report(pack ? "cannot load the rule pack" : "cannot create the engine", status);
    free(note);
    return 2;
  }

  status = exemplar_analyze(engine, note, len, &options, &result);
  if (status == EXEMPLAR_ERR_INVALID_UTF8) {
    /* Notes pasted from other systems are not always clean UTF-8: repair
     * them with U+FFFD. Offsets then refer to the repaired text, so the raw
     * bytes are no longer quoted below. */
    fprintf(stderr, "exemplar_example: warning: %s: %s; replacing invalid bytes\n", path,
            exemplar_last_error_message());
    options.replace_invalid_utf8 = 1;
    repaired = 1;
    status = exemplar_analyze(engine, note, len, &options, &result);
  }
  if (status != EXEMPLAR_OK) {
    report(path, status);
    exemplar_engine_free(engine);
    free(note);
    return 1;
  }

  printf("exemplar %s, rule pack %s %s\n", exemplar_version_string(), exemplar_engine_rulepack_id(engine),
         exemplar_engine_rulepack_version(engine));
  count = exemplar_result_moment_count(result);
  printf("%lu moment(s) in %s (%lu bytes)\n", (unsigned long)count, path, (unsigned long)len);
  for (i = 0; i < count; ++i) {
    exemplar_moment m = EXEMPLAR_MOMENT_INIT;
    int first = 1;
    status = exemplar_result_moment(result, i, &m);
    if (status != EXEMPLAR_OK) {
      report("cannot read a moment", status);
      break;
    }
    printf("  %-18s %5lu-%-5lu ", m.kind, (unsigned long)m.start, (unsigned long)m.end);
    if (!repaired) printf("\"%.*s\" ", (int)(m.end - m.start), note + m.start);
    printf("rule=%s score=%.2f [", m.rule, m.score);
    print_flag("affirmed", m.affirmed, &first);
    print_flag("lead", m.lead, &first);
    print_flag("negated", m.negated, &first);
    print_flag("hypothetical", m.hypothetical, &first);
    print_flag("historical", m.historical, &first);
    print_flag("templated", m.templated, &first);
    if (strcmp(m.experiencer, "client") != 0) {
      printf("%sexperiencer=%s", first ? "" : ",", m.experiencer);
      first = 0;
    }
    printf("]\n");
  }

  count = exemplar_result_kind_count(result);
  printf("kinds:");
  for (i = 0; i < count; ++i) printf(" %s", exemplar_result_kind(result, i));
  printf("%s\n", count ? "" : " (none)");

  category = exemplar_result_category(result, &score);
  if (category) {
    printf("category: %s (%.2f)\n", category, score);
  } else {
    printf("category: none (no affirmed moment)\n");
  }

  exemplar_result_free(result);
  exemplar_engine_free(engine);
  free(note);
  return 0;
}
