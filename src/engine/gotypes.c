/* gotypes: Go's declared types across the files of a package and across the
** packages of a module. A value's kind often comes from its type alone: `s.db`
** is a pool because s is a *store.Store and store.Store declares `db *sql.DB`;
** `q.QueryContext(…)` acquires rows because q's interface type declares that
** method as returning `(*sql.Rows, error)`. This file names types
** canonically, indexes what each package declares (struct fields, interface
** methods, named types), resolves members through pointers, named types and
** embedding, and publishes a package's declarations, functions and variables
** for the packages that import it (project_publish_go_package).
**
** Canonical types. A named type is written "[*]IMPORTPATH.Name": the package
** qualifier is replaced by the import path it names ("*sql.DB" →
** "*database/sql.DB"; "Store" in package example.com/app/store →
** "example.com/app/store.Store"); type arguments are dropped. Builtin and
** composite types (slices, maps, channels, functions, literal structs) have no
** canonical name. A package analysed without an import path (a unit test)
** names its own types ".Name".
**
** Declarations are keyed within their package: "Store.db" (field),
** "Store.#0", "Store.#1" … (its embedded fields, in order, so promotion can
** enumerate them), "Querier.QueryContext" (interface method), "Store" (the
** named type), and functions and methods by their IR names ("New",
** "(*Store).Users"). */
#include <stdio.h>
#include <string.h>

#include "base/check.h"
#include "engine/analysis.h"

enum { GOTYPES_MAX_DEPTH = 4 };

static const VKind vk_zero = {AK_UNKNOWN, -1, 0, NULL};

static const char *const builtin_types[] = {
    "any",     "bool",   "byte",   "comparable", "complex128", "complex64", "error",  "float32", "float64",
    "int",     "int16",  "int32",  "int64",      "int8",       "rune",      "string", "uint",    "uint16",
    "uint32",  "uint64", "uint8",  "uintptr",
};

static bool is_builtin(const char *name, size_t len) {
  for (size_t i = 0; i < ARRAY_LEN(builtin_types); i++)
    if (strlen(builtin_types[i]) == len && memcmp(builtin_types[i], name, len) == 0) return true;
  return false;
}

static bool ident_char(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (unsigned char)c >= 0x80;
}

/* The import path that names this package in canonical types. */
static const char *own_key(const ModCtx *mc) {
  return mc->pkg && mc->pkg->import_path ? mc->pkg->import_path : ".";
}

/* Section - Canonical names */

static const char *canon_uncached(ModCtx *mc, const char *type) {
  const char *t = type;
  bool ptr = false;
  while (*t == '*' || *t == ' ') ptr |= *t++ == '*';
  const char *a = t;
  while (ident_char(*t)) t++;
  size_t alen = (size_t)(t - a);
  if (!alen) return NULL;
  const char *b = NULL;
  size_t blen = 0;
  if (*t == '.') {
    b = ++t;
    while (ident_char(*t)) t++;
    blen = (size_t)(t - b);
    if (!blen) return NULL;
  }
  if (*t && *t != '[') return NULL; /* "T]", "T, U": not one named type */
  if (!b) {
    if (is_builtin(a, alen)) return NULL;
    return arena_printf(mc->cache, "%s%s.%.*s", ptr ? "*" : "", own_key(mc), (int)alen, a);
  }
  char local[128];
  if (alen >= sizeof local) return NULL;
  memcpy(local, a, alen);
  local[alen] = '\0';
  const IrImport *imp = kinds_import_find(mc, local);
  if (!imp) return NULL;
  return arena_printf(mc->cache, "%s%s.%.*s", ptr ? "*" : "", imp->specifier, (int)blen, b);
}

const char *gotypes_canon(ModCtx *mc, const char *type) {
  if (!type || mc->m->lang != IR_LANG_GO) return NULL;
  size_t len = strlen(type);
  const char **hit = map_get(&mc->canon, type, len);
  if (hit) return *hit;
  const char **slot = ARENA_NEW(mc->cache, const char *);
  *slot = canon_uncached(mc, type);
  map_set(&mc->canon, arena_strndup(mc->cache, type, len), len, slot);
  return *slot;
}

