/* ormkinds: the kinds pass's view of ORM models (ormops.h). A model is a
** value of kind AK_MODEL whose VKind.ref is the name of the table it names;
** it holds no resource. It comes from
**
** * a class that extends one of a library's "model_bases" (Sequelize
**   `class User extends Model`, TypeORM `BaseEntity`), directly or through
**   project classes of this module or imported ones (whose modules publish
**   them as models); its table is what a `declares_table` call of the
**   module says (`User.init(attrs, { tableName: 'users' })`), else the
**   class's name;
** * a link of the "data" section that gives a model: `sequelize.define('post',
**   …)`, `dataSource.getRepository(User)`, drizzle `pgTable('users', …)`;
** * a TypeScript annotation whose type is a library type of kind model with
**   the entity as its type argument (`Repository<User>`);
** * a project function whose summary returns one (`getRepository(Media)`
**   through a helper that passes its parameter on: ret_model_param).
**
** A class that extends a modelled class (`class PrismaService extends
** PrismaClient`) creates what its base creates, so an annotation naming it
** (`private prisma: PrismaService`) is that kind. Managed transactions'
** callbacks get their client parameter's kind from the model ("callback":
** {"param", "param_kind"}) and whether the call asks for SERIALIZABLE. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "engine/ormops.h"

enum { ORMKINDS_MAX_BASES = 8 };

static const VKind vk_none = {AK_UNKNOWN, -1, 0, NULL};

typedef struct OrmClass {
  const char *name;     /* the class (the IR's string) */
  const char *base;     /* the extends clause as written ("Model", "IdModel<…>", "S.Model") */
  bool computed, computing;
  VKind kind;
} OrmClass;

struct OrmKinds {
  Map classes;          /* class name → OrmClass* (classes with a base) */
  Map names;            /* type text → its bare name (interned, ormkinds_type_name) */
};

static bool is_js(const ModCtx *mc) { return mc->m->lang == IR_LANG_JS || mc->m->lang == IR_LANG_TS; }

static struct OrmKinds *orm_state(ModCtx *mc) {
  if (mc->orm) return mc->orm;
  struct OrmKinds *ok = ARENA_NEW(mc->cache, struct OrmKinds);
  map_init(&ok->classes, mc->cache);
  map_init(&ok->names, mc->cache);
  for (uint32_t i = 0; is_js(mc) && i < mc->m->n_fields; i++) {
    const IrField *f = &mc->m->fields[i];
    if (!(f->flags & IR_FIELD_EMBEDDED) || !f->owner || !f->type || map_get_cstr(&ok->classes, f->owner)) continue;
    OrmClass *oc = ARENA_NEW(mc->cache, OrmClass);
    oc->name = f->owner;
    oc->base = f->type;
    oc->kind = vk_none;
    map_set_cstr(&ok->classes, f->owner, oc);
  }
  mc->orm = ok;
  return ok;
}

bool ormkinds_type_name(const char *type, char *buf, size_t n) {
  if (!type) return false;
  while (*type == '*' || *type == '&' || *type == '[' || *type == ']' || *type == ' ') type++;
  size_t len = 0;
  while (type[len] && type[len] != '<' && type[len] != '>' && type[len] != '[' && type[len] != '{' && type[len] != ' ' &&
         type[len] != '|' && type[len] != ',' && type[len] != '(')
    len++;
  const char *start = type;
  for (size_t i = 0; i < len; i++)
    if (type[i] == '.') start = type + i + 1; /* models.User → User */
  len -= (size_t)(start - type);
  if (!len || len >= n || !(isalpha((unsigned char)*start) || *start == '_')) return false;
  memcpy(buf, start, len);
  buf[len] = '\0';
  return true;
}

