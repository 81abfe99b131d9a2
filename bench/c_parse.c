/* c_parse: the C benchmark's baseline. It parses every C file it is given
** with libclang exactly as txlint's C front end does (the file's flags from
** the same compile_commands.json lookup, driver/compdb.c, the same extra
** arguments and parse options, the text handed over as an unsaved file, one
** CXIndex for every file as a txlint worker has) and does nothing else: no
** prefilter, no lowering, no analysis. Its CPU time is the floor txlint's C
** CPU time is compared against.
**
** Usage: c_parse [-p DIR] [--list FILE] [PATH...]
**   -p DIR       compile_commands.json in DIR, as txlint -p (default: the
**                nearest one upward of each file, else default flags)
**   --list FILE  read more paths from FILE, one per line ("-" for stdin)
** Prints key=value lines: files, bytes, lines, skipped (unreadable),
** error_tus (translation units with an error diagnostic), missing_header_tus,
** listed / nearby / default (where each file's flags came from), read_cpu_s,
** parse_cpu_s (clang_parseTranslationUnit2 and the disposal only), cpu_s
** (whole process, user + system), max_rss_kb. */
#define _DEFAULT_SOURCE /* realpath, getline */

#include <clang-c/Index.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "driver/compdb.h"
#include "frontend/frontend.h"

typedef struct Totals {
  long files, skipped, error_tus, missing_header_tus;
  long by_source[3]; /* indexed by CompDbSource */
  long long bytes, lines;
  double read_cpu, parse_cpu;
} Totals;

typedef struct Bench {
  CXIndex index;   /* owned: one for every file, as one txlint worker has */
  CompDbs compdbs; /* owned */
  Totals totals;
} Bench;

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads a whole file; the caller owns *out (NUL-terminated). False if it cannot be read. */
static bool read_file(const char *path, char **out, size_t *out_len) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap + 1);
  for (size_t n; buf && (n = fread(buf + len, 1, cap - len, f)) > 0;) {
    len += n;
    if (len < cap) continue;
    char *bigger = realloc(buf, (cap *= 2) + 1);
    if (!bigger) free(buf);
    buf = bigger;
  }
  bool ok = buf && !ferror(f);
  fclose(f);
  if (!ok) {
    free(buf);
    return false;
  }
  buf[len] = '\0';
  *out = buf;
  *out_len = len;
  return true;
}

static long long count_lines(const char *text, size_t len) {
  long long n = 0;
  for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++) n++;
  return n + (len > 0 && text[len - 1] != '\n');
}

/* Counts the translation unit's errors the way the front end classifies them. */
static void count_diagnostics(Totals *t, CXTranslationUnit tu) {
  bool error = false, missing = false;
  unsigned n = clang_getNumDiagnostics(tu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      error = true;
      CXString s = clang_getDiagnosticSpelling(d);
      const char *msg = clang_getCString(s);
      size_t len = msg ? strlen(msg) : 0;
      if (len >= 14 && strcmp(msg + len - 14, "file not found") == 0) missing = true;
      clang_disposeString(s);
    }
    clang_disposeDiagnostic(d);
  }
  t->error_tus += error;
  t->missing_header_tus += missing;
}

static void bench_file(Bench *self, const char *path) {
  char real[PATH_MAX], *text;
  size_t len;
  double t0 = cpu_now();
  if (!realpath(path, real) || !read_file(real, &text, &len)) {
    self->totals.skipped++;
    return;
  }
  CompileFlags flags = compdbs_flags(&self->compdbs, real);
  uint32_t n_extra;
  const char *const *extra = fe_c_extra_args(&n_extra);
  const char **argv = calloc((size_t)flags.n_args + n_extra + 1, sizeof *argv);
  if (!argv) abort();
  int argc = 0;
  for (uint32_t i = 0; i < flags.n_args; i++) argv[argc++] = flags.args[i];
  for (uint32_t i = 0; i < n_extra; i++) argv[argc++] = extra[i];
  struct CXUnsavedFile uf = {real, text, (unsigned long)len};
  double t1 = cpu_now();
  CXTranslationUnit tu = NULL;
  enum CXErrorCode ec = clang_parseTranslationUnit2(self->index, real, argv, argc, &uf, 1, fe_c_parse_options(), &tu);
  double t2 = cpu_now();
  if (ec == CXError_Success && tu) count_diagnostics(&self->totals, tu);
  else self->totals.error_tus++;
  double t3 = cpu_now();
  if (tu) clang_disposeTranslationUnit(tu);
  double t4 = cpu_now();
  free(argv);
  self->totals.read_cpu += t1 - t0;
  self->totals.parse_cpu += (t2 - t1) + (t4 - t3);
  self->totals.files++;
  self->totals.by_source[flags.source]++;
  self->totals.bytes += (long long)len;
  self->totals.lines += count_lines(text, len);
  free(text);
}

/* Parses every path listed in a file, one per line. */
static bool bench_list(Bench *self, const char *list_path) {
  FILE *f = strcmp(list_path, "-") == 0 ? stdin : fopen(list_path, "r");
  if (!f) return false;
  char *line = NULL;
  size_t cap = 0;
  for (ssize_t n; (n = getline(&line, &cap, f)) > 0;) {
    if (line[n - 1] == '\n') line[--n] = '\0';
    if (n > 0) bench_file(self, line);
  }
  free(line);
  if (f != stdin) fclose(f);
  return true;
}

static void bench_print(const Bench *self) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
               ru.ru_stime.tv_usec / 1e6;
  const Totals *t = &self->totals;
  printf("files=%ld\nbytes=%lld\nlines=%lld\nskipped=%ld\nerror_tus=%ld\nmissing_header_tus=%ld\n", t->files,
         t->bytes, t->lines, t->skipped, t->error_tus, t->missing_header_tus);
  printf("listed=%ld\nnearby=%ld\ndefault=%ld\n", t->by_source[COMPDB_LISTED], t->by_source[COMPDB_NEARBY],
         t->by_source[COMPDB_DEFAULT]);
  printf("read_cpu_s=%.3f\nparse_cpu_s=%.3f\ncpu_s=%.3f\nmax_rss_kb=%ld\n", t->read_cpu, t->parse_cpu, cpu,
         ru.ru_maxrss);
}

int main(int argc, char **argv) {
  const char *fixed = NULL;
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], "-p") == 0) fixed = argv[i + 1];
  Bench bench;
  memset(&bench, 0, sizeof bench);
  bench.index = clang_createIndex(0, 0); /* as c_index_new */
  compdbs_init(&bench.compdbs, fixed);
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
      i++;
    } else if (strcmp(argv[i], "--list") == 0 && i + 1 < argc) {
      if (!bench_list(&bench, argv[++i])) {
        fprintf(stderr, "c_parse: cannot read list %s\n", argv[i]);
        status = 2;
      }
    } else {
      bench_file(&bench, argv[i]);
    }
  }
  compdbs_fini(&bench.compdbs);
  clang_disposeIndex(bench.index);
  bench_print(&bench);
  return status;
}
