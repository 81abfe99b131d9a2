/* jsresolve: JS/TS module specifiers that are not relative but still name a
** file of the analysed tree — a package of the same repository (a monorepo
** workspace: `@shop/db` where packages/db/package.json says "name":
** "@shop/db") and tsconfig/jsconfig aliases (`compilerOptions.paths`
** "@/STAR": ["src/STAR"] where STAR is a "*", and `baseUrl`). The driver reads the package.json and
** tsconfig files (driver/jsproject.c) and registers what they say here;
** project_resolve asks jsresolve_bare for every specifier that is not
** relative, after the models have had their say (an import of 'pg' is the
** library, never a file).
**
** A package's entry points name its build output ("main": "./dist/index.js",
** "types": "./dist/index.d.ts"), which is not in the tree txlint reads (dist/
** is skipped, and rarely committed): a target that is no file of the tree is
** looked for again with its output directory (dist, lib, build, out, esm,
** cjs, es) read as src/ and its compiled extension dropped, so
** ./dist/index.js finds src/index.ts. When no entry point resolves,
** src/index.* and index.* are tried. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "engine/engine_int.h"

/* A subpath pattern and what it maps to: a tsconfig alias ("@/" then a
** star → "src/" then the star) or a package's "exports" subpath ("./x" →
** "./dist/x.js", or a star pattern). */
typedef struct JsAlias {
  const char *pattern;
  ARRAY(const char *) targets;
} JsAlias;

typedef struct JsPackage {
  const char *name;
  const char *dir; /* rel path of the package directory ("" for the root) */
  ARRAY(JsAlias) exports; /* "." for the main entry, in the order given */
} JsPackage;

typedef struct JsScope {
  const char *dir;  /* the tsconfig's directory */
  const char *base; /* baseUrl as a rel directory, or NULL */
  ARRAY(JsAlias) aliases;
} JsScope;

struct JsLayout {
  Arena *arena;
  Map packages; /* name → JsPackage* */
  Map scopes;   /* dir → JsScope* */
};

enum { JS_MAX_SPEC = 1024 };

static JsLayout *layout_get(Project *p) {
  if (!p->js) {
    p->js = xcalloc(1, sizeof *p->js);
    p->js->arena = arena_new();
    map_init(&p->js->packages, p->js->arena);
    map_init(&p->js->scopes, p->js->arena);
  }
  return p->js;
}

void jsresolve_delete(JsLayout *js) {
  if (!js) return;
  arena_delete(js->arena);
  free(js);
}

static JsAlias *alias_get(Arena *a, void *arr, const char *pattern) {
  ARRAY(JsAlias) *list = arr;
  for (uint32_t i = 0; i < list->len; i++)
    if (strcmp(list->items[i].pattern, pattern) == 0) return &list->items[i];
  JsAlias al;
  memset(&al, 0, sizeof al);
  al.pattern = arena_strdup(a, pattern);
  array_push_in(a, list, al);
  return &list->items[list->len - 1];
}

void project_add_package(Project *self, const char *name, const char *dir) {
  JsLayout *js = layout_get(self);
  if (!name || !*name || map_get_cstr(&js->packages, name)) return; /* the first of a name wins */
  JsPackage *pk = ARENA_NEW(js->arena, JsPackage);
  pk->name = arena_strdup(js->arena, name);
  pk->dir = arena_strdup(js->arena, dir ? dir : "");
  map_set_cstr(&js->packages, pk->name, pk);
}

void project_add_package_entry(Project *self, const char *name, const char *subpath, const char *target) {
  JsLayout *js = layout_get(self);
  JsPackage *pk = name ? map_get_cstr(&js->packages, name) : NULL;
  if (!pk || !subpath || !target) return;
  JsAlias *al = alias_get(js->arena, &pk->exports, subpath);
  array_push_in(js->arena, &al->targets, arena_strdup(js->arena, target));
}

static JsScope *scope_get(JsLayout *js, const char *dir) {
  JsScope *sc = map_get_cstr(&js->scopes, dir);
  if (!sc) {
    sc = ARENA_NEW(js->arena, JsScope);
    sc->dir = arena_strdup(js->arena, dir);
    map_set_cstr(&js->scopes, sc->dir, sc);
  }
  return sc;
}

void project_add_tsconfig(Project *self, const char *dir, const char *base_dir) {
  JsLayout *js = layout_get(self);
  JsScope *sc = scope_get(js, dir ? dir : "");
  if (base_dir && !sc->base) sc->base = arena_strdup(js->arena, base_dir);
}