/* The bare name of a type text, interned for the module (borrowed). */
static const char *type_name_interned(ModCtx *mc, const char *type) {
  struct OrmKinds *ok = orm_state(mc);
  const char *hit = map_get_cstr(&ok->names, type);
  if (hit) return *hit ? hit : NULL;
  char buf[128];
  const char *name = ormkinds_type_name(type, buf, sizeof buf) ? arena_strdup(mc->cache, buf) : "";
  map_set_cstr(&ok->names, arena_strdup(mc->cache, type), (void *)name);
  return *name ? name : NULL;
}

const OrmSpec *ormkinds_spec(const ModCtx *mc, VKind k) {
  bool client = k.kind == AK_POOL || k.kind == AK_TX || k.kind == AK_CLIENT || k.kind == AK_CONNECTION ||
                k.kind == AK_MODULE || k.kind == AK_MODEL;
  return client && k.lib >= 0 ? apispec_lib_data(&mc->engine->spec, k.lib) : NULL;
}

/* A string constant that starts with prefix, ignoring case. */
static bool text_starts(const char *text, const char *prefix) {
  for (; *prefix; prefix++, text++)
    if (tolower((unsigned char)*text) != tolower((unsigned char)*prefix)) return false;
  return true;
}

static bool when_holds(const OrmEntry *e, const IrCall *c) {
  if (e->when_arg < 0) return true;
  const IrValue *v = kinds_call_arg(c, e->when_arg);
  if (!v) return false;
  if (e->when_is) return v->kind == IR_V_STRING && v->text && text_starts(v->text, e->when_is);
  char buf[96];
  return v->obj && ormkinds_type_name(v->obj->type, buf, sizeof buf) && strcmp(buf, e->when_type) == 0;
}

const OrmEntry *ormkinds_entry(const OrmSpec *spec, OrmRole role, uint8_t recv_kind, const IrCall *c,
                               const char *method) {
  for (const OrmEntry *e = ormspec_find(spec, role, method); e; e = ormspec_next(spec, e)) {
    if (role == ORM_ON_CLIENT && !(e->receivers & (1u << recv_kind))) continue;
    if (when_holds(e, c)) return e;
  }
  return NULL;
}

const IrValue *ormkinds_ref(const IrCall *c, OrmArgRef r) {
  const IrValue *v = r.arg >= 0 || r.arg == -1 ? kinds_call_arg(c, r.arg) : NULL;
  if (!v || !r.key) return v;
  for (uint32_t i = 0; v->obj && i < v->obj->n_members; i++)
    if (v->obj->members[i].key && strcmp(v->obj->members[i].key, r.key) == 0) return &v->obj->members[i];
  return NULL;
}

/* Section - Tables a value names */

/* JS: the name an entity class or table object is declared under, when the
** path names one: an import (by its exported name), a class of the module, a
** member of a namespace import (`schema.users`). */
static const char *js_entity_name(ModCtx *mc, const char *path) {
  const char *dot = strchr(path, '.');
  char root[128];
  size_t n = dot ? (size_t)(dot - path) : strlen(path);
  if (n >= sizeof root) return NULL;
  memcpy(root, path, n);
  root[n] = '\0';
  const IrImport *imp = kinds_import_find(mc, root);
  if (imp && dot) return strcmp(imp->imported, "*") == 0 && !strchr(dot + 1, '.') ? dot + 1 : NULL;
  if (imp) return strcmp(imp->imported, "default") == 0 || strcmp(imp->imported, "*") == 0 ? imp->local : imp->imported;
  const OrmClass *oc = dot ? NULL : map_get_cstr(&orm_state(mc)->classes, path);
  if (oc) return oc->name;
  for (uint32_t i = 0; !dot && i < mc->m->n_funcs; i++)
    if (mc->m->funcs[i].class_name && strcmp(mc->m->funcs[i].class_name, path) == 0) return mc->m->funcs[i].class_name;
  return NULL;
}

