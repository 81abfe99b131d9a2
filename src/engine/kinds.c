/* kinds: what each access path holds (pool, client, connection, a library
** module or class, a project module, a function with a summary), where
** resources are acquired, and what each instruction does to them.
**
** Value kinds come only from how a value was made (`new Pool`, a modelled
** call, a wrapper whose summary returns one), how it was declared (a TS
** annotation whose type resolves through the module's imports to a modelled
** library), what it was imported as (a library, or a project module's
** published exports), or what same-file callers pass to an untyped parameter
** (every `new C(…)`, for a constructor's). Never from a variable's name.
**
** Inference is flow-insensitive per function (a variable rarely holds two
** kinds) and runs in rounds over the module until function summaries and
** class-field kinds stop changing (bounded), so same-file wrappers work in
** any order. */
#include <stdio.h>
#include <string.h>

#include "base/check.h"
#include "engine/analysis.h"
#include "engine/capi.h"
#include "engine/ormops.h"

enum { KINDS_MAX_ROUNDS = 4, KINDS_MAX_CHAIN = 64 };

static const VKind vk_none = {AK_UNKNOWN, -1, 0, NULL};

bool kinds_is_temp(const char *p) { return p && p[0] == '%'; }

static PkgName *pkg_name(PkgCtx *pkg, const char *name, size_t len, bool create) {
  PkgName *pn = map_get(&pkg->names, name, len);
  if (!pn && create) {
    pn = ARENA_NEW(pkg->arena, PkgName);
    map_set(&pkg->names, name, len, pn);
  }
  return pn;
}

/* Notes that module function paths of file mc now has name (package_var_kind). */
static void pkg_note_path(ModCtx *mc, const char *name, size_t len) {
  uint32_t self = 0;
  while (self < mc->pkg->n_mods && mc->pkg->mods[self] != mc) self++;
  PkgName *pn = pkg_name(mc->pkg, name, len, true);
  for (uint32_t i = 0; i < pn->path_mods.len; i++)
    if (pn->path_mods.items[i] == self) return;
  array_push_in(mc->pkg->arena, &pn->path_mods, self);
}

static PathInfo *path_get(ModCtx *mc, uint32_t fi, const char *path, bool create) {
  FnInfo *F = &mc->fns[fi];
  size_t len = strlen(path);
  PathInfo *pi = map_get(&F->paths, path, len);
  if (!pi && create) {
    pi = ARENA_NEW(mc->arena, PathInfo);
    pi->kind = vk_none;
    map_set(&F->paths, path, len, pi);
    if (fi == 0 && mc->pkg && !memchr(path, '.', len)) pkg_note_path(mc, path, len);
  }
  return pi;
}

const PathInfo *kinds_path(const ModCtx *mc, uint32_t fi, const char *path) {
  return path ? map_get_cstr(&mc->fns[fi].paths, path) : NULL;
}

const IrVar *kinds_fn_decl(const ModCtx *mc, uint32_t fi, const char *name) {
  return map_get_cstr(&mc->fns[fi].decls, name);
}

bool kinds_fn_declares(const ModCtx *mc, uint32_t fi, const char *name) { return kinds_fn_decl(mc, fi, name) != NULL; }

static void fn_index_decls(ModCtx *mc, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  Map *d = &mc->fns[fi].decls;
  map_init(d, mc->arena);
  for (uint32_t i = 0; i < fn->n_params; i++)
    if (!map_get_cstr(d, fn->params[i].name)) map_set_cstr(d, fn->params[i].name, (void *)&fn->params[i]);
  for (uint32_t i = 0; i < fn->n_locals; i++)
    if (!map_get_cstr(d, fn->locals[i].name)) map_set_cstr(d, fn->locals[i].name, (void *)&fn->locals[i]);
}

/* Section - Imports and declared types */

static VKind export_kind(const ExportEntry *e) {
  if (!e) return vk_none;
  VKind k = e->kind;
  if (k.kind == VK_FUNC) k.ref = &e->summary;
  if (k.kind == AK_MODEL) k.ref = e->summary.model_table; /* the table it names (ormkinds.c) */
  return k;
}

static VKind namespace_member_in(const ModCtx *mc, const ModuleSummary *s, const char *name, int depth) {
  const ExportEntry *e = module_summary_find(s, name);
  if (!e) {
    char buf[256];
    snprintf(buf, sizeof buf, "default.%s", name);
    e = module_summary_find(s, buf);
  }
  if (e && e->ns_path) { /* a namespace the module re-exports (`query.link.find` through `{ link }`),
                            or one export of another file it forwards */
    const ModuleSummary *ns = mc->project ? project_summary(mc->project, e->ns_path) : NULL;
    if (!ns || ns == s || depth > 8) return vk_none;
    return e->ns_member ? namespace_member_in(mc, ns, e->ns_member, depth + 1) : (VKind){VK_NAMESPACE, -1, 0, ns};
  }
  return export_kind(e);
}

static VKind namespace_member(const ModCtx *mc, const ModuleSummary *s, const char *name) {
  return namespace_member_in(mc, s, name, 0);
}

static VKind member_kind(ModCtx *mc, VKind base, const char *member);

/* What a module specifier imported as `imported` gives (uncached: see import_slot_value). */
static VKind import_value(ModCtx *mc, const char *spec, const char *imported) {
  const ApiModule *am = NULL;
  int lib = apispec_find_module(&mc->engine->spec, spec, &am);
  bool whole = !imported || strcmp(imported, "*") == 0 || strcmp(imported, "default") == 0;
  if (lib >= 0) {
    /* creates = module index + 1: module-receiver calls may be restricted to some specifiers. */
    int midx = apispec_module_index(&mc->engine->spec, lib, spec);
    VKind k = {AK_MODULE, (int8_t)lib, (uint8_t)(midx >= 0 && midx < 255 ? midx + 1 : 0), NULL};
    const char *cls = whole ? (am->value_class ? am->value_class : NULL) : imported;
    if (cls) {
      ApiKind value = whole ? AK_UNKNOWN : apispec_value_kind(&mc->engine->spec, lib, cls);
      if (value) return (VKind){(uint8_t)value, (int8_t)lib, 0, NULL};
      k = member_kind(mc, (VKind){AK_MODULE, (int8_t)lib, 0, NULL}, cls);
    }
    return k;
  }
  if (mc->m->lang == IR_LANG_GO) {
    /* A package of the module, by import path (its facts were published first). */
    const ModuleSummary *gs = project_go_package(mc->project, spec);
    return gs ? (VKind){VK_NAMESPACE, -1, 0, gs} : vk_none;
  }
  const char *target = project_resolve(mc->project, mc->m->path, spec);
  const ModuleSummary *s = project_summary(mc->project, target);
  if (!s) return vk_none;
  if (!imported || strcmp(imported, "*") == 0) {
    const ExportEntry *d = module_summary_find(s, "default");
    if (d && d->kind.kind != AK_UNKNOWN && d->kind.kind != VK_NAMESPACE) return export_kind(d);
    return (VKind){VK_NAMESPACE, -1, 0, s};
  }
  return namespace_member(mc, s, imported);
}

static ImportSlot *import_slot(const ModCtx *mc, const char *local) { return map_get_cstr(&mc->imports, local); }

const IrImport *kinds_import_find(const ModCtx *mc, const char *local) {
  const ImportSlot *slot = import_slot(mc, local);
  return slot ? slot->imp : NULL;
}

/* What the import binding local gives, resolved on first use. */
static VKind import_slot_value(ModCtx *mc, ImportSlot *slot) {
  if (!slot->resolved) {
    slot->value = import_value(mc, slot->imp->specifier, slot->imp->imported);
    if (slot->value.kind == AK_UNKNOWN && (slot->imp->flags & IR_IMPORT_LINKED))
      slot->value = fncall_linked_import(mc, slot->imp); /* C: a function of another translation unit */
    slot->resolved = true;
  }
  return slot->value;
}

/* `require("spec")`, resolved once per module. */
static VKind require_value(ModCtx *mc, const char *spec) {
  size_t len = strlen(spec);
  VKind *k = map_get(&mc->requires, spec, len);
  if (!k) {
    k = ARENA_NEW(mc->cache, VKind);
    *k = import_value(mc, spec, "*");
    map_set(&mc->requires, arena_strndup(mc->cache, spec, len), len, k);
  }
  return *k;
}

/* Resolves one declared type name ("Pool", "pg.PoolClient") through imports. */
static VKind type_name_kind(ModCtx *mc, const char *name, size_t len) {
  char buf[128];
  if (len == 0 || len >= sizeof buf) return vk_none;
  memcpy(buf, name, len);
  buf[len] = '\0';
  char *dot = strchr(buf, '.');
  const char *member = NULL;
  if (dot) {
    *dot = '\0';
    member = dot + 1;
  }
  const IrImport *imp = kinds_import_find(mc, buf);
  if (!imp) return vk_none;
  int lib = apispec_find_module(&mc->engine->spec, imp->specifier, NULL);
  if (lib < 0) return vk_none;
  const char *tname = member ? member : imp->imported;
  ApiKind k = apispec_type_kind_in(&mc->engine->spec, lib, imp->specifier, tname);
  return k ? (VKind){(uint8_t)k, (int8_t)lib, 0, NULL} : vk_none;
}