/* Splits a canonical type into its package and name (a pointer is dropped). */
static bool ctype_split(const char *ctype, const char **pkg, size_t *pkg_len, const char **name) {
  if (!ctype) return false;
  while (*ctype == '*') ctype++;
  const char *slash = strrchr(ctype, '/');
  const char *dot = strrchr(slash ? slash : ctype, '.');
  if (!dot || dot == ctype || !dot[1]) return false;
  *pkg = ctype;
  *pkg_len = (size_t)(dot - ctype);
  *name = dot + 1;
  return true;
}

/* Section - Declarations */

/* The declaration key (e.g. "Store.db") of package pkg, wherever it lives:
** this package's index or the facts another package published. */
static const ExportEntry *decl_find(ModCtx *mc, const char *pkg, size_t pkg_len, const char *key) {
  const char *own = own_key(mc);
  if (strlen(own) == pkg_len && memcmp(own, pkg, pkg_len) == 0) return map_get_cstr(mc->decls, key);
  char path[512];
  if (pkg_len >= sizeof path) return NULL;
  memcpy(path, pkg, pkg_len);
  path[pkg_len] = '\0';
  return module_summary_find(project_go_package(mc->project, path), key);
}

static void decl_add(Map *decls, Arena *a, const char *key, ExportEntry e) {
  if (map_get_cstr(decls, key)) return; /* the first file in path order wins */
  ExportEntry *slot = ARENA_NEW(a, ExportEntry);
  *slot = e;
  slot->name = key;
  slot->kind = vk_zero;
  map_set_cstr(decls, key, slot);
}

/* The type of an interface method's first result, and whether its last is an error. */
static const char *first_result(ModCtx *mc, const char *results, bool *err_last) {
  *err_last = false;
  if (!results) return NULL;
  const char *comma = strchr(results, ',');
  const char *last = strrchr(results, ',');
  const char *tail = last ? last + 1 : results;
  while (*tail == ' ') tail++;
  *err_last = comma && strcmp(tail, "error") == 0;
  if (!comma) return gotypes_canon(mc, results);
  return gotypes_canon(mc, arena_strndup(mc->cache, results, (size_t)(comma - results)));
}

/* Adds module mc's struct fields, interface methods and named types to decls. */
static void index_module(ModCtx *mc, Map *decls, Arena *a) {
  const IrModule *m = mc->m;
  Map embeds; /* owner → number of embedded fields so far */
  map_init(&embeds, mc->cache);
  for (uint32_t i = 0; i < m->n_fields; i++) {
    const IrField *f = &m->fields[i];
    if (!f->owner || !f->name) continue;
    ExportEntry e;
    memset(&e, 0, sizeof e);
    if (f->flags & IR_FIELD_METHOD) {
      e.what = EX_IFACE_METHOD;
      e.ctype = first_result(mc, f->type, &e.err_last);
    } else {
      e.what = EX_FIELD;
      e.ctype = gotypes_canon(mc, f->type);
      e.embedded = (f->flags & IR_FIELD_EMBEDDED) != 0;
    }
    decl_add(decls, a, arena_printf(a, "%s.%s", f->owner, f->name), e);
    if (!e.embedded) continue;
    uintptr_t n = (uintptr_t)map_get_cstr(&embeds, f->owner);
    map_set_cstr(&embeds, f->owner, (void *)(n + 1));
    decl_add(decls, a, arena_printf(a, "%s.#%u", f->owner, (unsigned)n), e);
  }
  for (uint32_t i = 0; i < m->n_types; i++) {
    const IrTypeDecl *t = &m->types[i];
    ExportEntry e;
    memset(&e, 0, sizeof e);
    e.what = EX_TYPE;
    e.tkind = (uint8_t)t->kind;
    e.ctype = t->kind == IR_TYPE_OTHER ? gotypes_canon(mc, t->underlying) : NULL;
    decl_add(decls, a, arena_strdup(a, t->name), e);
  }
}

void gotypes_module_init(ModCtx *mc) {
  map_init(&mc->canon, mc->cache);
  map_init(&mc->members, mc->cache);
  map_init(&mc->impls, mc->cache);
  if (!mc->pkg) index_module(mc, mc->decls, mc->arena);
}

