#include "driver/jsproject.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/map.h"
#include "base/strbuf.h"

enum { JSPROJECT_MAX_BYTES = 1 << 20, JSPROJECT_MAX_EXTENDS = 8, JSPROJECT_MAX_DEPTH = 64 };

typedef struct Layout {
  Project *project;
  const char *cwd;
  Arena *arena;
  Map seen; /* rel directory → (void *)1 */
} Layout;

/* Section - Paths (rel paths: relative to cwd, '/'-separated, or absolute) */

/* dir + "/" + rel into out, folding "." and ".."; rel may be absolute. */
static void path_join(const char *dir, const char *rel, StrBuf *out) {
  StrBuf raw;
  strbuf_init(&raw);
  if (rel[0] != '/' && *dir) strbuf_printf(&raw, "%s/", dir);
  strbuf_puts(&raw, rel);
  const char *s = strbuf_cstr(&raw);
  size_t marks[256], n = 0;
  strbuf_clear(out);
  bool abs = s[0] == '/';
  if (abs) strbuf_putc(out, '/');
  size_t root = out->len;
  while (*s) {
    const char *e = strchr(s, '/');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len == 0 || (len == 1 && s[0] == '.')) {
      /* skip */
    } else if (len == 2 && s[0] == '.' && s[1] == '.') {
      if (n) out->len = marks[--n];
    } else if (n < 256) {
      marks[n++] = out->len;
      if (out->len > root) strbuf_putc(out, '/');
      strbuf_append(out, s, len);
    }
    s = e ? e + 1 : s + len;
  }
  if (out->data) out->data[out->len] = '\0'; /* ".." may have shortened it */
  strbuf_fini(&raw);
}

/* The real directory of a rel directory. */
static void real_dir(const Layout *ly, const char *rel, StrBuf *out) {
  strbuf_clear(out);
  if (rel[0] == '/') strbuf_puts(out, rel);
  else if (*rel) strbuf_printf(out, "%s/%s", ly->cwd, rel);
  else strbuf_puts(out, ly->cwd);
}

static char *read_file(const char *path, size_t *out_len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = malloc(JSPROJECT_MAX_BYTES + 1);
  size_t n = buf ? fread(buf, 1, JSPROJECT_MAX_BYTES, f) : 0;
  fclose(f);
  if (!buf) return NULL;
  buf[n] = '\0';
  *out_len = n;
  return buf;
}

size_t jsproject_strip_jsonc(char *t, size_t len) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    char c = t[i];
    if (c == '"') { /* a string, copied with its escapes */
      t[o++] = t[i++];
      while (i < len && t[i] != '"') {
        if (t[i] == '\\' && i + 1 < len) t[o++] = t[i++];
        t[o++] = t[i++];
      }
      if (i < len) t[o++] = t[i++];
    } else if (c == '/' && i + 1 < len && t[i + 1] == '/') {
      while (i < len && t[i] != '\n') i++;
    } else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
      i += 2;
      while (i + 1 < len && !(t[i] == '*' && t[i + 1] == '/')) i++;
      i = i + 2 < len ? i + 2 : len;
    } else if (c == '}' || c == ']') { /* drop a trailing comma before it */
      size_t k = o;
      while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t' || t[k - 1] == '\n' || t[k - 1] == '\r')) k--;
      if (k > 0 && t[k - 1] == ',') {
        memmove(t + k - 1, t + k, o - k);
        o--;
      }
      t[o++] = t[i++];
    } else {
      t[o++] = t[i++];
    }
  }
  t[o] = '\0';
  return o;
}

static cJSON *read_json(const char *path, bool jsonc) {
  size_t len = 0;
  char *text = read_file(path, &len);
  if (!text) return NULL;
  if (jsonc) len = jsproject_strip_jsonc(text, len);
  cJSON *root = cJSON_ParseWithLength(text, len);
  free(text);
  if (root && !cJSON_IsObject(root)) {
    cJSON_Delete(root);
    root = NULL;
  }
  return root;
}

/* Section - package.json */

