/* apisec: the connection-security keys of the models (apisec.h). Strict like
** the rest of the loader: an unknown value, a missing "doc" or a key in the
** wrong place is an error, never an entry silently ignored. */
#include "engine/apisec.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "engine/apispec.h"
#include "engine/jsonload.h"

typedef JsonLoader SecLoader; /* jsonload.h */

static int sec_int(SecLoader *ld, const cJSON *obj, const char *key, int dflt, const char *where) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return dflt;
  if (!cJSON_IsNumber(v) || v->valuedouble != (double)v->valueint || v->valueint < 0 || v->valueint > 100) {
    json_load_fail(ld, "%s: \"%s\" must be an argument index (0 to 100)", where, key);
    return dflt;
  }
  return v->valueint;
}

/* "is": a string or an array of strings, lower-cased into *out. */
static void sec_values(SecLoader *ld, const cJSON *v, const char ***out, uint32_t *n, const char *where) {
  *out = NULL;
  *n = 0;
  if (cJSON_IsString(v) && v->valuestring[0]) {
    *out = arena_alloc(ld->arena, sizeof **out);
    (*out)[(*n)++] = arena_strdup(ld->arena, v->valuestring);
  } else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) {
    *out = arena_alloc(ld->arena, sizeof **out * (size_t)cJSON_GetArraySize(v));
    const cJSON *it;
    cJSON_ArrayForEach(it, v) {
      if (!cJSON_IsString(it) || !it->valuestring[0]) {
        json_load_fail(ld, "%s: \"is\" must hold non-empty strings", where);
        return;
      }
      (*out)[(*n)++] = arena_strdup(ld->arena, it->valuestring);
    }
  } else {
    json_load_fail(ld, "%s: \"is\" must be a string or a non-empty array of strings", where);
    return;
  }
  for (uint32_t i = 0; i < *n; i++)
    for (char *p = (char *)(*out)[i]; *p; p++)
      if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
}

/* Section - Call entries */

static ApiSinkKind sink_kind(SecLoader *ld, const char *name, const char *where) {
  if (!name) return SINK_NONE;
  if (strcmp(name, "log") == 0) return SINK_LOG;
  if (strcmp(name, "error") == 0) return SINK_ERROR;
  if (strcmp(name, "response") == 0) return SINK_RESPONSE;
  json_load_fail(ld, "%s: unknown sink \"%s\" (log, error, response)", where, name);
  return SINK_NONE;
}

static ApiKind sink_when_kind(SecLoader *ld, const char *name, const char *where) {
  for (int k = AK_MODULE; k < AK_COUNT; k++)
    if (strcmp(name, apikind_name((ApiKind)k)) == 0) return (ApiKind)k;
  json_load_fail(ld, "%s: unknown kind \"%s\" in \"when\"", where, name);
  return AK_UNKNOWN;
}

/* {"kind": "log", "from": 1, "when": {"arg": 0, "path": ["stderr"]}} or "log". */
static void sink_one(SecLoader *ld, const cJSON *v, ApiSink *s, const char *where) {
  memset(s, 0, sizeof *s);
  s->when_arg = -1;
  if (cJSON_IsString(v)) {
    s->kind = (uint8_t)sink_kind(ld, v->valuestring, where);
    return;
  }
  if (!cJSON_IsObject(v)) {
    json_load_fail(ld, "%s: a \"sink\" is \"log\", \"error\", \"response\" or an object with \"kind\"", where);
    return;
  }
  s->kind = (uint8_t)sink_kind(ld, json_load_str(ld, v, "kind", true, where), where);
  s->from = (int8_t)sec_int(ld, v, "from", 0, where);
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(v, "when");
  if (!w) return;
  if (!cJSON_IsObject(w) || !cJSON_GetObjectItemCaseSensitive(w, "arg")) {
    json_load_fail(ld, "%s: a sink's \"when\" is {\"arg\": i, \"path\": [...]} or {\"arg\": i, \"kind\": k}", where);
    return;
  }
  s->when_arg = (int8_t)sec_int(ld, w, "arg", 0, where);
  const char *kind = json_load_str(ld, w, "kind", false, where);
  const cJSON *paths = cJSON_GetObjectItemCaseSensitive(w, "path");
  if ((kind != NULL) == (paths != NULL)) {
    json_load_fail(ld, "%s: a sink's \"when\" names either \"path\" or \"kind\"", where);
    return;
  }
  if (kind) s->when_kind = (uint8_t)sink_when_kind(ld, kind, where);
  if (!paths) return;
  if (!cJSON_IsArray(paths) || cJSON_GetArraySize(paths) < 1 || cJSON_GetArraySize(paths) > APISINK_MAX_PATHS) {
    json_load_fail(ld, "%s: \"path\" must be an array of 1 to %d access paths", where, APISINK_MAX_PATHS);
    return;
  }
  const cJSON *it;
  cJSON_ArrayForEach(it, paths) {
    if (!cJSON_IsString(it) || !it->valuestring[0]) json_load_fail(ld, "%s: \"path\" entries must be strings", where);
    else s->when_paths[s->n_when_paths++] = arena_strdup(ld->arena, it->valuestring);
  }
}