/* "PoolClient | undefined" → the client kind; a union of two modelled kinds
** stays unknown. */
VKind kinds_type_kind(ModCtx *mc, const char *type) {
  if (!type) return vk_none;
  if (mc->m->lang == IR_LANG_GO) return gotypes_ctype_kind(mc, gotypes_canon(mc, type));
  VKind ok = ormkinds_type_kind(mc, type); /* `Repository<User>`, a project subclass of PrismaClient */
  if (ok.kind != AK_UNKNOWN) return ok;
  VKind found = vk_none;
  const char *s = type;
  while (*s) {
    while (*s == ' ' || *s == '|' || *s == '*') s++; /* Go pointer types: *sql.DB */
    const char *e = s;
    while (*e && *e != '|' && *e != ' ' && *e != '<' && *e != '[') e++;
    size_t len = (size_t)(e - s);
    bool nullish = (len == 4 && !memcmp(s, "null", 4)) || (len == 9 && !memcmp(s, "undefined", 9));
    if (len && !nullish) {
      if (found.kind != AK_UNKNOWN || *e == '<' || *e == '[') return vk_none;
      found = type_name_kind(mc, s, len);
      if (found.kind == AK_UNKNOWN) return vk_none;
    }
    while (*e && *e != '|') e++;
    s = e;
  }
  return found;
}

/* Section - Go declared types and the package
**
** Go values are typed: `s.db` is a pool because s is declared `*Store` and
** the struct Store declares `db *sql.DB`. Struct fields become IrFields
** (owner, name, type); a variable's declared type is on its IrVar. With a
** package context the struct types, package variables and functions of
** every file of the package are visible. */

/* Indexes the module-scope declarations of every file of the package (once). */
static void pkg_index_decls(PkgCtx *pkg) {
  if (pkg->names_ready) return;
  pkg->names_ready = true;
  for (uint32_t k = 0; k < pkg->n_mods; k++) {
    const IrModule *m = pkg->mods[k]->m;
    if (!m->n_funcs) continue;
    for (uint32_t i = 0; i < m->funcs[0].n_locals; i++) {
      const IrVar *v = &m->funcs[0].locals[i];
      PkgName *pn = pkg_name(pkg, v->name, strlen(v->name), true);
      if (pn->decl_mods.len && pn->decl_mods.items[pn->decl_mods.len - 1] == k) continue;
      array_push_in(pkg->arena, &pn->decl_mods, k);
      array_push_in(pkg->arena, &pn->decl_vars, v);
    }
  }
}

/* The declared type text of variable name as seen from function fi: its
** parameters and locals, the enclosing functions', then the package's. */
const char *kinds_var_decl_type(ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; guard < KINDS_MAX_CHAIN; guard++) {
    const IrVar *v = kinds_fn_decl(mc, fi, name);
    if (v) return v->type;
    const IrFunc *fn = &mc->m->funcs[fi];
    if (fn->parent < 0) break;
    fi = (uint32_t)fn->parent;
  }
  if (!mc->pkg) return NULL;
  pkg_index_decls(mc->pkg);
  const PkgName *pn = pkg_name(mc->pkg, name, strlen(name), false);
  for (uint32_t i = 0; pn && i < pn->decl_mods.len; i++)
    if (mc->pkg->mods[pn->decl_mods.items[i]]->m != mc->m) return pn->decl_vars.items[i]->type;
  return NULL;
}

/* "Store" for "*Store" or "Store"; false for qualified or composite types. */
bool kinds_local_type_name(const char *type, char *buf, size_t n) {
  if (!type) return false;
  while (*type == '*') type++;
  size_t len = strlen(type);
  if (!len || len >= n) return false;
  for (size_t i = 0; i < len; i++) {
    char c = type[i];
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  memcpy(buf, type, len + 1);
  return true;
}

/* The declared type of an access path: a variable's type, then field by field. */
const char *kinds_path_decl_type(ModCtx *mc, uint32_t fi, const char *path) {
  const char *dot = strchr(path, '.');
  char head[128];
  size_t n = dot ? (size_t)(dot - path) : strlen(path);
  if (n >= sizeof head) return NULL;
  memcpy(head, path, n);
  head[n] = '\0';
  const char *type = kinds_var_decl_type(mc, fi, head);
  for (int guard = 0; dot && type && guard < 4; guard++) {
    const char *field = dot + 1;
    dot = strchr(field, '.');
    size_t fl = dot ? (size_t)(dot - field) : strlen(field);
    char owner[128], key[256];
    if (!kinds_local_type_name(type, owner, sizeof owner) || fl >= 100) return NULL;
    snprintf(key, sizeof key, "%s.%.*s", owner, (int)fl, field);
    type = map_get_cstr(mc->field_types, key);
  }
  return type;
}

/* `p.member` where p has a Go type (declared, or learned from what was
** assigned to it): the field's kind, or the method's summary, through
** pointers, named types and embedding, in this package or an imported one. */
static VKind struct_member(ModCtx *mc, uint32_t fi, const char *prefix, const char *member) {
  GoMember gm;
  if (!gotypes_member(mc, gotypes_path_ctype(mc, fi, prefix), member, &gm)) return vk_none;
  if (gm.method) return (VKind){VK_FUNC, -1, 0, gm.method};
  return gotypes_field_kind(mc, &gm, member);
}

/* A package variable declared in another file of the package. */
static VKind package_var_kind(ModCtx *mc, const char *name) {
  const PkgName *pn = mc->pkg ? pkg_name(mc->pkg, name, strlen(name), false) : NULL;
  uint32_t best = UINT32_MAX; /* the first file in package order that knows it */
  VKind k = vk_none;
  for (uint32_t i = 0; pn && i < pn->path_mods.len; i++) {
    uint32_t j = pn->path_mods.items[i];
    ModCtx *sib = mc->pkg->mods[j];
    if (j >= best || sib == mc || !sib->m->n_funcs || !sib->fns) continue;
    PathInfo *pi = map_get_cstr(&sib->fns[0].paths, name);
    if (pi && pi->kind.kind != AK_UNKNOWN) best = j, k = pi->kind;
  }
  return k;
}

/* Section - Lookup */

static VKind member_kind(ModCtx *mc, VKind base, const char *member) {
  if (base.kind == AK_MODULE) {
    const ApiSpec *spec = &mc->engine->spec;
    ApiKind made = apispec_class_kind(spec, base.lib, member);
    uint8_t callable = apispec_class_callable(spec, base.lib, member) ? VK_CALLABLE : 0;
    if (made) return (VKind){AK_CLASS, base.lib, (uint8_t)(made | callable), NULL};
    ApiKind value = apispec_value_kind(spec, base.lib, member);
    if (value) return (VKind){(uint8_t)value, base.lib, 0, NULL};
    return vk_none;
  }
  if (base.kind == VK_NAMESPACE) return namespace_member(mc, base.ref, member);
  /* A module whose value is a class (module.exports = Sequelize) also exports
  ** its classes on it: `require('sequelize').Sequelize`. Only classes, so a
  ** class's own statics still resolve as before. */
  if (base.kind == AK_CLASS && base.lib >= 0) {
    VKind k = member_kind(mc, (VKind){AK_MODULE, base.lib, 0, NULL}, member);
    if (k.kind == AK_CLASS) return k;
  }
  return vk_none;
}

static VKind this_member(ModCtx *mc, uint32_t fi, const char *member) {
  const IrFunc *fn = &mc->m->funcs[fi];
  /* Arrow functions see the enclosing method's `this`. */
  for (int guard = 0; fn && !fn->class_name && (fn->flags & IR_FUNC_ARROW) && fn->parent >= 0 &&
                      guard < KINDS_MAX_CHAIN;
       guard++)
    fn = &mc->m->funcs[fn->parent];
  if (!fn || !fn->class_name) return vk_none;
  char key[256];
  snprintf(key, sizeof key, "%s.%s", fn->class_name, member);
  VKind *k = map_get_cstr(mc->class_fields, key);
  if (k) return *k;
  FnInfo *F = map_get_cstr(mc->func_by_name, key);
  if (F) return (VKind){VK_FUNC, -1, 0, &F->summary};
  return jsstate_inherited_member(mc, fn->class_name, member);
}

/* A class function fn declares (a model factory's `class User extends
** Model`), recorded under the function's name: what it is as a model. */
static VKind local_class(ModCtx *mc, const IrFunc *fn, const char *name) {
  char qualified[256];
  if (!fn->name || (size_t)snprintf(qualified, sizeof qualified, "%s.%s", fn->name, name) >= sizeof qualified)
    return vk_none;
  return ormkinds_class(mc, qualified);
}

static VKind name_kind(ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; guard < KINDS_MAX_CHAIN; guard++) {
    const IrFunc *fn = &mc->m->funcs[fi];
    PathInfo *pi = path_get(mc, fi, name, false);
    if (pi && pi->kind.kind != AK_UNKNOWN) return pi->kind;
    /* A parameter or local of a function shadows the module's imports and
    ** functions of that name (`sql.begin(async (sql) => …)`). */
    if (kinds_fn_declares(mc, fi, name) && fn->parent >= 0) return local_class(mc, fn, name);
    if (fn->parent < 0) break;
    fi = (uint32_t)fn->parent;
  }
  ImportSlot *slot = import_slot(mc, name);
  if (slot) return import_slot_value(mc, slot);
  FnInfo *F = map_get_cstr(mc->func_by_name, name);
  if (F) return (VKind){VK_FUNC, -1, 0, &F->summary};
  VKind ck = ormkinds_class(mc, name); /* a model class, a subclass of a modelled class */
  if (ck.kind != AK_UNKNOWN) return ck;
  VKind pk = package_var_kind(mc, name);
  if (pk.kind != AK_UNKNOWN || mc->m->lang == IR_LANG_GO || kinds_fn_declares(mc, 0, name)) return pk;
  /* A JS global no declaration shadows: `console` is the console library. */
  int glib = apispec_find_global(&mc->engine->spec, name);
  return glib >= 0 ? (VKind){AK_MODULE, (int8_t)glib, 0, NULL} : pk;
}

