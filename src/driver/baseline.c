#define _GNU_SOURCE /* mkstemp, realpath, PATH_MAX */
#include "driver/baseline.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "report/json_writer.h"
#include "report/report.h"

enum { BASELINE_MAX_SIZE = 256 * 1024 * 1024 };

#define BASELINE_FINGERPRINT_KIND "txlint/v1"

void baseline_init(Baseline *self) {
  memset(self, 0, sizeof *self);
  self->arena = arena_new();
  map_init(&self->remaining, NULL);
}

void baseline_fini(Baseline *self) {
  map_fini(&self->remaining);
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}

/* The map key of (rule, path, fingerprint) is "rule\nfingerprint\npath":
** unambiguous, as neither a rule id nor a fingerprint holds a newline. */
static void baseline_add(Baseline *self, const char *rule, const char *path, const char *fp) {
  char *key = arena_printf(self->arena, "%s\n%s\n%s", rule, fp, path);
  uintptr_t n = (uintptr_t)map_get_cstr(&self->remaining, key);
  map_set_cstr(&self->remaining, key, (void *)(n + 1));
  self->n_entries++;
}

static const char *entry_string(const cJSON *entry, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, key);
  return cJSON_IsString(v) && *v->valuestring ? v->valuestring : NULL;
}

static bool baseline_read_entries(Baseline *self, const char *path, const cJSON *entries, char *err,
                                  size_t err_len) {
  int i = 0;
  for (const cJSON *e = entries->child; e; e = e->next, i++) {
    const char *rule = entry_string(e, "rule"), *file = entry_string(e, "path");
    const char *fp = entry_string(e, "fingerprint");
    if (!cJSON_IsObject(e) || !rule || !file || !fp) {
      snprintf(err, err_len, "%s: entries[%d]: needs the strings \"rule\", \"path\" and \"fingerprint\"", path, i);
      return false;
    }
    baseline_add(self, rule, file, fp);
  }
  return true;
}

static bool baseline_read_root(Baseline *self, const char *path, const cJSON *root, char *err, size_t err_len) {
  const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
  const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "fingerprint");
  const cJSON *entries = cJSON_GetObjectItemCaseSensitive(root, "entries");
  if (!cJSON_IsNumber(version) || version->valuedouble != BASELINE_VERSION) {
    snprintf(err, err_len, "%s: version: must be %d (a baseline written by txlint --write-baseline)", path,
             BASELINE_VERSION);
    return false;
  }
  if (kind && !(cJSON_IsString(kind) && strcmp(kind->valuestring, BASELINE_FINGERPRINT_KIND) == 0)) {
    snprintf(err, err_len, "%s: fingerprint: must be \"%s\"", path, BASELINE_FINGERPRINT_KIND);
    return false;
  }
  if (!cJSON_IsArray(entries)) {
    snprintf(err, err_len, "%s: entries: must be an array", path);
    return false;
  }
  return baseline_read_entries(self, path, entries, err, err_len);
}

bool baseline_parse(Baseline *self, const char *path, const char *text, size_t len, char *err, size_t err_len) {
  cJSON *root = cJSON_ParseWithLength(text, len);
  if (!cJSON_IsObject(root)) {
    snprintf(err, err_len, "%s: not a baseline file (expected a JSON object)", path);
    cJSON_Delete(root);
    return false;
  }
  bool ok = baseline_read_root(self, path, root, err, err_len);
  cJSON_Delete(root);
  return ok;
}

/* Section - paths */

/* path (absolute, or relative to cwd) as an absolute path, unnormalised. */
static void path_absolute(const char *cwd, const char *path, StrBuf *joined) {
  strbuf_clear(joined);
  if (path[0] != '/' && cwd) strbuf_printf(joined, "%s/", cwd);
  strbuf_puts(joined, path);
}

/* The next component of s (after slashes): its start and length; 0 at the end. */
static size_t next_part(const char **s, const char **start) {
  while (**s == '/') (*s)++;
  *start = *s;
  while (**s && **s != '/') (*s)++;
  return (size_t)(*s - *start);
}

