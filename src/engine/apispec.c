/* apispec: reads the rules/ directory with cJSON. Every entry is checked strictly
** (unknown effect or receiver names, missing "doc") so that a typo in a model
** is an error naming the file, never a silently ignored entry. */
#include "engine/apispec.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/strbuf.h"
#include "base/xalloc.h"
#include "engine/jsonload.h"
#include "engine/ormspec.h"

static const char *const kind_names[AK_COUNT] = {
    "unknown", "module", "class", "pool", "client", "connection", "release-fn", "tx", "rows", "stmt", "row", "test",
    "result", "memory", "batch", "mutex", "logger", "response", "model",
};

static const char *const effect_names[] = {
    "none", "create", "acquire", "open", "release", "query", "begin", "commit", "rollback", "goexit", "status",
    "cleanup", "test-setup", "keep", "close", "lock", "unlock",
};

const char *apikind_name(ApiKind k) { return k < AK_COUNT ? kind_names[k] : "unknown"; }

ApiKind apikind_from_name(const char *name) {
  for (int k = AK_MODULE; name && k < AK_COUNT; k++)
    if (strcmp(name, kind_names[k]) == 0) return (ApiKind)k;
  return AK_UNKNOWN;
}

const struct OrmSpec *apispec_lib_data(const ApiSpec *self, int lib) {
  return lib >= 0 && (uint32_t)lib < self->libs.len ? self->libs.items[lib].data : NULL;
}

void apispec_init(ApiSpec *self) {
  memset(self, 0, sizeof *self);
  self->arena = arena_new();
  map_init(&self->module_index, self->arena);
  map_init(&self->query_methods, self->arena);
  map_init(&self->method_effects, self->arena);
  map_init(&self->result_members, self->arena);
  map_init(&self->global_index, self->arena);
}

void apispec_fini(ApiSpec *self) {
  arena_delete(self->arena);
  memset(self, 0, sizeof *self);
}

/* Parsing state for one file: the first error wins (sticky). */
typedef JsonLoader Loader; /* jsonload.h: errors name the model file */

static int loader_int(Loader *ld, const cJSON *obj, const char *key, int dflt, const char *where) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return dflt;
  if (!cJSON_IsNumber(v) || v->valuedouble != (double)v->valueint || v->valueint < -1) {
    json_load_fail(ld, "%s: \"%s\" must be an integer >= -1", where, key);
    return dflt;
  }
  return v->valueint;
}

static ApiKind loader_kind(Loader *ld, const char *name, const char *where) {
  if (!name) return AK_UNKNOWN;
  for (int k = AK_MODULE; k < AK_COUNT; k++)
    if (strcmp(name, kind_names[k]) == 0) return (ApiKind)k;
  json_load_fail(ld, "%s: unknown kind \"%s\"", where, name);
  return AK_UNKNOWN;
}

/* "receiver": "pool" or ["client", "connection"] → a bit set of kinds. */
static unsigned loader_receivers(Loader *ld, const cJSON *call, const char *where) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(call, "receiver");
  unsigned bits = 0;
  if (cJSON_IsString(v)) return 1u << loader_kind(ld, v->valuestring, where);
  if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
    json_load_fail(ld, "%s: \"receiver\" must be a kind or a non-empty array of kinds", where);
    return 0;
  }
  const cJSON *it;
  cJSON_ArrayForEach(it, v) {
    if (!cJSON_IsString(it)) {
      json_load_fail(ld, "%s: \"receiver\" entries must be strings", where);
      return 0;
    }
    bits |= 1u << loader_kind(ld, it->valuestring, where);
  }
  return bits;
}

static ApiEffect loader_effect(Loader *ld, const char *name, const char *where) {
  for (size_t i = 0; name && i < sizeof effect_names / sizeof *effect_names; i++)
    if (strcmp(name, effect_names[i]) == 0) return (ApiEffect)i;
  json_load_fail(ld, "%s: unknown effect \"%s\"", where, name ? name : "");
  return AE_NONE;
}

static ApiFailure loader_failure(Loader *ld, const char *name, const char *where) {
  if (!name || strcmp(name, "throws") == 0) return AF_THROWS;
  if (strcmp(name, "callback-error") == 0) return AF_CALLBACK_ERROR;
  if (strcmp(name, "null") == 0) return AF_NULL;
  if (strcmp(name, "error-result") == 0) return AF_ERROR_RESULT;
  if (strcmp(name, "must-release") == 0) return AF_MUST_RELEASE;
  if (strcmp(name, "status") == 0) return AF_STATUS;
  json_load_fail(ld, "%s: unknown failure \"%s\" (throws, callback-error, null, error-result, must-release, status)",
              where, name);
  return AF_THROWS;
}

/* "unless": {"arg": 1, "is": "non-nil"}: a goexit call that returns when its
** argument is (non-)nil or true/false, and stops the goroutine otherwise. */
static void loader_unless(Loader *ld, const cJSON *call, ApiCall *out, const char *where) {
  const cJSON *u = cJSON_GetObjectItemCaseSensitive(call, "unless");
  out->guard_arg = -1;
  if (!u) return;
  if (!cJSON_IsObject(u) || out->effect != AE_GOEXIT) {
    json_load_fail(ld, "%s: \"unless\" must be an object, on a \"goexit\" call", where);
    return;
  }
  out->guard_arg = loader_int(ld, u, "arg", -1, where);
  const char *is = json_load_str(ld, u, "is", true, where);
  if (out->guard_arg < 0) json_load_fail(ld, "%s: \"unless\" needs an argument index \"arg\"", where);
  if (!is) return;
  if (strcmp(is, "non-nil") == 0 || strcmp(is, "true") == 0) out->guard_truthy = true;
  else if (strcmp(is, "nil") != 0 && strcmp(is, "false") != 0)
    json_load_fail(ld, "%s: unknown \"is\" \"%s\" (nil, non-nil, true, false)", where, is);
}