void gotypes_package_index(PkgCtx *pkg) {
  for (uint32_t k = 0; k < pkg->n_mods; k++) index_module(pkg->mods[k], &pkg->decls, pkg->arena);
}

/* Section - Members */

static const ExportEntry *ctype_decl(ModCtx *mc, const char *ctype, const char *suffix, const char **name_out) {
  const char *pkg, *name;
  size_t pkg_len;
  if (!ctype_split(ctype, &pkg, &pkg_len, &name)) return NULL;
  if (name_out) *name_out = name;
  char key[300];
  snprintf(key, sizeof key, "%s%s%s", name, suffix ? "." : "", suffix ? suffix : "");
  return decl_find(mc, pkg, pkg_len, key);
}

/* A method declared on the named type: its summary, here or where published. */
static const FuncSummary *method_summary(ModCtx *mc, const char *ctype, const char *method) {
  const char *pkg, *name;
  size_t pkg_len;
  if (!ctype_split(ctype, &pkg, &pkg_len, &name)) return NULL;
  char k1[300], k2[300];
  snprintf(k1, sizeof k1, "(*%s).%s", name, method);
  snprintf(k2, sizeof k2, "%s.%s", name, method);
  const char *own = own_key(mc);
  if (strlen(own) == pkg_len && memcmp(own, pkg, pkg_len) == 0) {
    FnInfo *F = map_get_cstr(mc->func_by_name, k1);
    if (!F) F = map_get_cstr(mc->func_by_name, k2);
    return F ? &F->summary : NULL;
  }
  const ExportEntry *e = decl_find(mc, pkg, pkg_len, k1);
  if (!e) e = decl_find(mc, pkg, pkg_len, k2);
  return e && e->kind.kind == VK_FUNC ? &e->summary : NULL;
}

/* True when a modelled handle of kind k has a call named method. */
static bool model_has_method(ModCtx *mc, VKind k, const char *method) {
  return k.lib >= 0 && k.kind < AK_COUNT && apispec_find_call(&mc->engine->spec, k.lib, (ApiKind)k.kind, method);
}

static bool member_at(ModCtx *mc, const char *ctype, const char *member, GoMember *out, int depth);

/* Members promoted from the embedded fields of a struct (Go's shallowest-first
** rule is approximated by declaration order, depth by depth). */
static bool member_promoted(ModCtx *mc, const char *ctype, const char *member, GoMember *out, int depth) {
  for (unsigned i = 0; i < 32; i++) {
    char idx[16];
    snprintf(idx, sizeof idx, "#%u", i);
    const ExportEntry *emb = ctype_decl(mc, ctype, idx, NULL);
    if (!emb) break;
    VKind k = gotypes_ctype_kind(mc, emb->ctype);
    if (model_has_method(mc, k, member)) {
      out->promoted = k;
      return true;
    }
    if (member_at(mc, emb->ctype, member, out, depth + 1)) return true;
  }
  return false;
}

static bool member_at(ModCtx *mc, const char *ctype, const char *member, GoMember *out, int depth) {
  if (!ctype || depth > GOTYPES_MAX_DEPTH) return false;
  const FuncSummary *ms = method_summary(mc, ctype, member);
  if (ms) {
    out->method = ms;
    return true;
  }
  const ExportEntry *d = ctype_decl(mc, ctype, member, NULL);
  if (d && d->what == EX_FIELD) {
    out->field = d;
    out->owner_ctype = ctype;
    return true;
  }
  if (d && d->what == EX_IFACE_METHOD) {
    out->iface = d;
    out->owner_ctype = ctype;
    return true;
  }
  const ExportEntry *t = ctype_decl(mc, ctype, NULL, NULL);
  if (t && t->what == EX_TYPE && t->tkind == IR_TYPE_OTHER) return member_at(mc, t->ctype, member, out, depth + 1);
  if (t && t->what == EX_TYPE) return member_promoted(mc, ctype, member, out, depth);
  return false;
}

/* A member lookup resolved once per module: kinds, poolsites and secconf ask
** the same (type, member) pairs on every round, and each resolution formats
** and hashes several declaration keys. What it reads (the package's
** declarations and functions, earlier packages' summaries, the models) is
** fixed once the package is indexed; a summary it points to may still change,
** but it is read through the pointer. */
typedef struct MemberMemo {
  bool found;
  GoMember gm;
} MemberMemo;