VKind kinds_lookup(ModCtx *mc, uint32_t fi, const char *path) {
  if (!path) return vk_none;
  PathInfo *pi = path_get(mc, fi, path, false);
  if (pi && pi->kind.kind != AK_UNKNOWN) return pi->kind;
  const char *dot = strrchr(path, '.');
  if (!dot) return name_kind(mc, fi, path);
  char prefix[256];
  size_t n = (size_t)(dot - path);
  if (n >= sizeof prefix) return vk_none;
  memcpy(prefix, path, n);
  prefix[n] = '\0';
  if (strcmp(prefix, "this") == 0) return this_member(mc, fi, dot + 1);
  VKind base = kinds_lookup(mc, fi, prefix);
  if (base.kind == AK_UNKNOWN && mc->m->lang == IR_LANG_GO) return struct_member(mc, fi, prefix, dot + 1);
  VKind mk = base.kind == AK_UNKNOWN && !strchr(prefix, '.') ? jsstate_static_member(mc, fi, prefix, dot + 1)
                                                              : member_kind(mc, base, dot + 1);
  if (mk.kind == AK_UNKNOWN && (base.kind == AK_UNKNOWN || base.kind >= AK_COUNT)) /* not a modelled handle */
    return jsinstance_member(mc, fi, prefix, dot + 1); /* `this.db.createUser`, `repo.find`: a project class's */
  return mk;
}

/* Section - Calls */

const IrValue *kinds_call_arg(const IrCall *c, int idx) {
  if (idx < 0) idx = (int)c->n_args + idx;
  return idx >= 0 && (uint32_t)idx < c->n_args ? &c->args[idx] : NULL;
}

/* apispec_find_call_when's test: argument i of the call is the string s. */
static bool call_arg_is(const void *ud, int i, const char *s) {
  const IrValue *v = kinds_call_arg(ud, i);
  return v && v->kind == IR_V_STRING && v->text && strcmp(v->text, s) == 0;
}

/* The callback argument of an acquire that has one: the callback form
** (`pool.connect((err, client) => …)`), a managed transaction (knex's
** `transaction(async trx => …)`: nothing is acquired), or, awaited with its
** result used, the promise form of an API that ignores the callback. */
static void eval_model_callback(const IrCall *c, const ApiCall *mdl, CallEval *ev) {
  const IrValue *cb = kinds_call_arg(c, mdl->cb_arg);
  if (!cb || (cb->kind != IR_V_FUNC && !(mdl->cb_managed && cb->kind == IR_V_PATH))) return;
  if (mdl->cb_managed) {
    ev->effect = AE_NONE;
    ev->result = vk_none;
    return;
  }
  bool used = c->n_results && c->results[0].kind == IR_V_PATH;
  if (cb->func < 0 || (mdl->cb_awaited_promise && (c->flags & IR_CALL_AWAITED) && used)) return;
  ev->callback_form = true;
  ev->callback_func = cb->func;
  ev->result = vk_none;
}

static void eval_model_call(ModCtx *mc, const IrCall *c, VKind rk, CallEval *ev) {
  const char *spec = rk.kind == AK_MODULE && rk.creates ? apispec_module_spec(&mc->engine->spec, rk.lib, rk.creates - 1)
                                                         : NULL;
  const char *method = c->name ? c->name : "()";
  const ApiCall *mdl =
      apispec_find_call_when(&mc->engine->spec, rk.lib, (ApiKind)rk.kind, spec, method, call_arg_is, c);
  if (!mdl) return;
  ev->model = mdl;
  ev->lib = rk.lib;
  ev->effect = mdl->effect;
  if (mdl->effect == AE_CREATE || mdl->effect == AE_ACQUIRE) ev->result = (VKind){mdl->result, rk.lib, 0, NULL};
  if (mdl->returns_receiver) ev->result = (VKind){mdl->result ? mdl->result : rk.kind, rk.lib, 0, NULL};
  if (mdl->result == AK_CLASS) ev->result = (VKind){AK_CLASS, rk.lib, (uint8_t)(mdl->result_creates | VK_CALLABLE), NULL};
  if (mdl->effect == AE_ACQUIRE && mdl->has_callback) eval_model_callback(c, mdl, ev);
}

/* Go: a call on a value whose type says what the method does — an interface
** method declared to return a resource (`QueryContext(…) (*sql.Rows,
** error)`) acquires it, whatever implements the interface; a method a struct
** promotes from an embedded modelled handle (`type DB struct{ *sql.DB }`) is
** that handle's. */
static void eval_typed_call(ModCtx *mc, uint32_t fi, const IrCall *c, CallEval *ev) {
  GoMember gm;
  if (!gotypes_member(mc, gotypes_path_ctype(mc, fi, c->recv.text), c->name, &gm)) return;
  if (gm.promoted.kind != AK_UNKNOWN) {
    ev->recv_kind = gm.promoted.kind;
    eval_model_call(mc, c, gm.promoted, ev);
    return;
  }
  if (!gm.iface) return;
  ev->sum = gotypes_iface_impl(mc, &gm, c->name); /* what it does to its arguments */
  ev->ret_ctype = gm.iface->ctype;
  VKind rk = gotypes_ctype_kind(mc, gm.iface->ctype);
  if (!kinds_is_handle(rk.kind)) return;
  ev->result = (VKind){rk.kind, rk.lib, 0, NULL};
  ev->lib = rk.lib;
  if (rk.kind != AK_POOL) ev->effect = AE_ACQUIRE;
}

/* `import { createPool } from 'mysql2'; createPool()`: the module's function by
** its own name, into *ev; true when it has a model. */
static bool eval_imported_function(ModCtx *mc, uint32_t fi, const IrCall *c, CallEval *ev) {
  const ImportSlot *slot = import_slot(mc, c->callee);
  int lib = slot ? apispec_find_module(&mc->engine->spec, slot->imp->specifier, NULL) : -1;
  if (lib < 0 || !slot->imp->imported || strcmp(slot->imp->imported, "default") == 0 ||
      strcmp(slot->imp->imported, "*") == 0 || kinds_fn_declares(mc, fi, c->callee))
    return false;
  int midx = apispec_module_index(&mc->engine->spec, lib, slot->imp->specifier);
  IrCall named = *c;
  named.name = slot->imp->imported;
  eval_model_call(mc, &named, (VKind){AK_MODULE, (int8_t)lib, (uint8_t)(midx >= 0 && midx < 255 ? midx + 1 : 0), NULL},
                  ev);
  if (!ev->model) return false;
  ev->recv_kind = AK_MODULE;
  return true;
}

/* The argument a "returns parameter i" callee hands back as its result, or
** NULL. Go's `f(g())` passes g's results as f's parameters: one argument
** (g's first result) for a callee that takes several. */
const IrValue *kinds_ret_param_arg(const IrCall *c, const FuncSummary *s) {
  if (!s || s->ret_param == 0 || s->ret_param == RET_PARAM_MIXED) return NULL;
  uint32_t idx = s->ret_param - 1u;
  if (c->n_args == 1 && s->n_params > 1) return idx == 0 ? &c->args[0] : NULL;
  return idx < c->n_args ? &c->args[idx] : NULL;
}

static CallEval eval_call(ModCtx *mc, uint32_t fi, const IrCall *c);

/* A wrapper that hands its callback a client and its release (cbwrap.c):
** with a function literal there, the call is a callback acquire. */
static void eval_wrapper_callback(const IrCall *c, CallEval *ev) {
  const IrValue *cb = ev->sum->cb_acq_param ? kinds_call_arg(c, ev->sum->cb_acq_param - 1) : NULL;
  if (!cb || cb->kind != IR_V_FUNC || cb->func < 0) return;
  ev->effect = AE_ACQUIRE;
  ev->lib = ev->sum->cb_acq_lib;
  ev->callback_form = true;
  ev->callback_func = cb->func;
}

static CallEval eval_fresh(ModCtx *mc, uint32_t fi, const IrCall *c) {
  CallEval ev = eval_call(mc, fi, c);
  ormkinds_eval_call(mc, fi, c, &ev); /* results that are models */
  return ev;
}

/* Once the rounds are over, kinds are final and so is what each call is; the
** passes after them (pool sites, connection security, facts, the rules) ask
** about each call several times. kinds_freeze evaluates every call
** instruction of the module once, into this table keyed by its address; a
** call that is not an instruction of the IR (a copy a pass made) is
** evaluated anew. */
typedef struct EvalSlot {
  const IrCall *call; /* NULL: empty */
  uint32_t fi;
  CallEval ev;
} EvalSlot;

typedef struct EvalCache {
  EvalSlot *slots;
  uint32_t mask;
} EvalCache;

static EvalSlot *eval_slot(const EvalCache *ec, const IrCall *c) {
  uint32_t i = (uint32_t)(((uint64_t)(uintptr_t)c * 0x9E3779B97F4A7C15ull) >> 32) & ec->mask;
  while (ec->slots[i].call && ec->slots[i].call != c) i = (i + 1) & ec->mask;
  return &ec->slots[i];
}

