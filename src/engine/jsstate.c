/* jsstate: JavaScript/TypeScript class and module state, for the kinds
** pass (kinds.c). Real code keeps its pools in places a function does not
** declare:
**
** * class fields, however they are set: assigned in a method
**   (`this.pool = pool`), made by a field initialiser (`pool = new Pool()`,
**   run at the start of the constructor) or a static field (`static pool =
**   new Pool()`, lowered as `C.pool = …` where the class is defined), so
**   `this.pool` in a method and `C.pool` anywhere in the module have it;
** * base classes (`class OrderRepo extends BaseRepo`, recorded by the front
**   end as an IR_FIELD_EMBEDDED field): a member OrderRepo does not have is
**   looked up in BaseRepo, in this module or, through the imports, in the
**   module that exports it — its published class members ("BaseRepo#pool",
**   jsstate_publish), and the classes its typed fields are declared with
**   ("BaseRepo:db", naming that class's file and export: jsinstance.c calls
**   their methods);
** * module variables assigned in a function: `let pool = null; function
**   getPool() { if (!pool) pool = new Pool(); return pool }` and `pool ??=
**   new Pool()` make the module's `pool` a pool for every function; the same
**   for a variable of an enclosing function a closure assigns (a test's
**   `beforeAll(async () => { client = await pool.connect() })`).
**
** Nothing here looks at names: a member is what its class was given. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "engine/analysis.h"

enum { JSSTATE_MAX_CHAIN = 8 };

static const VKind vk_none = {AK_UNKNOWN, -1, 0, NULL};

static bool is_js(const ModCtx *mc) { return mc->m->lang == IR_LANG_JS || mc->m->lang == IR_LANG_TS; }

/* True when a class called cls is declared in this module (it has a field,
** a base or a method). */
static bool module_has_class(const ModCtx *mc, const char *cls) {
  for (uint32_t i = 0; i < mc->m->n_fields; i++)
    if (mc->m->fields[i].owner && strcmp(mc->m->fields[i].owner, cls) == 0) return true;
  for (uint32_t i = 0; i < mc->m->n_funcs; i++)
    if (mc->m->funcs[i].class_name && strcmp(mc->m->funcs[i].class_name, cls) == 0) return true;
  return false;
}

static bool class_field_set(ModCtx *mc, const char *cls, size_t cls_len, const char *member, VKind k) {
  char key[256];
  if (snprintf(key, sizeof key, "%.*s.%s", (int)cls_len, cls, member) >= (int)sizeof key) return false;
  if (map_get_cstr(mc->class_fields, key)) return false;
  VKind *nk = ARENA_NEW(mc->arena, VKind);
  *nk = k;
  map_set_cstr(mc->class_fields, arena_strdup(mc->arena, key), nk);
  return true;
}

/* The enclosing method's class as seen from fi (arrow functions see their
** method's `this`), or NULL. */
static const char *this_class(const ModCtx *mc, uint32_t fi) {
  const IrFunc *fn = &mc->m->funcs[fi];
  for (int guard = 0; !fn->class_name && (fn->flags & IR_FUNC_ARROW) && fn->parent >= 0 && guard < 64; guard++)
    fn = &mc->m->funcs[fn->parent];
  return fn->class_name;
}

/* The function whose parameters or locals declare name, as seen from fi, or -1. */
static int32_t declaring_func(const ModCtx *mc, uint32_t fi, const char *name) {
  for (int guard = 0; guard < 64; guard++) {
    if (kinds_fn_declares(mc, fi, name)) return (int32_t)fi;
    const IrFunc *fn = &mc->m->funcs[fi];
    if (fn->parent < 0) return -1;
    fi = (uint32_t)fn->parent;
  }
  return -1;
}