const char *ormkinds_table_of(ModCtx *mc, uint32_t fi, const IrValue *v) {
  if (!v) return NULL;
  if (v->kind == IR_V_STRING) return v->text && *v->text ? v->text : NULL;
  if (v->kind == IR_V_OTHER && v->obj && v->obj->type) return type_name_interned(mc, v->obj->type);
  if (v->kind == IR_V_OTHER && (v->flags & IR_VF_ADDR_OF) && v->n_subs == 1) return ormkinds_table_of(mc, fi, &v->subs[0]);
  if (v->kind != IR_V_PATH || !v->text) return NULL;
  VKind k = kinds_lookup(mc, fi, v->text);
  if (k.kind == AK_MODEL) return k.ref;
  if (is_js(mc)) return js_entity_name(mc, v->text);
  if (mc->m->lang != IR_LANG_GO) return NULL;
  const char *t = kinds_path_decl_type(mc, fi, v->text);
  if (!t) t = gotypes_path_ctype(mc, fi, v->text);
  size_t n = strlen(v->text);
  if (!t && n > 3 && n < 256 && strcmp(v->text + n - 3, ".[]") == 0) { /* `&p.Items[i]`: the slice's element */
    char slice[256];
    memcpy(slice, v->text, n - 3), slice[n - 3] = '\0';
    t = kinds_path_decl_type(mc, fi, slice);
    if (t && strncmp(t, "[]", 2) != 0) t = NULL;
  }
  return t ? type_name_interned(mc, t) : NULL;
}

/* Section - Model classes */

/* The table class cls declares with a `declares_table` call of its library
** at the module's top level (`User.init(attrs, { tableName: 'users' })`), or NULL. */
static const char *declared_table(ModCtx *mc, const OrmSpec *spec, const char *cls) {
  if (!mc->m->n_funcs) return NULL;
  /* A class a function declares (`module.exports.User`, a model factory's):
  ** its init call is in that function, on the bare name. */
  const char *dot = strrchr(cls, '.');
  const IrFunc *top = &mc->m->funcs[0];
  for (uint32_t f = 1; dot && f < mc->m->n_funcs; f++)
    if (mc->m->funcs[f].name && strlen(mc->m->funcs[f].name) == (size_t)(dot - cls) &&
        strncmp(mc->m->funcs[f].name, cls, (size_t)(dot - cls)) == 0)
      top = &mc->m->funcs[f], cls = dot + 1;
  for (uint32_t b = 0; b < top->n_blocks; b++)
    for (uint32_t i = 0; i < top->blocks[b].n_instrs; i++) {
      const IrInstr *in = &top->blocks[b].instrs[i];
      if (in->kind != IR_CALL || !in->u.call.name || in->u.call.recv.kind != IR_V_PATH ||
          strcmp(in->u.call.recv.text, cls) != 0)
        continue;
      const OrmEntry *e = ormkinds_entry(spec, ORM_ON_MODEL, 0, &in->u.call, in->u.call.name);
      const IrValue *t = e && e->declares.arg >= 0 ? ormkinds_ref(&in->u.call, e->declares) : NULL;
      if (t && t->kind == IR_V_STRING && t->text && *t->text) return t->text;
    }
  return NULL;
}

/* What the base clause base makes of a class: a model base of a library
** (its data section), a model, or a modelled class (creating what it does). */
static VKind base_kind(ModCtx *mc, const char *base, int depth) {
  char name[128];
  size_t n = 0;
  while (base[n] && base[n] != '<' && base[n] != ' ' && n + 1 < sizeof name) n++;
  memcpy(name, base, n);
  name[n] = '\0';
  const char *dot = strchr(name, '.');
  char root[128];
  snprintf(root, sizeof root, "%.*s", (int)(dot ? (size_t)(dot - name) : n), name);
  const IrImport *imp = kinds_import_find(mc, root);
  if (imp) {
    int lib = apispec_find_module(&mc->engine->spec, imp->specifier, NULL);
    const OrmSpec *spec = apispec_lib_data(&mc->engine->spec, lib);
    const char *imported = dot ? dot + 1 : imp->imported;
    if (spec && ormspec_listed(&spec->model_bases, imported)) return (VKind){AK_MODEL, (int8_t)lib, 0, NULL};
  }
  if (!dot && map_get_cstr(&orm_state(mc)->classes, name) && depth < ORMKINDS_MAX_BASES) {
    OrmClass *oc = map_get_cstr(&orm_state(mc)->classes, name);
    if (oc->computing) return vk_none;
    oc->computing = true;
    VKind k = base_kind(mc, oc->base, depth + 1);
    oc->computing = false;
    return k;
  }
  VKind k = kinds_lookup(mc, 0, name);
  if (k.kind == AK_MODEL || (k.kind == AK_CLASS && k.lib >= 0)) return k;
  return vk_none;
}

