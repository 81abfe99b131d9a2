#include "driver/testsupport.h"

#include <string.h>

/* The last directory name of rel_path, as [*name, *name + *len). */
static bool dir_name(const char *rel_path, const char **name, size_t *len) {
  const char *slash = strrchr(rel_path, '/');
  if (!slash) return false;
  const char *start = slash;
  while (start > rel_path && start[-1] != '/') start--;
  *name = start;
  *len = (size_t)(slash - start);
  return *len > 0;
}

static bool names_test_package(const char *name, size_t len) {
  if (len < 4) return false;
  return strncmp(name, "test", 4) == 0 || strncmp(name + len - 4, "test", 4) == 0;
}

bool go_is_test_support(const IrModule *m, const char *rel_path) {
  const char *name;
  size_t len;
  if (!m || m->lang != IR_LANG_GO || !rel_path || !dir_name(rel_path, &name, &len) || !names_test_package(name, len))
    return false;
  for (uint32_t i = 0; i < m->n_imports; i++)
    if (m->imports[i].specifier && strcmp(m->imports[i].specifier, "testing") == 0) return true;
  return false;
}
