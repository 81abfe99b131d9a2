/* ormspec: loads a model's "data" section (docs/models.md, "Data
** operations"). Every key is checked strictly, as apispec.c checks the rest
** of a model: an unknown role, op or kind, a key on an entry it does not fit
** (a "table" on a row, "locks" on a write), a missing "doc", is an error
** that names the entry, never a silently ignored one. */
#include "engine/ormspec.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "engine/apispec.h"
#include "engine/jsonload.h"

static const char *const role_names[ORM_ROLE_COUNT] = {"client", "model", "builder", "row", "module"};
static const char *const op_names[] = {"none", "read", "count", "insert", "update", "delete", "upsert", "save",
                                       "increment"};
static const char *const gives_names[] = {"none", "builder", "model", "row", "client"};

const char *ormspec_op_name(OrmOpKind op) {
  return (size_t)op < sizeof op_names / sizeof *op_names ? op_names[op] : "none";
}

typedef JsonLoader OrmLoader; /* jsonload.h */

static int8_t get_index(OrmLoader *ld, const cJSON *v, const char *what, const char *where) {
  if (!cJSON_IsNumber(v) || v->valuedouble != (double)v->valueint || v->valueint < -1 || v->valueint > 15) {
    json_load_fail(ld, "%s: \"%s\" must be an argument index (0 to 15, -1 the last)", where, what);
    return -1;
  }
  return (int8_t)v->valueint;
}

static int pick(OrmLoader *ld, const char *name, const char *const *names, size_t n, const char *what,
                const char *where) {
  for (size_t i = 0; name && i < n; i++)
    if (strcmp(name, names[i]) == 0) return (int)i;
  char list[160] = "";
  for (size_t i = 0, len = 0; i < n && len + 16 < sizeof list; i++)
    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
  json_load_fail(ld, "%s: unknown %s \"%s\" (%s)", where, what, name ? name : "", list);
  return 0;
}

/* "receiver": "pool" or ["pool", "tx"] → a bit set of kinds. */
static unsigned get_receivers(OrmLoader *ld, const cJSON *obj, const char *where) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "receiver");
  unsigned bits = 0;
  const cJSON *it;
  const cJSON *list = cJSON_IsArray(v) ? v : NULL;
  if (cJSON_IsString(v) || list) {
    cJSON_ArrayForEach(it, list) {
      ApiKind k = cJSON_IsString(it) ? apikind_from_name(it->valuestring) : AK_UNKNOWN;
      if (!k) json_load_fail(ld, "%s: unknown receiver kind \"%s\"", where, cJSON_IsString(it) ? it->valuestring : "");
      bits |= 1u << k;
    }
    if (cJSON_IsString(v)) {
      ApiKind k = apikind_from_name(v->valuestring);
      if (!k) json_load_fail(ld, "%s: unknown receiver kind \"%s\"", where, v->valuestring);
      bits |= 1u << k;
    }
  }
  if (!bits) json_load_fail(ld, "%s: \"receiver\" must be a kind or a non-empty array of kinds", where);
  return bits;
}

/* An argument reference: {"arg": i}, {"arg": i, "key": "data"} or "receiver". */
static OrmArgRef get_ref(OrmLoader *ld, const cJSON *v, const char *what, const char *where) {
  OrmArgRef r = {-1, false, NULL};
  if (cJSON_IsString(v) && strcmp(v->valuestring, "receiver") == 0) {
    r.receiver = true;
    return r;
  }
  const cJSON *arg = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "arg") : NULL;
  if (!arg) {
    json_load_fail(ld, "%s: \"%s\" must be {\"arg\": i}, {\"arg\": i, \"key\": \"member\"} or \"receiver\"", where, what);
    return r;
  }
  r.arg = get_index(ld, arg, "arg", where);
  r.key = json_load_str(ld, v, "key", false, where);
  return r;
}