/* Adds the string leaves of an "exports" condition object (or array, or
** string) as targets of subpath, in a fixed order of conditions. */
static void add_conditions(Layout *ly, const char *name, const char *subpath, const cJSON *v, int depth) {
  static const char *const order[] = {"types", "import", "module", "require", "node", "default"};
  if (!v || depth > 8) return;
  if (cJSON_IsString(v)) {
    project_add_package_entry(ly->project, name, subpath, v->valuestring);
  } else if (cJSON_IsArray(v)) {
    const cJSON *it;
    cJSON_ArrayForEach(it, v) add_conditions(ly, name, subpath, it, depth + 1);
  } else if (cJSON_IsObject(v)) {
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
      add_conditions(ly, name, subpath, cJSON_GetObjectItemCaseSensitive(v, order[i]), depth + 1);
  }
}

static void add_exports(Layout *ly, const char *name, const cJSON *exports) {
  if (!exports) return;
  const cJSON *first = cJSON_IsObject(exports) ? exports->child : NULL;
  if (first && first->string && first->string[0] == '.') { /* subpath keys */
    const cJSON *it;
    cJSON_ArrayForEach(it, exports) if (it->string && it->string[0] == '.') add_conditions(ly, name, it->string, it, 0);
  } else {
    add_conditions(ly, name, ".", exports, 0);
  }
}

static void read_package(Layout *ly, const char *dir, const char *path) {
  cJSON *root = read_json(path, false);
  if (!root) return;
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
  if (cJSON_IsString(name) && name->valuestring[0]) {
    const char *n = name->valuestring;
    project_add_package(ly->project, n, dir);
    add_exports(ly, n, cJSON_GetObjectItemCaseSensitive(root, "exports"));
    static const char *const fields[] = {"module", "main", "types", "typings"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, fields[i]);
      if (cJSON_IsString(v) && v->valuestring[0]) project_add_package_entry(ly->project, n, ".", v->valuestring);
    }
  }
  cJSON_Delete(root);
}

/* Section - tsconfig.json / jsconfig.json */

/* What a config chain says, each value with the rel directory it is
** relative to. */
typedef struct TsOptions {
  const char *base_url, *base_dir;    /* compilerOptions.baseUrl and its config's directory */
  const cJSON *paths;                 /* compilerOptions.paths (borrowed from one of roots) */
  const char *paths_dir;
  cJSON *roots[JSPROJECT_MAX_EXTENDS + 1];
  int n_roots;
} TsOptions;

static const char *dir_of(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? arena_strndup(a, path, (size_t)(slash - path)) : "";
}

/* Reads the config at rel path file and what it extends; a child's values
** win over its bases'. */
static void read_tsconfig_chain(Layout *ly, const char *file, TsOptions *o, int depth) {
  if (depth > JSPROJECT_MAX_EXTENDS || o->n_roots > JSPROJECT_MAX_EXTENDS) return;
  StrBuf real;
  strbuf_init(&real);
  real_dir(ly, file, &real);
  cJSON *root = read_json(strbuf_cstr(&real), true);
  strbuf_fini(&real);
  if (!root) return;
  o->roots[o->n_roots++] = root;
  const char *dir = dir_of(ly->arena, file);
  const cJSON *co = cJSON_GetObjectItemCaseSensitive(root, "compilerOptions");
  const cJSON *bu = cJSON_GetObjectItemCaseSensitive(co, "baseUrl");
  const cJSON *paths = cJSON_GetObjectItemCaseSensitive(co, "paths");
  if (cJSON_IsString(bu) && !o->base_url) o->base_url = bu->valuestring, o->base_dir = dir;
  if (cJSON_IsObject(paths) && !o->paths) o->paths = paths, o->paths_dir = dir;
  const cJSON *ext = cJSON_GetObjectItemCaseSensitive(root, "extends");
  const cJSON *list[16];
  int n = 0;
  if (cJSON_IsString(ext)) list[n++] = ext;
  const cJSON *it;
  if (cJSON_IsArray(ext)) cJSON_ArrayForEach(it, ext) if (n < 16 && cJSON_IsString(it)) list[n++] = it;
  for (int k = n - 1; k >= 0; k--) { /* later entries of an array override earlier ones */
    const char *spec = list[k]->valuestring;
    if (spec[0] != '.') continue; /* a config from a package (@tsconfig/…) sets no project paths */
    StrBuf p;
    strbuf_init(&p);
    path_join(dir, spec, &p);
    size_t l = p.len;
    if (l < 5 || strcmp(p.data + l - 5, ".json") != 0) strbuf_puts(&p, ".json");
    read_tsconfig_chain(ly, strbuf_cstr(&p), o, depth + 1);
    strbuf_fini(&p);
  }
}