VKind ormkinds_class(ModCtx *mc, const char *name) {
  if (!is_js(mc) || !name) return vk_none;
  OrmClass *oc = map_get_cstr(&orm_state(mc)->classes, name);
  if (!oc || oc->computing) return vk_none;
  if (oc->computed) return oc->kind;
  oc->computing = true;
  VKind k = base_kind(mc, oc->base, 0);
  oc->computing = false;
  if (k.kind == AK_MODEL) {
    const OrmSpec *spec = apispec_lib_data(&mc->engine->spec, k.lib);
    const char *table = spec ? declared_table(mc, spec, name) : NULL;
    const char *bare = strrchr(oc->name, '.');
    k.ref = table ? table : bare ? bare + 1 : oc->name;
  }
  oc->kind = k;
  oc->computed = true;
  return k;
}

/* Section - Types */

VKind ormkinds_type_kind(ModCtx *mc, const char *type) {
  if (!is_js(mc) || strchr(type, '|') || strchr(type, '&')) return vk_none;
  char name[128];
  size_t n = 0;
  while (type[n] && type[n] != '<' && type[n] != ' ' && type[n] != '[' && n + 1 < sizeof name) n++;
  memcpy(name, type, n);
  name[n] = '\0';
  if (type[n] == '<') { /* Repository<User>: a library type of kind model, the entity its argument */
    const char *dot = strchr(name, '.');
    char root[128];
    snprintf(root, sizeof root, "%.*s", (int)(dot ? (size_t)(dot - name) : n), name);
    const IrImport *imp = kinds_import_find(mc, root);
    int lib = imp ? apispec_find_module(&mc->engine->spec, imp->specifier, NULL) : -1;
    const char *tname = dot ? dot + 1 : imp ? imp->imported : NULL;
    if (lib < 0 || !tname || apispec_type_kind_in(&mc->engine->spec, lib, imp->specifier, tname) != AK_MODEL)
      return vk_none;
    return (VKind){AK_MODEL, (int8_t)lib, 0, type_name_interned(mc, type + n + 1)};
  }
  if (type[n] || strchr(name, '.')) return vk_none;
  /* An instance of a class that extends a modelled class: what that class creates. */
  VKind k = kinds_import_find(mc, name) || map_get_cstr(&orm_state(mc)->classes, name) ? kinds_lookup(mc, 0, name)
                                                                                          : vk_none;
  if (k.kind == AK_CLASS && k.lib >= 0 && (k.creates & ~VK_CALLABLE))
    return (VKind){(uint8_t)(k.creates & ~VK_CALLABLE), k.lib, 0, NULL};
  return vk_none;
}

/* Section - Calls */

/* The library data and the member rule that hand on path as a client
** (`dataSource.manager`), into *k; false when none does. */
static bool member_client(ModCtx *mc, uint32_t fi, const char *path, VKind *k) {
  const char *dot = strrchr(path, '.');
  if (!dot) return false;
  char prefix[256];
  snprintf(prefix, sizeof prefix, "%.*s", (int)(dot - path), path);
  VKind pk = kinds_lookup(mc, fi, prefix);
  const OrmSpec *spec = ormkinds_spec(mc, pk);
  for (uint32_t i = 0; spec && i < spec->members.len; i++) {
    const OrmMember *m = &spec->members.items[i];
    if (m->gives == ORM_GIVES_CLIENT && !m->prefix && (m->receivers & (1u << pk.kind)) && strcmp(m->name, dot + 1) == 0) {
      *k = pk;
      return true;
    }
  }
  return false;
}