/* "when_true": {"arg": 0, "is": "non-nil"}: a boolean result that, when true,
** proves its argument non-nil (errors.Is(err, target) with a non-nil target). */
static void loader_when_true(Loader *ld, const cJSON *call, ApiCall *out, const char *where) {
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(call, "when_true");
  out->nonnil_if_true = -1;
  if (!w) return;
  if (!cJSON_IsObject(w)) {
    json_load_fail(ld, "%s: \"when_true\" must be an object", where);
    return;
  }
  out->nonnil_if_true = loader_int(ld, w, "arg", -1, where);
  const char *is = json_load_str(ld, w, "is", true, where);
  if (out->nonnil_if_true < 0) json_load_fail(ld, "%s: \"when_true\" needs an argument index \"arg\"", where);
  if (is && strcmp(is, "non-nil") != 0) json_load_fail(ld, "%s: \"when_true\" supports only \"is\": \"non-nil\"", where);
}

static void loader_callback(Loader *ld, const cJSON *call, ApiCall *out, const char *where) {
  const cJSON *cb = cJSON_GetObjectItemCaseSensitive(call, "callback");
  out->cb_arg = out->cb_error = out->cb_resource = out->cb_release = out->cb_param = -1;
  if (!cb) return;
  if (!cJSON_IsObject(cb)) {
    json_load_fail(ld, "%s: \"callback\" must be an object", where);
    return;
  }
  out->has_callback = true;
  out->cb_arg = loader_int(ld, cb, "arg", -1, where);
  out->cb_error = loader_int(ld, cb, "error", -1, where);
  out->cb_resource = loader_int(ld, cb, "resource", -1, where);
  out->cb_release = loader_int(ld, cb, "release", -1, where);
  out->cb_managed = json_load_bool(ld, cb, "managed", where);
  out->cb_critical = json_load_bool(ld, cb, "critical", where);
  const char *awaited = json_load_str(ld, cb, "awaited", false, where);
  if (awaited && strcmp(awaited, "promise") == 0) out->cb_awaited_promise = true;
  else if (awaited) json_load_fail(ld, "%s: unknown \"awaited\" \"%s\" (promise)", where, awaited);
  if (out->cb_resource < 0 && !out->cb_managed && !out->cb_critical)
    json_load_fail(ld, "%s: \"callback\" needs a \"resource\" parameter index (or \"managed\" or \"critical\": true)", where);
  if (out->cb_critical && (out->cb_managed || out->cb_resource >= 0))
    json_load_fail(ld, "%s: a \"critical\" callback is neither managed nor handed a resource", where);
  if (out->cb_managed && out->cb_resource >= 0)
    json_load_fail(ld, "%s: a \"managed\" callback hands no resource", where);
  /* The transaction's client a managed callback is given (`async (tx) => tx.user.create(…)`). */
  out->cb_param = loader_int(ld, cb, "param", -1, where);
  out->cb_param_kind = loader_kind(ld, json_load_str(ld, cb, "param_kind", false, where), where);
  if ((out->cb_param >= 0) != (out->cb_param_kind != AK_UNKNOWN) || (out->cb_param >= 0 && !out->cb_managed))
    json_load_fail(ld, "%s: a managed callback's \"param\" goes with its \"param_kind\"", where);
}

/* "when": {"arg": 0, "is": "notification"}: the entry applies only to calls
** whose argument arg is that string constant. */
static void loader_when(Loader *ld, const cJSON *call, ApiCall *out, const char *where) {
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(call, "when");
  out->when_arg = -1;
  if (!w) return;
  if (!cJSON_IsObject(w)) {
    json_load_fail(ld, "%s: \"when\" must be an object", where);
    return;
  }
  out->when_arg = loader_int(ld, w, "arg", -1, where);
  out->when_is = json_load_str(ld, w, "is", true, where);
  if (out->when_arg < 0) json_load_fail(ld, "%s: \"when\" needs an argument index \"arg\"", where);
}

/* "modules": ["github.com/jackc/pgx/v5/pgxpool", …]: the entry applies only
** to values that came from these specifiers, each of which must be one of the
** library's modules. */
static ApiOnly loader_only(Loader *ld, const cJSON *obj, const ApiLib *lib, const char *where) {
  ApiOnly only = {NULL, 0};
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "modules");
  if (!v) return only;
  if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
    json_load_fail(ld, "%s: \"modules\" must be a non-empty array of specifiers", where);
    return only;
  }
  only.specs = arena_alloc(ld->arena, sizeof(char *) * (size_t)cJSON_GetArraySize(v));
  const cJSON *it;
  cJSON_ArrayForEach(it, v) {
    bool known = false;
    for (uint32_t j = 0; cJSON_IsString(it) && j < lib->modules.len; j++)
      known |= lib->modules.items[j].specifier && strcmp(lib->modules.items[j].specifier, it->valuestring) == 0;
    if (!known) {
      json_load_fail(ld, "%s: \"modules\" entries must name one of the library's modules", where);
      return (ApiOnly){NULL, 0};
    }
    only.specs[only.n++] = arena_strdup(ld->arena, it->valuestring);
  }
  return only;
}

/* Section - Connection security (apisec.c): the "sink", "carries" and "redacts" keys */

static void loader_sec(Loader *ld, const cJSON *call, ApiCall *out, const char *where) {
  char msg[256] = "";
  if (!apisec_load_call(ld->arena, call, &out->sec, msg, sizeof msg)) json_load_fail(ld, "%s: %s", where, msg);
}

/* An entry with no optional key set: every argument index "none". */
static void apicall_init(ApiCall *c) {
  memset(c, 0, sizeof *c);
  c->subject_arg = c->out_arg = c->when_arg = c->keeps_arg = c->nonnil_if_true = -1;
  c->guard_arg = c->cb_arg = c->cb_error = c->cb_resource = c->cb_release = c->cb_param = -1;
  c->sec.carries = APISEC_CARRIES_NONE;
}

