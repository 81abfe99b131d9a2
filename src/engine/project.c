/* project: the files of one run and the summaries they publish, so that an
** import of "./db/connection" in one file finds the pool that file exports.
** Resolution follows Node and TypeScript: the exact path, then each
** JS/TS extension, then index files; a ".js" written in a TypeScript import
** may name a ".ts" source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "engine/engine_int.h"
#include "engine/onceproc.h"
#include "engine/poolfacts.h"

static const char *const js_exts[] = {".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"};

Project *project_new(void) {
  Project *p = xcalloc(1, sizeof *p);
  p->arena = arena_new();
  map_init(&p->files, p->arena);
  map_init(&p->summaries, p->arena);
  map_init(&p->go_packages, p->arena);
  map_init(&p->linked, p->arena);
  map_init(&p->units, p->arena);
  map_init(&p->go_unseen, p->arena);
  return p;
}

void project_delete(Project *self) {
  if (!self) return;
  for (uint32_t i = 0; i < self->owned.len; i++) module_summary_delete(self->owned.items[i]);
  array_free(&self->owned);
  jsresolve_delete(self->js);
  arena_delete(self->arena);
  free(self);
}

void project_add_file(Project *self, const char *rel_path) {
  const char *key = arena_strdup(self->arena, rel_path);
  map_set_cstr(&self->files, key, (void *)key);
}

/* Appends specifier to from_path's directory, folding "." and ".." segments.
** Returns false when the result would leave the project root. */
bool project_path_join(const char *from_path, const char *spec, StrBuf *out) {
  const char *slash = strrchr(from_path, '/');
  StrBuf raw;
  strbuf_init(&raw);
  if (slash) strbuf_append(&raw, from_path, (size_t)(slash - from_path + 1));
  strbuf_puts(&raw, spec);
  const char *s = strbuf_cstr(&raw);
  size_t segs[256];
  size_t n_segs = 0;
  bool ok = true;
  strbuf_clear(out);
  /* Files outside the working directory are registered by absolute path:
  ** keep the root so their imports resolve too. */
  size_t root = 0;
  if (s[0] == '/') {
    strbuf_putc(out, '/');
    root = 1;
  }
  while (*s && ok) {
    const char *e = strchr(s, '/');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len == 0 || (len == 1 && s[0] == '.')) {
      /* skip */
    } else if (len == 2 && s[0] == '.' && s[1] == '.') {
      if (n_segs == 0) ok = false;
      else out->len = segs[--n_segs];
    } else if (n_segs < 256) {
      segs[n_segs++] = out->len;
      if (out->len > root) strbuf_putc(out, '/');
      strbuf_append(out, s, len);
    } else {
      ok = false;
    }
    s = e ? e + 1 : s + len;
  }
  if (out->data) out->data[out->len] = '\0';
  strbuf_fini(&raw);
  return ok && out->len > root;
}

static const char *project_lookup(const Project *self, const char *path) {
  return map_get_cstr(&self->files, path);
}

/* Tries base, base + each extension, base/index + each extension. */
const char *project_probe_path(const Project *self, StrBuf *base) {
  const char *hit = project_lookup(self, strbuf_cstr(base));
  if (hit) return hit;
  size_t len = base->len;
  for (int pass = 0; pass < 2 && !hit; pass++) {
    for (size_t i = 0; i < sizeof js_exts / sizeof *js_exts && !hit; i++) {
      base->len = len;
      strbuf_puts(base, pass ? "/index" : "");
      strbuf_puts(base, js_exts[i]);
      hit = project_lookup(self, base->data);
    }
  }
  base->len = len;
  base->data[len] = '\0';
  return hit;
}

const char *project_resolve(const Project *self, const char *from_path, const char *specifier) {
  if (!specifier || !from_path) return NULL;
  if (strncmp(specifier, "./", 2) != 0 && strncmp(specifier, "../", 3) != 0 && strcmp(specifier, ".") != 0 &&
      strcmp(specifier, "..") != 0)
    return jsresolve_bare(self, from_path, specifier); /* a workspace package or a tsconfig alias */
  StrBuf base;
  strbuf_init(&base);
  const char *hit = NULL;
  if (project_path_join(from_path, specifier, &base)) {
    hit = project_probe_path(self, &base);
    /* TypeScript sources import their compiled name: "./db.js" → db.ts. */
    const char *dot = strrchr(base.data, '.');
    const char *sl = strrchr(base.data, '/');
    if (!hit && dot && (!sl || dot > sl) && strcmp(dot, ".ts") != 0) {
      base.len = (size_t)(dot - base.data);
      base.data[base.len] = '\0';
      hit = project_probe_path(self, &base);
    }
  }
  strbuf_fini(&base);
  return hit;
}

/* Indexes s's entries by name (the first of a name wins), once. */
static void module_summary_index(ModuleSummary *s) {
  if (s->indexed) return;
  map_init(&s->index, NULL);
  for (uint32_t i = 0; i < s->exports.len; i++) {
    const char *name = s->exports.items[i].name;
    if (!map_get_cstr(&s->index, name)) map_set_cstr(&s->index, name, (void *)(uintptr_t)(i + 1));
  }
  s->indexed = true;
}

void project_publish_go_package(Project *self, const char *import_path, ModuleSummary *summary) {
  if (!summary) return;
  module_summary_index(summary);
  const char *key = arena_strdup(self->arena, import_path);
  map_set_cstr(&self->go_packages, key, summary);
  array_push(&self->owned, summary);
}