/* The entry that makes call c give a model (a client's or a module
** function's link), with its library; NULL when none. */
static const OrmEntry *model_link(ModCtx *mc, uint32_t fi, const IrCall *c, int *lib) {
  const OrmSpec *spec = NULL;
  const OrmEntry *e = NULL;
  if (c->recv.kind == IR_V_PATH && c->name) {
    VKind rk = kinds_lookup(mc, fi, c->recv.text);
    if (!ormkinds_spec(mc, rk) || rk.kind == AK_MODEL || rk.kind == AK_MODULE) member_client(mc, fi, c->recv.text, &rk);
    spec = rk.kind != AK_MODEL ? ormkinds_spec(mc, rk) : NULL;
    e = spec ? ormkinds_entry(spec, rk.kind == AK_MODULE ? ORM_ON_MODULE : ORM_ON_CLIENT, rk.kind, c, c->name) : NULL;
    *lib = rk.lib;
  } else if (c->recv.kind == IR_V_NONE && c->callee && !strchr(c->callee, '.')) {
    const IrImport *imp = kinds_import_find(mc, c->callee); /* import { pgTable } from 'drizzle-orm/pg-core' */
    *lib = imp ? apispec_find_module(&mc->engine->spec, imp->specifier, NULL) : -1;
    spec = apispec_lib_data(&mc->engine->spec, *lib);
    e = spec && imp->imported ? ormkinds_entry(spec, ORM_ON_MODULE, AK_MODULE, c, imp->imported) : NULL;
  }
  return e && e->gives == ORM_GIVES_MODEL ? e : NULL;
}

static const char *entry_table(ModCtx *mc, uint32_t fi, const OrmEntry *e, const IrCall *c) {
  for (uint8_t t = 0; t < e->n_table; t++) {
    const char *name = ormkinds_table_of(mc, fi, ormkinds_ref(c, e->table[t]));
    if (name) return name;
  }
  return NULL;
}

/* A model factory's call (`UserModel(sequelize, DataTypes)`, its summary's
** ret_link_param): a model when the argument it calls the link on is a
** client of a library whose link of that name gives one. */
static bool factory_model(ModCtx *mc, uint32_t fi, const IrCall *c, CallEval *ev) {
  const FuncSummary *s = ev->sum;
  const IrValue *arg = kinds_call_arg(c, s->ret_link_param - 1);
  VKind k = arg && arg->kind == IR_V_PATH ? kinds_lookup(mc, fi, arg->text) : vk_none;
  const OrmSpec *spec = k.kind != AK_MODEL && k.kind != AK_MODULE ? ormkinds_spec(mc, k) : NULL;
  const OrmEntry *e = spec ? ormspec_find(spec, ORM_ON_CLIENT, s->ret_link_method) : NULL;
  for (; e; e = ormspec_next(spec, e))
    if ((e->receivers & (1u << k.kind)) && e->when_arg < 0 && e->gives == ORM_GIVES_MODEL) break;
  if (!e) return false;
  ev->result = (VKind){AK_MODEL, k.lib, 0, s->model_table[0] ? s->model_table : NULL};
  return true;
}

void ormkinds_eval_call(ModCtx *mc, uint32_t fi, const IrCall *c, CallEval *ev) {
  if (ev->sum && ev->sum->ret_link_param && ev->result.kind == AK_UNKNOWN && factory_model(mc, fi, c, ev)) return;
  if (ev->sum && ev->sum->ret_kind == AK_MODEL) {
    const IrValue *arg = ev->sum->ret_model_param ? kinds_call_arg(c, ev->sum->ret_model_param - 1) : NULL;
    const char *table = arg ? ormkinds_table_of(mc, fi, arg) : ev->sum->model_table[0] ? ev->sum->model_table : NULL;
    ev->result = (VKind){AK_MODEL, ev->sum->ret_lib, 0, table};
    return;
  }
  if (ev->result.kind != AK_UNKNOWN || ev->model || ev->sum || !c->callee) return;
  int lib = -1;
  const OrmEntry *e = model_link(mc, fi, c, &lib);
  if (!e) return;
  ev->result = (VKind){AK_MODEL, (int8_t)lib, 0, entry_table(mc, fi, e, c)};
  ev->lib = lib;
}