/* "table": "member", a reference, or an array of references tried in order. */
static void get_table(OrmLoader *ld, const cJSON *v, OrmEntry *e, const char *where) {
  if (!v) return;
  if (cJSON_IsString(v) && strcmp(v->valuestring, "member") == 0) {
    e->table_member = true;
    return;
  }
  const cJSON *it, *list = cJSON_IsArray(v) ? v : NULL;
  cJSON_ArrayForEach(it, list) {
    if (e->n_table < ORM_MAX_TABLE_REFS) e->table[e->n_table++] = get_ref(ld, it, "table", where);
    else json_load_fail(ld, "%s: \"table\" lists at most %d references", where, ORM_MAX_TABLE_REFS);
  }
  if (!cJSON_IsArray(v)) e->table[e->n_table++] = get_ref(ld, v, "table", where);
  for (uint8_t i = 0; i < e->n_table; i++)
    if (e->table[i].receiver) json_load_fail(ld, "%s: a \"table\" is an argument or \"member\", not the receiver", where);
}

static void get_when(OrmLoader *ld, const cJSON *obj, OrmEntry *e, const char *where) {
  const cJSON *w = cJSON_GetObjectItemCaseSensitive(obj, "when");
  e->when_arg = -1;
  if (!w) return;
  const cJSON *arg = cJSON_IsObject(w) ? cJSON_GetObjectItemCaseSensitive(w, "arg") : NULL;
  if (!arg) {
    json_load_fail(ld, "%s: \"when\" must be {\"arg\": i, \"is\": \"text\"} or {\"arg\": i, \"type\": \"Name\"}", where);
    return;
  }
  e->when_arg = get_index(ld, arg, "arg", where);
  e->when_is = json_load_str(ld, w, "is", false, where);
  e->when_type = json_load_str(ld, w, "type", false, where);
  if (!e->when_is == !e->when_type) json_load_fail(ld, "%s: \"when\" takes one of \"is\" and \"type\"", where);
}

/* The facts an entry cannot do without, and keys that do not fit it. */
static void check_entry(OrmLoader *ld, const OrmEntry *e, const char *where) {
  bool write = e->op >= ORM_OP_INSERT;
  if (e->on == ORM_ON_CLIENT && !e->receivers) json_load_fail(ld, "%s: \"on\": \"client\" needs a \"receiver\"", where);
  if (e->on != ORM_ON_CLIENT && e->receivers) json_load_fail(ld, "%s: \"receiver\" is for \"on\": \"client\"", where);
  if (e->locks && write) json_load_fail(ld, "%s: \"locks\" is for reads", where);
  if (e->atomic && e->op && !write) json_load_fail(ld, "%s: \"atomic\" is for writes (or links of a write's chain)", where);
  if (e->values.arg >= 0 || e->values.receiver) {
    if (e->op && !write) json_load_fail(ld, "%s: \"values\" is for writes", where);
  }
  if (e->table_member && e->on != ORM_ON_MODEL) json_load_fail(ld, "%s: \"table\": \"member\" is for \"on\": \"model\"", where);
  if ((e->n_table || e->table_member) && e->on == ORM_ON_ROW) json_load_fail(ld, "%s: a row's table is its read's", where);
  if (e->gives == ORM_GIVES_MODEL && !e->n_table && e->on != ORM_ON_MODEL)
    json_load_fail(ld, "%s: \"gives\": \"model\" needs a \"table\"", where);
  if (e->declares.arg >= 0 && e->on != ORM_ON_MODEL) json_load_fail(ld, "%s: \"declares_table\" is for \"on\": \"model\"", where);
  if (e->deferred && !e->op) json_load_fail(ld, "%s: \"deferred\" goes with an \"op\"", where);
  if (e->overwrites && !e->atomic && e->op != ORM_OP_UPSERT)
    json_load_fail(ld, "%s: \"overwrites\" goes with \"atomic\" or \"op\": \"upsert\"", where);
  if (e->fills_key && e->op != ORM_OP_INSERT && e->op != ORM_OP_SAVE)
    json_load_fail(ld, "%s: \"fills_key\" is for \"insert\" and \"save\"", where);
}