bool apisec_load_call(Arena *a, const cJSON *obj, ApiSecCall *out, char *err, size_t err_len) {
  SecLoader ld = {.arena = a, .err = err, .err_len = err_len};
  memset(out, 0, sizeof *out);
  out->carries = APISEC_CARRIES_NONE;
  const cJSON *sink = cJSON_GetObjectItemCaseSensitive(obj, "sink");
  if (sink) {
    int n = cJSON_IsArray(sink) ? cJSON_GetArraySize(sink) : 1;
    if (n < 1 || n > 8) json_load_fail(&ld, "\"sink\" must list 1 to 8 sinks");
    ApiSink *sinks = arena_alloc(a, sizeof *sinks * (size_t)(n > 0 ? n : 1));
    if (cJSON_IsArray(sink)) {
      const cJSON *it;
      cJSON_ArrayForEach(it, sink) sink_one(&ld, it, &sinks[out->n_sinks++], "sink");
    } else {
      sink_one(&ld, sink, &sinks[out->n_sinks++], "sink");
    }
    out->sinks = sinks;
  }
  const cJSON *carries = cJSON_GetObjectItemCaseSensitive(obj, "carries");
  if (cJSON_IsString(carries) && strcmp(carries->valuestring, "result") == 0) out->carries = APISEC_CARRIES_RESULT;
  else if (cJSON_IsNumber(carries) && carries->valuedouble == (double)carries->valueint && carries->valueint >= 0)
    out->carries = (int8_t)carries->valueint;
  else if (carries) json_load_fail(&ld, "\"carries\" must be \"result\" or an argument index");
  const cJSON *redacts = cJSON_GetObjectItemCaseSensitive(obj, "redacts");
  if (redacts && !cJSON_IsBool(redacts)) json_load_fail(&ld, "\"redacts\" must be true or false");
  out->redacts = cJSON_IsTrue(redacts);
  if (out->redacts && out->carries != APISEC_CARRIES_NONE)
    json_load_fail(&ld, "a call that \"redacts\" does not also \"carries\" its input");
  return !ld.failed;
}

const ApiSink *apisec_call_sink(const ApiCall *c, bool (*arg_ok)(void *ud, const ApiSink *s), void *ud) {
  for (uint8_t i = 0; c && i < c->sec.n_sinks; i++) {
    const ApiSink *s = &c->sec.sinks[i];
    if (s->when_arg < 0 || (arg_ok && arg_ok(ud, s))) return s;
  }
  return NULL;
}

const char *apisec_sink_name(ApiSinkKind k) {
  switch (k) {
  case SINK_LOG: return "log";
  case SINK_ERROR: return "error message";
  case SINK_RESPONSE: return "HTTP response";
  default: return "output";
  }
}

bool apisec_list_has(const char *const *items, uint32_t n, const char *s) {
  for (uint32_t i = 0; s && i < n; i++)
    if (strcmp(items[i], s) == 0) return true;
  return false;
}

/* Section - The catalog */