const ModuleSummary *project_go_package(const Project *self, const char *import_path) {
  return import_path ? map_get_cstr(&self->go_packages, import_path) : NULL;
}

static LinkedDefs *linked_defs(Project *self, const char *name) {
  LinkedDefs *defs = map_get_cstr(&self->linked, name);
  if (!defs) {
    defs = ARENA_NEW(self->arena, LinkedDefs);
    map_set_cstr(&self->linked, arena_strdup(self->arena, name), defs);
  }
  return defs;
}

void project_publish(Project *self, const char *rel_path, ModuleSummary *summary) {
  if (!summary) return;
  module_summary_index(summary);
  /* A re-published path replaces the lookup; owned keeps both summaries
  ** alive until project_delete, as readers may still hold the old one. */
  const char *key = arena_strdup(self->arena, rel_path);
  map_set_cstr(&self->summaries, key, summary);
  array_push(&self->owned, summary);
  /* C functions are linked by name; every definition is kept, in
  ** publication order (path order, so this does not depend on threads). */
  for (uint32_t i = 0; i < summary->exports.len; i++) {
    const ExportEntry *e = &summary->exports.items[i];
    if (!e->linked) continue;
    LinkedDefs *defs = linked_defs(self, e->name);
    uint32_t k = 0;
    while (k < defs->paths.len && (defs->entries.items[k] || strcmp(defs->paths.items[k], key) != 0)) k++;
    if (k < defs->paths.len) {
      defs->entries.items[k] = e;
    } else {
      array_push_in(self->arena, &defs->entries, e);
      array_push_in(self->arena, &defs->paths, key);
    }
  }
}

void project_set_unit(Project *self, const char *rel_path, const char *unit) {
  map_set_cstr(&self->units, arena_strdup(self->arena, rel_path), arena_strdup(self->arena, unit ? unit : ""));
}

void project_set_schema(Project *self, const struct Schema *schema) { self->schema = schema; }

void project_add_go_unseen(Project *self, const char *import_path) {
  if (import_path && !map_get_cstr(&self->go_unseen, import_path))
    map_set_cstr(&self->go_unseen, arena_strdup(self->arena, import_path), (void *)1);
}

void project_add_c_definition(Project *self, const char *name, const char *rel_path) {
  LinkedDefs *defs = linked_defs(self, name);
  for (uint32_t k = 0; k < defs->paths.len; k++)
    if (strcmp(defs->paths.items[k], rel_path) == 0) return;
  array_push_in(self->arena, &defs->entries, (const ExportEntry *)NULL);
  array_push_in(self->arena, &defs->paths, (const char *)arena_strdup(self->arena, rel_path));
}

/* How many leading directories the two paths have in common. */
static size_t common_dirs(const char *a, const char *b) {
  size_t n = 0;
  for (size_t k = 0; a[k] && a[k] == b[k]; k++)
    if (a[k] == '/') n++;
  return n;
}

const ExportEntry *project_linked(const Project *self, const char *name, const char *from_path) {
  const LinkedDefs *defs = self && name ? map_get_cstr(&self->linked, name) : NULL;
  if (!defs || !defs->entries.len) return NULL;
  uint32_t best = 0;
  size_t best_dirs = from_path ? common_dirs(defs->paths.items[0], from_path) : 0;
  for (uint32_t i = 1; from_path && i < defs->entries.len; i++) {
    size_t d = common_dirs(defs->paths.items[i], from_path);
    if (d > best_dirs) best = i, best_dirs = d;
  }
  return defs->entries.items[best]; /* NULL: the nearest definition is not published (yet) */
}

const ModuleSummary *project_summary(const Project *self, const char *path) {
  return path ? map_get_cstr(&self->summaries, path) : NULL;
}

const ExportEntry *module_summary_find(const ModuleSummary *s, const char *name) {
  if (s && name && s->indexed) {
    uintptr_t i = (uintptr_t)map_get_cstr(&s->index, name);
    return i ? &s->exports.items[i - 1] : NULL;
  }
  for (uint32_t i = 0; s && name && i < s->exports.len; i++)
    if (strcmp(s->exports.items[i].name, name) == 0) return &s->exports.items[i];
  return NULL;
}

void module_summary_add(ModuleSummary *s, const ExportEntry *e) {
  ExportEntry c = *e;
  c.name = xstrdup(e->name);
  c.ctype = e->ctype ? xstrdup(e->ctype) : NULL;
  c.kind.ref = NULL;
  c.ns_path = e->ns_path ? xstrdup(e->ns_path) : NULL;
  c.ns_member = e->ns_member ? xstrdup(e->ns_member) : NULL;
  c.summary.ret_ctype = c.ctype; /* a function's entry: its first result's type */
  array_push(&s->exports, c);
}

void module_summary_delete(ModuleSummary *s) {
  if (!s) return;
  if (s->indexed) map_fini(&s->index);
  poolfacts_delete(s->pools);
  onceproc_facts_delete(s->once);
  secexport_delete(s->sec);
  secfields_delete(s->secfields);
  for (uint32_t i = 0; i < s->exports.len; i++) {
    free((char *)s->exports.items[i].name);
    free((char *)s->exports.items[i].ctype);
    free(s->exports.items[i].ns_path);
    free(s->exports.items[i].ns_member);
  }
  array_free(&s->exports);
  free(s->path);
  free(s);
}