bool gotypes_member(ModCtx *mc, const char *ctype, const char *member, GoMember *out) {
  memset(out, 0, sizeof *out);
  out->promoted = vk_zero;
  if (!member || strchr(member, '.') || !ctype) return false;
  size_t cl = strlen(ctype), ml = strlen(member);
  char buf[512];
  if (cl + ml + 1 >= sizeof buf) return member_at(mc, ctype, member, out, 0);
  memcpy(buf, ctype, cl);
  buf[cl] = '\x1f'; /* in no type or identifier */
  memcpy(buf + cl + 1, member, ml);
  const MemberMemo *hit = map_get(&mc->members, buf, cl + 1 + ml);
  if (hit) {
    *out = hit->gm;
    return hit->found;
  }
  MemberMemo *memo = ARENA_NEW(mc->cache, MemberMemo);
  memo->found = member_at(mc, ctype, member, out, 0);
  memo->gm = *out;
  /* The caller's type text may live in a per-function arena. */
  if (out->owner_ctype) memo->gm.owner_ctype = arena_strdup(mc->cache, out->owner_ctype);
  map_set(&mc->members, arena_strndup(mc->cache, buf, cl + 1 + ml), cl + 1 + ml, memo);
  return memo->found;
}

VKind gotypes_field_kind(ModCtx *mc, const GoMember *gm, const char *member) {
  if (!gm->field) return vk_zero;
  const char *pkg, *name;
  size_t pkg_len;
  if (ctype_split(gm->owner_ctype, &pkg, &pkg_len, &name)) {
    const char *own = own_key(mc);
    if (strlen(own) == pkg_len && memcmp(own, pkg, pkg_len) == 0) {
      char key[300];
      snprintf(key, sizeof key, "%s.%s", name, member);
      const VKind *k = map_get_cstr(mc->class_fields, key);
      if (k) return *k;
    } else if (gm->field->kind.kind != AK_UNKNOWN) {
      return gm->field->kind; /* learned by assignment in its package */
    }
  }
  return gotypes_ctype_kind(mc, gm->field->ctype);
}

/* Section - Implementations
**
** An interface method has no body, so what it does to its arguments comes
** from the methods of that name that types of the interface's package
** declare (the usual `type Store interface{…}` beside `type SQLStore
** struct{…}`): `defer s.store.Rollback(tx)` rolls tx back because
** (*SQLStore).Rollback does. Several implementations are merged: any that
** releases, ends or keeps an argument counts (a false alarm costs more than
** a miss); none of them hands back an acquisition the interface's declared
** result does not already say. Their database facts are merged by dbimpl.c. */

static bool method_name_is(const char *fn_name, const char *method) {
  const char *dot = fn_name ? strrchr(fn_name, '.') : NULL;
  return dot && dot != fn_name && strcmp(dot + 1, method) == 0 && (fn_name[0] == '(' || !strchr(fn_name, '<'));
}

static void impl_merge(FuncSummary *acc, const FuncSummary *s, bool *any) {
  acc->releases_params |= s->releases_params;
  acc->escapes_params |= s->escapes_params;
  acc->begins_params |= s->begins_params;
  acc->ends_params |= s->ends_params;
  acc->ret_holds |= s->ret_holds;
  acc->invokes_params |= s->invokes_params;
  acc->hands_params |= s->hands_params;
  acc->fails_open_params |= s->fails_open_params;
  if (!*any) acc->n_params = s->n_params;
  *any = true;
}

/* The package's functions whose method name is method, in the order of
** func_by_name's slots, with their keys (dbimpl_implements asks by key).
** Which functions those are is fixed once every file's kinds_module_init has
** run; their summaries change from round to round, so only the list is kept
** (ModCtx.impls) and the merge is redone each time. */
typedef struct ImplList {
  ARRAY(const FnInfo *) fns;
  ARRAY(const char *) keys;
  Map implements; /* interface name → bool[fns.len]: which of them implement it (dbimpl_implements,
                     fixed with the declarations), in cache */
} ImplList;

