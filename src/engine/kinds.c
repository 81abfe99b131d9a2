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

enum { KINDS_MAX_ROUNDS = 4, KINDS_MAX_CHAIN = 64 };

static const VKind vk_none = {AK_UNKNOWN, -1, 0, NULL};

static bool is_temp(const char *p) { return p && p[0] == '%'; }

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

/* The parameter or local of function fi called name (the first one), or NULL. */
static const IrVar *fn_decl(const ModCtx *mc, uint32_t fi, const char *name) {
  return map_get_cstr(&mc->fns[fi].decls, name);
}

static bool fn_declares(const ModCtx *mc, uint32_t fi, const char *name) { return fn_decl(mc, fi, name) != NULL; }

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
  return k;
}

static VKind namespace_member(const ModuleSummary *s, const char *name) {
  const ExportEntry *e = module_summary_find(s, name);
  if (!e) {
    char buf[256];
    snprintf(buf, sizeof buf, "default.%s", name);
    e = module_summary_find(s, buf);
  }
  return export_kind(e);
}

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
      ApiKind made = apispec_class_kind(&mc->engine->spec, lib, cls);
      k.kind = made ? AK_CLASS : AK_UNKNOWN;
      k.creates = (uint8_t)made;
    }
    return k;
  }
  const char *target = project_resolve(mc->project, mc->m->path, spec);
  const ModuleSummary *s = project_summary(mc->project, target);
  if (!s) return vk_none;
  if (!imported || strcmp(imported, "*") == 0) {
    const ExportEntry *d = module_summary_find(s, "default");
    if (d && d->kind.kind != AK_UNKNOWN && d->kind.kind != VK_NAMESPACE) return export_kind(d);
    return (VKind){VK_NAMESPACE, -1, 0, s};
  }
  return namespace_member(s, imported);
}

static ImportSlot *import_slot(const ModCtx *mc, const char *local) { return map_get_cstr(&mc->imports, local); }

static const IrImport *import_find(const ModCtx *mc, const char *local) {
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
  const IrImport *imp = import_find(mc, buf);
  if (!imp) return vk_none;
  int lib = apispec_find_module(&mc->engine->spec, imp->specifier, NULL);
  if (lib < 0) return vk_none;
  const char *tname = member ? member : imp->imported;
  ApiKind k = apispec_type_kind_in(&mc->engine->spec, lib, imp->specifier, tname);
  return k ? (VKind){(uint8_t)k, (int8_t)lib, 0, NULL} : vk_none;
}

