/* ts_parse: the benchmark's baseline. It parses every file it is given with
** the tree-sitter grammar txlint would pick for it (same runtime, same grammar
** build) and does nothing else, so its CPU time is the floor that txlint's own
** CPU time is compared against.
**
** Usage: ts_parse [--list FILE] [PATH...]
**   --list FILE  read more paths from FILE, one per line ("-" for stdin)
** Prints key=value lines: files, bytes, lines, skipped, error_trees,
** read_cpu_s (reading files), parse_cpu_s (ts_parser_parse_string and
** ts_tree_delete only), cpu_s (whole process, user + system). */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_go(void);

typedef struct Totals {
  long files, skipped, error_trees;
  long long bytes, lines;
  double read_cpu, parse_cpu;
} Totals;

typedef struct Bench {
  TSParser *parser; /* owned: one parser reused for every file, as a txlint worker does */
  Totals totals;
} Bench;

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The grammar for a path by extension, as txlint's driver chooses it; NULL
** for files the benchmark does not parse. The returned language is static. */
static const TSLanguage *language_for_path(const char *path) {
  static const char *const js[] = {".js", ".jsx", ".mjs", ".cjs"};
  static const char *const ts[] = {".ts", ".mts", ".cts"};
  for (size_t i = 0; i < sizeof js / sizeof js[0]; i++)
    if (has_suffix(path, js[i])) return tree_sitter_javascript();
  for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
    if (has_suffix(path, ts[i])) return tree_sitter_typescript();
  if (has_suffix(path, ".tsx")) return tree_sitter_tsx();
  if (has_suffix(path, ".go")) return tree_sitter_go();
  return NULL;
}

/* Reads a whole file; the caller owns *out. False if it cannot be read. */
static bool read_file(const char *path, char **out, size_t *out_len) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  for (size_t n; buf && (n = fread(buf + len, 1, cap - len, f)) > 0;) {
    len += n;
    if (len < cap) continue;
    char *bigger = realloc(buf, cap *= 2);
    if (!bigger) free(buf);
    buf = bigger;
  }
  bool ok = buf && !ferror(f);
  fclose(f);
  if (!ok) {
    free(buf);
    return false;
  }
  *out = buf;
  *out_len = len;
  return true;
}

static long long count_lines(const char *text, size_t len) {
  long long n = 0;
  for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++) n++;
  return n + (len > 0 && text[len - 1] != '\n');
}

static void bench_file(Bench *self, const char *path) {
  const TSLanguage *lang = language_for_path(path);
  char *text;
  size_t len;
  double t0 = cpu_now();
  if (!lang || !read_file(path, &text, &len) || len > UINT32_MAX) {
    self->totals.skipped++;
    return;
  }
  double t1 = cpu_now();
  ts_parser_set_language(self->parser, lang);
  TSTree *tree = ts_parser_parse_string(self->parser, NULL, text, (uint32_t)len);
  if (tree && ts_node_has_error(ts_tree_root_node(tree))) self->totals.error_trees++;
  ts_tree_delete(tree);
  double t2 = cpu_now();
  self->totals.read_cpu += t1 - t0;
  self->totals.parse_cpu += t2 - t1;
  self->totals.files++;
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
  printf("files=%ld\nbytes=%lld\nlines=%lld\nskipped=%ld\nerror_trees=%ld\n", t->files, t->bytes, t->lines,
         t->skipped, t->error_trees);
  printf("read_cpu_s=%.3f\nparse_cpu_s=%.3f\ncpu_s=%.3f\nmax_rss_kb=%ld\n", t->read_cpu, t->parse_cpu, cpu,
         ru.ru_maxrss);
}

int main(int argc, char **argv) {
  Bench bench = {ts_parser_new(), {0}};
  int status = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--list") == 0 && i + 1 < argc) {
      if (!bench_list(&bench, argv[++i])) {
        fprintf(stderr, "ts_parse: cannot read list %s\n", argv[i]);
        status = 2;
      }
    } else {
      bench_file(&bench, argv[i]);
    }
  }
  ts_parser_delete(bench.parser);
  bench_print(&bench);
  return status;
}
