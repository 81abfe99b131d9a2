#include "driver/schemafiles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Bounds on what is read: a schema dump rarely passes a few megabytes, and a
** tree with thousands of .sql files is a corpus, not one project's schema. */
enum { SCHEMA_FILE_MAX = 8 << 20, SCHEMA_FILES_MAX = 4096 };

/* The file's text (heap, caller frees) and *len, or NULL when unreadable or too large. */
static char *read_small_file(const char *path, size_t *len) {
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > SCHEMA_FILE_MAX) return NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = (size_t)st.st_size + 1; /* one more: a file that grew since is seen as too large */
  char *buf = malloc(cap);
  size_t n = buf ? fread(buf, 1, cap, f) : 0;
  fclose(f);
  if (!buf || n >= cap) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

Schema *schemafiles_load(const char *const *real_paths, size_t n) {
  Schema *schema = NULL;
  size_t keys = 0;
  for (size_t i = 0; i < n && i < SCHEMA_FILES_MAX; i++) {
    size_t len = 0;
    char *text = read_small_file(real_paths[i], &len);
    if (!text) continue;
    if (!schema) schema = schema_new();
    const char *slash = strrchr(real_paths[i], '/');
    keys += schema_read(schema, slash ? slash + 1 : real_paths[i], text, len);
    free(text);
  }
  if (schema && !keys) {
    schema_delete(schema);
    return NULL;
  }
  return schema;
}

void schemafiles_add_sources(Schema **schema, const char *const *real_paths, size_t n) {
  Schema *fresh = *schema ? NULL : schema_new();
  Schema *into = *schema ? *schema : fresh;
  size_t keys = 0;
  for (size_t i = 0; i < n && i < SCHEMA_FILES_MAX; i++) {
    size_t len = 0;
    char *text = read_small_file(real_paths[i], &len);
    if (!text) continue;
    keys += schema_read_source(into, text, len);
    free(text);
  }
  if (fresh && keys) *schema = fresh;
  else if (fresh) schema_delete(fresh);
}