void jsstate_store(ModCtx *mc, uint32_t fi, const char *dst, VKind k) {
  if (!is_js(mc) || !dst || k.kind == AK_UNKNOWN || k.kind >= AK_COUNT || kinds_is_temp(dst)) return;
  const char *dot = strchr(dst, '.');
  if (dot && strchr(dot + 1, '.')) return;
  if (dot) {
    size_t n = (size_t)(dot - dst);
    const char *cls = n == 4 && strncmp(dst, "this", 4) == 0 ? this_class(mc, fi) : NULL;
    if (cls) {
      mc->changed |= class_field_set(mc, cls, strlen(cls), dot + 1, k);
      return;
    }
    char root[128];
    if (n >= sizeof root) return;
    memcpy(root, dst, n);
    root[n] = '\0';
    /* `C.pool = new Pool()`: a static field of a class of this module. */
    if (declaring_func(mc, fi, root) <= 0 && module_has_class(mc, root))
      mc->changed |= class_field_set(mc, root, n, dot + 1, k);
    return;
  }
  /* A module variable, or a variable of an enclosing function, assigned in a
  ** function: every function that sees the variable sees it. */
  int32_t d = declaring_func(mc, fi, dst);
  if (d == (int32_t)fi) return;
  if (d < 0) d = 0;
  PathInfo *pi = map_get_cstr(&mc->fns[d].paths, dst);
  if (!pi) {
    pi = ARENA_NEW(mc->arena, PathInfo);
    pi->kind = vk_none;
    map_set_cstr(&mc->fns[d].paths, dst, pi);
  }
  if (pi->kind.kind == AK_UNKNOWN) {
    pi->kind = k;
    mc->changed = true;
  }
}

/* Section - Base classes */

/* The base class path of cls (its IR_FIELD_EMBEDDED field), or NULL. */
static const char *class_base(const ModCtx *mc, const char *cls) {
  for (uint32_t i = 0; i < mc->m->n_fields; i++) {
    const IrField *f = &mc->m->fields[i];
    if ((f->flags & IR_FIELD_EMBEDDED) && f->owner && strcmp(f->owner, cls) == 0) return f->type;
  }
  return NULL;
}

static VKind entry_kind(const ExportEntry *e) {
  if (!e) return vk_none;
  VKind k = e->kind;
  if (k.kind == VK_FUNC) k.ref = &e->summary;
  if (k.kind == AK_MODEL) k.ref = e->summary.model_table;
  return k;
}

/* A member of class base imported from another module: its published
** "Class#member" entry. base is "Repo" (an import) or "ns.Repo" (a member
** of a namespace import). */
static VKind imported_member(ModCtx *mc, const char *base, const char *member) {
  char local[128], key[300];
  const char *dot = strchr(base, '.');
  size_t n = dot ? (size_t)(dot - base) : strlen(base);
  if (n >= sizeof local || (dot && strchr(dot + 1, '.'))) return vk_none;
  memcpy(local, base, n);
  local[n] = '\0';
  const IrImport *imp = kinds_import_find(mc, local);
  if (!imp) return vk_none;
  const ModuleSummary *s = project_summary(mc->project, project_resolve(mc->project, mc->m->path, imp->specifier));
  if (!s) return vk_none;
  const char *cls = dot ? dot + 1 : imp->imported;
  if (!cls || (!dot && strcmp(cls, "*") == 0)) return vk_none;
  snprintf(key, sizeof key, "%s#%s", cls, member);
  return entry_kind(module_summary_find(s, key));
}

VKind jsstate_inherited_member(ModCtx *mc, const char *cls, const char *member) {
  char key[300];
  for (int guard = 0; cls && guard < JSSTATE_MAX_CHAIN; guard++) {
    const char *base = class_base(mc, cls);
    if (!base) return vk_none;
    if (module_has_class(mc, base)) {
      snprintf(key, sizeof key, "%s.%s", base, member);
      VKind *k = map_get_cstr(mc->class_fields, key);
      if (k) return *k;
      FnInfo *F = map_get_cstr(mc->func_by_name, key);
      if (F) return (VKind){VK_FUNC, -1, 0, &F->summary};
      cls = base;
      continue;
    }
    return imported_member(mc, base, member);
  }
  return vk_none;
}

