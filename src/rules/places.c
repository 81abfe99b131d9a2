/* places: see places.h. */
#include "rules/places.h"

#include <string.h>

static bool has_segment(const char *path, const char *seg) {
  size_t n = strlen(seg);
  for (const char *p = path; (p = strstr(p, seg)) != NULL; p += n)
    if ((p == path || p[-1] == '/') && p[n] == '/') return true;
  return false;
}

static const char *base_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

bool place_is_test(const char *path) {
  static const char *const dirs[] = {"test", "tests", "__tests__", "__mocks__", "spec", "e2e", "testdata", "testutil",
                                     "testutils", "test-utils", "test_utils", "testhelpers", "testhelper"};
  if (!path) return false;
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
    if (has_segment(path, dirs[i])) return true;
  const char *b = base_of(path);
  size_t n = strlen(b);
  return strstr(b, ".test.") || strstr(b, ".spec.") || strstr(b, ".e2e.") || (n > 8 && !strcmp(b + n - 8, "_test.go")) ||
         strncmp(b, "test-", 5) == 0 || strncmp(b, "test_", 5) == 0 || strncmp(b, "setupTest", 9) == 0 ||
         strncmp(b, "setup-test", 10) == 0 || strncmp(b, "setup_test", 10) == 0; /* a test runner's setup file */
}

bool place_is_script(const char *path) {
  static const char *const dirs[] = {"scripts", "script", "bin", "tools", "cli", "migrations", "migration",
                                     "migrate", "migrator", "deltas", "seeds", "seed", "seeders", "benchmarks", "bench",
                                     "examples", "example"};
  if (!path) return false;
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
    if (has_segment(path, dirs[i])) return true;
  const char *b = base_of(path);
  return strncmp(b, "seed", 4) == 0 || strncmp(b, "migrat", 6) == 0 || strstr(b, ".config.") != NULL;
}

/* Bit 0: a function or method named up, bit 1: down (by the text after the
** last '.', so `exports.up`, `module.exports.down` and `Class.up` count). */
static unsigned up_down_bit(const char *name) {
  const char *dot = name ? strrchr(name, '.') : NULL;
  const char *last = dot ? dot + 1 : name;
  if (!last) return 0;
  return strcmp(last, "up") == 0 ? 1u : strcmp(last, "down") == 0 ? 2u : 0u;
}

bool place_module_is_migration(const IrModule *m) {
  if (!m || (m->lang != IR_LANG_JS && m->lang != IR_LANG_TS)) return false;
  unsigned exported = 0;
  for (uint32_t i = 0; i < m->n_exports; i++) exported |= up_down_bit(m->exports[i].exported);
  if (exported == 3) return true;
  /* A class with both methods: TypeORM's `class X implements MigrationInterface`. */
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    const IrFunc *f = &m->funcs[i];
    if (!f->class_name || !(up_down_bit(f->name) & 1)) continue;
    for (uint32_t j = 0; j < m->n_funcs; j++)
      if (m->funcs[j].class_name && strcmp(m->funcs[j].class_name, f->class_name) == 0 &&
          (up_down_bit(m->funcs[j].name) & 2))
        return true;
  }
  return false;
}

bool place_runs_alone(const IrModule *m) {
  return m && (place_is_test(m->path) || place_is_script(m->path) || place_module_is_migration(m));
}