static void kinds_freeze(ModCtx *mc) {
  const IrModule *m = mc->m;
  uint32_t n = 0, cap = 16;
  for (uint32_t f = 0; f < m->n_funcs; f++)
    for (uint32_t b = 0; b < m->funcs[f].n_blocks; b++) n += m->funcs[f].blocks[b].n_instrs;
  while (cap < 2 * n) cap *= 2;
  EvalCache *ec = ARENA_NEW(mc->cache, EvalCache);
  ec->slots = ARENA_NEW_ARRAY(mc->cache, EvalSlot, cap);
  ec->mask = cap - 1;
  for (uint32_t f = 0; f < m->n_funcs; f++)
    for (uint32_t b = 0; b < m->funcs[f].n_blocks; b++)
      for (uint32_t i = 0; i < m->funcs[f].blocks[b].n_instrs; i++) {
        const IrInstr *in = &m->funcs[f].blocks[b].instrs[i];
        if (in->kind != IR_CALL && in->kind != IR_DEFER) continue;
        EvalSlot *s = eval_slot(ec, &in->u.call);
        *s = (EvalSlot){&in->u.call, f, eval_fresh(mc, f, &in->u.call)};
      }
  mc->evals = ec; /* only now: the evaluations above see no half-filled table */
}

CallEval kinds_eval_call(ModCtx *mc, uint32_t fi, const IrCall *c) {
  if (mc->evals) {
    const EvalSlot *s = eval_slot(mc->evals, c);
    if (s->call == c && s->fi == fi) return s->ev;
  }
  return eval_fresh(mc, fi, c);
}

static CallEval eval_call(ModCtx *mc, uint32_t fi, const IrCall *c) {
  CallEval ev;
  memset(&ev, 0, sizeof ev);
  ev.lib = -1;
  ev.callback_func = -1;
  if (!c->callee) return ev;
  if (strcmp(c->callee, "require") == 0 && c->n_args >= 1 && c->args[0].kind == IR_V_STRING) {
    ev.result = require_value(mc, c->args[0].text);
    return ev;
  }
  VKind ck = kinds_lookup(mc, fi, c->callee);
  if (((c->flags & IR_CALL_NEW) || (ck.creates & VK_CALLABLE)) && ck.kind == AK_CLASS) {
    ev.effect = AE_CREATE;
    ev.lib = ck.lib;
    ev.result = (VKind){(uint8_t)(ck.creates & ~VK_CALLABLE), ck.lib, 0, NULL};
    return ev;
  }
  if (ck.lib >= 0 && ck.kind < AK_COUNT && ck.kind != AK_UNKNOWN && ck.kind != AK_CLASS) {
    /* The value itself called (or constructed): `postgres(url)`, a tagged template
    ** `` sql`BEGIN` ``, `new Proxy(…)` (method "()"). */
    IrCall self_call = *c;
    self_call.name = NULL;
    eval_model_call(mc, &self_call, ck, &ev);
    /* A global that is a function of its library (`beforeAll(…)`): its model by its own name. */
    if (!ev.model && ck.kind == AK_MODULE && c->recv.kind == IR_V_NONE &&
        apispec_find_global(&mc->engine->spec, c->callee) == ck.lib) {
      self_call.name = c->callee;
      eval_model_call(mc, &self_call, ck, &ev);
    }
    if (ev.model) {
      ev.recv_kind = ck.kind;
      return ev;
    }
  }
  if (c->recv.kind == IR_V_PATH && c->name) {
    VKind rk = kinds_lookup(mc, fi, c->recv.text);
    ev.recv_kind = rk.kind < AK_COUNT ? rk.kind : AK_UNKNOWN;
    if (rk.lib >= 0 && rk.kind < AK_COUNT) eval_model_call(mc, c, rk, &ev);
    if (ev.model) return ev;
  }
  int flib;
  const ApiCall *fm = fncall_model(mc, c, &flib); /* a function called by name (C) */
  if (fm) {
    ev.model = fm;
    ev.lib = flib;
    ev.effect = fm->effect;
    if (fm->effect == AE_CREATE || fm->effect == AE_ACQUIRE) ev.result = (VKind){fm->result, (int8_t)flib, 0, NULL};
    return ev;
  }
  if (ck.kind == AK_UNKNOWN && c->recv.kind == IR_V_NONE && !(c->flags & IR_CALL_NEW) &&
      eval_imported_function(mc, fi, c, &ev))
    return ev;
  if (ck.kind == VK_FUNC && ck.ref) {
    ev.sum = ck.ref;
    ev.via_instance = ck.lib == VK_LIB_INSTANCE;
    ev.result = (VKind){ev.sum->ret_kind, ev.sum->ret_lib, 0, NULL};
    const IrValue *fwd = kinds_ret_param_arg(c, ev.sum);
    if (ev.result.kind == AK_UNKNOWN && fwd && fwd->kind == IR_V_PATH) {
      VKind ak = kinds_lookup(mc, fi, fwd->text);
      if (kinds_is_handle(ak.kind)) ev.result = (VKind){ak.kind, ak.lib, 0, NULL};
    }
    if (ev.sum->ret_acquired) ev.effect = AE_ACQUIRE;
    ev.ret_ctype = ev.sum->ret_ctype;
    eval_wrapper_callback(c, &ev);
    return ev;
  }
  if (mc->m->lang == IR_LANG_GO && c->recv.kind == IR_V_PATH && c->name) eval_typed_call(mc, fi, c, &ev);
  return ev;
}

/* Section - Constructor parameters
**
** `class Repo { constructor(pool) { this.pool = pool; } … }` where every
** `new Repo(…)` of the module passes a pool: the parameter is a pool in the
** constructor (kinds_func), so the field assigned from it is one in every
** method (kinds_assign, this_member). A site with an argument that is not a
** known handle, or of another kind, leaves the parameter unknown. Sites are
** resolved lexically: the class name must be declared by the scope that
** encloses the class's constructor, so an import or a shadowing local of the
** same name is something else. Sites in other files are not seen: an
** importer is analysed after the file that declares the class. */

#define CTOR_SEVERAL ((void *)UINTPTR_MAX)

/* The function whose parameters or locals declare name, as seen from fi, or -1. */
static int32_t decl_scope(const ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; guard < KINDS_MAX_CHAIN; guard++) {
    if (kinds_fn_declares(mc, fi, name)) return (int32_t)fi;
    const IrFunc *fn = &mc->m->funcs[fi];
    if (fn->parent < 0) break;
    fi = (uint32_t)fn->parent;
  }
  return -1;
}

/* "LocalRepo" for a class declared in function localRepo ("localRepo.LocalRepo"). */
static const char *class_base_name(const char *cls) {
  const char *dot = strrchr(cls, '.');
  return dot ? dot + 1 : cls;
}

static bool is_ctor_of(const IrFunc *fn, const char *cls, int32_t scope) {
  return (fn->flags & IR_FUNC_CTOR) && fn->class_name && fn->parent == scope &&
         strcmp(class_base_name(fn->class_name), cls) == 0;
}

/* The constructor that `new C(…)` in function fi runs, or -1. */
static int32_t ctor_of_new(const ModCtx *mc, uint32_t fi, const IrCall *c) {
  if (!(c->flags & IR_CALL_NEW) || !c->callee || strchr(c->callee, '.')) return -1;
  void *hit = map_get_cstr(&mc->ctors, c->callee);
  if (!hit) return -1;
  int32_t scope = decl_scope(mc, fi, c->callee);
  if (scope < 0) return -1;
  if (hit != CTOR_SEVERAL) {
    uint32_t ci = (uint32_t)((uintptr_t)hit - 1u);
    return is_ctor_of(&mc->m->funcs[ci], c->callee, scope) ? (int32_t)ci : -1;
  }
  for (uint32_t i = 0; i < mc->m->n_funcs; i++)
    if (is_ctor_of(&mc->m->funcs[i], c->callee, scope)) return (int32_t)i;
  return -1;
}

/* Indexes the module's constructors by class name and counts the `new`
** sites of each (after fn_index_decls: sites are resolved by scope). */
static void kinds_index_ctors(ModCtx *mc) {
  const IrModule *m = mc->m;
  map_init(&mc->ctors, mc->arena);
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    const IrFunc *fn = &m->funcs[i];
    if (!(fn->flags & IR_FUNC_CTOR) || !fn->class_name) continue;
    const char *name = class_base_name(fn->class_name);
    void *old = map_get_cstr(&mc->ctors, name);
    map_set_cstr(&mc->ctors, name, old ? CTOR_SEVERAL : (void *)(uintptr_t)(i + 1u));
  }
  if (!mc->ctors.len) return;
  for (uint32_t fi = 0; fi < m->n_funcs; fi++)
    for (uint32_t b = 0; b < m->funcs[fi].n_blocks; b++)
      for (uint32_t i = 0; i < m->funcs[fi].blocks[b].n_instrs; i++) {
        const IrInstr *in = &m->funcs[fi].blocks[b].instrs[i];
        int32_t ci = in->kind == IR_CALL ? ctor_of_new(mc, fi, &in->u.call) : -1;
        if (ci >= 0) mc->fns[ci].ctor_sites++;
      }
}

/* Records what one `new C(…)` site passes to C's constructor this round. */
static void kinds_flow_ctor_args(ModCtx *mc, uint32_t fi, const IrCall *c) {
  int32_t ci = ctor_of_new(mc, fi, c);
  if (ci < 0) return;
  const IrFunc *ctor_fn = &mc->m->funcs[ci];
  FnInfo *ctor = &mc->fns[ci];
  for (uint32_t a = 0; a < ctor_fn->n_params && a < 8; a++) {
    if (ctor_fn->params[a].flags & IR_VAR_REST) break;
    const IrValue *v = a < c->n_args ? &c->args[a] : NULL;
    VKind k = v && v->kind == IR_V_PATH ? kinds_lookup(mc, fi, v->text) : vk_none;
    VKind *slot = &ctor->ctor_round[a];
    if (!kinds_is_handle(k.kind) || (ctor->ctor_seen && (slot->kind != k.kind || slot->lib != k.lib)))
      ctor->ctor_disagree |= (uint8_t)(1u << a);
    else if (!ctor->ctor_seen)
      *slot = (VKind){k.kind, k.lib, 0, NULL};
  }
  ctor->ctor_seen++;
}