static void loader_call(Loader *ld, const cJSON *call, int idx, ApiLib *lib) {
  char where[64];
  snprintf(where, sizeof where, "calls[%d]", idx);
  ApiCall c;
  apicall_init(&c);
  c.method = json_load_str(ld, call, "method", true, where);
  c.doc = json_load_str(ld, call, "doc", true, where);
  c.receivers = loader_receivers(ld, call, where);
  c.effect = loader_effect(ld, json_load_str(ld, call, "effect", true, where), where);
  c.result = loader_kind(ld, json_load_str(ld, call, "result", false, where), where);
  c.failure = loader_failure(ld, json_load_str(ld, call, "failure", false, where), where);
  c.sql_arg = loader_int(ld, call, "sql_arg", 0, where);
  c.subject_arg = loader_int(ld, call, "arg", -1, where);
  c.keeps_arg = loader_int(ld, call, "keeps", -1, where);
  if (c.subject_arg >= 0 && c.effect != AE_RELEASE)
    json_load_fail(ld, "%s: \"arg\" is only for effect \"release\"", where);
  c.discards_tx = json_load_bool(ld, call, "discards_transaction", where);
  c.discards_tx_with_arg = json_load_bool(ld, call, "discards_transaction_with_arg", where);
  c.releases_when_false = json_load_bool(ld, call, "releases_when_false", where);
  c.releases_when_true = json_load_bool(ld, call, "releases_when_true", where);
  c.ends_with_receiver = json_load_bool(ld, call, "ends_with_transaction", where);
  c.managed = json_load_bool(ld, call, "managed_transaction", where);
  c.returns_receiver = json_load_bool(ld, call, "returns_receiver", where);
  c.error_field = json_load_str(ld, call, "error_field", false, where);
  c.fix = json_load_str(ld, call, "fix", false, where);
  if (c.fix && ((c.effect != AE_RELEASE && c.effect != AE_ROLLBACK) ||
                (strcmp(c.fix, "defer") != 0 && strcmp(c.fix, "finally") != 0)))
    json_load_fail(ld, "%s: \"fix\" is \"defer\" or \"finally\", on a release or rollback", where);
  if (c.returns_receiver && c.effect != AE_NONE)
    json_load_fail(ld, "%s: \"returns_receiver\" is for effect \"none\" (the call only hands the receiver on)", where);
  if (c.error_field && c.effect != AE_ACQUIRE) json_load_fail(ld, "%s: \"error_field\" is for effect \"acquire\"", where);
  c.only = loader_only(ld, call, lib, where);
  c.sql_key = json_load_str(ld, call, "sql_key", false, where);
  c.pair = json_load_str(ld, call, "pair", false, where);
  if ((c.pair != NULL) != (c.effect == AE_TEST_SETUP))
    json_load_fail(ld, "%s: effect \"test-setup\" goes with a \"pair\" (the teardown hook)", where);
  const cJSON *throws = cJSON_GetObjectItemCaseSensitive(call, "throws");
  if (throws && !cJSON_IsBool(throws)) json_load_fail(ld, "%s: \"throws\" must be true or false", where);
  c.no_throw = cJSON_IsFalse(throws);
  c.result_creates = loader_kind(ld, json_load_str(ld, call, "creates", false, where), where);
  c.shared = json_load_bool(ld, call, "shared", where);
  if (c.shared && c.effect != AE_LOCK && c.effect != AE_UNLOCK)
    json_load_fail(ld, "%s: \"shared\" is for effects \"lock\" and \"unlock\"", where);
  loader_callback(ld, call, &c, where);
  loader_unless(ld, call, &c, where);
  loader_when_true(ld, call, &c, where);
  loader_when(ld, call, &c, where);
  loader_sec(ld, call, &c, where);
  if ((c.effect == AE_CREATE || c.effect == AE_ACQUIRE) && c.result == AK_UNKNOWN)
    json_load_fail(ld, "%s: effect \"%s\" needs a \"result\" kind", where, effect_names[c.effect]);
  if ((c.result == AK_CLASS) != (c.result_creates != AK_UNKNOWN) || (c.result == AK_CLASS && c.effect != AE_CREATE))
    json_load_fail(ld, "%s: \"result\": \"class\" goes with effect \"create\" and a \"creates\" kind", where);
  array_push_in(ld->arena, &lib->calls, c);
}

/* Section - C functions ("functions" entries) */

/* "success": [0] — the status values that mean the call succeeded. */
static void loader_success(Loader *ld, const cJSON *fn, ApiCall *c, const char *where) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(fn, "success");
  bool needed = c->failure == AF_STATUS || c->effect == AE_STATUS;
  if (!v) {
    if (needed) json_load_fail(ld, "%s: a status needs \"success\": [values]", where);
    return;
  }
  if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0 || cJSON_GetArraySize(v) > APICALL_MAX_SUCCESS) {
    json_load_fail(ld, "%s: \"success\" must be an array of 1 to %d integers", where, APICALL_MAX_SUCCESS);
    return;
  }
  const cJSON *it;
  cJSON_ArrayForEach(it, v) {
    if (!cJSON_IsNumber(it) || it->valuedouble != (double)it->valueint) {
      json_load_fail(ld, "%s: \"success\" values must be integers", where);
      return;
    }
    c->success[c->n_success++] = it->valueint;
  }
}

/* "when": {"arg": 1, "is": "false"} — the entry applies only to that constant argument. */
static void loader_when_fn(Loader *ld, const cJSON *fn, ApiCall *c, const char *where) {
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(fn, "when");
  if (!w) return;
  if (!cJSON_IsObject(w)) {
    json_load_fail(ld, "%s: \"when\" must be an object", where);
    return;
  }
  c->when_arg = loader_int(ld, w, "arg", -1, where);
  const char *is = json_load_str(ld, w, "is", true, where);
  if (c->when_arg < 0) json_load_fail(ld, "%s: \"when\" needs an argument index \"arg\"", where);
  if (is && strcmp(is, "true") == 0) c->when_truthy = true;
  else if (is && strcmp(is, "false") != 0) json_load_fail(ld, "%s: unknown \"is\" \"%s\" (true, false)", where, is);
}