typedef void (*EntryFn)(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where);

/* Calls fn for each entry of array key, each of which must be an object with a "doc". */
static void sec_each(SecLoader *ld, const cJSON *root, const char *key, ApiSecurity *cat, EntryFn fn) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key);
  if (!arr) return;
  if (!cJSON_IsArray(arr)) {
    json_load_fail(ld, "\"%s\" must be an array", key);
    return;
  }
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    char where[64];
    snprintf(where, sizeof where, "%s[%d]", key, i++);
    if (!cJSON_IsObject(it)) {
      json_load_fail(ld, "%s: must be an object", where);
      continue;
    }
    json_load_str(ld, it, "doc", true, where);
    fn(ld, it, cat, where);
  }
}

static void tls_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, bool weak, const char *where) {
  ApiTlsSetting t;
  memset(&t, 0, sizeof t);
  t.weak = weak;
  t.doc = json_load_str(ld, it, "doc", true, where);
  t.key = json_load_str(ld, it, "key", false, where);
  t.param = json_load_str(ld, it, "param", false, where);
  const cJSON *is = cJSON_GetObjectItemCaseSensitive(it, "is");
  if ((t.key != NULL) == (t.param != NULL)) {
    json_load_fail(ld, "%s: a TLS setting names either a \"key\" (a member) or a \"param\" (of a connection string)", where);
    return;
  }
  if (t.key && !cJSON_IsBool(is)) json_load_fail(ld, "%s: a \"key\" setting's \"is\" is true or false", where);
  if (t.key && weak) json_load_fail(ld, "%s: \"tls_weak\" settings are connection-string parameters", where);
  t.bool_value = cJSON_IsTrue(is);
  if (t.param) sec_values(ld, is, &t.values, &t.n_values, where);
  const cJSON *unless = cJSON_GetObjectItemCaseSensitive(it, "unless_set");
  if (unless) sec_values(ld, unless, &t.unless_set, &t.n_unless_set, where);
  array_push_in(ld->arena, &cat->tls, t);
}

static void tls_off_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where) {
  tls_entry(ld, it, cat, false, where);
}

static void tls_weak_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where) {
  tls_entry(ld, it, cat, true, where);
}

static void registration_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where) {
  ApiTlsRegistration r = {json_load_str(ld, it, "module", true, where), json_load_str(ld, it, "function", true, where),
                          sec_int(ld, it, "name_arg", 0, where), sec_int(ld, it, "config_arg", 1, where),
                          json_load_str(ld, it, "param", true, where)};
  array_push_in(ld->arena, &cat->registrations, r);
}

static void production_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where) {
  ApiEnvTest t = {json_load_str(ld, it, "env", true, where), NULL, 0};
  sec_values(ld, cJSON_GetObjectItemCaseSensitive(it, "is"), &t.values, &t.n_values, where);
  array_push_in(ld->arena, &cat->production, t);
}

static void password_arg_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where) {
  if (!cJSON_GetObjectItemCaseSensitive(it, "arg")) json_load_fail(ld, "%s: missing argument index \"arg\"", where);
  ApiPasswordArg p = {json_load_str(ld, it, "function", true, where), sec_int(ld, it, "arg", 0, where)};
  array_push_in(ld->arena, &cat->password_args, p);
}

static void method_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where) {
  ApiSecMethod m = {json_load_str(ld, it, "method", true, where), cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "carries")),
                    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "redacts"))};
  if (m.carries == m.redacts) json_load_fail(ld, "%s: a method either \"carries\" or \"redacts\" (one of them true)", where);
  array_push_in(ld->arena, &cat->methods, m);
}

static void env_function_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where) {
  ApiEnvFunction f = {json_load_str(ld, it, "module", false, where), json_load_str(ld, it, "function", true, where),
                      sec_int(ld, it, "arg", 0, where)};
  array_push_in(ld->arena, &cat->env_functions, f);
}

static void plugin_entry(SecLoader *ld, const cJSON *it, ApiSecurity *cat, const char *where) {
  ApiDbPlugin p = {json_load_str(ld, it, "module", true, where), json_load_str(ld, it, "method", true, where),
                   sec_int(ld, it, "plugin_arg", 0, where), sec_int(ld, it, "config_arg", 1, where)};
  array_push_in(ld->arena, &cat->plugins, p);
}

