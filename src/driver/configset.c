#define _GNU_SOURCE /* PATH_MAX */
#include "driver/configset.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"
#include "base/xalloc.h"

/* A list of patterns as one .gitignore file in the configuration's directory. */
static Gitignore *compile_patterns(const Config *c, const char *const *items, uint32_t n) {
  if (!n || !c->dir) return NULL;
  StrBuf text, base;
  strbuf_init(&text);
  strbuf_init(&base);
  for (uint32_t i = 0; i < n; i++) strbuf_printf(&text, "%s\n", items[i]);
  strbuf_printf(&base, "%s/", strcmp(c->dir, "/") == 0 ? "" : c->dir);
  Gitignore *g = gitignore_parse(strbuf_cstr(&base), strbuf_cstr(&text), text.len);
  strbuf_fini(&text);
  strbuf_fini(&base);
  return g;
}

static void entry_compile(ConfigEntry *e) {
  e->ignore = compile_patterns(&e->config, e->config.ignore.items, e->config.ignore.len);
  e->include = compile_patterns(&e->config, e->config.include.items, e->config.include.len);
}

static void entry_fini(ConfigEntry *e) {
  gitignore_delete(e->ignore);
  gitignore_delete(e->include);
  if (!e->borrowed) config_fini(&e->config);
}

static void set_error(ConfigSet *self, const char *msg) {
  if (!self->failed) snprintf(self->error, sizeof self->error, "%s", msg);
  self->failed = true;
}

/* Reads the file at path into a new entry; NULL (with the error recorded) when it fails. */
static ConfigEntry *load_entry(ConfigSet *self, const char *path) {
  ConfigEntry *e = xcalloc(1, sizeof *e);
  config_init(&e->config);
  char err[1024];
  if (!config_load(&e->config, path, err, sizeof err)) {
    set_error(self, err);
    entry_fini(e);
    free(e);
    return NULL;
  }
  entry_compile(e);
  array_push(&self->entries, e);
  return e;
}

static void init_common(ConfigSet *self, ConfigMode mode) {
  memset(self, 0, sizeof *self);
  self->mode = mode;
  self->arena = arena_new();
  map_init(&self->by_dir, self->arena);
  config_init(&self->none.config);
}

bool configset_init(ConfigSet *self, ConfigMode mode, const char *fixed_path) {
  init_common(self, mode);
  if (mode == CONFIG_FIXED && fixed_path) self->fixed = load_entry(self, fixed_path);
  if (mode == CONFIG_FIXED && !self->fixed) self->fixed = &self->none;
  return !self->failed;
}

void configset_init_borrowed(ConfigSet *self, const Config *config) {
  init_common(self, CONFIG_FIXED);
  self->fixed = &self->none;
  if (!config) return;
  ConfigEntry *e = xcalloc(1, sizeof *e);
  e->config = *config; /* a shallow copy: the caller keeps the arena */
  e->borrowed = true;
  entry_compile(e);
  array_push(&self->entries, e);
  self->fixed = e;
}

void configset_fini(ConfigSet *self) {
  for (uint32_t i = 0; i < self->entries.len; i++) {
    entry_fini(self->entries.items[i]);
    free(self->entries.items[i]);
  }
  array_free(&self->entries);
  config_fini(&self->none.config);
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}

static bool has_entry(const char *dir, size_t len, const char *name, char *out, size_t out_len) {
  int n = snprintf(out, out_len, "%.*s/%s", len == 1 && dir[0] == '/' ? 0 : (int)len, dir, name);
  return n > 0 && (size_t)n < out_len && access(out, F_OK) == 0;
}

/* The entry of dir[0..len), walking up until a file, the repository top or
** "/"; every directory on the way is cached. */
static ConfigEntry *lookup(ConfigSet *self, const char *dir, size_t len, int depth) {
  ConfigEntry *hit = map_get(&self->by_dir, dir, len);
  if (hit) return hit;
  char probe[PATH_MAX + 32];
  ConfigEntry *e = &self->none;
  if (has_entry(dir, len, CONFIG_FILE_NAME, probe, sizeof probe)) {
    e = load_entry(self, probe);
    if (!e) e = &self->none;
  } else if (!has_entry(dir, len, ".git", probe, sizeof probe) && len > 1 && depth < 256) {
    size_t up = len;
    while (up > 0 && dir[up - 1] != '/') up--;
    if (up > 1) up--; /* drop the '/' unless the parent is "/" */
    if (up > 0) e = lookup(self, dir, up, depth + 1);
  }
  map_set(&self->by_dir, arena_strndup(self->arena, dir, len), len, e);
  return e;
}

ConfigEntry *configset_for_dir(ConfigSet *self, const char *real_dir) {
  if (self->mode == CONFIG_NONE) return &self->none;
  if (self->mode == CONFIG_FIXED) return self->fixed;
  size_t len = strlen(real_dir);
  while (len > 1 && real_dir[len - 1] == '/') len--;
  return real_dir[0] == '/' ? lookup(self, real_dir, len, 0) : &self->none;
}

ConfigEntry *configset_for_file(ConfigSet *self, const char *real_path) {
  const char *slash = strrchr(real_path, '/');
  if (!slash) return configset_for_dir(self, ".");
  char dir[PATH_MAX];
  size_t len = slash == real_path ? 1 : (size_t)(slash - real_path);
  if (len >= sizeof dir) return &self->none;
  memcpy(dir, real_path, len);
  dir[len] = '\0';
  return configset_for_dir(self, dir);
}