/* The facts an entry's effect cannot do without, so a model states them. */
static void loader_function_check(Loader *ld, const cJSON *fn, const ApiCall *c, const char *where) {
  bool on_arg = c->effect == AE_RELEASE || c->effect == AE_QUERY || c->effect == AE_BEGIN || c->effect == AE_COMMIT ||
                c->effect == AE_ROLLBACK || c->effect == AE_STATUS;
  if (on_arg && c->subject_arg < 0) json_load_fail(ld, "%s: effect \"%s\" needs \"arg\"", where, effect_names[c->effect]);
  if (c->effect == AE_QUERY && c->sql_arg < 0) json_load_fail(ld, "%s: effect \"query\" needs \"sql_arg\"", where);
  if ((c->effect == AE_ACQUIRE || c->effect == AE_CREATE) && c->result == AK_UNKNOWN)
    json_load_fail(ld, "%s: effect \"%s\" needs a \"result\" kind", where, effect_names[c->effect]);
  if (c->effect == AE_ACQUIRE && !cJSON_GetObjectItemCaseSensitive(fn, "failure"))
    json_load_fail(ld, "%s: an acquire states its \"failure\" (null, must-release, status)", where);
  if (c->effect == AE_RELEASE && !cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(fn, "null_ok")))
    json_load_fail(ld, "%s: a release states \"null_ok\" (whether releasing NULL is a no-op)", where);
  if (c->out_arg >= 0 && c->effect != AE_ACQUIRE) json_load_fail(ld, "%s: \"out_arg\" is for acquires", where);
}

static void loader_function(Loader *ld, const cJSON *fn, int idx, ApiLib *lib) {
  char where[64];
  snprintf(where, sizeof where, "functions[%d]", idx);
  ApiCall c;
  apicall_init(&c);
  c.is_function = true;
  c.method = json_load_str(ld, fn, "function", true, where);
  c.doc = json_load_str(ld, fn, "doc", true, where);
  c.effect = loader_effect(ld, json_load_str(ld, fn, "effect", true, where), where);
  c.result = loader_kind(ld, json_load_str(ld, fn, "result", false, where), where);
  c.failure = loader_failure(ld, json_load_str(ld, fn, "failure", false, where), where);
  c.subject_arg = loader_int(ld, fn, "arg", -1, where);
  c.sql_arg = loader_int(ld, fn, "sql_arg", -1, where);
  c.runs_sql = c.sql_arg >= 0 && c.effect != AE_QUERY;
  c.out_arg = loader_int(ld, fn, "out_arg", -1, where);
  c.out_or_result = json_load_bool(ld, fn, "out_arg_or_result", where);
  c.keeps_arg = loader_int(ld, fn, "keeps", -1, where);
  c.null_ok = json_load_bool(ld, fn, "null_ok", where);
  c.discards_tx = json_load_bool(ld, fn, "discards_transaction", where);
  const char *on = json_load_str(ld, fn, "acquired_on", false, where);
  if (on && strcmp(on, "failure") == 0) c.acquired_on_failure = true;
  else if (on && strcmp(on, "success") != 0) json_load_fail(ld, "%s: unknown \"acquired_on\" \"%s\"", where, on);
  c.when_arg = -1;
  loader_success(ld, fn, &c, where);
  loader_when_fn(ld, fn, &c, where);
  loader_function_check(ld, fn, &c, where);
  loader_sec(ld, fn, &c, where);
  array_push_in(ld->arena, &lib->calls, c);
}

static void loader_prefixes(Loader *ld, const cJSON *arr, ApiLib *lib) {
  if (!arr) return;
  if (!cJSON_IsArray(arr)) {
    json_load_fail(ld, "\"prefixes\" must be an array");
    return;
  }
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    char where[64];
    snprintf(where, sizeof where, "prefixes[%d]", i++);
    const char *p = json_load_str(ld, it, "prefix", true, where);
    json_load_str(ld, it, "doc", true, where);
    if (p) array_push_in(ld->arena, &lib->prefixes, p);
  }
}

static void loader_named(Loader *ld, const cJSON *arr, const char *what, const char *kind_key, const ApiLib *lib,
                         void *out_arr) {
  ARRAY(ApiNamed) *out = out_arr;
  if (!arr) return;
  if (!cJSON_IsArray(arr)) {
    json_load_fail(ld, "\"%s\" must be an array", what);
    return;
  }
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    char where[64];
    snprintf(where, sizeof where, "%s[%d]", what, i++);
    ApiNamed n = {json_load_str(ld, it, "name", true, where),
                  loader_kind(ld, json_load_str(ld, it, kind_key, true, where), where), loader_only(ld, it, lib, where),
                  json_load_str(ld, it, "path_suffix", false, where), json_load_bool(ld, it, "callable", where),
                  json_load_bool(ld, it, "wraps", where), json_load_bool(ld, it, "needs_connection", where)};
    json_load_str(ld, it, "doc", true, where);
    if (n.path_suffix && (n.path_suffix[0] != '/' || !n.path_suffix[1] || n.only.n || strcmp(what, "types") != 0))
      json_load_fail(ld, "%s: \"path_suffix\" is for types, starts with '/' and excludes \"modules\"", where);
    if ((n.callable || n.wraps || n.needs_connection) && strcmp(what, "classes") != 0)
      json_load_fail(ld, "%s: \"callable\", \"wraps\" and \"needs_connection\" are for classes", where);
    array_push_in(ld->arena, out, n);
  }
}

static void loader_modules(Loader *ld, const cJSON *arr, ApiLib *lib) {
  if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0) {
    json_load_fail(ld, "\"modules\" must be a non-empty array");
    return;
  }
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    char where[64];
    snprintf(where, sizeof where, "modules[%d]", i++);
    ApiModule m = {json_load_str(ld, it, "specifier", true, where), NULL};
    const char *value = json_load_str(ld, it, "value", false, where);
    json_load_str(ld, it, "doc", true, where);
    if (value && strncmp(value, "class:", 6) == 0) m.value_class = value + 6;
    else if (value) json_load_fail(ld, "%s: \"value\" must be \"class:NAME\"", where);
    array_push_in(ld->arena, &lib->modules, m);
  }
}