static ImplList *impl_list(ModCtx *mc, const char *method) {
  size_t len = strlen(method);
  ImplList *hit = map_get(&mc->impls, method, len);
  if (hit) return hit;
  ImplList *l = ARENA_NEW(mc->cache, ImplList);
  map_init(&l->implements, mc->cache);
  for (uint32_t i = 0; i < mc->func_by_name->cap; i++) {
    const MapSlot *sl = &mc->func_by_name->slots[i];
    if (!sl->key || !method_name_is(sl->key, method)) continue;
    array_push_in(mc->cache, &l->fns, (const FnInfo *)sl->value);
    array_push_in(mc->cache, &l->keys, sl->key);
  }
  map_set(&mc->impls, arena_strndup(mc->cache, method, len), len, l);
  return l;
}

/* The merged summary of package-local methods named method, into *out; with
** the interface iface known, also the database facts of the types that
** implement it (dbimpl.c). */
static bool impl_local(ModCtx *mc, const char *iface, const char *method, FuncSummary *out) {
  bool any = false;
  uint32_t n_db = 0;
  ImplList *l = impl_list(mc, method);
  bool *impl = iface ? map_get_cstr(&l->implements, iface) : NULL;
  if (iface && !impl) { /* asked in every kinds round: each implementation test once */
    impl = ARENA_NEW_ARRAY(mc->cache, bool, l->fns.len + 1);
    for (uint32_t i = 0; i < l->fns.len; i++) impl[i] = dbimpl_implements(mc, l->keys.items[i], iface);
    map_set_cstr(&l->implements, arena_strdup(mc->cache, iface), impl);
  }
  for (uint32_t i = 0; i < l->fns.len; i++) {
    impl_merge(out, &l->fns.items[i]->summary, &any);
    if (impl && impl[i]) dbimpl_merge(out, &l->fns.items[i]->summary, &n_db);
  }
  return any;
}

const FuncSummary *gotypes_iface_impl(ModCtx *mc, const GoMember *gm, const char *method) {
  const char *pkg, *name;
  size_t pkg_len;
  if (!gm->iface || !ctype_split(gm->owner_ctype, &pkg, &pkg_len, &name)) return NULL;
  const char *own = own_key(mc);
  if (strlen(own) == pkg_len && memcmp(own, pkg, pkg_len) == 0) {
    FuncSummary *s = ARENA_NEW(mc->arena, FuncSummary);
    s->ret_lib = -1;
    return impl_local(mc, name, method, s) ? s : NULL;
  }
  char key[300];
  snprintf(key, sizeof key, "~impl.%s.%s", name, method); /* with the implementers' database facts */
  const ExportEntry *e = decl_find(mc, pkg, pkg_len, key);
  if (e && e->kind.kind == VK_FUNC) return &e->summary;
  snprintf(key, sizeof key, "~impl.%s", method);
  e = decl_find(mc, pkg, pkg_len, key);
  return e && e->kind.kind == VK_FUNC ? &e->summary : NULL;
}

/* Section - Kinds and paths */

VKind gotypes_ctype_kind(ModCtx *mc, const char *ctype) {
  for (int depth = 0; ctype && depth <= GOTYPES_MAX_DEPTH; depth++) {
    const char *pkg, *name;
    size_t pkg_len;
    if (!ctype_split(ctype, &pkg, &pkg_len, &name)) return vk_zero;
    char spec[512];
    if (pkg_len >= sizeof spec) return vk_zero;
    memcpy(spec, pkg, pkg_len);
    spec[pkg_len] = '\0';
    int lib = apispec_find_module(&mc->engine->spec, spec, NULL);
    if (lib >= 0) {
      ApiKind k = apispec_type_kind_in(&mc->engine->spec, lib, spec, name);
      return k ? (VKind){(uint8_t)k, (int8_t)lib, 0, NULL} : vk_zero;
    }
    ApiKind gk = apispec_generated_type_kind(&mc->engine->spec, spec, name, &lib); /* ent's generated Client */
    if (gk) return (VKind){(uint8_t)gk, (int8_t)lib, 0, NULL};
    const ExportEntry *t = decl_find(mc, pkg, pkg_len, name);
    if (!t || t->what != EX_TYPE || t->tkind != IR_TYPE_OTHER) return vk_zero;
    ctype = t->ctype; /* `type DB = *sql.DB`, `type Conn *sql.Conn` */
  }
  return vk_zero;
}