/* Splits an absolute path into at most max components, folding "." and "..". */
static size_t split_path(const char *path, const char **parts, size_t *lens, size_t max) {
  size_t n = 0, len;
  const char *s = path, *start;
  while ((len = next_part(&s, &start)) > 0) {
    if (len == 1 && start[0] == '.') continue;
    if (len == 2 && start[0] == '.' && start[1] == '.') {
      if (n) n--;
      continue;
    }
    if (n < max) parts[n] = start, lens[n] = len, n++;
  }
  return n;
}

enum { BASELINE_MAX_PARTS = 256 };

void baseline_relative_path(const char *dir, const char *cwd, const char *path, StrBuf *out) {
  StrBuf abs;
  strbuf_init(&abs);
  path_absolute(cwd, path, &abs);
  const char *dp[BASELINE_MAX_PARTS], *fp[BASELINE_MAX_PARTS];
  size_t dl[BASELINE_MAX_PARTS], fl[BASELINE_MAX_PARTS];
  size_t nd = split_path(dir, dp, dl, BASELINE_MAX_PARTS), nf = split_path(strbuf_cstr(&abs), fp, fl, BASELINE_MAX_PARTS);
  size_t common = 0;
  while (common < nd && common < nf && dl[common] == fl[common] && memcmp(dp[common], fp[common], dl[common]) == 0)
    common++;
  strbuf_clear(out);
  for (size_t i = common; i < nd; i++) strbuf_puts(out, "../");
  for (size_t i = common; i < nf; i++) {
    strbuf_append(out, fp[i], fl[i]);
    if (i + 1 < nf) strbuf_putc(out, '/');
  }
  strbuf_fini(&abs);
}

/* f as the baseline sees it: its path relative to the baseline's directory
** (into path_buf), and the fingerprint of that path. */
static const char *baseline_path_of(const char *dir, const char *cwd, const Finding *f, StrBuf *path_buf, char fp[17]) {
  const char *path = f->path ? f->path : "";
  if (dir) {
    baseline_relative_path(dir, cwd, path, path_buf);
    path = strbuf_cstr(path_buf);
  }
  Finding g = *f;
  g.path = path;
  report_fingerprint(&g, fp);
  return path;
}

/* The resolved directory of the file at path (which need not exist yet). */
static const char *baseline_dir_of(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  char dir[PATH_MAX], real[PATH_MAX];
  if (!slash) snprintf(dir, sizeof dir, ".");
  else if (slash == path) snprintf(dir, sizeof dir, "/");
  else snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
  return realpath(dir, real) ? arena_strdup(a, real) : NULL;
}

bool baseline_load(Baseline *self, const char *path, char *err, size_t err_len) {
  char cwd[PATH_MAX];
  self->dir = baseline_dir_of(self->arena, path);
  self->cwd = getcwd(cwd, sizeof cwd) ? arena_strdup(self->arena, cwd) : NULL;
  if (!self->cwd) self->dir = NULL;
  FILE *fp = fopen(path, "rb");
  StrBuf text;
  strbuf_init(&text);
  char chunk[65536];
  size_t got;
  while (fp && (got = fread(chunk, 1, sizeof chunk, fp)) > 0 && text.len <= BASELINE_MAX_SIZE)
    strbuf_append(&text, chunk, got);
  bool ok = fp && !ferror(fp) && text.len <= BASELINE_MAX_SIZE;
  int saved = fp ? (text.len > BASELINE_MAX_SIZE ? EFBIG : EIO) : errno;
  if (fp) fclose(fp);
  if (!ok) snprintf(err, err_len, "%s: cannot read the baseline: %s", path, strerror(saved));
  else ok = baseline_parse(self, path, strbuf_cstr(&text), text.len, err, err_len);
  strbuf_fini(&text);
  return ok;
}

