/* jsinstance: methods of instances of the project's own classes (JS/TS).
**
** A service keeps its repository in a field or gets it as a parameter, typed
** with the project's class: `constructor(private db: DB)`, `repo: UserRepo`.
** `this.db.createUser(…)` is then DB's method createUser, whose summary
** (what it acquires, reads and writes, the transaction it runs a callback
** in) is the call's, as `this.createUser(…)` inside DB already is. The class
** comes from the declared type as written — of a class field (also a
** constructor's parameter property), or of a parameter or local of the
** function or an enclosing one — when it is one identifier naming a class of
** this module or an imported one (its published "Class#method" entries,
** jsstate.c). A field a base class declares is the base's: in this module,
** its declaration; a base imported from another module publishes its fields'
** classes ("Base:field", jsstate.c), so `this.database.insertMatch(…)` in a
** subclass of an imported `AbstractService { database: Database }` is
** Database's insertMatch. Only methods are looked up: what a field of the instance holds
** stays unknown; and not those a library names for a connection's own work
** (`query`, `begin`, `commit`, `release`, …), which the engine reads by name
** on a receiver of unknown kind, as a class wrapping a client is used.
** Nothing here looks at names of variables. `super.m(…)` is the base
** class's m, as an inherited `this.m(…)` is (the same object: no instance).
**
** As data operations (dbops.c), such a method counts by its writes only:
** the reads of an injected service (`this.accessService.access(…)` before
** an update) are mostly lookups and authorization checks, which
** check-then-act cannot yet tell from the checks of a race. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "engine/analysis.h"

enum { JSINSTANCE_MAX_CHAIN = 16 };

static const VKind vk_none = {AK_UNKNOWN, -1, 0, NULL};

static bool is_identifier(const char *t) {
  if (!t || !(isalpha((unsigned char)*t) || *t == '_' || *t == '$')) return false;
  for (const char *p = t + 1; *p; p++)
    if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '$')) return false;
  return true;
}

/* The declared type of field name of class cls, or NULL. */
static const char *field_type(const IrModule *m, const char *cls, const char *name) {
  for (uint32_t i = 0; i < m->n_fields; i++) {
    const IrField *f = &m->fields[i];
    if (!(f->flags & IR_FIELD_EMBEDDED) && f->owner && f->name && strcmp(f->owner, cls) == 0 &&
        strcmp(f->name, name) == 0)
      return f->type;
  }
  return NULL;
}

/* The declared type of field name of class cls or of its bases in this module, or NULL; *imported
** is then the first base imported from another module (whose fields this module does not see). */
static const char *class_field_type(const ModCtx *mc, const char *cls, const char *name, const char **imported) {
  for (int g = 0; cls && g < JSINSTANCE_MAX_CHAIN; g++) {
    const char *t = field_type(mc->m, cls, name);
    if (t) return t;
    const char *base = jsstate_class_base(mc, cls);
    if (base && !jsstate_class_base(mc, base) && !field_type(mc->m, base, name) && kinds_import_find(mc, base))
      *imported = base;
    cls = base;
  }
  return NULL;
}

/* The declared type of path prefix (`this.db`, `repo`) in function fi, or NULL; *imported as
** class_field_type's for a field of `this`. */
static const char *declared_type(const ModCtx *mc, uint32_t fi, const char *prefix, const char **imported) {
  const IrModule *m = mc->m;
  if (strncmp(prefix, "this.", 5) == 0) {
    if (strchr(prefix + 5, '.')) return NULL;
    const IrFunc *fn = &m->funcs[fi];
    for (int g = 0; !fn->class_name && (fn->flags & IR_FUNC_ARROW) && fn->parent >= 0 && g < JSINSTANCE_MAX_CHAIN; g++)
      fn = &m->funcs[fn->parent]; /* an arrow sees its method's `this` */
    return fn->class_name ? class_field_type(mc, fn->class_name, prefix + 5, imported) : NULL;
  }
  if (strchr(prefix, '.')) return NULL;
  for (int g = 0; g < JSINSTANCE_MAX_CHAIN; g++) {
    const IrFunc *fn = &m->funcs[fi];
    const IrVar *v = kinds_fn_decl(mc, fi, prefix);
    if (v) return v->type;
    if (fn->parent < 0) return NULL;
    fi = (uint32_t)fn->parent;
  }
  return NULL;
}

/* A method a library names for a connection's own work (query, begin, commit, release …):
** on a receiver of unknown kind the engine already reads such a call by its name (a class
** wrapping a client is used as the client), which a summary would hide. */
static bool connection_method(const ApiSpec *spec, const char *member) {
  static const ApiEffect effects[] = {AE_BEGIN, AE_COMMIT, AE_ROLLBACK, AE_RELEASE, AE_ACQUIRE};
  if (apispec_is_query_method(spec, member)) return true;
  for (size_t i = 0; i < sizeof effects / sizeof effects[0]; i++)
    if (apispec_has_effect(spec, effects[i], member)) return true;
  return false;
}

/* `super.m(…)` in a method: the base class's m, as `this.m(…)` finds an inherited one. */
static VKind super_member(ModCtx *mc, uint32_t fi, const char *member) {
  const IrFunc *fn = &mc->m->funcs[fi];
  for (int g = 0; !fn->class_name && (fn->flags & IR_FUNC_ARROW) && fn->parent >= 0 && g < JSINSTANCE_MAX_CHAIN; g++)
    fn = &mc->m->funcs[fn->parent];
  VKind k = fn->class_name ? jsstate_inherited_member(mc, fn->class_name, member) : vk_none;
  return k.kind == VK_FUNC ? k : vk_none;
}

VKind jsinstance_member(ModCtx *mc, uint32_t fi, const char *prefix, const char *member) {
  if (mc->m->lang != IR_LANG_JS && mc->m->lang != IR_LANG_TS) return vk_none;
  bool via_super = strcmp(prefix, "super") == 0;
  const char *imported = NULL;
  const char *cls = via_super ? NULL : declared_type(mc, fi, prefix, &imported);
  if (!via_super && !is_identifier(cls) && !imported) return vk_none;
  /* Asked last: the models' effect lists are scanned by name, and most paths have no project class. */
  if (connection_method(&mc->engine->spec, member)) return vk_none;
  if (via_super) return super_member(mc, fi, member);
  if (!cls) /* a field a base class of another module declares (`database: Database`) */
    return jsstate_imported_field_method(mc, imported, prefix + 5, member);
  char key[256];
  if (snprintf(key, sizeof key, "%s.%s", cls, member) >= (int)sizeof key) return vk_none;
  FnInfo *F = map_get_cstr(mc->func_by_name, key);
  if (F) return (VKind){VK_FUNC, VK_LIB_INSTANCE, 0, &F->summary};
  VKind k = jsstate_static_member(mc, fi, cls, member); /* a base's, or an imported class's */
  return k.kind == VK_FUNC ? (VKind){VK_FUNC, VK_LIB_INSTANCE, 0, k.ref} : vk_none;
}

void jsinstance_op(DbOp *op) {
  if (op->kind == DB_READ) memset(op, 0, sizeof *op), op->sql_arg = -1;
  op->flags &= (uint16_t)~DBF_ALSO_READS;
}