/* The call whose first result is path in function fi (the last one), or NULL. */
static const IrCall *defining_call(const IrFunc *fn, const char *path) {
  const IrCall *found = NULL;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_CALL && in->u.call.n_results && in->u.call.results[0].kind == IR_V_PATH &&
          strcmp(in->u.call.results[0].text, path) == 0)
        found = &in->u.call;
    }
  return found;
}

/* The data section of some library whose client link named method gives a
** model (Sequelize's define), with that entry into *e; NULL when none. */
static const OrmSpec *link_giving_model(ModCtx *mc, const char *method, const OrmEntry **e) {
  for (int lib = 0; (uint32_t)lib < mc->engine->spec.libs.len; lib++) {
    const OrmSpec *spec = apispec_lib_data(&mc->engine->spec, lib);
    for (*e = spec ? ormspec_find(spec, ORM_ON_CLIENT, method) : NULL; *e; *e = ormspec_next(spec, *e))
      if ((*e)->gives == ORM_GIVES_MODEL && (*e)->when_arg < 0) return spec;
  }
  return NULL;
}

/* JS: `return p.define('t_user', …)` (through a local) where p is a
** parameter of no known kind: a model factory, whose callers pass the client
** (the sequelize-cli layout, `module.exports = (sequelize, DataTypes) => …`). */
static void summary_factory(ModCtx *mc, uint32_t fi, const char *ret, FuncSummary *s) {
  const IrFunc *fn = &mc->m->funcs[fi];
  const IrCall *def = is_js(mc) ? defining_call(fn, ret) : NULL;
  if (!def || !def->name || def->recv.kind != IR_V_PATH || strchr(def->recv.text, '.') ||
      strlen(def->name) >= sizeof s->ret_link_method || kinds_lookup(mc, fi, def->recv.text).kind != AK_UNKNOWN)
    return;
  int p = -1;
  for (uint32_t i = 0; i < fn->n_params && i < 0xfe && p < 0; i++)
    if (fn->params[i].name && strcmp(fn->params[i].name, def->recv.text) == 0) p = (int)i;
  const OrmEntry *e = NULL;
  if (p < 0 || !link_giving_model(mc, def->name, &e)) return;
  const char *table = entry_table(mc, fi, e, def);
  s->ret_link_param = (uint8_t)(p + 1);
  snprintf(s->ret_link_method, sizeof s->ret_link_method, "%s", def->name);
  snprintf(s->model_table, sizeof s->model_table, "%s", table ? table : "");
}

void ormkinds_summary(ModCtx *mc, uint32_t fi, FuncSummary *s) {
  const IrFunc *fn = &mc->m->funcs[fi];
  if (s->ret_kind != AK_UNKNOWN || (fn->flags & IR_FUNC_TOPLEVEL)) return;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    if (t->kind != IR_T_RET || !t->n_values || t->values[0].kind != IR_V_PATH) continue;
    VKind k = kinds_lookup(mc, fi, t->values[0].text);
    if (k.kind == AK_UNKNOWN && !s->ret_link_param) summary_factory(mc, fi, t->values[0].text, s);
    if (k.kind != AK_MODEL) continue;
    s->ret_kind = AK_MODEL;
    s->ret_lib = k.lib;
    if (k.ref) snprintf(s->model_table, sizeof s->model_table, "%s", (const char *)k.ref);
    /* `return dataSource.getRepository(target)`: the table is the caller's argument. */
    const IrCall *def = defining_call(fn, t->values[0].text);
    int lib = -1;
    const OrmEntry *e = def ? model_link(mc, fi, def, &lib) : NULL;
    const IrValue *arg = e && e->n_table ? ormkinds_ref(def, e->table[0]) : NULL;
    for (uint32_t p = 0; arg && arg->kind == IR_V_PATH && p < fn->n_params && p < 0xfe; p++)
      if (strcmp(fn->params[p].name, arg->text) == 0) s->ret_model_param = (uint8_t)(p + 1), s->model_table[0] = '\0';
    return;
  }
}