/* What constructor F's parameter i holds: this round's agreement once every
** site has been evaluated, else the last complete round's. */
static VKind ctor_param_kind(const FnInfo *F, uint32_t i) {
  if (i >= 8 || !F->ctor_sites) return vk_none;
  if (F->ctor_seen != F->ctor_sites) return F->ctor_kinds[i];
  return F->ctor_disagree >> i & 1 ? vk_none : F->ctor_round[i];
}

/* Ends a round: keeps each constructor's agreement and starts gathering again. */
static void kinds_ctor_publish(ModCtx *mc) {
  for (uint32_t fi = 0; fi < mc->m->n_funcs; fi++) {
    FnInfo *F = &mc->fns[fi];
    if (!F->ctor_sites) continue;
    for (uint32_t i = 0; i < 8; i++) {
      VKind k = F->ctor_seen == F->ctor_sites ? ctor_param_kind(F, i) : vk_none;
      VKind old = F->ctor_kinds[i];
      if (k.kind != old.kind || (k.kind != AK_UNKNOWN && k.lib != old.lib)) {
        F->ctor_kinds[i] = k;
        mc->changed = true;
      }
      F->ctor_round[i] = vk_none;
    }
    F->ctor_seen = 0;
    F->ctor_disagree = 0;
  }
}

/* Section - The kinds pass */

static void fn_seed_params(ModCtx *mc, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  FnInfo *F = &mc->fns[fi];
  for (uint32_t i = 0; i < fn->n_params; i++) {
    VKind k = kinds_type_kind(mc, fn->params[i].type);
    if (k.kind == AK_UNKNOWN && i < 8 && !(F->arg_conflict >> i & 1)) k = F->arg_kinds[i];
    if (k.kind == AK_UNKNOWN && (fn->flags & IR_FUNC_CTOR)) k = ctor_param_kind(F, i);
    if (F->cb_model && (int)i == F->cb_model->cb_resource) k = (VKind){F->cb_model->result, F->cb_lib, 0, NULL};
    if (F->cb_model && (int)i == F->cb_model->cb_release) k = (VKind){AK_RELEASE_FN, F->cb_lib, 0, NULL};
    if (k.kind == AK_UNKNOWN && F->tx_param == (int)i) k = (VKind){F->tx_param_kind, F->tx_param_lib, 0, NULL};
    if (k.kind != AK_UNKNOWN) path_get(mc, fi, fn->params[i].name, true)->kind = k;
  }
  for (uint32_t i = 0; i < fn->n_locals; i++) {
    VKind k = kinds_type_kind(mc, fn->locals[i].type);
    if (k.kind != AK_UNKNOWN) path_get(mc, fi, fn->locals[i].name, true)->kind = k;
  }
}

static void set_class_field(ModCtx *mc, const char *cls, const char *field, VKind k) {
  char key[256];
  snprintf(key, sizeof key, "%s.%s", cls, field);
  VKind *old = map_get_cstr(mc->class_fields, key);
  if (old) return;
  Arena *a = mc->pkg ? mc->pkg->arena : mc->arena;
  VKind *nk = ARENA_NEW(a, VKind);
  *nk = k;
  map_set_cstr(mc->class_fields, arena_strdup(a, key), nk);
  mc->changed = true;
}

/* Pools, connections and the handles that hold one (Go Tx, Rows, Stmt, Row). */
bool kinds_is_handle(uint8_t k) {
  return k == AK_POOL || k == AK_CLIENT || k == AK_CONNECTION || k == AK_TX || k == AK_ROWS || k == AK_STMT ||
         k == AK_ROW || k == AK_RESULT || k == AK_MEMORY || k == AK_BATCH;
}

/* Go `s.db = db` (or `s.db, err = sql.Open(…)`) with s declared as a struct
** of the package: the field holds that kind in every method. */
static void learn_struct_field(ModCtx *mc, uint32_t fi, const char *dst, VKind k) {
  const char *dot = strrchr(dst, '.');
  char prefix[256];
  if (mc->m->lang != IR_LANG_GO || !dot || k.kind >= AK_COUNT) return;
  size_t n = (size_t)(dot - dst);
  if (n >= sizeof prefix) return;
  memcpy(prefix, dst, n);
  prefix[n] = '\0';
  GoMember gm;
  if (!gotypes_member(mc, gotypes_path_ctype(mc, fi, prefix), dot + 1, &gm) || !gm.field) return;
  /* Only this package's structs: another package's fields are what it published. */
  const char *own = mc->pkg && mc->pkg->import_path ? mc->pkg->import_path : ".";
  const char *t = gm.owner_ctype;
  while (*t == '*') t++;
  size_t ol = strlen(own);
  if (strncmp(t, own, ol) == 0 && t[ol] == '.' && !strchr(t + ol + 1, '.')) set_class_field(mc, t + ol + 1, dot + 1, k);
}

/* Go: a variable without a declared type (`x := y.z`, `rows, err := q.Get()`)
** has the type of what is assigned to it (Go variables never change type). */
static void learn_ctype(ModCtx *mc, uint32_t fi, const char *dst, const char *ctype) {
  if (!ctype || mc->m->lang != IR_LANG_GO || strchr(dst, '.') || kinds_var_decl_type(mc, fi, dst)) return;
  PathInfo *pi = path_get(mc, fi, dst, true);
  if (!pi->ctype) pi->ctype = ctype;
}

typedef struct MemberStore {
  ModCtx *mc;
  uint32_t fi;
  const char *dst;
} MemberStore;

/* `models.User`: a model an object literal holds under that key. */
static void store_member(void *ud, const char *key, VKind k) {
  MemberStore *ms = ud;
  char path[256];
  if ((size_t)snprintf(path, sizeof path, "%s.%s", ms->dst, key) >= sizeof path) return;
  PathInfo *pi = path_get(ms->mc, ms->fi, path, true);
  if (pi->kind.kind == AK_UNKNOWN) pi->kind = k;
}

static void kinds_assign(ModCtx *mc, uint32_t fi, const IrAssign *a) {
  if (a->dst.kind != IR_V_PATH) return;
  if (a->src.obj && !strchr(a->dst.text, '.')) {
    MemberStore ms = {mc, fi, a->dst.text};
    ormkinds_object_models(mc, fi, &a->src, store_member, &ms);
  }
  if (a->src.kind == IR_V_PATH) learn_ctype(mc, fi, a->dst.text, gotypes_path_ctype(mc, fi, a->src.text));
  VKind k = vk_none;
  bool fresh = false;
  if (a->src.kind == IR_V_PATH) {
    k = kinds_lookup(mc, fi, a->src.text);
    const PathInfo *spi = kinds_path(mc, fi, a->src.text);
    fresh = spi && spi->fresh;
  } else if (a->src.kind == IR_V_FUNC && a->src.func >= 0) {
    k = (VKind){VK_FUNC, -1, 0, &mc->fns[a->src.func].summary};
  }
  if (k.kind == AK_UNKNOWN) return;
  const char *dst = a->dst.text;
  const IrFunc *fn = &mc->m->funcs[fi];
  if (strncmp(dst, "this.", 5) == 0 && !strchr(dst + 5, '.') && fn->class_name && k.kind < AK_COUNT)
    set_class_field(mc, fn->class_name, dst + 5, k);
  learn_struct_field(mc, fi, dst, k);
  jsstate_store(mc, fi, dst, k);
  PathInfo *pi = path_get(mc, fi, dst, true);
  if (pi->kind.kind == AK_UNKNOWN) pi->kind = k;
  pi->fresh |= fresh;
}


/* A same-module function called with a pool, client or connection as
** argument i has that kind for parameter i (unless callers disagree): this is
** how an untyped JavaScript helper `function finish(c) { … }` learns what c is. */
static void kinds_flow_args(ModCtx *mc, uint32_t fi, const IrCall *c, const CallEval *ev) {
  const FnInfo *lo = mc->fns, *hi = mc->fns + mc->m->n_funcs;
  const char *ref = (const char *)ev->sum;
  if (!ref || ref < (const char *)lo || ref >= (const char *)hi) return;
  size_t ci = (size_t)(ref - (const char *)lo) / sizeof(FnInfo);
  FnInfo *callee = &mc->fns[ci];
  /* A Go method's receiver is params[0], not an argument. */
  uint32_t off = mc->m->lang == IR_LANG_GO && mc->m->funcs[ci].class_name ? 1 : 0;
  for (uint32_t a = 0; a < c->n_args && a + off < 8; a++) {
    if (c->args[a].kind != IR_V_PATH) continue;
    VKind k = kinds_lookup(mc, fi, c->args[a].text);
    if (!kinds_is_handle(k.kind)) continue;
    uint32_t pi = a + off;
    VKind *slot = &callee->arg_kinds[pi];
    if (slot->kind == AK_UNKNOWN) {
      *slot = (VKind){k.kind, k.lib, 0, NULL};
      mc->changed = true;
    } else if ((slot->kind != k.kind || slot->lib != k.lib) && !(callee->arg_conflict >> pi & 1)) {
      callee->arg_conflict |= (uint8_t)(1u << pi);
      mc->changed = true;
    }
  }
}

