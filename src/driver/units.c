#include "driver/units.h"

#include <string.h>
#include <sys/stat.h>

enum { UNITS_MAX_DEPTH = 64 };

void units_init(UnitIndex *self) {
  self->arena = arena_new();
  map_init(&self->dirs, self->arena);
}

void units_fini(UnitIndex *self) {
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}

static bool has_marker(const char *dir, size_t len) {
  static const char *const markers[] = {"/package.json", "/go.mod"};
  char path[4096];
  for (size_t i = 0; i < sizeof markers / sizeof *markers; i++) {
    size_t m = strlen(markers[i]);
    if (len + m + 1 > sizeof path) return false;
    memcpy(path, dir, len);
    memcpy(path + len, markers[i], m + 1);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) return true;
  }
  return false;
}

/* The unit of directory dir[0..len), cached. */
static const char *units_dir(UnitIndex *self, const char *dir, size_t len, int depth) {
  const char *hit = map_get(&self->dirs, dir, len);
  if (hit) return hit;
  const char *unit = "";
  if (has_marker(dir, len)) {
    unit = arena_strndup(self->arena, dir, len);
  } else if (depth < UNITS_MAX_DEPTH && len > 1) {
    const char *slash = dir + len;
    while (slash > dir && *--slash != '/') {
    }
    if (*slash == '/') unit = units_dir(self, dir, slash == dir ? 1 : (size_t)(slash - dir), depth + 1);
  }
  map_set(&self->dirs, arena_strndup(self->arena, dir, len), len, (void *)unit);
  return unit;
}

const char *units_of(UnitIndex *self, const char *real_path) {
  const char *slash = strrchr(real_path, '/');
  if (!slash) return "";
  return units_dir(self, real_path, slash == real_path ? 1 : (size_t)(slash - real_path), 0);
}
