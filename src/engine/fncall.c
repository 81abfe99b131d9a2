/* fncall: function models. A C library is a set of functions called by
** name: `PQexec(conn, "BEGIN")` runs SQL on its argument 0 and returns a
** result that must be PQclear'ed; `sqlite3_prepare_v2(db, sql, -1, &stmt,
** NULL)` writes the statement it acquires through argument 3. The models
** say which argument each effect concerns; this file maps a call onto them
** so that kinds.c and typestate.c can treat "the subject" and "the holder"
** as they treat a method's receiver and result. */
#include <stdlib.h>
#include <string.h>

#include "engine/capi.h"

static bool bare_name(const char *callee) { return callee && !strchr(callee, '.'); }

/* True, false, or unknown (-1) for a constant argument. */
static int const_truth(const IrValue *v) {
  if (!v) return -1;
  switch (v->kind) {
  case IR_V_NULL: return 0;
  case IR_V_BOOL: return strcmp(v->text, "true") == 0;
  case IR_V_NUMBER: {
    char *end = NULL;
    double d = strtod(v->text, &end);
    return end && end != v->text && *end == '\0' ? d != 0 : -1;
  }
  default: return -1;
  }
}

static bool when_holds(const ApiCall *m, const IrCall *c) {
  if (m->when_arg < 0) return true;
  if ((uint32_t)m->when_arg >= c->n_args) return false;
  int t = const_truth(&c->args[m->when_arg]);
  return t >= 0 && (t == 1) == m->when_truthy;
}

const ApiCall *fncall_model(const ModCtx *mc, const IrCall *c, int *lib) {
  if (c->recv.kind != IR_V_NONE || !bare_name(c->callee)) return NULL;
  const ApiSpec *spec = &mc->engine->spec;
  int l = -1;
  const ImportSlot *slot = map_get_cstr(&mc->imports, c->callee);
  if (slot && (slot->imp->flags & IR_IMPORT_LINKED)) l = apispec_find_module(spec, slot->imp->specifier, NULL);
  if (l < 0 || !apispec_find_function(spec, l, c->callee)) l = apispec_lib_for_function(spec, c->callee);
  if (l < 0) return NULL;
  for (const ApiCall *m = apispec_find_function(spec, l, c->callee); m; m = apispec_next_function(spec, l, m)) {
    if (!when_holds(m, c)) continue;
    *lib = l;
    return m;
  }
  return NULL;
}

static const IrValue no_value = {.kind = IR_V_NONE, .func = -1};

const IrValue *fncall_subject(Arena *arena, const IrCall *c, const ApiCall *model) {
  if (!model || (!model->is_function && model->subject_arg < 0)) return &c->recv; /* pgx.CollectRows(rows): "arg" */
  if (model->subject_arg < 0 || (uint32_t)model->subject_arg >= c->n_args) return &no_value;
  const IrValue *v = &c->args[model->subject_arg];
  if (v->kind != IR_V_ADDR) return v;
  IrValue *p = ARENA_NEW(arena, IrValue); /* mysql_close(&m) closes m */
  *p = *v;
  p->kind = IR_V_PATH;
  return p;
}

const char *fncall_holder(const IrCall *c, const ApiCall *model) {
  const char *result = c->n_results && c->results[0].kind == IR_V_PATH ? c->results[0].text : NULL;
  if (!model || !model->is_function || model->out_arg < 0) return result;
  const IrValue *v = (uint32_t)model->out_arg < c->n_args ? &c->args[model->out_arg] : NULL;
  if (v && v->kind == IR_V_ADDR) return v->text;
  return model->out_or_result ? result : NULL;
}

const char *fncall_also_holder(const IrCall *c, const ApiCall *model) {
  if (!model || !model->is_function || model->out_arg < 0 || !model->out_or_result) return NULL;
  const char *holder = fncall_holder(c, model);
  const char *result = c->n_results && c->results[0].kind == IR_V_PATH ? c->results[0].text : NULL;
  return result && holder && strcmp(result, holder) != 0 ? result : NULL;
}

VKind fncall_linked_import(const ModCtx *mc, const IrImport *imp) {
  const ExportEntry *e = project_linked(mc->project, imp->imported, mc->m->path);
  if (!e || e->kind.kind != VK_FUNC) return (VKind){AK_UNKNOWN, -1, 0, NULL};
  VKind k = e->kind;
  k.ref = &e->summary;
  return k;
}