VKind jsstate_static_member(ModCtx *mc, uint32_t fi, const char *cls, const char *member) {
  if (!is_js(mc) || strchr(cls, '.') || declaring_func(mc, fi, cls) > 0) return vk_none;
  char key[300];
  snprintf(key, sizeof key, "%s.%s", cls, member);
  VKind *k = map_get_cstr(mc->class_fields, key);
  if (k) return *k;
  if (!module_has_class(mc, cls)) return kinds_import_find(mc, cls) ? imported_member(mc, cls, member) : vk_none;
  return jsstate_inherited_member(mc, cls, member);
}

/* Where class t, a name of this module (its own class or an import), is
** published: the file whose summary has its "name#member" entries. */
static bool class_home(ModCtx *mc, const char *t, const char **path, const char **name) {
  if (module_has_class(mc, t)) {
    for (uint32_t i = 0; i < mc->m->n_exports; i++) {
      const IrExport *x = &mc->m->exports[i];
      if (x->value.kind == IR_V_PATH && x->value.text && strcmp(x->value.text, t) == 0)
        return *path = mc->m->path, *name = x->exported, true;
    }
    return false;
  }
  const IrImport *imp = kinds_import_find(mc, t);
  if (!imp || !imp->imported || strcmp(imp->imported, "*") == 0) return false;
  *path = project_resolve(mc->project, mc->m->path, imp->specifier);
  *name = imp->imported;
  return *path != NULL;
}

static bool is_identifier(const char *t) {
  if (!t || !(isalpha((unsigned char)*t) || *t == '_' || *t == '$')) return false;
  for (const char *p = t + 1; *p; p++)
    if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '$')) return false;
  return true;
}

const char *jsstate_class_base(const ModCtx *mc, const char *cls) {
  return module_has_class(mc, cls) ? class_base(mc, cls) : NULL;
}

VKind jsstate_imported_field_method(ModCtx *mc, const char *base, const char *field, const char *member) {
  char key[300];
  if (strchr(base, '.')) return vk_none;
  const IrImport *imp = kinds_import_find(mc, base);
  const ModuleSummary *s =
      imp ? project_summary(mc->project, project_resolve(mc->project, mc->m->path, imp->specifier)) : NULL;
  if (!s || !imp->imported || strcmp(imp->imported, "*") == 0) return vk_none;
  snprintf(key, sizeof key, "%s:%s", imp->imported, field);
  const ExportEntry *e = module_summary_find(s, key);
  if (!e || e->what != EX_FIELD || !e->ns_path || !e->ns_member) return vk_none;
  snprintf(key, sizeof key, "%s#%s", e->ns_member, member);
  VKind k = entry_kind(module_summary_find(project_summary(mc->project, e->ns_path), key));
  return k.kind == VK_FUNC ? (VKind){VK_FUNC, VK_LIB_INSTANCE, 0, k.ref} : vk_none;
}

/* Section - Publishing */

/* Publishes the declared class of each field of class cls whose type is one
** identifier naming a class the module knows, as "exported:field" (EX_FIELD)
** with that class's file and exported name: a subclass in another module
** calls methods through `this.field` (jsstate_imported_field_method). */
static void publish_field_types(ModCtx *mc, ModuleSummary *s, const char *exported, const char *cls) {
  char key[300];
  for (uint32_t i = 0; i < mc->m->n_fields; i++) {
    const IrField *f = &mc->m->fields[i];
    const char *path, *name;
    if ((f->flags & IR_FIELD_EMBEDDED) || !f->owner || !f->name || strcmp(f->owner, cls) != 0 ||
        !is_identifier(f->type) || !class_home(mc, f->type, &path, &name))
      continue;
    snprintf(key, sizeof key, "%s:%s", exported, f->name);
    if (module_summary_find(s, key)) continue;
    ExportEntry e;
    memset(&e, 0, sizeof e);
    e.name = key;
    e.what = EX_FIELD;
    e.ns_path = (char *)path;
    e.ns_member = (char *)name;
    module_summary_add(s, &e);
  }
}