/* Section - Managed transactions */

static bool names_serializable(const IrValue *v, int depth) {
  if (!v || depth > 6) return false;
  if ((v->kind == IR_V_STRING || v->kind == IR_V_PATH) && v->text) {
    const char *dot = v->kind == IR_V_PATH ? strrchr(v->text, '.') : NULL;
    const char *word = dot ? dot + 1 : v->text;
    if (strncmp(word, "Level", 5) == 0) word += 5; /* Go sql.LevelSerializable */
    return text_starts(word, "serializable") && strlen(word) == 12;
  }
  for (uint32_t i = 0; v->kind == IR_V_OTHER && i < v->n_subs; i++)
    if (names_serializable(&v->subs[i], depth + 1)) return true;
  for (uint32_t i = 0; v->obj && i < v->obj->n_members; i++)
    if (names_serializable(&v->obj->members[i], depth + 1)) return true;
  return false;
}

bool ormkinds_names_serializable(const IrValue *v) { return names_serializable(v, 0); }

void ormkinds_tx_callback(ModCtx *mc, const IrCall *c, const ApiCall *mdl, int lib, FnInfo *cb) {
  bool ser = false;
  for (uint32_t a = 0; a < c->n_args && !ser; a++) ser = names_serializable(&c->args[a], 0);
  if (ser && !cb->tx_serializable) cb->tx_serializable = true, mc->changed = true;
  if (mdl->cb_param < 0 || cb->tx_param == mdl->cb_param) return;
  cb->tx_param = (int8_t)mdl->cb_param;
  cb->tx_param_kind = (uint8_t)mdl->cb_param_kind;
  cb->tx_param_lib = (int8_t)lib;
  mc->changed = true;
}

/* Section - Object literals of models */

/* The object literal last assigned to variable path in fn, or NULL. */
static const IrObject *defining_object(const IrFunc *fn, const char *path) {
  const IrObject *found = NULL;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && in->u.assign.src.obj &&
          strcmp(in->u.assign.dst.text, path) == 0)
        found = in->u.assign.src.obj;
    }
  return found;
}

static void object_models(ModCtx *mc, uint32_t fi, const IrObject *obj, OrmkindsMemberFn cb, void *ud, int depth) {
  for (uint32_t i = 0; obj && i < obj->n_members && depth < 4; i++) {
    const IrValue *v = &obj->members[i];
    if (v->kind != IR_V_PATH || !v->text) continue;
    if (v->flags & IR_VF_SPREAD) { /* `{ ...models, sequelize }`: the spread object's members */
      if (!strchr(v->text, '.')) object_models(mc, fi, defining_object(&mc->m->funcs[fi], v->text), cb, ud, depth + 1);
      continue;
    }
    VKind k = v->key ? kinds_lookup(mc, fi, v->text) : vk_none;
    if (k.kind == AK_MODEL) cb(ud, v->key, k);
  }
}

void ormkinds_object_models(ModCtx *mc, uint32_t fi, const IrValue *v, OrmkindsMemberFn cb, void *ud) {
  if (!is_js(mc) || !v) return;
  const IrObject *obj = v->obj;
  if (!obj && v->kind == IR_V_PATH && v->text && !strchr(v->text, '.')) obj = defining_object(&mc->m->funcs[fi], v->text);
  object_models(mc, fi, obj, cb, ud, 0);
}