static void loader_lib(Loader *ld, const cJSON *root, ApiLib *lib) {
  if (!cJSON_IsObject(root)) {
    json_load_fail(ld, "the top level must be an object");
    return;
  }
  lib->name = json_load_str(ld, root, "library", true, "model");
  json_load_str(ld, root, "language", true, "model");
  json_load_str(ld, root, "doc", true, "model");
  /* A library of JS globals only (the Error constructors) has no module to import. */
  const cJSON *mods = cJSON_GetObjectItemCaseSensitive(root, "modules");
  if (mods || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "globals"))) loader_modules(ld, mods, lib);
  loader_named(ld, cJSON_GetObjectItemCaseSensitive(root, "classes"), "classes", "creates", lib, &lib->classes);
  loader_named(ld, cJSON_GetObjectItemCaseSensitive(root, "types"), "types", "kind", lib, &lib->types);
  loader_named(ld, cJSON_GetObjectItemCaseSensitive(root, "values"), "values", "kind", lib, &lib->values);
  const cJSON *props = cJSON_GetObjectItemCaseSensitive(root, "properties");
  if (props && !cJSON_IsArray(props)) json_load_fail(ld, "\"properties\" must be an array");
  int pi = 0;
  const cJSON *pr;
  if (cJSON_IsArray(props))
    cJSON_ArrayForEach(pr, props) {
      char where[64];
      snprintf(where, sizeof where, "properties[%d]", pi++);
      ApiProperty p = {json_load_str(ld, pr, "name", true, where), loader_receivers(ld, pr, where), AS_NONE};
      const char *means = json_load_str(ld, pr, "means", true, where);
      json_load_str(ld, pr, "doc", true, where);
      if (means && strcmp(means, "released") == 0) p.means = AS_RELEASED;
      else if (means && strcmp(means, "transaction-open") == 0) p.means = AS_TX_OPEN;
      else if (means && strcmp(means, "rows") == 0) p.means = AS_ROWS;
      else if (means && strcmp(means, "row-count") == 0) p.means = AS_ROW_COUNT;
      else if (means && strcmp(means, "no-rows") == 0) p.means = AS_NO_ROWS;
      else if (means && strcmp(means, "error") == 0) p.means = AS_ERROR;
      else if (means)
        json_load_fail(ld, "%s: unknown \"means\" \"%s\" (released, transaction-open, rows, row-count, no-rows, error)",
                    where, means);
      if (p.name) array_push_in(ld->arena, &lib->properties, p);
    }
  const cJSON *globals = cJSON_GetObjectItemCaseSensitive(root, "globals");
  if (globals && !cJSON_IsArray(globals)) json_load_fail(ld, "\"globals\" must be an array");
  int gi = 0;
  const cJSON *g;
  if (cJSON_IsArray(globals))
    cJSON_ArrayForEach(g, globals) {
      char where[64];
      snprintf(where, sizeof where, "globals[%d]", gi++);
      const char *name = json_load_str(ld, g, "name", true, where);
      json_load_str(ld, g, "doc", true, where);
      if (name) array_push_in(ld->arena, &lib->globals, name);
    }
  const cJSON *calls = cJSON_GetObjectItemCaseSensitive(root, "calls");
  const cJSON *functions = cJSON_GetObjectItemCaseSensitive(root, "functions");
  if ((calls && !cJSON_IsArray(calls)) || (functions && !cJSON_IsArray(functions)) || (!calls && !functions)) {
    json_load_fail(ld, "\"calls\" (methods) or \"functions\" (C) must be an array");
    return;
  }
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, calls) loader_call(ld, it, i++, lib);
  i = 0;
  cJSON_ArrayForEach(it, functions) loader_function(ld, it, i++, lib);
  loader_prefixes(ld, cJSON_GetObjectItemCaseSensitive(root, "prefixes"), lib);
  const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
  if (data) { /* how its calls read and write tables (ormspec.c) */
    char msg[256];
    lib->data = ormspec_load(ld->arena, data, msg, sizeof msg);
    if (!lib->data) json_load_fail(ld, "%s", msg);
  }
  const cJSON *pf = cJSON_GetObjectItemCaseSensitive(root, "prefilter");
  if (pf && !cJSON_IsBool(pf)) json_load_fail(ld, "\"prefilter\" must be true or false");
  if (cJSON_IsFalse(pf)) { /* the modules stay resolvable, out of the prefilter's list */
    lib->quiet_modules.items = lib->modules.items;
    lib->quiet_modules.len = lib->modules.len;
    lib->quiet_modules.cap = lib->modules.cap;
    memset(&lib->modules, 0, sizeof lib->modules);
  }
}

/* A catalog file: {"catalog": "database-libraries", "language", "doc",
** "libraries": [{"name", "specifiers": [...], "doc"}]}, the database
** libraries txlint knows of but has no model for. */
/* "entry-points": [{ "type", "members": [names], "doc" }]; the whole file or nothing. */
static void loader_entry_points(Loader *ld, const cJSON *root, ApiSpec *self) {
  const cJSON *types = cJSON_GetObjectItemCaseSensitive(root, "types");
  if (!cJSON_IsArray(types)) {
    json_load_fail(ld, "\"types\" must be an array");
    return;
  }
  ARRAY(ApiEntryPoint) add = {0};
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, types) {
    char where[64];
    snprintf(where, sizeof where, "types[%d]", i++);
    ApiEntryPoint e = {json_load_str(ld, it, "type", true, where), NULL, 0};
    json_load_str(ld, it, "doc", true, where);
    const cJSON *members = cJSON_GetObjectItemCaseSensitive(it, "members");
    int n = cJSON_IsArray(members) ? cJSON_GetArraySize(members) : 0;
    if (n <= 0) {
      json_load_fail(ld, "%s: \"members\" must be a non-empty array", where);
      continue;
    }
    const char **names = arena_alloc(ld->arena, sizeof *names * (size_t)n);
    const cJSON *m;
    cJSON_ArrayForEach(m, members) {
      if (!cJSON_IsString(m) || !m->valuestring[0]) json_load_fail(ld, "%s: \"members\" must hold names", where);
      else names[e.n_members++] = arena_strdup(ld->arena, m->valuestring);
    }
    e.members = names;
    if (e.type) array_push_in(ld->arena, &add, e);
  }
  for (uint32_t k = 0; !ld->failed && k < add.len; k++) array_push_in(self->arena, &self->entry_points, add.items[k]);
}