bool baseline_take(Baseline *self, const Finding *f) {
  char fp[17];
  StrBuf key, path;
  strbuf_init(&key);
  strbuf_init(&path);
  const char *p = baseline_path_of(self->dir, self->cwd, f, &path, fp);
  strbuf_printf(&key, "%s\n%s\n%s", f->rule_id, fp, p);
  strbuf_fini(&path);
  uintptr_t n = (uintptr_t)map_get(&self->remaining, key.data, key.len);
  /* The key is present when n > 0, and map_set keeps a present slot's own
  ** (arena) key, so the temporary key is never stored. */
  if (n > 0) map_set(&self->remaining, key.data, key.len, (void *)(n - 1));
  strbuf_fini(&key);
  return n > 0;
}

/* Section - writing */

typedef struct BaselineEntry {
  const char *rule, *path, *message;
  char fp[17];
} BaselineEntry;

static int cmp_entry(const void *a, const void *b) {
  const BaselineEntry *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  if (!c) c = strcmp(x->rule, y->rule);
  if (!c) c = strcmp(x->fp, y->fp);
  if (!c) c = strcmp(x->message, y->message);
  return c;
}

void baseline_format(const Finding *const *findings, uint32_t n, StrBuf *out) {
  baseline_format_in(NULL, NULL, findings, n, out);
}

void baseline_format_in(const char *dir, const char *cwd, const Finding *const *findings, uint32_t n, StrBuf *out) {
  BaselineEntry *entries = xcalloc(n ? n : 1, sizeof *entries);
  Arena *paths = arena_new();
  StrBuf buf;
  strbuf_init(&buf);
  for (uint32_t i = 0; i < n; i++) {
    const Finding *f = findings[i];
    entries[i] = (BaselineEntry){f->rule_id, "", f->message ? f->message : "", {0}};
    entries[i].path = arena_strdup(paths, baseline_path_of(dir, cwd, f, &buf, entries[i].fp));
  }
  strbuf_fini(&buf);
  if (n) qsort(entries, n, sizeof *entries, cmp_entry);
  JsonWriter w;
  jw_init_buf(&w, out, true);
  jw_object_begin(&w);
  jw_kv_int(&w, "version", BASELINE_VERSION);
  jw_kv_string(&w, "fingerprint", BASELINE_FINGERPRINT_KIND);
  jw_key(&w, "entries");
  jw_array_begin(&w);
  for (uint32_t i = 0; i < n; i++) {
    jw_object_begin(&w);
    jw_kv_string(&w, "rule", entries[i].rule);
    jw_kv_string(&w, "path", entries[i].path);
    jw_kv_string(&w, "fingerprint", entries[i].fp);
    jw_kv_string(&w, "message", entries[i].message); /* for reviewers; not matched */
    jw_object_end(&w);
  }
  jw_array_end(&w);
  jw_object_end(&w);
  jw_finish(&w);
  free(entries);
  arena_delete(paths);
}

bool baseline_write(const char *path, const Finding *const *findings, uint32_t n, char *err, size_t err_len) {
  StrBuf doc;
  strbuf_init(&doc);
  Arena *a = arena_new();
  char cwd[PATH_MAX];
  const char *dir = baseline_dir_of(a, path);
  if (!dir || !getcwd(cwd, sizeof cwd)) {
    snprintf(err, err_len, "cannot write the baseline %s: %s", path, strerror(errno));
    arena_delete(a);
    strbuf_fini(&doc);
    return false;
  }
  baseline_format_in(dir, cwd, findings, n, &doc);
  arena_delete(a);
  size_t tmp_len = strlen(path) + 16;
  char *tmp = xmalloc(tmp_len);
  snprintf(tmp, tmp_len, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  mode_t mask = umask(0); /* mkstemp makes 0600; give the file the usual 0666 & ~umask */
  umask(mask);
  FILE *fp = NULL;
  if (fd >= 0) fchmod(fd, 0666 & ~mask), fp = fdopen(fd, "w");
  bool ok = fp && fwrite(doc.data, 1, doc.len, fp) == doc.len;
  if (fp && fclose(fp) != 0) ok = false;
  if (!fp && fd >= 0) close(fd);
  if (ok && rename(tmp, path) != 0) ok = false;
  if (!ok) snprintf(err, err_len, "cannot write the baseline %s: %s", path, strerror(errno));
  if (!ok && fd >= 0) unlink(tmp);
  free(tmp);
  strbuf_fini(&doc);
  return ok;
}