/* "PoolClient | undefined" → the client kind; a union of two modelled kinds
** stays unknown. */
static VKind type_kind(ModCtx *mc, const char *type) {
  if (!type) return vk_none;
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
static const char *var_decl_type(ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; guard < KINDS_MAX_CHAIN; guard++) {
    const IrVar *v = fn_decl(mc, fi, name);
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
static bool local_type_name(const char *type, char *buf, size_t n) {
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
static const char *path_decl_type(ModCtx *mc, uint32_t fi, const char *path) {
  const char *dot = strchr(path, '.');
  char head[128];
  size_t n = dot ? (size_t)(dot - path) : strlen(path);
  if (n >= sizeof head) return NULL;
  memcpy(head, path, n);
  head[n] = '\0';
  const char *type = var_decl_type(mc, fi, head);
  for (int guard = 0; dot && type && guard < 4; guard++) {
    const char *field = dot + 1;
    dot = strchr(field, '.');
    size_t fl = dot ? (size_t)(dot - field) : strlen(field);
    char owner[128], key[256];
    if (!local_type_name(type, owner, sizeof owner) || fl >= 100) return NULL;
    snprintf(key, sizeof key, "%s.%.*s", owner, (int)fl, field);
    type = map_get_cstr(mc->field_types, key);
  }
  return type;
}

/* `p.member` where p is declared as a struct of this package: the field's
** kind, or the method's summary ((*T).m or T.m). */
static VKind struct_member(ModCtx *mc, uint32_t fi, const char *prefix, const char *member) {
  char owner[128], key[300];
  if (strchr(member, '.') || !local_type_name(path_decl_type(mc, fi, prefix), owner, sizeof owner)) return vk_none;
  snprintf(key, sizeof key, "%s.%s", owner, member);
  VKind *k = map_get_cstr(mc->class_fields, key);
  if (k) return *k;
  FnInfo *F = map_get_cstr(mc->func_by_name, key);
  if (!F) {
    snprintf(key, sizeof key, "(*%s).%s", owner, member);
    F = map_get_cstr(mc->func_by_name, key);
  }
  return F ? (VKind){VK_FUNC, -1, 0, &F->summary} : vk_none;
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
    ApiKind made = apispec_class_kind(&mc->engine->spec, base.lib, member);
    if (made) return (VKind){AK_CLASS, base.lib, (uint8_t)made, NULL};
    return vk_none;
  }
  if (base.kind == VK_NAMESPACE) return namespace_member(base.ref, member);
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
  return vk_none;
}

static VKind name_kind(ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; guard < KINDS_MAX_CHAIN; guard++) {
    const IrFunc *fn = &mc->m->funcs[fi];
    PathInfo *pi = path_get(mc, fi, name, false);
    if (pi && pi->kind.kind != AK_UNKNOWN) return pi->kind;
    if (fn_declares(mc, fi, name) || fn->parent < 0) break;
    fi = (uint32_t)fn->parent;
  }
  ImportSlot *slot = import_slot(mc, name);
  if (slot) return import_slot_value(mc, slot);
  FnInfo *F = map_get_cstr(mc->func_by_name, name);
  if (F) return (VKind){VK_FUNC, -1, 0, &F->summary};
  return package_var_kind(mc, name);
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
  return member_kind(mc, base, dot + 1);
}

/* Section - Calls */

typedef struct CallEval {
  ApiEffect effect;
  const ApiCall *model;
  int lib;
  uint8_t recv_kind;
  VKind result;
  const FuncSummary *sum; /* a wrapper's summary */
  bool callback_form;     /* ACQUIRE with a function literal at the callback position */
  int32_t callback_func;
} CallEval;

static const IrValue *call_arg(const IrCall *c, int idx) {
  if (idx < 0) idx = (int)c->n_args + idx;
  return idx >= 0 && (uint32_t)idx < c->n_args ? &c->args[idx] : NULL;
}

static void eval_model_call(ModCtx *mc, const IrCall *c, VKind rk, CallEval *ev) {
  const char *spec = rk.kind == AK_MODULE && rk.creates ? apispec_module_spec(&mc->engine->spec, rk.lib, rk.creates - 1)
                                                         : NULL;
  const ApiCall *mdl = apispec_find_call_in(&mc->engine->spec, rk.lib, (ApiKind)rk.kind, spec, c->name);
  if (!mdl) return;
  ev->model = mdl;
  ev->lib = rk.lib;
  ev->effect = mdl->effect;
  if (mdl->effect == AE_CREATE || mdl->effect == AE_ACQUIRE) ev->result = (VKind){mdl->result, rk.lib, 0, NULL};
  if (mdl->effect == AE_ACQUIRE && mdl->has_callback) {
    const IrValue *cb = call_arg(c, mdl->cb_arg);
    if (cb && cb->kind == IR_V_FUNC && cb->func >= 0) {
      ev->callback_form = true;
      ev->callback_func = cb->func;
      ev->result = vk_none;
    }
  }
}

static bool is_handle_kind(uint8_t k);

/* The argument a "returns parameter i" callee hands back as its result, or
** NULL. Go's `f(g())` passes g's results as f's parameters: one argument
** (g's first result) for a callee that takes several. */
static const IrValue *ret_param_arg(const IrCall *c, const FuncSummary *s) {
  if (!s || s->ret_param == 0 || s->ret_param == RET_PARAM_MIXED) return NULL;
  uint32_t idx = s->ret_param - 1u;
  if (c->n_args == 1 && s->n_params > 1) return idx == 0 ? &c->args[0] : NULL;
  return idx < c->n_args ? &c->args[idx] : NULL;
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
  if ((c->flags & IR_CALL_NEW) && ck.kind == AK_CLASS) {
    ev.effect = AE_CREATE;
    ev.lib = ck.lib;
    ev.result = (VKind){ck.creates, ck.lib, 0, NULL};
    return ev;
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
  if (ck.kind == VK_FUNC && ck.ref) {
    ev.sum = ck.ref;
    ev.result = (VKind){ev.sum->ret_kind, ev.sum->ret_lib, 0, NULL};
    const IrValue *fwd = ret_param_arg(c, ev.sum);
    if (ev.result.kind == AK_UNKNOWN && fwd && fwd->kind == IR_V_PATH) {
      VKind ak = kinds_lookup(mc, fi, fwd->text);
      if (is_handle_kind(ak.kind)) ev.result = (VKind){ak.kind, ak.lib, 0, NULL};
    }
    if (ev.sum->ret_acquired) ev.effect = AE_ACQUIRE;
  }
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
    if (fn_declares(mc, fi, name)) return (int32_t)fi;
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
    if (!is_handle_kind(k.kind) || (ctor->ctor_seen && (slot->kind != k.kind || slot->lib != k.lib)))
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
    VKind k = type_kind(mc, fn->params[i].type);
    if (k.kind == AK_UNKNOWN && i < 8 && !(F->arg_conflict >> i & 1)) k = F->arg_kinds[i];
    if (k.kind == AK_UNKNOWN && (fn->flags & IR_FUNC_CTOR)) k = ctor_param_kind(F, i);
    if (F->cb_model && (int)i == F->cb_model->cb_resource) k = (VKind){F->cb_model->result, F->cb_lib, 0, NULL};
    if (F->cb_model && (int)i == F->cb_model->cb_release) k = (VKind){AK_RELEASE_FN, F->cb_lib, 0, NULL};
    if (k.kind != AK_UNKNOWN) path_get(mc, fi, fn->params[i].name, true)->kind = k;
  }
  for (uint32_t i = 0; i < fn->n_locals; i++) {
    VKind k = type_kind(mc, fn->locals[i].type);
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
static bool is_handle_kind(uint8_t k) {
  return k == AK_POOL || k == AK_CLIENT || k == AK_CONNECTION || k == AK_TX || k == AK_ROWS || k == AK_STMT ||
         k == AK_ROW || k == AK_RESULT || k == AK_MEMORY;
}

/* Go `s.db = db` (or `s.db, err = sql.Open(…)`) with s declared as a struct
** of the package: the field holds that kind in every method. */
static void learn_struct_field(ModCtx *mc, uint32_t fi, const char *dst, VKind k) {
  const char *dot = strchr(dst, '.');
  char prefix[128], owner[128];
  if (mc->m->lang != IR_LANG_GO || !dot || strchr(dot + 1, '.') || k.kind >= AK_COUNT) return;
  size_t n = (size_t)(dot - dst);
  if (n >= sizeof prefix) return;
  memcpy(prefix, dst, n);
  prefix[n] = '\0';
  if (local_type_name(path_decl_type(mc, fi, prefix), owner, sizeof owner)) set_class_field(mc, owner, dot + 1, k);
}

static void kinds_assign(ModCtx *mc, uint32_t fi, const IrAssign *a) {
  if (a->dst.kind != IR_V_PATH) return;
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
  PathInfo *pi = path_get(mc, fi, dst, true);
  if (pi->kind.kind == AK_UNKNOWN) pi->kind = k;
  pi->fresh |= fresh;
}

static const char *call_what(Arena *a, const IrCall *c);

/* A same-module function called with a pool, client or connection as
** argument i has that kind for parameter i (unless callers disagree): this is
** how an untyped JavaScript helper `function finish(c) { … }` learns what c is. */
static void kinds_flow_args(ModCtx *mc, uint32_t fi, const IrCall *c, const CallEval *ev) {
  const FnInfo *lo = mc->fns, *hi = mc->fns + mc->m->n_funcs;
  const char *ref = (const char *)ev->sum;
  if (!ref || ref < (const char *)lo || ref >= (const char *)hi) return;
  FnInfo *callee = &mc->fns[(size_t)(ref - (const char *)lo) / sizeof(FnInfo)];
  for (uint32_t a = 0; a < c->n_args && a < 8; a++) {
    if (c->args[a].kind != IR_V_PATH) continue;
    VKind k = kinds_lookup(mc, fi, c->args[a].text);
    if (!is_handle_kind(k.kind)) continue;
    VKind *slot = &callee->arg_kinds[a];
    if (slot->kind == AK_UNKNOWN) {
      *slot = (VKind){k.kind, k.lib, 0, NULL};
      mc->changed = true;
    } else if ((slot->kind != k.kind || slot->lib != k.lib) && !(callee->arg_conflict >> a & 1)) {
      callee->arg_conflict |= (uint8_t)(1u << a);
      mc->changed = true;
    }
  }
}

static void kinds_call(ModCtx *mc, uint32_t fi, const IrInstr *in, bool final_pass) {
  const IrCall *c = &in->u.call;
  CallEval ev = eval_call(mc, fi, c);
  kinds_flow_args(mc, fi, c, &ev);
  if (final_pass) kinds_flow_ctor_args(mc, fi, c);
  if (ev.callback_form && (uint32_t)ev.callback_func < mc->m->n_funcs) {
    FnInfo *cb = &mc->fns[ev.callback_func];
    if (!cb->cb_model) cb->cb_what = call_what(mc->arena, c);
    cb->cb_model = ev.model;
    cb->cb_lib = (int8_t)ev.lib;
    cb->cb_loc = in->loc;
  }
  const char *holder = fncall_holder(c, ev.model); /* the result, or an out-parameter's &x */
  if (!holder || ev.result.kind == AK_UNKNOWN) return;
  learn_struct_field(mc, fi, holder, ev.result);
  PathInfo *pi = path_get(mc, fi, holder, true);
  if (pi->kind.kind == AK_UNKNOWN) pi->kind = ev.result;
  if (ev.effect == AE_ACQUIRE) pi->fresh = true;
}

static int param_index(const IrFunc *fn, const char *path) {
  for (uint32_t i = 0; path && i < fn->n_params && i < 32; i++)
    if (strcmp(fn->params[i].name, path) == 0) return (int)i;
  return -1;
}

static SqlKind arg_sql(const IrModule *m, const IrValue *v);

/* Summary facts visible without the typestate pass: what a function returns,
** which parameters it releases or stores. */
static void kinds_summary_instr(ModCtx *mc, uint32_t fi, const IrInstr *in, FuncSummary *s) {
  const IrFunc *fn = &mc->m->funcs[fi];
  if (in->kind == IR_CALL || in->kind == IR_DEFER) { /* a deferred Close releases too */
    const IrCall *c = &in->u.call;
    if (c->recv.kind != IR_V_PATH && !fncall_model(mc, c, &(int){0})) return;
    CallEval ev = eval_call(mc, fi, c);
    const IrValue *subject = fncall_subject(mc->arena, c, ev.model); /* receiver, or a C model's "arg" */
    int p = subject->kind == IR_V_PATH ? param_index(fn, subject->text) : -1;
    if (p < 0) return;
    bool sql_call = ev.effect == AE_QUERY || (ev.model && ev.model->runs_sql);
    SqlKind sql = sql_call ? arg_sql(mc->m, call_arg(c, ev.model->sql_arg)) : SQL_UNKNOWN;
    if (ev.effect == AE_RELEASE) s->releases_params |= 1u << p;
    if (ev.effect == AE_BEGIN || sql == SQL_BEGIN) s->begins_params |= 1u << p;
    if (ev.effect == AE_COMMIT || ev.effect == AE_ROLLBACK || sql == SQL_COMMIT || sql == SQL_ROLLBACK)
      s->ends_params |= 1u << p;
  } else if (in->kind == IR_ASSIGN && in->u.assign.src.kind == IR_V_PATH && in->u.assign.dst.kind == IR_V_PATH) {
    int p = param_index(fn, in->u.assign.src.text);
    const char *dst = in->u.assign.dst.text;
    if (p >= 0 && (strchr(dst, '.') || (!is_temp(dst) && !fn_declares(mc, fi, dst)))) s->escapes_params |= 1u << p;
  }
}

static void kinds_summary_ret(ModCtx *mc, uint32_t fi, const IrTerm *t, FuncSummary *s) {
  if (t->kind != IR_T_RET || t->n_values == 0 || t->values[0].kind != IR_V_PATH) return;
  VKind k = kinds_lookup(mc, fi, t->values[0].text);
  const PathInfo *pi = kinds_path(mc, fi, t->values[0].text);
  if (is_handle_kind(k.kind)) {
    s->ret_kind = k.kind;
    s->ret_lib = k.lib;
    if (pi && pi->fresh && k.kind != AK_POOL) s->ret_acquired = true;
  }
}

/* Records whether every return hands back one parameter (nil and constants
** aside): `func must(s *Stmt, err error) *Stmt { check(err); return s }`. */
static void kinds_summary_ret_param(const IrFunc *fn, int recv_params, const IrTerm *t, FuncSummary *s) {
  if (t->kind != IR_T_RET || t->n_values == 0 || t->values[0].kind != IR_V_PATH) return;
  int p = param_index(fn, t->values[0].text) - recv_params; /* call arguments do not include a Go receiver */
  uint8_t v = p >= 0 && p < 0xfe ? (uint8_t)(p + 1) : (uint8_t)RET_PARAM_MIXED;
  s->ret_param = s->ret_param == 0 || s->ret_param == v ? v : (uint8_t)RET_PARAM_MIXED;
}

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
  /* Go methods list their receiver as parameter 0. */
  int go_recv = mc->m->lang == IR_LANG_GO && fn->class_name && fn->n_params ? 1 : 0;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) kinds_summary_instr(mc, fi, &blk->instrs[i], &s);
    kinds_summary_ret(mc, fi, &blk->term, &s);
    kinds_summary_ret_param(fn, go_recv, &blk->term, &s);
  }
  s.n_params = fn->n_params - (uint32_t)go_recv < 0xff ? (uint8_t)(fn->n_params - (uint32_t)go_recv) : 0xff;
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
    VKind k = type_kind(mc, f->type);
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
  } else {
    for (int k = 0; k < 3; k++) map_init(&mc->own_maps[k], mc->arena);
    mc->class_fields = &mc->own_maps[0];
    mc->func_by_name = &mc->own_maps[1];
    mc->field_types = &mc->own_maps[2];
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
    map_init(&mc->fns[i].paths, mc->arena);
    fn_index_decls(mc, i);
    /* In a package every file has a "<module>" and the first file's function
    ** of a name wins (files come in path order, so this is deterministic). */
    bool toplevel = mc->pkg && (m->funcs[i].flags & IR_FUNC_TOPLEVEL);
    if (m->funcs[i].name && !toplevel && !(mc->pkg && map_get_cstr(mc->func_by_name, m->funcs[i].name)))
      map_set_cstr(mc->func_by_name, m->funcs[i].name, &mc->fns[i]);
  }
  kinds_module_order(mc);
  kinds_module_fields(mc);
  kinds_index_ctors(mc);
}

