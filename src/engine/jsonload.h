/* jsonload: what the loaders of the models' JSON sections share (apisec.c's
** connection-security catalogs, ormspec.c's "data" sections): a parsing
** state whose first error wins, and typed reads of an object's members that
** record a message naming where the bad value is. */
#ifndef TXLINT_ENGINE_JSONLOAD_H
#define TXLINT_ENGINE_JSONLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/arena.h"

typedef struct JsonLoader {
  Arena *arena;     /* where the strings read are copied */
  const char *path; /* the file read, prefixed to the message ("x.json: …"), or NULL */
  char *err;        /* the first error's message, or NULL: not kept */
  size_t err_len;
  bool failed;
} JsonLoader;

/* Records the first error (later ones are dropped). */
void json_load_fail(JsonLoader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* obj's member key as a non-empty string copied into the arena; NULL when
** it is absent (an error when required) or not a non-empty string (an error). */
const char *json_load_str(JsonLoader *ld, const cJSON *obj, const char *key, bool required, const char *where);

/* obj's member key as a boolean: false when absent; an error when not a boolean. */
bool json_load_bool(JsonLoader *ld, const cJSON *obj, const char *key, const char *where);

#endif