bool apispec_entry_point_member(const ApiSpec *self, const char *ctype, const char *member) {
  if (!ctype || !member) return false;
  while (*ctype == '*') ctype++;
  for (uint32_t i = 0; i < self->entry_points.len; i++) {
    const ApiEntryPoint *e = &self->entry_points.items[i];
    if (strcmp(e->type, ctype) != 0) continue;
    for (uint32_t k = 0; k < e->n_members; k++)
      if (strcmp(e->members[k], member) == 0) return true;
  }
  return false;
}

static void loader_catalog(Loader *ld, const cJSON *root, ApiSpec *self) {
  const char *kind = json_load_str(ld, root, "catalog", true, "catalog");
  if (kind && strcmp(kind, "entry-points") == 0) {
    json_load_str(ld, root, "language", true, "catalog");
    json_load_str(ld, root, "doc", true, "catalog");
    loader_entry_points(ld, root, self);
    return;
  }
  if (kind && strcmp(kind, "database-libraries") != 0)
    json_load_fail(ld, "unknown catalog \"%s\" (database-libraries, entry-points)", kind);
  json_load_str(ld, root, "language", true, "catalog");
  json_load_str(ld, root, "doc", true, "catalog");
  const cJSON *libs = cJSON_GetObjectItemCaseSensitive(root, "libraries");
  if (!cJSON_IsArray(libs)) {
    json_load_fail(ld, "\"libraries\" must be an array");
    return;
  }
  int i = 0;
  const cJSON *it;
  ARRAY(ApiKnownLib) add = {0};
  cJSON_ArrayForEach(it, libs) {
    char where[64];
    snprintf(where, sizeof where, "libraries[%d]", i++);
    const char *name = json_load_str(ld, it, "name", true, where);
    json_load_str(ld, it, "doc", true, where);
    const cJSON *specs = cJSON_GetObjectItemCaseSensitive(it, "specifiers");
    if (!cJSON_IsArray(specs) || !cJSON_GetArraySize(specs)) {
      json_load_fail(ld, "%s: \"specifiers\" must be a non-empty array", where);
      continue;
    }
    const cJSON *sp;
    cJSON_ArrayForEach(sp, specs) {
      if (!cJSON_IsString(sp) || !sp->valuestring[0]) json_load_fail(ld, "%s: \"specifiers\" must hold strings", where);
      else if (name) array_push_in(ld->arena, &add, ((ApiKnownLib){arena_strdup(ld->arena, sp->valuestring), name}));
    }
  }
  for (uint32_t k = 0; !ld->failed && k < add.len; k++) array_push_in(self->arena, &self->known_libs, add.items[k]);
}

static char *file_read_all(const char *path, size_t *out_len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf sb;
  strbuf_init(&sb);
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_append(&sb, buf, n);
  bool bad = ferror(f);
  fclose(f);
  if (bad) {
    strbuf_fini(&sb);
    return NULL;
  }
  *out_len = sb.len;
  strbuf_cstr(&sb);
  return strbuf_take(&sb);
}

/* Adds a loaded library with the lookup indexes of its modules and calls
** (first entries win, as the linear searches they replace did). */
static void apispec_add_lib(ApiSpec *self, ApiLib *lib) {
  uint32_t id = self->libs.len;
  map_init(&lib->call_index, self->arena);
  for (uint32_t i = lib->calls.len; i-- > 0;) { /* backwards, so each chain runs in file order */
    ApiCall *c = &lib->calls.items[i];
    c->next_same = (uint32_t)(uintptr_t)map_get_cstr(&lib->call_index, c->method);
    map_set_cstr(&lib->call_index, c->method, (void *)(uintptr_t)(i + 1));
    unsigned conn = (1u << AK_CLIENT) | (1u << AK_CONNECTION);
    if (c->effect == AE_QUERY && (c->receivers & conn)) map_set_cstr(&self->query_methods, c->method, (void *)1);
    uintptr_t effects = (uintptr_t)map_get_cstr(&self->method_effects, c->method) | (uintptr_t)1 << c->effect;
    map_set_cstr(&self->method_effects, c->method, (void *)effects);
  }
  for (uint32_t i = 0; i < lib->properties.len; i++) {
    const ApiProperty *p = &lib->properties.items[i];
    if (p->means >= AS_ROWS) map_set_cstr(&self->result_members, p->name, (void *)(uintptr_t)p->means);
  }
  for (int quiet = 0; quiet < 2; quiet++) {
    const ApiModule *mods = quiet ? lib->quiet_modules.items : lib->modules.items;
    uint32_t n = quiet ? lib->quiet_modules.len : lib->modules.len;
    for (uint32_t j = 0; j < n && j < APISPEC_QUIET_MODULE; j++) {
      uint64_t v = 1 + (uint64_t)id * APISPEC_MAX_MODULES + (quiet ? APISPEC_QUIET_MODULE : 0) + j;
      if (!map_get_cstr(&self->module_index, mods[j].specifier))
        map_set_cstr(&self->module_index, mods[j].specifier, (void *)(uintptr_t)v);
    }
  }
  for (uint32_t i = 0; i < lib->types.len; i++) {
    const ApiNamed *t = &lib->types.items[i];
    ApiGenerated g = {t->name, t->path_suffix, t->kind, (int)id};
    if (t->path_suffix) array_push_in(self->arena, &self->generated, g);
  }
  for (uint32_t j = 0; j < lib->globals.len; j++)
    if (!map_get_cstr(&self->global_index, lib->globals.items[j]))
      map_set_cstr(&self->global_index, lib->globals.items[j], (void *)(uintptr_t)(id + 1));
  array_push_in(self->arena, &self->libs, *lib);
}