void kinds_module_fini(ModCtx *mc) {
  arena_delete(mc->cache);
  mc->cache = NULL;
}

void kinds_module_run(ModCtx *mc) {
  for (int round = 0; round < KINDS_MAX_ROUNDS; round++) {
    mc->changed = false;
    for (uint32_t k = 0; k < mc->m->n_funcs; k++) kinds_func(mc, mc->order[k]);
    kinds_ctor_publish(mc);
    if (!mc->changed) break;
  }
}

void kinds_package_run(PkgCtx *pkg) {
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
}

/* Section - Resources and instruction facts */

static const char *const container_stores[] = {"push", "unshift", "set", "add", "splice", "resolve"};

static bool is_container_store(const char *name) {
  for (size_t i = 0; name && i < ARRAY_LEN(container_stores); i++)
    if (strcmp(name, container_stores[i]) == 0) return true;
  return false;
}

static AliasInfo *fa_path(FnAnalysis *fa, const char *path) {
  AliasInfo *ai = map_get_cstr(&fa->alias, path);
  if (!ai) {
    ai = ARENA_NEW(fa->mc->arena, AliasInfo);
    map_set_cstr(&fa->alias, path, ai);
  }
  return ai;
}

const AliasInfo *facts_alias(const FnAnalysis *fa, const char *path) {
  return path ? map_get_cstr(&fa->alias, path) : NULL;
}