static void kinds_call(ModCtx *mc, uint32_t fi, const IrInstr *in, bool final_pass) {
  const IrCall *c = &in->u.call;
  CallEval ev = kinds_eval_call(mc, fi, c);
  kinds_flow_args(mc, fi, c, &ev);
  jsflow_kinds_then(mc, fi, c);
  if (final_pass) kinds_flow_ctor_args(mc, fi, c);
  if (ev.callback_form && (uint32_t)ev.callback_func < mc->m->n_funcs) {
    FnInfo *cb = &mc->fns[ev.callback_func];
    if (!cb->cb_model) cb->cb_what = kinds_call_what(mc->arena, c);
    cb->cb_model = ev.model;
    if (!ev.model && ev.sum) { /* a project wrapper's (cbwrap.c): a model made from its summary */
      if (!cb->cb_wrap) cb->cb_wrap = ARENA_NEW(mc->arena, ApiCall);
      cbwrap_model(ev.sum, cb->cb_wrap);
      cb->cb_model = cb->cb_wrap;
    }
    cb->cb_lib = (int8_t)ev.lib;
    cb->cb_loc = in->loc;
  }
  /* Callbacks of managed transactions run their statements in that transaction. */
  for (uint32_t a = 0; a < c->n_args; a++) {
    const IrValue *arg = &c->args[a];
    if (arg->kind != IR_V_FUNC || arg->func < 0 || (uint32_t)arg->func >= mc->m->n_funcs) continue;
    bool managed = (ev.model && (ev.model->managed || ev.model->cb_managed)) ||
                   (ev.sum && a < 32 && (ev.sum->tx_callback_params >> a & 1));
    if (managed && !mc->fns[arg->func].in_tx) mc->fns[arg->func].in_tx = true, mc->changed = true;
    if (managed && ev.model) ormkinds_tx_callback(mc, c, ev.model, ev.lib, &mc->fns[arg->func]);
    FnInfo *cb = &mc->fns[arg->func];
    bool critical = ev.model && ev.model->cb_critical && (ev.model->cb_arg < 0 ? a + 1 == c->n_args : (int)a == ev.model->cb_arg);
    if (critical && !cb->in_lock) {
      cb->in_lock = true, cb->lock_loc = in->loc, cb->lock_what = kinds_call_what(mc->arena, c);
      mc->changed = true;
    }
  }
  if (ev.effect == AE_OPEN && c->recv.kind == IR_V_PATH && !strchr(c->recv.text, '.') &&
      kinds_fn_declares(mc, fi, c->recv.text) && !(mc->m->funcs[fi].flags & IR_FUNC_TOPLEVEL)) {
    PathInfo *rp = path_get(mc, fi, c->recv.text, true);
    rp->fresh = rp->opened = true;
  }
  if (c->n_results && c->results[0].kind == IR_V_PATH) learn_ctype(mc, fi, c->results[0].text, ev.ret_ctype);
  const char *holder = fncall_holder(c, ev.model); /* the result, or an out-parameter's &x */
  if (!holder || ev.result.kind == AK_UNKNOWN) return;
  learn_struct_field(mc, fi, holder, ev.result);
  jsstate_store(mc, fi, holder, ev.result);
  PathInfo *pi = path_get(mc, fi, holder, true);
  if (pi->kind.kind == AK_UNKNOWN) pi->kind = ev.result;
  /* A statement bound to a transaction is the transaction's, not the caller's. */
  if (ev.effect == AE_ACQUIRE && !(ev.model && ev.model->ends_with_receiver)) pi->fresh = true;
}

static int param_index(const IrFunc *fn, const char *path) {
  int i = ir_param_index(fn, path);
  return i < 32 ? i : -1;
}

/* Parameter bits of a summary are call-argument indexes: a Go method's
** receiver (params[0]) is not an argument, so its parameter i is bit i-1. */
static int summary_param(const IrFunc *fn, int go_recv, const char *path) {
  int p = param_index(fn, path);
  return p >= go_recv && p - go_recv < 32 ? p - go_recv : -1;
}

/* What a call does to a parameter passed as its argument a, through the
** callee's summary: `return r.rollback(tx, err)` ends tx because rollback
** does. */
static void summary_through_call(ModCtx *mc, const IrCall *c, const CallEval *ev, uint32_t a, int p, FuncSummary *s) {
  if (!ev->sum || a >= 32) return;
  uint32_t bit = 1u << p;
  if (ev->sum->releases_params >> a & 1) s->releases_params |= bit;
  if (ev->sum->escapes_params >> a & 1) s->escapes_params |= bit;
  if ((ev->sum->hands_params >> a & 1) && kinds_hands_over(mc, c)) s->escapes_params |= bit;
  if (ev->sum->fails_open_params >> a & 1) s->fails_open_params |= bit;
  if (ev->sum->begins_params >> a & 1) s->begins_params |= bit;
  if (ev->sum->ends_params >> a & 1) s->ends_params |= bit;
  if (ev->sum->invokes_params >> a & 1) s->invokes_params |= bit;
}

/* A parameter whose type the models do not know (an io.Closer, a project
** interface) on which the function calls a method some model releases,
** commits or rolls back with: whatever resource callers pass is released
** or ended by that method (`func closeLogged(c io.Closer) { c.Close() }`). */
static ApiEffect untyped_param_effect(ModCtx *mc, const char *method) {
  const ApiSpec *spec = &mc->engine->spec;
  if (!method) return AE_NONE;
  if (apispec_has_effect(spec, AE_RELEASE, method)) return AE_RELEASE;
  if (apispec_has_effect(spec, AE_ROLLBACK, method)) return AE_ROLLBACK;
  if (apispec_has_effect(spec, AE_COMMIT, method)) return AE_COMMIT;
  return AE_NONE;
}

/* Summary facts visible without the typestate pass: what a function returns,
** which parameters it releases, ends or stores (directly or through the
** functions it calls). */
static void kinds_summary_instr(ModCtx *mc, uint32_t fi, int go_recv, const IrInstr *in, FuncSummary *s) {
  const IrFunc *fn = &mc->m->funcs[fi];
  if (in->kind == IR_CALL || in->kind == IR_DEFER) { /* a deferred Close releases too */
    const IrCall *c = &in->u.call;
    int fp = c->recv.kind == IR_V_NONE && c->callee ? summary_param(fn, go_recv, c->callee) : -1;
    if (fp >= 0) s->invokes_params |= 1u << fp;
    /* Go: what a function passes to a callback its caller gave it is the
    ** callback's (`Do(db, txn, f)` runs `f(txn)`), as facts.c reads such a call
    ** in the function itself. */
    for (uint32_t a = 0; fp >= 0 && mc->m->lang == IR_LANG_GO && a < c->n_args; a++) {
      int ap = c->args[a].kind == IR_V_PATH ? summary_param(fn, go_recv, c->args[a].text) : -1;
      if (ap >= 0) s->hands_params |= 1u << ap;
    }
    int flib;
    const ApiCall *fm = fncall_model(mc, c, &flib);
    const IrValue *subject = fncall_subject(mc->arena, c, fm); /* receiver, or a C model's "arg" */
    int p = subject->kind == IR_V_PATH ? summary_param(fn, go_recv, subject->text) : -1;
    bool any_arg = false;
    for (uint32_t a = 0; a < c->n_args && !any_arg; a++)
      any_arg = c->args[a].kind == IR_V_PATH && summary_param(fn, go_recv, c->args[a].text) >= 0;
    if (p < 0 && !any_arg) return;
    CallEval ev = kinds_eval_call(mc, fi, c);
    for (uint32_t a = 0; a < c->n_args; a++) {
      int ap = c->args[a].kind == IR_V_PATH ? summary_param(fn, go_recv, c->args[a].text) : -1;
      if (ap >= 0) summary_through_call(mc, c, &ev, a, ap, s);
    }
    if (p < 0) return;
    bool sql_call = ev.effect == AE_QUERY || (ev.model && ev.model->runs_sql);
    SqlKind sql = sql_call ? kinds_arg_sql(mc->m, kinds_sql_arg(c, ev.model)) : SQL_UNKNOWN;
    /* A parameter of no known kind that is sent BEGIN / COMMIT / ROLLBACK
    ** through a method some model calls a query (a project's client wrapper):
    ** read as the engine reads such a call in the function itself. */
    if (!ev.model && !ev.sum && apispec_is_query_method(&mc->engine->spec, c->name))
      sql = kinds_arg_sql(mc->m, kinds_call_arg(c, 0));
    /* A call that releases only on one outcome (pgx `rows.Scan` failing) is read
    ** by name here, as it was before it had a model: this lexical summary does not
    ** follow outcomes, and a helper that scans its parameter's rows to the end
    ** is its releaser. */
    if (!ev.sum && (!ev.model || (ev.model->releases_when_true && ev.effect == AE_NONE)))
      ev.effect = untyped_param_effect(mc, c->name);
    if (ev.effect == AE_RELEASE) s->releases_params |= 1u << p;
    if (ev.effect == AE_BEGIN || sql == SQL_BEGIN) s->begins_params |= 1u << p;
    if (ev.effect == AE_COMMIT || ev.effect == AE_ROLLBACK || sql == SQL_COMMIT || sql == SQL_ROLLBACK)
      s->ends_params |= 1u << p;
  } else if (in->kind == IR_ASSIGN && in->u.assign.src.kind == IR_V_PATH && in->u.assign.dst.kind == IR_V_PATH) {
    int p = summary_param(fn, go_recv, in->u.assign.src.text);
    const char *dst = in->u.assign.dst.text;
    if (p >= 0 && (strchr(dst, '.') || (!kinds_is_temp(dst) && !kinds_fn_declares(mc, fi, dst)))) s->escapes_params |= 1u << p;
  }
}