/* The ctype learned for name in fi or the functions enclosing it. */
static const char *learned_ctype(ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; guard < 64; guard++) {
    const PathInfo *pi = kinds_path(mc, fi, name);
    if (pi && pi->ctype) return pi->ctype;
    const IrFunc *fn = &mc->m->funcs[fi];
    if (kinds_fn_declares(mc, fi, name) || fn->parent < 0) break;
    fi = (uint32_t)fn->parent;
  }
  return NULL;
}

/* The ctype of the head variable of a path: declared, or learned. An import
** name followed by a member is a package variable of another package. */
static const char *head_ctype(ModCtx *mc, uint32_t fi, const char *head, const char **rest) {
  const char *learned = learned_ctype(mc, fi, head);
  if (learned) return learned;
  const char *decl = kinds_var_decl_type(mc, fi, head);
  if (decl) return gotypes_canon(mc, decl);
  const IrImport *imp = kinds_import_find(mc, head);
  if (!imp || !*rest) return NULL;
  const char *var = *rest;
  const char *dot = strchr(var, '.');
  char name[128];
  size_t n = dot ? (size_t)(dot - var) : strlen(var);
  if (n >= sizeof name) return NULL;
  memcpy(name, var, n);
  name[n] = '\0';
  *rest = dot ? dot + 1 : "";
  const ExportEntry *e = module_summary_find(project_go_package(mc->project, imp->specifier), name);
  return e && e->what == EX_VALUE && e->kind.kind != VK_FUNC ? e->ctype : NULL;
}

const char *gotypes_path_ctype(ModCtx *mc, uint32_t fi, const char *path) {
  if (!path || mc->m->lang != IR_LANG_GO) return NULL;
  const PathInfo *whole = kinds_path(mc, fi, path);
  if (whole && whole->ctype) return whole->ctype;
  const char *dot = strchr(path, '.');
  char head[128];
  size_t n = dot ? (size_t)(dot - path) : strlen(path);
  if (n >= sizeof head) return NULL;
  memcpy(head, path, n);
  head[n] = '\0';
  const char *rest = dot ? dot + 1 : "";
  const char *ctype = head_ctype(mc, fi, head, &rest);
  while (ctype && *rest) {
    const char *e = strchr(rest, '.');
    char field[128];
    size_t fl = e ? (size_t)(e - rest) : strlen(rest);
    if (fl >= sizeof field) return NULL;
    memcpy(field, rest, fl);
    field[fl] = '\0';
    GoMember gm;
    ctype = gotypes_member(mc, ctype, field, &gm) && gm.field ? gm.field->ctype : NULL;
    rest = e ? e + 1 : "";
  }
  return ctype;
}

/* Section - Publishing */

static void publish_value(ModuleSummary *out, const char *name, VKind k, const FuncSummary *sum, const char *ctype) {
  if (module_summary_find(out, name)) return;
  ExportEntry e;
  memset(&e, 0, sizeof e);
  e.name = name;
  e.what = EX_VALUE;
  e.kind = k;
  if (sum) e.summary = *sum;
  e.ctype = sum ? sum->ret_ctype : ctype;
  module_summary_add(out, &e);
}

/* Package functions, methods and variables of one module. */
static void publish_module_values(ModCtx *mc, ModuleSummary *out) {
  const IrModule *m = mc->m;
  for (uint32_t i = 1; i < m->n_funcs; i++) {
    const IrFunc *fn = &m->funcs[i];
    if (fn->parent != 0 || !fn->name || strchr(fn->name, '<')) continue; /* literals are not callable by name */
    publish_value(out, fn->name, (VKind){VK_FUNC, -1, 0, NULL}, &mc->fns[i].summary, NULL);
  }
  if (!m->n_funcs) return;
  const IrFunc *top = &m->funcs[0];
  for (uint32_t i = 0; i < top->n_locals; i++) {
    const char *name = top->locals[i].name;
    VKind k = kinds_lookup(mc, 0, name);
    if (k.kind == VK_FUNC || k.kind == VK_NAMESPACE) k = vk_zero;
    publish_value(out, name, k, NULL, gotypes_path_ctype(mc, 0, name));
  }
}