ApiStateMeans apispec_find_property(const ApiSpec *self, int lib, ApiKind k, const char *name) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len || !name) return AS_NONE;
  const ApiLib *l = &self->libs.items[lib];
  for (uint32_t i = 0; i < l->properties.len; i++)
    if ((l->properties.items[i].receivers & (1u << k)) && strcmp(l->properties.items[i].name, name) == 0)
      return l->properties.items[i].means;
  return AS_NONE;
}

ApiStateMeans apispec_result_member(const ApiSpec *self, const char *name) {
  return name ? (ApiStateMeans)(uintptr_t)map_get_cstr(&self->result_members, name) : AS_NONE;
}

int apispec_find_global(const ApiSpec *self, const char *name) {
  uintptr_t v = name ? (uintptr_t)map_get_cstr(&self->global_index, name) : 0;
  return v ? (int)(v - 1) : -1;
}

bool apispec_load_file(ApiSpec *self, const char *path, char *err, size_t err_len) {
  size_t len = 0;
  char *text = file_read_all(path, &len);
  if (!text) {
    Loader ld = {.arena = self->arena, .path = path, .err = err, .err_len = err_len};
    json_load_fail(&ld, "cannot read the model file");
    return false;
  }
  bool ok = apispec_load_text(self, path, text, len, err, err_len);
  free(text);
  return ok;
}

bool apispec_load_text(ApiSpec *self, const char *path, const char *text, size_t len, char *err, size_t err_len) {
  Loader ld = {.arena = self->arena, .path = path, .err = err, .err_len = err_len};
  cJSON *root = cJSON_ParseWithLength(text, len);
  if (!root) {
    json_load_fail(&ld, "malformed JSON");
  } else {
    const cJSON *catalog = cJSON_GetObjectItemCaseSensitive(root, "catalog");
    if (cJSON_IsString(catalog) && strcmp(catalog->valuestring, "connection-security") == 0) {
      char msg[256] = "";
      if (!apisec_load_catalog(self, root, msg, sizeof msg)) json_load_fail(&ld, "%s", msg);
    } else if (catalog) {
      loader_catalog(&ld, root, self);
    } else {
      ApiLib lib;
      memset(&lib, 0, sizeof lib);
      lib.file = arena_strdup(self->arena, path);
      loader_lib(&ld, root, &lib);
      if (!ld.failed) apispec_add_lib(self, &lib);
    }
    cJSON_Delete(root);
  }
  return !ld.failed;
}

static int cmp_cstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Lists dir's entries (sorted, so the library order is deterministic). */
static char **dir_list_sorted(const char *dir, size_t *out_n) {
  DIR *d = opendir(dir);
  if (!d) return NULL;
  ARRAY(char *) names = {0};
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    array_push(&names, xstrdup(e->d_name));
  }
  closedir(d);
  if (names.len) qsort(names.items, names.len, sizeof *names.items, cmp_cstr);
  *out_n = names.len;
  array_push(&names, NULL);
  return names.items;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool apispec__load_dir(ApiSpec *self, const char *dir, int depth, char *err, size_t err_len) {
  size_t n = 0;
  char **names = dir_list_sorted(dir, &n);
  if (!names) {
    if (err && err_len) snprintf(err, err_len, "%s: cannot open the models directory", dir);
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    char *path = NULL;
    if (ok) {
      size_t len = strlen(dir) + strlen(names[i]) + 2;
      path = xmalloc(len);
      snprintf(path, len, "%s/%s", dir, names[i]);
      struct stat st;
      if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (depth < 8) ok = apispec__load_dir(self, path, depth + 1, err, err_len);
      } else if (ends_with(names[i], ".json")) {
        ok = apispec_load_file(self, path, err, err_len);
      }
    }
    free(path);
    free(names[i]);
  }
  free(names);
  return ok;
}

bool apispec_load_dir(ApiSpec *self, const char *dir, char *err, size_t err_len) {
  return apispec__load_dir(self, dir, 0, err, err_len);
}

int apispec_find_module(const ApiSpec *self, const char *spec, const ApiModule **out_module) {
  uintptr_t v = spec ? (uintptr_t)map_get_cstr(&self->module_index, spec) : 0;
  if (!v) return -1;
  uint32_t lib = (uint32_t)((v - 1) / APISPEC_MAX_MODULES), j = (uint32_t)((v - 1) % APISPEC_MAX_MODULES);
  const ApiLib *l = &self->libs.items[lib];
  if (out_module)
    *out_module = j >= APISPEC_QUIET_MODULE ? &l->quiet_modules.items[j - APISPEC_QUIET_MODULE] : &l->modules.items[j];
  return (int)lib;
}

static bool only_allows(const ApiOnly *only, const char *spec) {
  if (!only->n || !spec) return true;
  for (uint32_t i = 0; i < only->n; i++)
    if (strcmp(only->specs[i], spec) == 0) return true;
  return false;
}

static ApiKind named_find(const ApiNamed *items, uint32_t n, const char *spec, const char *name) {
  for (uint32_t i = 0; name && i < n; i++) /* a generated type is named by its package, not an import */
    if (strcmp(items[i].name, name) == 0 && !items[i].path_suffix && only_allows(&items[i].only, spec))
      return items[i].kind;
  return AK_UNKNOWN;
}

ApiKind apispec_class_kind(const ApiSpec *self, int lib, const char *name) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len) return AK_UNKNOWN;
  const ApiLib *l = &self->libs.items[lib];
  return named_find(l->classes.items, l->classes.len, NULL, name);
}

const ApiNamed *apispec_find_class(const ApiSpec *self, int lib, const char *name) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len || !name) return NULL;
  const ApiLib *l = &self->libs.items[lib];
  for (uint32_t i = 0; i < l->classes.len; i++)
    if (strcmp(l->classes.items[i].name, name) == 0) return &l->classes.items[i];
  return NULL;
}

const char *apispec_lib_name(const ApiSpec *self, int lib) {
  return lib >= 0 && (uint32_t)lib < self->libs.len ? self->libs.items[lib].name : NULL;
}

