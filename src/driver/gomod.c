#include "driver/gomod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

enum { GOMOD_MAX_BYTES = 1 << 20 };

void gomod_init(GoModIndex *self) {
  self->arena = arena_new();
  map_init(&self->dirs, self->arena);
}

void gomod_fini(GoModIndex *self) { arena_delete(self->arena); }

/* The module path of go.mod's `module` directive ("module example.com/x",
** possibly quoted), or NULL when the file is absent or has none. */
static char *read_module_path(Arena *a, const char *gomod) {
  FILE *f = fopen(gomod, "rb");
  if (!f) return NULL;
  char *buf = malloc(GOMOD_MAX_BYTES + 1);
  size_t n = buf ? fread(buf, 1, GOMOD_MAX_BYTES, f) : 0;
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  char *out = NULL;
  for (char *line = buf; line && *line && !out; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    while (*line == ' ' || *line == '\t') line++;
    if (strncmp(line, "module", 6) != 0 || (line[6] != ' ' && line[6] != '\t')) continue;
    char *p = line + 6;
    while (*p == ' ' || *p == '\t') p++;
    char q = (*p == '"' || *p == '`') ? *p++ : 0;
    char *e = p;
    if (q)
      while (*e && *e != q && *e != '\n') e++;
    else /* unquoted: up to white space or a comment */
      while (*e && *e != '\n' && *e != '\r' && *e != ' ' && *e != '\t' && strncmp(e, "//", 2) != 0) e++;
    if (e > p) out = arena_strndup(a, p, (size_t)(e - p));
  }
  free(buf);
  return out;
}

/* "ROOT\nPATH" for dir (absolute, no trailing slash), or "" (cached). */
static const char *dir_module(GoModIndex *self, const char *dir, size_t len, int depth) {
  const char *hit = map_get(&self->dirs, dir, len);
  if (hit) return hit;
  const char *res = "";
  StrBuf p;
  strbuf_init(&p);
  strbuf_append(&p, dir, len);
  strbuf_puts(&p, "/go.mod");
  char *mod = read_module_path(self->arena, strbuf_cstr(&p));
  strbuf_fini(&p);
  if (mod) {
    res = arena_printf(self->arena, "%.*s\n%s", (int)len, dir, mod);
  } else if (len > 1 && depth < 256) {
    const char *slash = dir + len;
    while (slash > dir && *--slash != '/') {}
    size_t plen = (size_t)(slash - dir);
    res = dir_module(self, dir, plen ? plen : 1, depth + 1);
  }
  map_set(&self->dirs, arena_strndup(self->arena, dir, len), len, (void *)res);
  return res;
}

const char *gomod_import_path(GoModIndex *self, const char *real_path) {
  const char *slash = strrchr(real_path, '/');
  if (!slash || real_path[0] != '/') return NULL;
  size_t len = (size_t)(slash - real_path);
  const char *mod = dir_module(self, real_path, len ? len : 1, 0);
  const char *nl = strchr(mod, '\n');
  if (!nl) return NULL;
  size_t root = (size_t)(nl - mod);
  const char *path = nl + 1;
  if (len <= root) return path;
  /* Cache the directory's own answer under a key that cannot be a path. */
  char key[4096];
  int kn = snprintf(key, sizeof key, "%.*s\t", (int)len, real_path);
  if (kn < 0 || (size_t)kn >= sizeof key) return NULL;
  const char *ip = map_get(&self->dirs, key, (size_t)kn);
  if (ip) return ip;
  ip = arena_printf(self->arena, "%s%.*s", path, (int)(len - root), real_path + root);
  map_set(&self->dirs, arena_strndup(self->arena, key, (size_t)kn), (size_t)kn, (void *)ip);
  return ip;
}