static void read_tsconfig(Layout *ly, const char *dir, const char *file) {
  TsOptions o;
  memset(&o, 0, sizeof o);
  read_tsconfig_chain(ly, file, &o, 0);
  StrBuf base, target;
  strbuf_init(&base);
  strbuf_init(&target);
  if (o.base_url) path_join(o.base_dir, o.base_url, &base);
  project_add_tsconfig(ly->project, dir, o.base_url ? strbuf_cstr(&base) : NULL);
  const char *targets_dir = o.base_url ? strbuf_cstr(&base) : o.paths_dir;
  const cJSON *al;
  if (o.paths)
    cJSON_ArrayForEach(al, o.paths) {
      const cJSON *t;
      if (!al->string || !cJSON_IsArray(al)) continue;
      cJSON_ArrayForEach(t, al) {
        if (!cJSON_IsString(t)) continue;
        path_join(targets_dir, t->valuestring, &target);
        project_add_path_alias(ly->project, dir, al->string, strbuf_cstr(&target));
      }
    }
  strbuf_fini(&base);
  strbuf_fini(&target);
  for (int i = 0; i < o.n_roots; i++) cJSON_Delete(o.roots[i]);
}

/* Section - Walk */

static bool file_exists(const char *real, const char *name, StrBuf *out) {
  strbuf_clear(out);
  strbuf_printf(out, "%s/%s", strcmp(real, "/") == 0 ? "" : real, name);
  return access(strbuf_cstr(out), R_OK) == 0;
}

/* Reads the configs of rel directory dir (once). Returns false when the walk
** should stop above it. */
static bool visit_dir(Layout *ly, const char *dir) {
  if (map_get_cstr(&ly->seen, dir)) return true;
  const char *key = arena_strdup(ly->arena, dir);
  map_set_cstr(&ly->seen, key, (void *)1);
  StrBuf real, probe, rel;
  strbuf_init(&real);
  strbuf_init(&probe);
  strbuf_init(&rel);
  real_dir(ly, dir, &real);
  if (file_exists(strbuf_cstr(&real), "package.json", &probe)) read_package(ly, dir, strbuf_cstr(&probe));
  static const char *const configs[] = {"tsconfig.json", "jsconfig.json"};
  for (size_t i = 0; i < 2; i++)
    if (file_exists(strbuf_cstr(&real), configs[i], &probe)) {
      path_join(dir, configs[i], &rel);
      read_tsconfig(ly, dir, strbuf_cstr(&rel));
      break;
    }
  bool top = dir[0] == '/' && file_exists(strbuf_cstr(&real), ".git", &probe);
  strbuf_fini(&real);
  strbuf_fini(&probe);
  strbuf_fini(&rel);
  return !top;
}

void jsproject_load(Project *project, const char *cwd, const SourceFile *files, size_t n) {
  Layout ly = {project, cwd, arena_new(), {0}};
  map_init(&ly.seen, ly.arena);
  char dir[4096];
  for (size_t i = 0; i < n; i++) {
    if (files[i].lang != IR_LANG_JS && files[i].lang != IR_LANG_TS) continue;
    snprintf(dir, sizeof dir, "%s", files[i].rel_path);
    for (int depth = 0; depth < JSPROJECT_MAX_DEPTH; depth++) {
      char *slash = strrchr(dir, '/');
      if (slash == dir) slash[1] = '\0', slash = NULL; /* "/x" → "/" */
      if (slash) *slash = '\0';
      else if (dir[0] != '/') dir[0] = '\0';
      bool seen = map_get_cstr(&ly.seen, dir) != NULL;
      if (!visit_dir(&ly, dir) || seen || !dir[0] || strcmp(dir, "/") == 0) break;
    }
  }
  arena_delete(ly.arena);
}
