#include "engine/jsonload.h"

#include <stdarg.h>
#include <stdio.h>

void json_load_fail(JsonLoader *ld, const char *fmt, ...) {
  if (ld->failed) return;
  ld->failed = true;
  if (!ld->err || !ld->err_len) return;
  int n = ld->path ? snprintf(ld->err, ld->err_len, "%s: ", ld->path) : 0;
  if (n < 0 || (size_t)n >= ld->err_len) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ld->err + n, ld->err_len - (size_t)n, fmt, ap);
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

bool json_load_bool(JsonLoader *ld, const cJSON *obj, const char *key, const char *where) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (v && !cJSON_IsBool(v)) json_load_fail(ld, "%s: \"%s\" must be true or false", where, key);
  return cJSON_IsTrue(v);
}