/* Sub-values nest no deeper than the front ends' lowering guard
** (LOWER_DEFAULT_MAX_DEPTH, 500); this bound only protects the stack. */
enum { FACTS_MAX_VALUE_DEPTH = 1024 };

static uint64_t facts__value_bits(FnAnalysis *fa, const IrValue *v, int depth) {
  if (!v || depth > FACTS_MAX_VALUE_DEPTH) return 0;
  uint64_t bits = 0;
  if ((v->kind == IR_V_PATH || v->kind == IR_V_ADDR) && v->text) { /* &x refers to what x holds */
    const AliasInfo *pi = facts_alias(fa, v->text);
    if (pi) bits |= pi->res;
  }
  if (v->kind == IR_V_OTHER)
    for (uint32_t i = 0; i < v->n_subs; i++) bits |= facts__value_bits(fa, &v->subs[i], depth + 1);
  if (v->kind == IR_V_FUNC && v->func >= 0) {
    const IrFunc *cl = &fa->mc->m->funcs[v->func];
    for (uint32_t i = 0; i < cl->n_captures; i++) {
      const AliasInfo *pi = facts_alias(fa, cl->captures[i]);
      if (pi) bits |= pi->res | pi->release_of; /* capturing pg's done() hands over the release too */
    }
  }
  return bits;
}

uint64_t facts_value_bits(FnAnalysis *fa, const IrValue *v) { return facts__value_bits(fa, v, 0); }

static const char *value_text(const IrValue *v) { return v && v->kind == IR_V_PATH ? v->text : NULL; }

static int32_t res_new(FnAnalysis *fa, uint8_t kind, int lib, const char *holder, SrcLoc loc, const char *what) {
  if (fa->n_res >= TS_MAX_RES) return -1;
  TsRes *r = &fa->res[fa->n_res];
  memset(r, 0, sizeof *r);
  r->kind = kind;
  r->lib = (int8_t)lib;
  r->block = r->instr = UINT32_MAX;
  r->leak_block = r->tx_block = UINT32_MAX;
  r->info.loc = loc;
  r->info.what = what;
  r->info.name = holder && !is_temp(holder) ? holder : NULL;
  return (int32_t)fa->n_res++;
}

static const char *call_what(Arena *a, const IrCall *c) {
  return arena_printf(a, "%s()", c->callee ? c->callee : "(call)");
}