static void publish_entry(ModuleSummary *s, const char *name, VKind k) {
  if (k.kind == AK_UNKNOWN || k.kind == VK_NAMESPACE || module_summary_find(s, name)) return;
  ExportEntry e;
  memset(&e, 0, sizeof e);
  e.name = name;
  e.kind = k;
  if (k.kind == VK_FUNC && k.ref) e.summary = *(const FuncSummary *)k.ref;
  if (k.kind == AK_MODEL && k.ref) snprintf(e.summary.model_table, sizeof e.summary.model_table, "%s", (const char *)k.ref);
  module_summary_add(s, &e);
}

/* Publishes the members of class cls as "exported#member", its own and its
** bases' (as far as this module knows them). */
static void publish_class(ModCtx *mc, ModuleSummary *s, const char *exported, const char *cls, int depth) {
  char key[300];
  size_t cl = strlen(cls);
  for (uint32_t i = 0; i < mc->class_fields->cap; i++) {
    const MapSlot *sl = &mc->class_fields->slots[i];
    if (!sl->key || sl->key_len <= cl + 1 || strncmp(sl->key, cls, cl) != 0 || sl->key[cl] != '.') continue;
    snprintf(key, sizeof key, "%s#%.*s", exported, (int)(sl->key_len - cl - 1), sl->key + cl + 1);
    publish_entry(s, key, *(const VKind *)sl->value);
  }
  for (uint32_t i = 0; i < mc->m->n_funcs; i++) {
    const IrFunc *fn = &mc->m->funcs[i];
    if (!fn->class_name || strcmp(fn->class_name, cls) != 0 || !fn->name || strncmp(fn->name, cls, cl) != 0 ||
        fn->name[cl] != '.' || (fn->flags & IR_FUNC_CTOR))
      continue;
    snprintf(key, sizeof key, "%s#%s", exported, fn->name + cl + 1);
    publish_entry(s, key, (VKind){VK_FUNC, -1, 0, &mc->fns[i].summary});
  }
  publish_field_types(mc, s, exported, cls);
  const char *base = class_base(mc, cls);
  if (!base) return;
  if (module_has_class(mc, base)) {
    if (depth < JSSTATE_MAX_CHAIN) publish_class(mc, s, exported, base, depth + 1);
    return;
  }
  /* A base from another module: what it published under its name. */
  const IrImport *imp = strchr(base, '.') ? NULL : kinds_import_find(mc, base);
  const ModuleSummary *bs = imp ? project_summary(mc->project, project_resolve(mc->project, mc->m->path, imp->specifier))
                                : NULL;
  size_t bl = imp && imp->imported ? strlen(imp->imported) : 0;
  for (uint32_t i = 0; bs && bl && i < bs->exports.len; i++) {
    const ExportEntry *e = &bs->exports.items[i];
    if (strncmp(e->name, imp->imported, bl) != 0 || (e->name[bl] != '#' && e->name[bl] != ':')) continue;
    snprintf(key, sizeof key, "%s%c%s", exported, e->name[bl], e->name + bl + 1);
    if (e->name[bl] == '#') {
      publish_entry(s, key, entry_kind(e));
    } else if (!module_summary_find(s, key)) { /* a base's field type, as the base published it */
      ExportEntry c = *e;
      c.name = key;
      module_summary_add(s, &c);
    }
  }
}

void jsstate_publish(ModCtx *mc, ModuleSummary *s) {
  if (!is_js(mc)) return;
  for (uint32_t i = 0; i < mc->m->n_exports; i++) {
    const IrExport *x = &mc->m->exports[i];
    if (x->value.kind == IR_V_PATH && x->value.text && !strchr(x->value.text, '.') &&
        module_has_class(mc, x->value.text))
      publish_class(mc, s, x->exported, x->value.text, 0);
  }
}