/* A callback that takes what a helper hands it (`Do(db, txn, func(txn) {…})`)
** takes it over, unless it can fail leaving it as it was given: then the
** caller still owes the rollback on that failure (a callback whose only
** call, `NewUpdater(txn)`, stores the transaction where it succeeds and
** returns nil, err without ending it where it fails). */
bool kinds_hands_over(ModCtx *mc, const IrCall *c) {
  for (uint32_t a = 0; a < c->n_args; a++) {
    const IrValue *v = &c->args[a];
    if (v->kind == IR_V_FUNC && v->func >= 0 && (uint32_t)v->func < mc->m->n_funcs &&
        mc->fns[v->func].summary.fails_open_params)
      return false;
  }
  return true;
}

/* Go: a function with a failing return (`return nil, err`) that passes a
** parameter on or stores it and never ends or releases it can fail leaving
** it to its caller; what it passes to a callee that can is left so too. */
static void summary_fails_open(const IrFunc *fn, FuncSummary *s) {
  bool failing = false;
  for (uint32_t b = 0; b < fn->n_blocks && !failing; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    failing = t->kind == IR_T_RET && t->n_values >= 2 && t->values[0].kind == IR_V_NULL &&
              t->values[t->n_values - 1].kind != IR_V_NULL && t->values[t->n_values - 1].kind != IR_V_NONE;
  }
  if (failing) s->fails_open_params |= s->escapes_params | s->hands_params | s->ret_holds;
  s->fails_open_params &= ~(s->ends_params | s->releases_params);
}

/* A returned literal that holds a parameter makes the result an alias of the
** argument: `return &Tx{tx: tx}`, `return { client }`. Returned or stored,
** the wrapper hands the resource over; used and dropped, it does not. */
static void ret_literal_holds(const IrFunc *fn, int go_recv, const IrValue *val, FuncSummary *s, int depth) {
  for (uint32_t k = 0; val->kind == IR_V_OTHER && k < val->n_subs && depth < 8; k++) {
    const IrValue *sub = &val->subs[k];
    int p = sub->kind == IR_V_PATH ? summary_param(fn, go_recv, sub->text) : -1;
    if (p >= 0) s->ret_holds |= 1u << p;
    ret_literal_holds(fn, go_recv, sub, s, depth + 1); /* &Updater{transaction{ctx, txn}, …} */
  }
}

static void kinds_summary_ret_literal(const IrFunc *fn, int go_recv, const IrTerm *t, FuncSummary *s) {
  if (t->kind != IR_T_RET) return;
  for (uint32_t v = 0; v < t->n_values; v++) ret_literal_holds(fn, go_recv, &t->values[v], s, 0);
}

/* A field of a parameter (`pgsql->connection`): the caller's object holds
** what is returned from it, so the caller does not own it on its own. */
static bool is_param_field(const IrFunc *fn, const char *path) {
  const char *dot = strchr(path, '.');
  for (uint32_t i = 0; dot && i < fn->n_params; i++)
    if (fn->params[i].name && strlen(fn->params[i].name) == (size_t)(dot - path) &&
        strncmp(fn->params[i].name, path, (size_t)(dot - path)) == 0)
      return true;
  return false;
}

static void kinds_summary_ret(ModCtx *mc, uint32_t fi, const IrTerm *t, FuncSummary *s) {
  if (t->kind != IR_T_RET || t->n_values == 0 || t->values[0].kind != IR_V_PATH) return;
  VKind k = kinds_lookup(mc, fi, t->values[0].text);
  const PathInfo *pi = kinds_path(mc, fi, t->values[0].text);
  if (kinds_is_handle(k.kind)) {
    s->ret_kind = k.kind;
    s->ret_lib = k.lib;
    if (pi && pi->fresh && (k.kind != AK_POOL || pi->opened) && !is_param_field(&mc->m->funcs[fi], t->values[0].text))
      s->ret_acquired = true;
  }
}

/* Records whether every return hands back one parameter (nil and constants
** aside): `func must(s *Stmt, err error) *Stmt { check(err); return s }`. */
/* True when function fn writes variable name somewhere (an assignment or a
** call result): a parameter written in the body may no longer be the
** caller's object when it is returned. */
static bool fn_writes(const IrFunc *fn, const char *name) {
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && strcmp(in->u.assign.dst.text, name) == 0)
        return true;
      for (uint32_t r = 0; in->kind == IR_CALL && r < in->u.call.n_results; r++)
        if (in->u.call.results[r].kind == IR_V_PATH && strcmp(in->u.call.results[r].text, name) == 0) return true;
    }
  return false;
}

static void kinds_summary_ret_param(const IrFunc *fn, int recv_params, const IrTerm *t, FuncSummary *s) {
  if (t->kind != IR_T_RET || t->n_values == 0 || t->values[0].kind != IR_V_PATH) return;
  int p = param_index(fn, t->values[0].text) - recv_params; /* call arguments do not include a Go receiver */
  /* `statement = tx.Stmt(statement); return statement`: not the argument any more. */
  if (p >= 0 && fn_writes(fn, t->values[0].text)) p = -1;
  uint8_t v = p >= 0 && p < 0xfe ? (uint8_t)(p + 1) : (uint8_t)RET_PARAM_MIXED;
  s->ret_param = s->ret_param == 0 || s->ret_param == v ? v : (uint8_t)RET_PARAM_MIXED;
}

/* True when function fi begins a transaction somewhere (SQL BEGIN through a
** modelled call, a begin call, or an acquire of a transaction handle). */
static bool kinds_func_begins(ModCtx *mc, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL) continue;
      CallEval ev = kinds_eval_call(mc, fi, &in->u.call);
      if (ev.effect == AE_BEGIN || (ev.effect == AE_ACQUIRE && ev.result.kind == AK_TX)) return true;
      bool sql = (ev.model && (ev.effect == AE_QUERY || ev.model->runs_sql)) ||
                 (!ev.model && ev.recv_kind == AK_UNKNOWN && in->u.call.recv.kind == IR_V_PATH &&
                  apispec_is_query_method(&mc->engine->spec, in->u.call.name));
      if (sql && kinds_arg_sql(mc->m, kinds_call_arg(&in->u.call, ev.model ? ev.model->sql_arg : 0)) == SQL_BEGIN)
        return true;
    }
  return false;
}

bool kinds_begins_tx(ModCtx *mc, uint32_t fi) { return kinds_func_begins(mc, fi); }

static void kinds_func(ModCtx *mc, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  FnInfo *F = &mc->fns[fi];
  map_init(&F->paths, mc->arena);
  fn_seed_params(mc, fi);
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t b = 0; b < fn->n_blocks; b++) {
      const IrBlock *blk = &fn->blocks[b];
      for (uint32_t i = 0; i < blk->n_instrs; i++) {
        const IrInstr *in = &blk->instrs[i];
        if (in->kind == IR_CALL) kinds_call(mc, fi, in, pass == 1);
        else if (in->kind == IR_ASSIGN) kinds_assign(mc, fi, &in->u.assign);
      }
    }
  }
  FuncSummary s;
  memset(&s, 0, sizeof s);
  s.ret_lib = -1;
  s.ret_ctype = F->summary.ret_ctype;
  /* Go methods list their receiver as parameter 0. */
  int go_recv = mc->m->lang == IR_LANG_GO && fn->class_name && fn->n_params ? 1 : 0;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) kinds_summary_instr(mc, fi, go_recv, &blk->instrs[i], &s);
    kinds_summary_ret(mc, fi, &blk->term, &s);
    kinds_summary_ret_param(fn, go_recv, &blk->term, &s);
    kinds_summary_ret_literal(fn, go_recv, &blk->term, &s);
  }
  if (s.invokes_params && kinds_func_begins(mc, fi)) s.tx_callback_params = s.invokes_params;
  summary_fails_open(fn, &s);
  ormkinds_summary(mc, fi, &s); /* returns a model */
  if (mc->engine->wants_dbops) dbops_summary(mc, fi, &s);
  if (mc->engine->wants_dbops) sqlwrap_summary(mc, fi, &s); /* runs its caller's SQL text, or its callback in a transaction, through a callback */
  cbwrap_summary(mc, fi, &s); /* hands its callback a client it acquired and the client's release */
  if (s.ret_kind == AK_UNKNOWN && s.ret_ctype) { /* `func (s *Store) DB() *sql.DB`: the declared result */
    VKind rk = gotypes_ctype_kind(mc, s.ret_ctype);
    if (kinds_is_handle(rk.kind)) s.ret_kind = rk.kind, s.ret_lib = rk.lib;
  }
  s.n_params = fn->n_params - (uint32_t)go_recv < 0xff ? (uint8_t)(fn->n_params - (uint32_t)go_recv) : 0xff;
  s.never_returns = jsflow_never_returns(mc, fi);
  testhooks_summary(mc, fi, &s);
  s.never_throws = jsflow_never_throws(mc, fi);
  jsflow_summary_wrappers(mc, fi, &s);
  if (fn->flags & IR_FUNC_PARSE_ERROR) { /* not analysed: callers hand it their resources, get none back */
    uint8_t n_params = s.n_params;
    const char *ret_ctype = s.ret_ctype;
    memset(&s, 0, sizeof s);
    s.ret_lib = -1;
    s.ret_ctype = ret_ctype; /* the declaration still holds */
    s.escapes_params = ~0u;
    s.n_params = n_params;
  }
  if (memcmp(&s, &F->summary, sizeof s) != 0) mc->changed = true;
  F->summary = s;
}

static uint32_t func_depth(const IrModule *m, uint32_t fi) {
  uint32_t d = 0;
  while (m->funcs[fi].parent >= 0 && d < m->n_funcs) {
    fi = (uint32_t)m->funcs[fi].parent;
    d++;
  }
  return d;
}

