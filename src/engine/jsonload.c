#include "engine/jsonload.h"

#include <stdarg.h>
#include <stdio.h>

void json_load_fail(JsonLoader *ld, const char *fmt, ...) {
  if (ld->failed) return;
  ld->failed = true;
  if (!ld->err || !ld->err_len) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ld->err, ld->err_len, fmt, ap);
  va_end(ap);
}

const char *json_load_str(JsonLoader *ld, const cJSON *obj, const char *key, bool required, const char *where) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) {
    if (required) json_load_fail(ld, "%s: missing string \"%s\"", where, key);
    return NULL;
  }
  if (!cJSON_IsString(v) || !v->valuestring[0]) {
    json_load_fail(ld, "%s: \"%s\" must be a non-empty string", where, key);
    return NULL;
  }
  return arena_strdup(ld->arena, v->valuestring);
}
