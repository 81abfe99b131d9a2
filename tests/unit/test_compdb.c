/* compdb: splitting compile commands, cleaning their arguments, and finding a
** file's entry the way clang tools do (-p, upward search, build/, relative
** directories, nearby entries for unlisted files, defaults). */
#define _DEFAULT_SOURCE /* realpath, mkdtemp */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver/compdb.h"
#include "test.h"

static bool list_is(const StrList *l, const char *const *want, uint32_t n) {
  if (l->len != n) return false;
  for (uint32_t i = 0; i < n; i++)
    if (strcmp(l->items[i], want[i]) != 0) return false;
  return true;
}

static void test_split(void) {
  Arena *a = arena_new();
  StrList l = {0};
  compdb_split_command(a, "cc -DNAME=\"a b\" 'single quoted' back\\ slash -I\"inc dir\"  -c x.c", &l);
  static const char *const want[] = {"cc", "-DNAME=a b", "single quoted", "back slash", "-Iinc dir", "-c", "x.c"};
  CHECK(list_is(&l, want, 7));
  StrList e = {0};
  compdb_split_command(a, "   ", &e);
  CHECK(e.len == 0);
  arena_delete(a);
}

static void test_clean(void) {
  Arena *a = arena_new();
  static const char *const argv[] = {"ccache", "/usr/bin/gcc", "-Iinc", "-D", "X=1", "-include", "config.h", "-c",
                                     "-o",     "out.o",        "-MD",   "-MF", "out.d", "-Wall", "-Werror",
                                     "-Werror=format", "src/a.c", "-std=c11", "-x", "c", "-oother.o"};
  StrList out = {0};
  compdb_clean_args(a, argv, sizeof argv / sizeof *argv, "/src/proj", &out);
  static const char *const want[] = {"-I/src/proj/inc", "-D", "X=1", "-include", "/src/proj/config.h", "-Wall",
                                     "-std=c11", "-x", "c"};
  CHECK(list_is(&out, want, 9));
  StrList abs = {0};
  static const char *const argv2[] = {"cc", "-I", "../inc", "-isystem/opt/x", "-isystemvendor", "--sysroot=sys"};
  compdb_clean_args(a, argv2, 6, "/src/proj", &abs);
  static const char *const want2[] = {"-I", "/src/inc", "-isystem/opt/x", "-isystem/src/proj/vendor", "--sysroot=/src/proj/sys"};
  CHECK(list_is(&abs, want2, 5));
  arena_delete(a);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

static void test_lookup(void) {
  char tmpl[] = "/tmp/txlint_compdb_XXXXXX";
  char *root = mkdtemp(tmpl);
  CHECK(root != NULL);
  if (!root) return;
  char real[PATH_MAX], p[PATH_MAX + 64];
  CHECK(realpath(root, real) != NULL);
  snprintf(p, sizeof p, "%s/src", real), mkdir(p, 0700);
  snprintf(p, sizeof p, "%s/src/sub", real), mkdir(p, 0700);
  snprintf(p, sizeof p, "%s/build", real), mkdir(p, 0700);
  snprintf(p, sizeof p, "%s/other", real), mkdir(p, 0700);
  snprintf(p, sizeof p, "%s/src/a.c", real), write_file(p, "int a;\n");
  snprintf(p, sizeof p, "%s/src/sub/b.c", real), write_file(p, "int b;\n");
  /* In build/ (found from src/ upward), directory relative to the database. */
  snprintf(p, sizeof p, "%s/build/compile_commands.json", real);
  write_file(p, "[{\"directory\": \"..\", \"file\": \"src/a.c\", \"command\": \"cc -Iinc -DA -c src/a.c -o a.o\"},"
                " {\"directory\": \"..\", \"file\": \"src/sub/b.c\", \"arguments\": [\"cc\", \"-DB\", \"-c\", \"src/sub/b.c\"]}]");
  CompDbs dbs;
  compdbs_init(&dbs, NULL);
  snprintf(p, sizeof p, "%s/src/a.c", real);
  CompileFlags f = compdbs_flags(&dbs, p);
  char want_inc[PATH_MAX + 8];
  snprintf(want_inc, sizeof want_inc, "-I%s/inc", real);
  const char *const want_a[] = {want_inc, "-DA"};
  StrList got = {(const char **)f.args, f.n_args, f.n_args};
  CHECK(f.source == COMPDB_LISTED && list_is(&got, want_a, 2) && f.directory && strcmp(f.directory, real) == 0);
  snprintf(p, sizeof p, "%s/src/sub/new.c", real); /* not listed: the nearest entry, b.c */
  f = compdbs_flags(&dbs, p);
  CHECK(f.source == COMPDB_NEARBY && f.n_args == 1 && strcmp(f.args[0], "-DB") == 0);
  compdbs_fini(&dbs);
  /* A database of its own closer to the file wins; outside both: defaults. */
  snprintf(p, sizeof p, "%s/other/compile_commands.json", real);
  write_file(p, "[{\"directory\": \"/\", \"file\": \"/nowhere/x.c\", \"arguments\": [\"cc\", \"-DOTHER\"]}]");
  compdbs_init(&dbs, NULL);
  snprintf(p, sizeof p, "%s/other/y.c", real);
  f = compdbs_flags(&dbs, p);
  CHECK(f.source == COMPDB_NEARBY && f.n_args == 1 && strcmp(f.args[0], "-DOTHER") == 0);
  f = compdbs_flags(&dbs, "/txlint-nowhere/z.c");
  CHECK(f.source == COMPDB_DEFAULT && f.directory == NULL);
  compdbs_fini(&dbs);
  /* -p DIR: that database only. */
  snprintf(p, sizeof p, "%s/build", real);
  compdbs_init(&dbs, p);
  snprintf(p, sizeof p, "%s/other/y.c", real);
  f = compdbs_flags(&dbs, p);
  CHECK(f.source == COMPDB_NEARBY && f.db && strstr(f.db->path, "/build/compile_commands.json"));
  compdbs_fini(&dbs);
  /* A malformed database is reported, not fatal. */
  snprintf(p, sizeof p, "%s/other/compile_commands.json", real);
  write_file(p, "{ not json");
  compdbs_init(&dbs, NULL);
  snprintf(p, sizeof p, "%s/other/y.c", real);
  f = compdbs_flags(&dbs, p);
  CHECK(f.source == COMPDB_DEFAULT && f.db && f.db->error);
  compdbs_fini(&dbs);
  char cmd[PATH_MAX + 16];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", real);
  CHECK(system(cmd) == 0);
}

int main(void) {
  test_split();
  test_clean();
  test_lookup();
  return test_report("test_compdb");
}