/* Fills mc->order parents first (a counting sort by nesting depth), so
** captured variables and callback parameters are known when a nested
** function is analysed. */
static void kinds_module_order(ModCtx *mc) {
  const IrModule *m = mc->m;
  uint32_t *depth = ARENA_NEW_ARRAY(mc->arena, uint32_t, m->n_funcs + 1);
  uint32_t max_d = 0, n = 0;
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    depth[i] = func_depth(m, i);
    if (depth[i] > max_d) max_d = depth[i];
  }
  for (uint32_t d = 0; d <= max_d; d++)
    for (uint32_t i = 0; i < m->n_funcs; i++)
      if (depth[i] == d) mc->order[n++] = i;
}

/* Declared class and struct fields: their kinds, and (Go) their type text. */
static void kinds_module_fields(ModCtx *mc) {
  const IrModule *m = mc->m;
  for (uint32_t i = 0; i < m->n_fields; i++) {
    const IrField *f = &m->fields[i];
    if (f->flags & IR_FIELD_METHOD) continue;
    VKind k = kinds_type_kind(mc, f->type);
    if (k.kind != AK_UNKNOWN && f->owner) set_class_field(mc, f->owner, f->name, k);
    if (m->lang == IR_LANG_GO && f->owner && f->type) {
      Arena *a = mc->pkg ? mc->pkg->arena : mc->arena;
      const char *key = arena_printf(a, "%s.%s", f->owner, f->name);
      if (!map_get_cstr(mc->field_types, key)) map_set_cstr(mc->field_types, key, (void *)f->type);
    }
  }
}

void kinds_module_init(ModCtx *mc) {
  const IrModule *m = mc->m;
  mc->fns = ARENA_NEW_ARRAY(mc->arena, FnInfo, m->n_funcs + 1);
  mc->order = ARENA_NEW_ARRAY(mc->arena, uint32_t, m->n_funcs + 1);
  if (mc->pkg) {
    mc->class_fields = &mc->pkg->class_fields;
    mc->func_by_name = &mc->pkg->func_by_name;
    mc->field_types = &mc->pkg->field_types;
    mc->decls = &mc->pkg->decls;
  } else {
    for (int k = 0; k < 4; k++) map_init(&mc->own_maps[k], mc->arena);
    mc->class_fields = &mc->own_maps[0];
    mc->func_by_name = &mc->own_maps[1];
    mc->field_types = &mc->own_maps[2];
    mc->decls = &mc->own_maps[3];
  }
  mc->cache = arena_new();
  map_init(&mc->requires, mc->cache);
  map_init(&mc->imports, mc->arena);
  ImportSlot *slots = ARENA_NEW_ARRAY(mc->arena, ImportSlot, m->n_imports + 1);
  for (uint32_t i = 0; i < m->n_imports; i++) {
    if (map_get_cstr(&mc->imports, m->imports[i].local)) continue; /* the first binding wins */
    slots[i].imp = &m->imports[i];
    map_set_cstr(&mc->imports, m->imports[i].local, &slots[i]);
  }
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    mc->fns[i].summary.ret_lib = -1;
    mc->fns[i].cb_lib = -1;
    mc->fns[i].tx_param = mc->fns[i].tx_param_lib = -1;
    map_init(&mc->fns[i].paths, mc->arena);
    fn_index_decls(mc, i);
    /* In a package every file has a "<module>" and the first file's function
    ** of a name wins (files come in path order, so this is deterministic). */
    bool toplevel = mc->pkg && (m->funcs[i].flags & IR_FUNC_TOPLEVEL);
    if (m->funcs[i].name && !toplevel && !(mc->pkg && map_get_cstr(mc->func_by_name, m->funcs[i].name)))
      map_set_cstr(mc->func_by_name, m->funcs[i].name, &mc->fns[i]);
  }
  kinds_module_order(mc);
  kinds_index_ctors(mc);
  gotypes_module_init(mc);
}

/* Go: each function's declared first result, canonical (fixed by the
** declaration, so it is set once and kept by every round's summary). */
static void kinds_result_ctypes(ModCtx *mc) {
  const IrModule *m = mc->m;
  if (m->lang != IR_LANG_GO) return;
  for (uint32_t i = 0; i < m->n_funcs; i++) {
    const IrFunc *fn = &m->funcs[i];
    for (uint32_t k = 0; k < fn->n_locals; k++)
      if (fn->locals[k].flags & IR_VAR_RESULT) {
        mc->fns[i].summary.ret_ctype = gotypes_canon(mc, fn->locals[k].type);
        break;
      }
  }
}

/* What kinds_module_run and kinds_package_run do before their rounds, once
** every declaration of the package is indexed. */
static void kinds_module_prepare(ModCtx *mc) {
  kinds_module_fields(mc);
  kinds_result_ctypes(mc);
}

void kinds_module_fini(ModCtx *mc) {
  arena_delete(mc->cache);
  mc->cache = NULL;
  mc->evals = NULL; /* was in cache */
}

void kinds_module_run(ModCtx *mc) {
  kinds_module_prepare(mc);
  for (int round = 0; round < KINDS_MAX_ROUNDS; round++) {
    mc->changed = false;
    for (uint32_t k = 0; k < mc->m->n_funcs; k++) kinds_func(mc, mc->order[k]);
    kinds_ctor_publish(mc);
    if (!mc->changed) break;
  }
  kinds_freeze(mc);
}

void kinds_package_run(PkgCtx *pkg) {
  gotypes_package_index(pkg);
  for (uint32_t f = 0; f < pkg->n_mods; f++) kinds_module_prepare(pkg->mods[f]);
  /* One more round than a lone module: a summary may have to cross files. */
  for (int round = 0; round < KINDS_MAX_ROUNDS + 1; round++) {
    bool changed = false;
    for (uint32_t f = 0; f < pkg->n_mods; f++) {
      ModCtx *mc = pkg->mods[f];
      mc->changed = false;
      for (uint32_t k = 0; k < mc->m->n_funcs; k++) kinds_func(mc, mc->order[k]);
      kinds_ctor_publish(mc);
      changed |= mc->changed;
    }
    if (!changed) break;
  }
  for (uint32_t f = 0; f < pkg->n_mods; f++) kinds_freeze(pkg->mods[f]);
}

/* Section - Shared with facts.c */

/* A front-end temporary never shows in a message: "%13.Update" is "….Update". */
const char *kinds_call_what(Arena *a, const IrCall *c) {
  const char *callee = c->callee ? c->callee : "(call)";
  const char *dot = kinds_is_temp(callee) ? strchr(callee, '.') : NULL;
  if (kinds_is_temp(callee)) return arena_printf(a, "…%s()", dot ? dot : "(…)");
  return arena_printf(a, "%s()", callee);
}

static const char *call_value_text(const IrValue *v) { return v && v->kind == IR_V_PATH ? v->text : NULL; }

/* A temporary spelled as the chain of calls that made it ("db.Model(…).Where(…)"),
** or NULL when a link is not a method call on a named value. */
static const char *spell_temp(Arena *a, const IrFunc *fn, const char *tmp, int depth) {
  const IrCall *o = depth < 6 ? ir_temp_call(fn, tmp) : NULL;
  if (!o || !o->callee) return NULL;
  const char *recv = call_value_text(&o->recv);
  if (!recv || !kinds_is_temp(recv)) return kinds_is_temp(o->callee) ? NULL : arena_printf(a, "%s(…)", o->callee);
  const char *inner = o->name ? spell_temp(a, fn, recv, depth + 1) : NULL;
  return inner ? arena_printf(a, "%s.%s(…)", inner, o->name) : NULL;
}

const char *kinds_call_what_in(Arena *a, const IrFunc *fn, const IrCall *c) {
  const char *recv = call_value_text(&c->recv);
  const char *spelled = fn && recv && kinds_is_temp(recv) && c->name ? spell_temp(a, fn, recv, 0) : NULL;
  if (!spelled) return kinds_call_what(a, c);
  return arena_printf(a, "%s.%s()", spelled, c->name);
}

const IrValue *kinds_sql_arg(const IrCall *c, const ApiCall *model) {
  const IrValue *v = kinds_call_arg(c, model ? model->sql_arg : 0);
  if (!v || v->kind != IR_V_OTHER || !model || !model->sql_key) return v;
  for (uint32_t i = 0; i < v->n_subs; i++) /* a query config: `{ text: 'BEGIN', values: [] }` */
    if (v->subs[i].key && strcmp(v->subs[i].key, model->sql_key) == 0) return &v->subs[i];
  return v;
}

const char *kinds_arg_sql_text(const IrModule *m, const IrValue *v) {
  const char *text = NULL;
  if (!v) return NULL;
  if (v->kind == IR_V_STRING || v->kind == IR_V_TEMPLATE) text = v->text;
  if (v->kind == IR_V_PATH && v->text && !strchr(v->text, '.'))
    for (uint32_t i = 0; i < m->n_consts && !text; i++)
      if (strcmp(m->consts[i].name, v->text) == 0) text = m->consts[i].value;
  return text;
}

/* The SQL text an argument carries: a literal, a template, or a module constant. */
SqlKind kinds_arg_sql(const IrModule *m, const IrValue *v) {
  const char *text = kinds_arg_sql_text(m, v);
  if (!text) return SQL_UNKNOWN;
  SqlInfo info;
  sql_classify(text, strlen(text), &info);
  /* "BEGIN; …; COMMIT" sent as one script runs on one connection and ends the
  ** transaction it starts: to the rules it is one plain statement. */
  if (info.multiple_statements && info.kind == SQL_BEGIN &&
      (info.last_kind == SQL_COMMIT || info.last_kind == SQL_ROLLBACK))
    return SQL_OTHER;
  return info.kind;
}