/* Publishes under key the merged summary of the package's methods named method
** (with iface, only the database facts of iface's implementations), once. */
static void publish_impl(ModCtx *mc, ModuleSummary *out, const char *key, const char *iface, const char *method) {
  if (module_summary_find(out, key)) return;
  ExportEntry e;
  memset(&e, 0, sizeof e);
  e.name = key;
  e.what = EX_VALUE;
  e.kind = (VKind){VK_FUNC, -1, 0, NULL};
  e.summary.ret_lib = -1;
  if (impl_local(mc, iface, method, &e.summary)) module_summary_add(out, &e);
}

/* "~impl.M": the merged summary of the package's methods named M, for calls
** through interfaces the package declares. */
static void publish_impls(PkgCtx *pkg, ModuleSummary *out) {
  for (uint32_t k = 0; k < pkg->n_mods; k++) {
    ModCtx *mc = pkg->mods[k];
    for (uint32_t i = 1; i < mc->m->n_funcs; i++) {
      const IrFunc *fn = &mc->m->funcs[i];
      const char *dot = fn->name ? strrchr(fn->name, '.') : NULL;
      /* A method whose receiver did not parse has no "Type." in its name. */
      if (!(fn->flags & IR_FUNC_METHOD) || !dot || fn->parent != 0) continue;
      char key[300];
      snprintf(key, sizeof key, "~impl.%s", dot + 1);
      publish_impl(mc, out, key, NULL, dot + 1);
    }
  }
  /* "~impl.I.M": the same, with the database facts of the types that implement I. */
  for (uint32_t k = 0; k < pkg->n_mods; k++) {
    ModCtx *mc = pkg->mods[k];
    for (uint32_t i = 0; i < mc->m->n_fields; i++) {
      const IrField *f = &mc->m->fields[i];
      if (!(f->flags & IR_FIELD_METHOD) || !f->owner || !f->name) continue;
      char key[300];
      snprintf(key, sizeof key, "~impl.%s.%s", f->owner, f->name);
      publish_impl(mc, out, key, f->owner, f->name);
    }
  }
}

void gotypes_publish(PkgCtx *pkg, ModuleSummary *out) {
  for (uint32_t k = 0; k < pkg->n_mods; k++) publish_module_values(pkg->mods[k], out);
  publish_impls(pkg, out);
  /* Declarations in a stable order: each module's fields then types, as indexed. */
  for (uint32_t k = 0; k < pkg->n_mods; k++) {
    ModCtx *mc = pkg->mods[k];
    const IrModule *m = mc->m;
    for (uint32_t i = 0; i < m->n_fields + m->n_types; i++) {
      char key[300];
      if (i < m->n_fields) {
        const IrField *f = &m->fields[i];
        if (!f->owner || !f->name) continue;
        snprintf(key, sizeof key, "%s.%s", f->owner, f->name);
      } else {
        snprintf(key, sizeof key, "%s", m->types[i - m->n_fields].name);
      }
      const ExportEntry *d = map_get_cstr(&pkg->decls, key);
      if (!d || module_summary_find(out, key)) continue;
      ExportEntry e = *d;
      if (e.what == EX_FIELD) {
        const VKind *learned = map_get_cstr(&pkg->class_fields, key);
        if (learned && learned->kind < AK_COUNT) e.kind = *learned;
      }
      module_summary_add(out, &e);
    }
    /* The embedded fields' enumeration keys ("Store.#0"). */
    for (uint32_t i = 0; i < m->n_fields; i++) {
      const IrField *f = &m->fields[i];
      if (!(f->flags & IR_FIELD_EMBEDDED) || !f->owner) continue;
      for (unsigned j = 0; j < 32; j++) {
        char key[300];
        snprintf(key, sizeof key, "%s.#%u", f->owner, j);
        const ExportEntry *d = map_get_cstr(&pkg->decls, key);
        if (!d) break;
        if (!module_summary_find(out, key)) module_summary_add(out, d);
      }
    }
  }
}