/* The SQL text an argument carries: a literal, a template, or a module constant. */
static SqlKind arg_sql(const IrModule *m, const IrValue *v) {
  const char *text = NULL;
  if (!v) return SQL_UNKNOWN;
  if (v->kind == IR_V_STRING || v->kind == IR_V_TEMPLATE) text = v->text;
  if (v->kind == IR_V_PATH && v->text && !strchr(v->text, '.'))
    for (uint32_t i = 0; i < m->n_consts && !text; i++)
      if (strcmp(m->consts[i].name, v->text) == 0) text = m->consts[i].value;
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

static CallEffect sql_effect(SqlKind k) {
  switch (k) {
  case SQL_BEGIN: return CE_BEGIN;
  case SQL_COMMIT: return CE_COMMIT;
  case SQL_ROLLBACK: return CE_ROLLBACK;
  case SQL_SAVEPOINT:
  case SQL_ROLLBACK_TO_SAVEPOINT:
  case SQL_RELEASE_SAVEPOINT: return CE_SAVEPOINT;
  default: return CE_QUERY;
  }
}

/* What a call does to transactions and resources, as rules see it. */
static CallFact call_fact(FnAnalysis *fa, const IrCall *c, const CallEval *ev) {
  CallFact f = {CE_NONE, ev->recv_kind, SQL_UNKNOWN, NULL};
  bool conn_like = ev->recv_kind == AK_UNKNOWN && c->recv.kind == IR_V_PATH &&
                   apispec_is_query_method(&fa->mc->engine->spec, c->name);
  if ((ev->model && (ev->effect == AE_QUERY || ev->model->runs_sql)) || conn_like) {
    f.sql = arg_sql(fa->mc->m, call_arg(c, ev->model ? ev->model->sql_arg : 0));
    f.effect = sql_effect(f.sql);
    if (conn_like && f.effect == CE_QUERY) f.effect = CE_NONE;
  } else if (ev->effect == AE_BEGIN) {
    f.effect = CE_BEGIN;
  } else if (ev->effect == AE_COMMIT) {
    f.effect = CE_COMMIT;
  } else if (ev->effect == AE_ROLLBACK) {
    f.effect = CE_ROLLBACK;
  } else if (ev->effect == AE_ACQUIRE || ev->effect == AE_OPEN) {
    f.effect = CE_ACQUIRE;
  } else if (ev->effect == AE_RELEASE) {
    f.effect = CE_RELEASE;
  }
  if (f.effect != CE_NONE) f.what = call_what(fa->mc->arena, c);
  return f;
}

static bool is_tx_effect(CallEffect e) { return e == CE_BEGIN || e == CE_COMMIT || e == CE_ROLLBACK; }

static bool fa_is_local(FnAnalysis *fa, const char *path);

/* Resources that end with these ones (statements prepared on a Tx). */
static uint64_t facts_children(const FnAnalysis *fa, uint64_t bits) {
  uint64_t out = 0;
  for (uint32_t r = 0; bits && r < fa->n_res; r++)
    if (bits >> r & 1) out |= fa->res[r].children;
  return out;
}

static void facts_error_result(FnAnalysis *fa, const IrCall *c, const CallEval *ev, uint32_t r);

/* What the call at (b, i) is; evaluated once per function by kinds_func_facts. */
static const CallEval *fa_eval(const FnAnalysis *fa, uint32_t b, uint32_t i) { return &fa->evals[b][i]; }

/* A new resource acquired by the call at (b, i) into holder; that
** instruction's fact acquires it. Returns its index, or -1 when full. */
static int32_t facts_site_new(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in, uint8_t kind, int lib,
                              const char *holder) {
  int32_t r = res_new(fa, kind, lib, holder, in->loc, call_what(fa->mc->arena, &in->u.call));
  if (r < 0) return -1;
  fa->res[r].block = b;
  fa->res[r].instr = i;
  fa->facts[b][i].acquire = 1ull << r;
  return r;
}

static void facts_sites_call(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in, bool create) {
  const IrCall *c = &in->u.call;
  CallEval ev = *fa_eval(fa, b, i);
  InstrFact *f = &fa->facts[b][i];
  const char *dst = fncall_holder(c, ev.model); /* the result, or an out-parameter's &x */
  /* Acquired straight into a field or module variable: it escapes at birth. */
  if (dst && !fa_is_local(fa, dst)) dst = NULL;
  /* Go `_, err := db.Query(…)`, C `PQexec(conn, sql);`: the result is dropped on the floor, still
  ** acquired (an out-parameter that is not &x is the caller's business). */
  bool dropped = !dst && c->n_results && c->results[0].kind == IR_V_NONE &&
                 !(ev.model && ev.model->is_function && ev.model->out_arg >= 0);
  if (create && !f->acquire && ev.effect == AE_ACQUIRE && !ev.callback_form && (dst || dropped)) {
    uint8_t kind = is_handle_kind(ev.result.kind) && ev.result.kind != AK_POOL ? ev.result.kind : AK_CLIENT;
    int32_t r = facts_site_new(fa, b, i, in, kind, ev.lib, dst);
    if (r >= 0) {
      fa->res[r].info.tx_only = kind == AK_TX;
      facts_error_result(fa, c, &ev, (uint32_t)r);
    }
  }
  if (!create && f->acquire && ev.model && ev.model->ends_with_receiver) {
    /* A statement prepared on a Tx: Commit or Rollback closes it. */
    uint64_t parents = facts_value_bits(fa, &c->recv);
    for (uint32_t r = 0; parents && r < fa->n_res; r++)
      if (parents >> r & 1) fa->res[r].children |= f->acquire;
    for (uint32_t r = 0; r < fa->n_res; r++)
      if (f->acquire >> r & 1) fa->res[r].parents |= parents;
  }
  if (!create && ev.model && ev.model->releases_when_false && dst && c->recv.kind == IR_V_PATH)
    fa_path(fa, dst)->false_rel |= facts_value_bits(fa, &c->recv);
  if (create && !f->acquire && ev.effect == AE_OPEN && c->recv.kind == IR_V_PATH) {
    int32_t r = facts_site_new(fa, b, i, in, AK_CONNECTION, ev.lib, c->recv.text);
    if (r >= 0) {
      fa->res[r].opened = true;
      fa_path(fa, c->recv.text)->res |= f->acquire;
    }
  }
  if (dst && f->acquire && ev.effect == AE_ACQUIRE) fa_path(fa, dst)->res |= f->acquire;
  const char *also = f->acquire ? fncall_also_holder(c, ev.model) : NULL; /* C: mysql_init(&m) returns &m */
  if (also) fa_path(fa, also)->res |= f->acquire;
  /* A helper that returns its parameter: the result is the argument's object. */
  const IrValue *fwd = dst && !f->acquire ? ret_param_arg(c, ev.sum) : NULL;
  uint64_t fwd_bits = fwd ? facts_value_bits(fa, fwd) : 0;
  if (fwd_bits) {
    fa_path(fa, dst)->res |= fwd_bits;
    for (uint32_t r = 0; r < fa->n_res; r++)
      if ((fwd_bits >> r & 1) && (!fa->res[r].info.name || is_temp(fa->res[r].info.name)) && !is_temp(dst) &&
          !strchr(dst, '.'))
        fa->res[r].info.name = dst;
  }
}

/* Go `x, err := acquire()`: on the err != nil edge nothing was acquired
** (models with failure "error-result", and same-package wrappers). */
static void facts_error_result(FnAnalysis *fa, const IrCall *c, const CallEval *ev, uint32_t r) {
  bool err_result = ev->model ? ev->model->failure == AF_ERROR_RESULT : fa->mc->m->lang == IR_LANG_GO;
  if (!err_result || c->n_results < 2) return;
  const char *err = value_text(&c->results[c->n_results - 1]);
  if (!err) return;
  fa->res[r].err_path = err;
  fa_path(fa, err)->err_of |= 1ull << r;
}

static void facts_alias_assign(FnAnalysis *fa, const IrAssign *a) {
  if (a->dst.kind != IR_V_PATH) return;
  uint64_t bits = facts_value_bits(fa, &a->src);
  uint64_t err = 0, rel = 0;
  if (a->src.kind == IR_V_PATH) {
    const AliasInfo *spi = facts_alias(fa, a->src.text);
    if (spi) err = spi->err_of, rel = spi->release_of;
  }
  if (a->src.kind == IR_V_FUNC) bits = 0; /* a closure is not the resource; capturing it is an escape */
  if (!bits && !err && !rel) return;
  AliasInfo *pi = fa_path(fa, a->dst.text);
  pi->res |= bits;
  pi->err_of |= err;
  pi->release_of |= rel;
  /* Name the resource after the first variable that holds it. */
  for (uint32_t r = 0; r < fa->n_res; r++)
    if ((bits >> r & 1) && !fa->res[r].info.name && !is_temp(a->dst.text) && !strchr(a->dst.text, '.'))
      fa->res[r].info.name = a->dst.text;
}

static void facts_callback_res(FnAnalysis *fa) {
  FnInfo *F = &fa->mc->fns[fa->fi];
  const IrFunc *fn = fa->fn;
  const ApiCall *mdl = F->cb_model;
  if (!mdl || mdl->cb_resource < 0 || (uint32_t)mdl->cb_resource >= fn->n_params) return;
  const char *holder = fn->params[mdl->cb_resource].name;
  int32_t r = res_new(fa, mdl->result == AK_CONNECTION ? AK_CONNECTION : AK_CLIENT, F->cb_lib, holder,
                      F->cb_loc, F->cb_what ? F->cb_what : "callback");
  if (r < 0) return;
  fa->res[r].callback = true;
  uint64_t bit = 1ull << r;
  fa_path(fa, holder)->res |= bit;
  if (mdl->cb_error >= 0 && (uint32_t)mdl->cb_error < fn->n_params) fa_path(fa, fn->params[mdl->cb_error].name)->err_of |= bit;
  if (mdl->cb_release >= 0 && (uint32_t)mdl->cb_release < fn->n_params)
    fa_path(fa, fn->params[mdl->cb_release].name)->release_of |= bit;
}

/* A transaction statement on a connection that was not acquired here (a
** parameter, a field): track it as a borrowed resource. */
static void facts_borrow_path(FnAnalysis *fa, const char *path, int lib, SrcLoc loc, const char *what) {
  AliasInfo *pi = fa_path(fa, path);
  if (pi->res) return;
  int32_t r = res_new(fa, AK_CONNECTION, lib, path, loc, what);
  if (r < 0) return;
  fa->res[r].info.borrowed = true;
  fa->borrowed |= 1ull << r;
  pi->res |= 1ull << r;
}

static void facts_borrowed(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  CallEval ev = *fa_eval(fa, b, i);
  if (ev.recv_kind == AK_POOL || ev.recv_kind == AK_MODULE) return;
  /* A helper whose summary begins or ends a transaction on one of its
  ** parameters (C `tx_begin(conn)`) does so on that argument. */
  for (uint32_t a = 0; ev.sum && a < c->n_args && a < 32; a++)
    if (c->args[a].kind == IR_V_PATH && ((ev.sum->begins_params | ev.sum->ends_params) >> a & 1))
      facts_borrow_path(fa, c->args[a].text, ev.lib, in->loc, call_what(fa->mc->arena, c));
  const IrValue *subject = fncall_subject(fa->mc->arena, c, ev.model); /* receiver, or a C model's "arg" */
  if (subject->kind != IR_V_PATH) return;
  CallFact cf = call_fact(fa, c, &ev);
  if (is_tx_effect(cf.effect)) facts_borrow_path(fa, subject->text, ev.lib, in->loc, cf.what);
}

static bool arg_nullish(const IrValue *v) {
  return !v || v->kind == IR_V_NULL || v->kind == IR_V_NONE || (v->kind == IR_V_BOOL && strcmp(v->text, "false") == 0);
}

static void facts_call(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  InstrFact *f = &fa->facts[b][i];
  CallEval ev = *fa_eval(fa, b, i);
  f->call = call_fact(fa, c, &ev);
  uint64_t recv = facts_value_bits(fa, fncall_subject(fa->mc->arena, c, ev.model)); /* receiver, or C "arg" */
  const AliasInfo *cpi = facts_alias(fa, c->callee);
  if (f->call.effect == CE_RELEASE && ev.model) {
    f->release = recv;
    if (ev.model->discards_tx || (ev.model->discards_tx_with_arg && c->n_args && !arg_nullish(&c->args[0])))
      f->discard = recv;
  }
  if (c->name && strcmp(c->name, "@@dispose") == 0) { /* `using` / `await using` disposal (front end) */
    f->release |= recv;
    f->call.effect = CE_RELEASE;
  }
  if (cpi && cpi->release_of) { /* pg's done() / done(err) */
    f->release |= cpi->release_of;
    if (c->n_args && !arg_nullish(&c->args[0])) f->discard |= cpi->release_of;
    f->call.effect = CE_RELEASE;
  }
  if (f->call.effect == CE_BEGIN) f->begin = recv;
  if (f->call.effect == CE_COMMIT || f->call.effect == CE_ROLLBACK) f->commit = recv;
  /* `p.then(cb)` hands the settled client to cb; promise chains are not
  ** followed (ir.h), so the resource leaves this function's hands there. */
  bool js = fa->mc->m->lang == IR_LANG_JS || fa->mc->m->lang == IR_LANG_TS;
  if (js && !ev.model && c->name && strcmp(c->name, "then") == 0) f->escape |= recv;
  bool takes = (c->flags & IR_CALL_NEW) || (is_container_store(c->name) && !ev.model) ||
               (fa->mc->m->lang == IR_LANG_GO && c->recv.kind == IR_V_NONE && c->callee &&
                strcmp(c->callee, "append") == 0); /* Go's builtin stores into the slice */
  for (uint32_t a = 0; a < c->n_args; a++) {
    uint64_t bits = facts_value_bits(fa, &c->args[a]);
    if (!bits) continue;
    if (ev.callback_form && (int32_t)c->args[a].func == ev.callback_func && c->args[a].kind == IR_V_FUNC) continue;
    /* &x to a function that is not modelled may free or keep what x holds (C out-parameters). */
    bool addr = c->args[a].kind == IR_V_ADDR && !ev.model && !(ev.sum && a < 32 && (ev.sum->releases_params >> a & 1));
    if (c->args[a].kind == IR_V_FUNC || takes || addr || (ev.sum && a < 32 && (ev.sum->escapes_params >> a & 1)))
      f->escape |= bits;
    else if (ev.sum && a < 32 && (ev.sum->releases_params >> a & 1))
      f->release |= bits;
    if (ev.sum && a < 32 && (ev.sum->begins_params >> a & 1)) f->begin |= bits;
    if (ev.sum && a < 32 && (ev.sum->ends_params >> a & 1)) f->commit |= bits;
  }
  if ((f->begin || f->commit || f->release) && !f->call.what) f->call.what = call_what(fa->mc->arena, c);
  f->release |= facts_children(fa, f->commit | f->release);
}

static bool fa_is_local(FnAnalysis *fa, const char *path) {
  if (is_temp(path)) return true;
  if (strchr(path, '.')) return false;
  if (fa->fn->flags & IR_FUNC_TOPLEVEL) return false; /* module variables live for the process */
  return fn_declares(fa->mc, fa->fi, path);
}

/* A captured variable a deferred closure releases or ends at exit. */
typedef struct ClosureVar {
  const char *name;
  bool ends_tx;
} ClosureVar;

enum { CLOSURE_MAX_VARS = 8 };

static void closure_var_add(ClosureVar *vars, uint32_t *n, const char *name, bool ends_tx) {
  for (uint32_t k = 0; k < *n; k++)
    if (strcmp(vars[k].name, name) == 0) {
      vars[k].ends_tx |= ends_tx;
      return;
    }
  if (*n < CLOSURE_MAX_VARS) vars[(*n)++] = (ClosureVar){name, ends_tx};
}

/* The captured variables a deferred closure releases or ends:
** `defer func() { _ = rows.Close() }()`. Calls anywhere in the closure
** count, as Go teams write the Close under an `if` for its error. */
static uint32_t facts_closure_vars(FnAnalysis *fa, int32_t cf, ClosureVar *vars) {
  ModCtx *mc = fa->mc;
  uint32_t n = 0;
  if (cf < 0 || (uint32_t)cf >= mc->m->n_funcs) return 0;
  const IrFunc *cl = &mc->m->funcs[cf];
  for (uint32_t b = 0; b < cl->n_blocks; b++)
    for (uint32_t i = 0; i < cl->blocks[b].n_instrs; i++) {
      const IrInstr *in = &cl->blocks[b].instrs[i];
      if (in->kind != IR_CALL && in->kind != IR_DEFER) continue;
      const IrCall *c = &in->u.call;
      CallEval ev = eval_call(mc, (uint32_t)cf, c);
      CallFact cfact = call_fact(fa, c, &ev);
      bool ends = cfact.effect == CE_COMMIT || cfact.effect == CE_ROLLBACK;
      const char *recv = value_text(&c->recv);
      if (recv && !strchr(recv, '.') && !fn_declares(mc, (uint32_t)cf, recv) && ((ev.model && ev.effect == AE_RELEASE) || ends))
        closure_var_add(vars, &n, recv, ends);
      for (uint32_t a = 0; ev.sum && a < c->n_args && a < 32; a++) {
        const char *arg = value_text(&c->args[a]);
        if (!arg || strchr(arg, '.') || fn_declares(mc, (uint32_t)cf, arg)) continue;
        bool rel = ev.sum->releases_params >> a & 1, end = ev.sum->ends_params >> a & 1;
        if (rel || end) closure_var_add(vars, &n, arg, end);
      }
    }
  return n;
}

/* The pseudo resource standing for "a deferred closure releases variable
** name at exit" (created on first use). */
static int32_t facts_pseudo(FnAnalysis *fa, const char *name, SrcLoc loc) {
  for (uint32_t r = 0; r < fa->n_res; r++)
    if (fa->res[r].pseudo && strcmp(fa->res[r].pseudo_var, name) == 0) return (int32_t)r;
  int32_t r = res_new(fa, AK_UNKNOWN, -1, NULL, loc, "deferred closure");
  if (r < 0) return -1;
  fa->res[r].pseudo = true;
  fa->res[r].pseudo_var = name;
  fa->res[r].info.borrowed = true; /* never reported */
  return r;
}

static uint64_t facts_pseudo_bits(const FnAnalysis *fa) {
  uint64_t out = 0;
  for (uint32_t r = 0; r < fa->n_res; r++)
    if (fa->res[r].pseudo) out |= 1ull << r;
  return out;
}

/* IR_DEFER: what the deferred call will release or end at every exit. The
** state change happens at the exits (typestate: RS_DEFER), bound to the
** objects held when the defer statement ran; a closure instead releases
** what its variables hold when it runs (RS_CDEFER and the bind facts). */
static void facts_defer(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  InstrFact *f = &fa->facts[b][i];
  const IrCall *c = &in->u.call;
  if (c->callee_value.kind == IR_V_FUNC) {
    ClosureVar vars[CLOSURE_MAX_VARS];
    uint32_t n = facts_closure_vars(fa, c->callee_value.func, vars);
    for (uint32_t k = 0; k < n; k++) {
      int32_t p = facts_pseudo(fa, vars[k].name, in->loc);
      if (p < 0) continue;
      f->acquire |= 1ull << p;
      const AliasInfo *ai = facts_alias(fa, vars[k].name);
      uint64_t bits = ai ? ai->res & ~facts_pseudo_bits(fa) : 0;
      f->cdefer |= bits | facts_children(fa, bits);
      for (uint32_t r = 0; vars[k].ends_tx && r < fa->n_res; r++)
        if (bits >> r & 1) fa->res[r].defer_ends_tx = true;
    }
    return;
  }
  facts_call(fa, b, i, in);
  uint64_t rel = f->release, end = f->commit;
  CallFact keep = f->call;
  memset(f, 0, sizeof *f);
  f->call = keep;
  f->bind_pseudo = -1;
  for (uint32_t r = 0; end && r < fa->n_res; r++)
    if (end >> r & 1) fa->res[r].defer_ends_tx = true;
  f->defer_rel = rel | end | facts_children(fa, rel | end);
}

/* Writes to a variable that a deferred closure releases (after all facts). */
static void facts_binds(FnAnalysis *fa) {
  uint64_t pseudo = facts_pseudo_bits(fa);
  if (!pseudo) return;
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    for (uint32_t i = 0; i < fa->fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fa->fn->blocks[b].instrs[i];
      InstrFact *f = &fa->facts[b][i];
      const char *dst = NULL;
      uint64_t in_bits = 0;
      if (in->kind == IR_CALL && in->u.call.n_results) {
        dst = value_text(&in->u.call.results[0]);
        in_bits = f->acquire & ~pseudo;
      } else if (in->kind == IR_ASSIGN) {
        dst = value_text(&in->u.assign.dst);
        in_bits = facts_value_bits(fa, &in->u.assign.src) & ~pseudo;
      }
      if (!dst || strchr(dst, '.')) continue;
      for (uint32_t r = 0; r < fa->n_res; r++) {
        if (!fa->res[r].pseudo || strcmp(fa->res[r].pseudo_var, dst) != 0) continue;
        const AliasInfo *ai = facts_alias(fa, dst);
        f->bind_pseudo = (int32_t)r;
        f->bind_in = in_bits;
        f->bind_out = (ai ? ai->res : 0) & ~in_bits & ~pseudo;
      }
    }
}

/* Resources whose error result (Go `err`) this instruction writes again. */
static uint64_t facts_err_writes(const FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  const IrValue *dsts = NULL;
  uint32_t n = 0;
  if (in->kind == IR_CALL) dsts = in->u.call.results, n = in->u.call.n_results;
  else if (in->kind == IR_ASSIGN) dsts = &in->u.assign.dst, n = 1;
  uint64_t out = 0;
  for (uint32_t r = 0; r < fa->n_res; r++) {
    const TsRes *res = &fa->res[r];
    if (!res->err_path || (res->block == b && res->instr == i)) continue;
    for (uint32_t k = 0; k < n; k++)
      if (dsts[k].kind == IR_V_PATH && strcmp(dsts[k].text, res->err_path) == 0) out |= 1ull << r;
  }
  return out;
}

/* Section - calls that stop the goroutine */

/* Some calls never return to their caller but run its deferred calls: Go's
** testing package's Fatal*, FailNow and Skip* call runtime.Goexit. The
** models say which (effect "goexit", rules/go/testing.json). A resource
** still held at that point belongs to a test that did not pass, which is not
** the leak this rule is about, and treating the call as an ordinary one
** invents paths past it (`if err == nil { t.Fatal(…) }` then a use of the
** "acquired" result). Receivers are matched by declared type: a modelled
** type with such a method, or a struct of this package that embeds one
** (promoted methods) without declaring its own. */

/* True when the declared type (under this file's imports) has a modelled
** method `method` with effect goexit. */
static bool goexit_model_type(ModCtx *mc, const char *type, const char *method) {
  VKind k = type_kind(mc, type);
  if (k.lib < 0 || k.kind == AK_UNKNOWN || k.kind >= AK_COUNT) return false;
  const char *base = type;
  while (*base == '*') base++;
  const char *dot = strchr(base, '.');
  const IrImport *imp = NULL;
  if (dot) {
    char local[128];
    size_t n = (size_t)(dot - base);
    if (n >= sizeof local) return false;
    memcpy(local, base, n);
    local[n] = '\0';
    imp = import_find(mc, local);
  }
  const ApiCall *c = apispec_find_call_in(&mc->engine->spec, k.lib, (ApiKind)k.kind, imp ? imp->specifier : NULL, method);
  return c && c->effect == AE_GOEXIT;
}

static bool goexit_recv_type(ModCtx *mc, const char *type, const char *method, int depth) {
  char owner[128], key[300];
  if (!type) return false;
  if (goexit_model_type(mc, type, method)) return true;
  if (depth > 3 || !local_type_name(type, owner, sizeof owner)) return false;
  snprintf(key, sizeof key, "(*%s).%s", owner, method);
  if (map_get_cstr(mc->func_by_name, key) || map_get_cstr(mc->func_by_name, key + 2)) return false;
  /* An embedded field is named after its type: `struct { *testing.T }` has field T. */
  const ApiSpec *spec = &mc->engine->spec;
  for (uint32_t l = 0; l < spec->libs.len; l++)
    for (uint32_t i = 0; i < spec->libs.items[l].types.len; i++) {
      snprintf(key, sizeof key, "%s.%s", owner, spec->libs.items[l].types.items[i].name);
      if (goexit_recv_type(mc, map_get_cstr(mc->field_types, key), method, depth + 1)) return true;
    }
  return false;
}

/* A modelled call that stops the goroutine unless its argument is
** (non-)nil: testify's `require.Error(t, err)` returns only when err != nil,
** so after it the refinement of `if err == nil { t.FailNow() }` applies. */
static void facts_guard(FnAnalysis *fa, uint32_t b, uint32_t i, const IrCall *c) {
  const CallEval *ev = fa_eval(fa, b, i);
  if (!ev->model || ev->effect != AE_GOEXIT) return;
  if (ev->model->guard_arg < 0) {
    fa->facts[b][i].goexit = true;
    return;
  }
  const IrValue *v = call_arg(c, ev->model->guard_arg);
  if (!v || v->kind != IR_V_PATH) return;
  fa->facts[b][i].guard = v;
  fa->facts[b][i].guard_truthy = ev->model->guard_truthy;
}

static bool call_is_goexit(FnAnalysis *fa, const IrCall *c) {
  if (fa->mc->m->lang != IR_LANG_GO || c->recv.kind != IR_V_PATH ||
      !apispec_has_effect(&fa->mc->engine->spec, AE_GOEXIT, c->name))
    return false;
  return goexit_recv_type(fa->mc, path_decl_type(fa->mc, fa->fi, c->recv.text), c->name, 0);
}

static void facts_instr(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  InstrFact *f = &fa->facts[b][i];
  if (in->kind == IR_DEFER) {
    facts_defer(fa, b, i, in);
  } else if (in->kind == IR_CALL) {
    facts_call(fa, b, i, in);
    f->goexit = call_is_goexit(fa, &in->u.call);
    if (!f->goexit) facts_guard(fa, b, i, &in->u.call);
  } else if (in->kind == IR_ASSIGN) {
    const IrAssign *a = &in->u.assign;
    uint64_t bits = facts_value_bits(fa, &a->src);
    if (a->src.kind == IR_V_FUNC || (a->dst.kind == IR_V_PATH && !fa_is_local(fa, a->dst.text))) f->escape |= bits;
  } else if (in->kind == IR_OPAQUE) {
    for (uint32_t u = 0; u < in->u.opaque.n_uses; u++) f->escape |= facts_value_bits(fa, &in->u.opaque.uses[u]);
  }
  f->err_stale = facts_err_writes(fa, b, i, in);
}

void kinds_func_facts(ModCtx *mc, FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  map_init(&fa->alias, mc->arena);
  fa->res = ARENA_NEW_ARRAY(mc->arena, TsRes, TS_MAX_RES);
  fa->facts = ARENA_NEW_ARRAY(mc->arena, InstrFact *, fn->n_blocks + 1);
  fa->evals = ARENA_NEW_ARRAY(mc->arena, CallEval *, fn->n_blocks + 1);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    fa->facts[b] = ARENA_NEW_ARRAY(mc->arena, InstrFact, fn->blocks[b].n_instrs + 1);
    fa->evals[b] = ARENA_NEW_ARRAY(mc->arena, CallEval, fn->blocks[b].n_instrs + 1);
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL && in->kind != IR_DEFER) continue;
      fa->evals[b][i] = eval_call(mc, fa->fi, &in->u.call);
    }
  }
  facts_callback_res(fa);
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t b = 0; b < fn->n_blocks; b++) {
      const IrBlock *blk = &fn->blocks[b];
      for (uint32_t i = 0; i < blk->n_instrs; i++) {
        const IrInstr *in = &blk->instrs[i];
        if (in->kind == IR_CALL) facts_sites_call(fa, b, i, in, pass == 0);
        else if (in->kind == IR_ASSIGN) facts_alias_assign(fa, &in->u.assign);
      }
    }
  }
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
      if (fn->blocks[b].instrs[i].kind == IR_CALL) facts_borrowed(fa, b, i, &fn->blocks[b].instrs[i]);
  status_facts(fa); /* C statuses: err_path before facts_err_writes reads it */
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      fa->facts[b][i].bind_pseudo = -1;
      facts_instr(fa, b, i, &fn->blocks[b].instrs[i]);
    }
  facts_binds(fa);
}