void project_add_path_alias(Project *self, const char *dir, const char *pattern, const char *target) {
  JsLayout *js = layout_get(self);
  JsScope *sc = scope_get(js, dir ? dir : "");
  if (!pattern || !target) return;
  JsAlias *al = alias_get(js->arena, &sc->aliases, pattern);
  array_push_in(js->arena, &al->targets, arena_strdup(js->arena, target));
}

/* Section - Resolution */

/* "dir" + "/" + rel, normalised ("./" and "../" folded); false when it leaves the root. */
static bool join_dir(const char *dir, const char *rel, StrBuf *out) {
  StrBuf from;
  strbuf_init(&from);
  if (*dir) strbuf_printf(&from, "%s/", dir);
  bool ok = project_path_join(strbuf_cstr(&from), rel, out);
  strbuf_fini(&from);
  return ok;
}

static bool has_suffix(const char *s, size_t n, const char *suf) {
  size_t m = strlen(suf);
  return n >= m && memcmp(s + n - m, suf, m) == 0;
}

/* Drops a compiled extension (.d.ts, .js, .mjs, .cjs, .jsx) from base. */
static void drop_compiled_ext(StrBuf *base) {
  if (!base->data) return;
  static const char *const exts[] = {".d.ts", ".d.mts", ".d.cts", ".js", ".mjs", ".cjs", ".jsx"};
  for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
    if (has_suffix(base->data, base->len, exts[i])) {
      base->len -= strlen(exts[i]);
      base->data[base->len] = '\0';
      return;
    }
}

/* A path under pkg_dir whose first directory is a build output: the same
** path under src/ (into out); false when it is not one. */
static bool output_as_src(const char *pkg_dir, const char *path, StrBuf *out) {
  static const char *const outs[] = {"dist", "lib", "build", "out", "esm", "cjs", "es"};
  size_t dl = strlen(pkg_dir);
  const char *rest = path;
  if (dl) {
    if (strncmp(path, pkg_dir, dl) != 0 || path[dl] != '/') return false;
    rest = path + dl + 1;
  }
  for (size_t i = 0; i < sizeof outs / sizeof *outs; i++) {
    size_t n = strlen(outs[i]);
    if (strncmp(rest, outs[i], n) == 0 && rest[n] == '/') {
      strbuf_clear(out);
      strbuf_printf(out, "%s%ssrc/%s", pkg_dir, dl ? "/" : "", rest + n + 1);
      return true;
    }
  }
  return false;
}

/* The file of the tree that path (joined, rel) names: as written, with its
** compiled extension dropped, or read from a build output's src/. */
static const char *probe_source(const Project *p, const char *pkg_dir, StrBuf *path) {
  const char *hit = project_probe_path(p, path);
  if (hit) return hit;
  drop_compiled_ext(path);
  if ((hit = project_probe_path(p, path)) != NULL) return hit;
  StrBuf alt;
  strbuf_init(&alt);
  if (pkg_dir && output_as_src(pkg_dir, strbuf_cstr(path), &alt)) hit = project_probe_path(p, &alt);
  strbuf_fini(&alt);
  return hit;
}

/* Matches spec against pattern (with at most one "*", or an exact name); the part the
** star stands for goes to *star. Returns the length of the pattern's prefix
** (for the longest-prefix rule), or -1. */
static int pattern_match(const char *pattern, const char *spec, const char **star, size_t *star_len) {
  const char *st = strchr(pattern, '*');
  size_t sl = strlen(spec);
  if (!st) {
    if (strcmp(pattern, spec) != 0) return -1;
    *star = "", *star_len = 0;
    return (int)strlen(pattern);
  }
  size_t pre = (size_t)(st - pattern), suf = strlen(st + 1);
  if (sl < pre + suf || strncmp(spec, pattern, pre) != 0 || strcmp(spec + sl - suf, st + 1) != 0) return -1;
  *star = spec + pre;
  *star_len = sl - pre - suf;
  return (int)pre;
}

/* The target with its star replaced (into out). */
static void substitute(const char *target, const char *star, size_t star_len, StrBuf *out) {
  strbuf_clear(out);
  const char *st = strchr(target, '*');
  if (!st) {
    strbuf_puts(out, target);
    return;
  }
  strbuf_append(out, target, (size_t)(st - target));
  strbuf_append(out, star, star_len);
  strbuf_puts(out, st + 1);
}