static void load_entry(OrmLoader *ld, const cJSON *it, int idx, OrmSpec *out) {
  char where[64];
  snprintf(where, sizeof where, "data.operations[%d]", idx);
  OrmEntry e;
  memset(&e, 0, sizeof e);
  e.values.arg = e.declares.arg = e.joins_arg = e.batch_arg = -1;
  e.method = json_load_str(ld, it, "method", true, where);
  e.doc = json_load_str(ld, it, "doc", true, where);
  e.on = (uint8_t)pick(ld, json_load_str(ld, it, "on", true, where), role_names, ORM_ROLE_COUNT, "role", where);
  if (cJSON_GetObjectItemCaseSensitive(it, "receiver")) e.receivers = get_receivers(ld, it, where);
  const char *op = json_load_str(ld, it, "op", false, where);
  if (op) e.op = (uint8_t)pick(ld, op, op_names, sizeof op_names / sizeof *op_names, "op", where);
  const char *gives = json_load_str(ld, it, "gives", false, where);
  if (gives) e.gives = (uint8_t)pick(ld, gives, gives_names, sizeof gives_names / sizeof *gives_names, "gives", where);
  e.deferred = json_load_bool(ld, it, "deferred", where);
  e.locks = json_load_bool(ld, it, "locks", where);
  e.atomic = json_load_bool(ld, it, "atomic", where);
  e.returning = json_load_bool(ld, it, "returning", where);
  e.fills_key = json_load_str(ld, it, "fills_key", false, where);
  e.overwrites = json_load_bool(ld, it, "overwrites", where);
  get_table(ld, cJSON_GetObjectItemCaseSensitive(it, "table"), &e, where);
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "values");
  if (v) e.values = get_ref(ld, v, "values", where);
  v = cJSON_GetObjectItemCaseSensitive(it, "declares_table");
  if (v) e.declares = get_ref(ld, v, "declares_table", where);
  v = cJSON_GetObjectItemCaseSensitive(it, "joins");
  if (v) e.joins_arg = get_ref(ld, v, "joins", where).arg;
  v = cJSON_GetObjectItemCaseSensitive(it, "batch");
  if (v) e.batch_arg = get_ref(ld, v, "batch", where).arg;
  get_when(ld, it, &e, where);
  check_entry(ld, &e, where);
  array_push_in(ld->arena, &out->entries, e);
}

static void load_member(OrmLoader *ld, const cJSON *it, int idx, OrmSpec *out) {
  char where[64];
  snprintf(where, sizeof where, "data.members[%d]", idx);
  OrmMember m;
  memset(&m, 0, sizeof m);
  m.receivers = get_receivers(ld, it, where);
  json_load_str(ld, it, "doc", true, where);
  const char *path = json_load_str(ld, it, "path", true, where);
  const char *gives = json_load_str(ld, it, "gives", true, where);
  if (gives) m.gives = (uint8_t)pick(ld, gives, gives_names, sizeof gives_names / sizeof *gives_names, "gives", where);
  if (m.gives != ORM_GIVES_MODEL && m.gives != ORM_GIVES_CLIENT)
    json_load_fail(ld, "%s: a member \"gives\" a \"model\" or a \"client\"", where);
  if (!path) return;
  const char *dot = strrchr(path, '.');
  const char *last = dot ? dot + 1 : path;
  m.any = strcmp(last, "*") == 0;
  m.name = m.any ? NULL : arena_strdup(ld->arena, last);
  m.prefix = dot ? arena_strndup(ld->arena, path, (size_t)(dot - path)) : NULL;
  if (m.prefix && strchr(m.prefix, '.')) json_load_fail(ld, "%s: \"path\" is NAME, *, or PREFIX.NAME / PREFIX.*", where);
  if (m.any != (m.gives == ORM_GIVES_MODEL)) json_load_fail(ld, "%s: the \"*\" member names a model; a named one a client", where);
  array_push_in(ld->arena, &out->members, m);
}