/* The string lists: {"key": "password", "doc": …} and the like. */
typedef struct SecList {
  const char *array, *field;
  size_t offset; /* of the ARRAY(const char *) in ApiSecurity */
} SecList;

static const SecList sec_lists[] = {
    {"password_keys", "key", offsetof(ApiSecurity, password_keys)},
    {"connection_keys", "key", offsetof(ApiSecurity, connection_keys)},
    {"schemes", "scheme", offsetof(ApiSecurity, schemes)},
    {"file_drivers", "driver", offsetof(ApiSecurity, file_drivers)},
    {"local_hosts", "host", offsetof(ApiSecurity, local_hosts)},
    {"placeholders", "text", offsetof(ApiSecurity, placeholders)},
};

static void sec_load_lists(SecLoader *ld, const cJSON *root, ApiSecurity *cat) {
  for (size_t l = 0; l < sizeof sec_lists / sizeof *sec_lists; l++) {
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, sec_lists[l].array);
    if (!arr) continue;
    if (!cJSON_IsArray(arr)) {
      json_load_fail(ld, "\"%s\" must be an array", sec_lists[l].array);
      continue;
    }
    ARRAY(const char *) *dst = (void *)((char *)cat + sec_lists[l].offset);
    int i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
      char where[64];
      snprintf(where, sizeof where, "%s[%d]", sec_lists[l].array, i++);
      const char *s = json_load_str(ld, it, sec_lists[l].field, true, where);
      json_load_str(ld, it, "doc", true, where);
      if (s) array_push_in(ld->arena, dst, s);
    }
  }
}

static ApiSecurity *sec_catalogs(ApiSpec *self) {
  if (!self->security) self->security = arena_zalloc(self->arena, sizeof(ApiSecurity) * APISEC_N_LANGS);
  return self->security;
}

bool apisec_load_catalog(ApiSpec *self, const cJSON *root, char *err, size_t err_len) {
  SecLoader ld = {.arena = self->arena, .err = err, .err_len = err_len};
  const char *lang = json_load_str(&ld, root, "language", true, "catalog");
  json_load_str(&ld, root, "doc", true, "catalog");
  int li = !lang ? -1 : strcmp(lang, "js") == 0 ? APISEC_JS : strcmp(lang, "go") == 0 ? APISEC_GO
                          : strcmp(lang, "c") == 0 ? APISEC_C : -1;
  if (lang && li < 0) json_load_fail(&ld, "catalog: unknown \"language\" \"%s\" (js, go, c)", lang);
  if (ld.failed) return false;
  /* Entries go into a copy; it replaces the language's catalog only when the whole file is good. */
  ApiSecurity add;
  memset(&add, 0, sizeof add);
  ApiSecurity *cur = &sec_catalogs(self)[li];
  if (cur->loaded) json_load_fail(&ld, "catalog: a \"connection-security\" catalog for \"%s\" is already loaded", lang);
  sec_each(&ld, root, "tls_off", &add, tls_off_entry);
  sec_each(&ld, root, "tls_weak", &add, tls_weak_entry);
  sec_each(&ld, root, "tls_registrations", &add, registration_entry);
  sec_each(&ld, root, "production", &add, production_entry);
  sec_each(&ld, root, "password_args", &add, password_arg_entry);
  sec_each(&ld, root, "methods", &add, method_entry);
  sec_each(&ld, root, "env_functions", &add, env_function_entry);
  sec_each(&ld, root, "plugins", &add, plugin_entry);
  sec_load_lists(&ld, root, &add);
  if (ld.failed) return false;
  add.loaded = true;
  *cur = add;
  return true;
}

const ApiSecurity *apisec_catalog(const ApiSpec *self, ApiSecLang lang) {
  static const ApiSecurity empty;
  if (!self->security || lang < 0 || lang >= APISEC_N_LANGS) return &empty;
  return &self->security[lang];
}