/* Tries the best-matching alias of list (longest prefix) for spec, with
** targets relative to dir. */
static const char *resolve_aliases(const Project *p, const void *arr, const char *spec, const char *dir,
                                   const char *pkg_dir) {
  const ARRAY(JsAlias) *list = arr;
  const JsAlias *best = NULL;
  const char *star = NULL, *best_star = NULL;
  size_t star_len = 0, best_len = 0;
  int best_pre = -1;
  for (uint32_t i = 0; i < list->len; i++) {
    int pre = pattern_match(list->items[i].pattern, spec, &star, &star_len);
    if (pre > best_pre) best = &list->items[i], best_pre = pre, best_star = star, best_len = star_len;
  }
  if (!best) return NULL;
  const char *hit = NULL;
  StrBuf sub, path;
  strbuf_init(&sub);
  strbuf_init(&path);
  for (uint32_t t = 0; t < best->targets.len && !hit; t++) {
    substitute(best->targets.items[t], best_star, best_len, &sub);
    if (join_dir(dir, strbuf_cstr(&sub), &path)) hit = probe_source(p, pkg_dir, &path);
  }
  strbuf_fini(&sub);
  strbuf_fini(&path);
  return hit;
}

/* The tsconfig scope that covers from_path: the nearest directory above it
** that has one. */
static const JsScope *scope_of(const JsLayout *js, const char *from_path) {
  char dir[JS_MAX_SPEC];
  snprintf(dir, sizeof dir, "%s", from_path);
  for (;;) {
    char *slash = strrchr(dir, '/');
    if (!slash) {
      const JsScope *root = map_get_cstr(&js->scopes, "");
      return root;
    }
    *slash = '\0';
    const JsScope *sc = map_get_cstr(&js->scopes, dir);
    if (sc) return sc;
  }
}

static const char *resolve_in_scope(const Project *p, const JsScope *sc, const char *spec) {
  const char *hit = resolve_aliases(p, &sc->aliases, spec, "", NULL); /* targets are rel paths */
  if (hit || !sc->base) return hit;
  StrBuf path;
  strbuf_init(&path);
  if (join_dir(sc->base, spec, &path)) hit = probe_source(p, NULL, &path);
  strbuf_fini(&path);
  return hit;
}

static const char *resolve_package(const Project *p, const JsPackage *pk, const char *sub) {
  StrBuf key, path;
  strbuf_init(&key);
  strbuf_init(&path);
  strbuf_printf(&key, "%s%s", *sub ? "./" : ".", sub);
  const char *hit = resolve_aliases(p, &pk->exports, strbuf_cstr(&key), pk->dir, pk->dir);
  static const char *const fallbacks[] = {"src/index", "index"};
  for (size_t i = 0; !hit && !*sub && i < sizeof fallbacks / sizeof *fallbacks; i++)
    if (join_dir(pk->dir, fallbacks[i], &path)) hit = probe_source(p, pk->dir, &path);
  if (!hit && *sub && join_dir(pk->dir, sub, &path)) hit = probe_source(p, pk->dir, &path);
  if (!hit && *sub) {
    strbuf_clear(&key);
    strbuf_printf(&key, "src/%s", sub);
    if (join_dir(pk->dir, strbuf_cstr(&key), &path)) hit = probe_source(p, pk->dir, &path);
  }
  strbuf_fini(&key);
  strbuf_fini(&path);
  return hit;
}

const char *jsresolve_bare(const Project *p, const char *from_path, const char *spec) {
  const JsLayout *js = p->js;
  if (!js || !spec || !*spec || strlen(spec) >= JS_MAX_SPEC || strstr(spec, "://")) return NULL;
  const JsScope *sc = scope_of(js, from_path);
  const char *hit = sc ? resolve_in_scope(p, sc, spec) : NULL;
  if (hit) return hit;
  /* "@scope/name/sub" → package "@scope/name", subpath "sub"; "name/sub" → "name". */
  const char *cut = strchr(spec, '/');
  if (spec[0] == '@' && cut) cut = strchr(cut + 1, '/');
  size_t n = cut ? (size_t)(cut - spec) : strlen(spec);
  const JsPackage *pk = map_get(&js->packages, spec, n);
  return pk ? resolve_package(p, pk, cut ? cut + 1 : "") : NULL;
}