bool apispec_class_callable(const ApiSpec *self, int lib, const char *name) {
  const ApiNamed *c = apispec_find_class(self, lib, name);
  return c && c->callable;
}

ApiKind apispec_value_kind(const ApiSpec *self, int lib, const char *name) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len) return AK_UNKNOWN;
  const ApiLib *l = &self->libs.items[lib];
  return named_find(l->values.items, l->values.len, NULL, name);
}

ApiKind apispec_type_kind(const ApiSpec *self, int lib, const char *name) {
  return apispec_type_kind_in(self, lib, NULL, name);
}

ApiKind apispec_type_kind_in(const ApiSpec *self, int lib, const char *spec, const char *name) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len) return AK_UNKNOWN;
  const ApiLib *l = &self->libs.items[lib];
  return named_find(l->types.items, l->types.len, spec, name);
}

/* True when import path pkg ends in suffix ("/ent"), or is suffix without its
** leading slash: whole path elements only. */
static bool path_has_suffix(const char *pkg, const char *suffix) {
  size_t n = strlen(pkg), m = strlen(suffix);
  if (n == m - 1) return strcmp(pkg, suffix + 1) == 0;
  return n >= m && strcmp(pkg + n - m, suffix) == 0;
}

ApiKind apispec_generated_type_kind(const ApiSpec *self, const char *pkg_path, const char *name, int *out_lib) {
  for (uint32_t i = 0; pkg_path && name && i < self->generated.len; i++) {
    const ApiGenerated *g = &self->generated.items[i];
    if (strcmp(g->name, name) != 0 || !path_has_suffix(pkg_path, g->path_suffix)) continue;
    if (out_lib) *out_lib = g->lib;
    return g->kind;
  }
  return AK_UNKNOWN;
}

const ApiCall *apispec_find_call(const ApiSpec *self, int lib, ApiKind k, const char *method) {
  return apispec_find_call_in(self, lib, k, NULL, method);
}

const ApiCall *apispec_find_call_in(const ApiSpec *self, int lib, ApiKind k, const char *spec, const char *method) {
  return apispec_find_call_when(self, lib, k, spec, method, NULL, NULL);
}

const ApiCall *apispec_find_call_when(const ApiSpec *self, int lib, ApiKind k, const char *spec, const char *method,
                                      bool (*arg_is)(const void *ud, int i, const char *s), const void *ud) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len || !method) return NULL;
  const ApiLib *l = &self->libs.items[lib];
  for (uint32_t i = (uint32_t)(uintptr_t)map_get_cstr(&l->call_index, method); i; i = l->calls.items[i - 1].next_same) {
    const ApiCall *c = &l->calls.items[i - 1];
    if (!(c->receivers & (1u << k)) || !only_allows(&c->only, spec)) continue;
    if (c->when_is && (!arg_is || !arg_is(ud, c->when_arg, c->when_is))) continue;
    return c;
  }
  return NULL;
}

int apispec_module_index(const ApiSpec *self, int lib, const char *spec) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len || !spec) return -1;
  const ApiLib *l = &self->libs.items[lib];
  for (uint32_t i = 0; i < l->modules.len; i++)
    if (strcmp(l->modules.items[i].specifier, spec) == 0) return (int)i;
  return -1;
}

const char *apispec_module_spec(const ApiSpec *self, int lib, int idx) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len || idx < 0) return NULL;
  const ApiLib *l = &self->libs.items[lib];
  return (uint32_t)idx < l->modules.len ? l->modules.items[idx].specifier : NULL;
}

bool apispec_is_query_method(const ApiSpec *self, const char *method) {
  return method && map_get_cstr(&self->query_methods, method) != NULL;
}

bool apispec_has_effect(const ApiSpec *self, ApiEffect e, const char *method) {
  return method && ((uintptr_t)map_get_cstr(&self->method_effects, method) >> e & 1);
}

/* Section - C functions */

const ApiCall *apispec_find_function(const ApiSpec *self, int lib, const char *name) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len || !name) return NULL;
  const ApiLib *l = &self->libs.items[lib];
  for (uint32_t i = (uint32_t)(uintptr_t)map_get_cstr(&l->call_index, name); i; i = l->calls.items[i - 1].next_same)
    if (l->calls.items[i - 1].is_function) return &l->calls.items[i - 1];
  return NULL;
}

const ApiCall *apispec_next_function(const ApiSpec *self, int lib, const ApiCall *c) {
  if (lib < 0 || (uint32_t)lib >= self->libs.len || !c) return NULL;
  const ApiLib *l = &self->libs.items[lib];
  for (uint32_t i = c->next_same; i; i = l->calls.items[i - 1].next_same)
    if (l->calls.items[i - 1].is_function) return &l->calls.items[i - 1];
  return NULL;
}

int apispec_lib_for_function(const ApiSpec *self, const char *name) {
  for (uint32_t k = 0; name && k < self->libs.len; k++) {
    const ApiLib *l = &self->libs.items[k];
    for (uint32_t p = 0; p < l->prefixes.len; p++)
      if (strncmp(name, l->prefixes.items[p], strlen(l->prefixes.items[p])) == 0 &&
          apispec_find_function(self, (int)k, name))
        return (int)k;
  }
  return -1;
}

void apispec_each_prefix(const ApiSpec *self, void (*fn)(const char *prefix, void *ud), void *ud) {
  for (uint32_t k = 0; k < self->libs.len; k++)
    for (uint32_t p = 0; p < self->libs.items[k].prefixes.len; p++) fn(self->libs.items[k].prefixes.items[p], ud);
}

const char *apispec_unmodelled_library(const ApiSpec *self, const char *spec) {
  if (!spec || apispec_find_module(self, spec, NULL) >= 0) return NULL;
  for (uint32_t i = 0; i < self->known_libs.len; i++) {
    const char *p = self->known_libs.items[i].specifier;
    size_t n = strlen(p);
    if (strncmp(spec, p, n) == 0 && (spec[n] == '\0' || spec[n] == '/')) return self->known_libs.items[i].name;
  }
  return NULL;
}
