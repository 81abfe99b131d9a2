#define _GNU_SOURCE /* mkstemp */
#include "driver/baseline.h"

#include <cjson/cJSON.h>
#include <errno.h>
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

bool baseline_load(Baseline *self, const char *path, char *err, size_t err_len) {
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
  report_fingerprint(f, fp);
  StrBuf key;
  strbuf_init(&key);
  strbuf_printf(&key, "%s\n%s\n%s", f->rule_id, fp, f->path ? f->path : "");
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
  BaselineEntry *entries = xcalloc(n ? n : 1, sizeof *entries);
  for (uint32_t i = 0; i < n; i++) {
    const Finding *f = findings[i];
    entries[i] = (BaselineEntry){f->rule_id, f->path ? f->path : "", f->message ? f->message : "", {0}};
    report_fingerprint(f, entries[i].fp);
  }
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
}

bool baseline_write(const char *path, const Finding *const *findings, uint32_t n, char *err, size_t err_len) {
  StrBuf doc;
  strbuf_init(&doc);
  baseline_format(findings, n, &doc);
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