static void load_names(OrmLoader *ld, const cJSON *data, const char *key, OrmNames *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(data, key);
  if (!v) return;
  if (!cJSON_IsArray(v)) {
    json_load_fail(ld, "data: \"%s\" must be an array of names", key);
    return;
  }
  const cJSON *it;
  cJSON_ArrayForEach(it, v) {
    if (!cJSON_IsString(it) || !it->valuestring[0]) json_load_fail(ld, "data: \"%s\" must hold names", key);
    else array_push_in(ld->arena, out, (const char *)arena_strdup(ld->arena, it->valuestring));
  }
}

static void build_index(Arena *a, OrmSpec *s) {
  map_init(&s->index, a);
  char key[160];
  for (uint32_t i = s->entries.len; i-- > 0;) { /* backwards, so each chain runs in file order */
    OrmEntry *e = &s->entries.items[i];
    snprintf(key, sizeof key, "%s/%s", role_names[e->on], e->method);
    e->next_same = (uint32_t)(uintptr_t)map_get_cstr(&s->index, key);
    map_set_cstr(&s->index, arena_strdup(a, key), (void *)(uintptr_t)(i + 1));
  }
}

OrmSpec *ormspec_load(Arena *arena, const void *json_data, char *err, size_t err_len) {
  const cJSON *data = json_data;
  OrmLoader ld = {.arena = arena, .err = err, .err_len = err_len};
  OrmSpec *s = ARENA_NEW(arena, OrmSpec);
  if (!cJSON_IsObject(data)) {
    json_load_fail(&ld, "\"data\" must be an object");
    return NULL;
  }
  json_load_str(&ld, data, "doc", true, "data");
  const cJSON *ops = cJSON_GetObjectItemCaseSensitive(data, "operations");
  const cJSON *members = cJSON_GetObjectItemCaseSensitive(data, "members");
  if (!cJSON_IsArray(ops)) json_load_fail(&ld, "data: \"operations\" must be an array");
  if (members && !cJSON_IsArray(members)) json_load_fail(&ld, "data: \"members\" must be an array");
  int i = 0;
  const cJSON *it, *op_list = cJSON_IsArray(ops) ? ops : NULL, *member_list = cJSON_IsArray(members) ? members : NULL;
  cJSON_ArrayForEach(it, op_list) load_entry(&ld, it, i++, s);
  i = 0;
  cJSON_ArrayForEach(it, member_list) load_member(&ld, it, i++, s);
  s->transaction_option = json_load_str(&ld, data, "transaction_option", false, "data");
  s->lock_option = json_load_str(&ld, data, "lock_option", false, "data");
  load_names(&ld, data, "atomic_value_keys", &s->atomic_value_keys);
  load_names(&ld, data, "atomic_value_calls", &s->atomic_value_calls);
  load_names(&ld, data, "model_bases", &s->model_bases);
  if (ld.failed) return NULL;
  build_index(arena, s);
  return s;
}

const OrmEntry *ormspec_find(const OrmSpec *self, OrmRole role, const char *method) {
  if (!self || !method || role >= ORM_ROLE_COUNT) return NULL;
  char key[160];
  snprintf(key, sizeof key, "%s/%s", role_names[role], method);
  uintptr_t v = (uintptr_t)map_get_cstr(&self->index, key);
  return v ? &self->entries.items[v - 1] : NULL;
}

const OrmEntry *ormspec_next(const OrmSpec *self, const OrmEntry *e) {
  return e && e->next_same ? &self->entries.items[e->next_same - 1] : NULL;
}

bool ormspec_listed(const OrmNames *l, const char *name) {
  for (uint32_t i = 0; name && i < l->len; i++)
    if (strcmp(l->items[i], name) == 0) return true;
  return false;
}
