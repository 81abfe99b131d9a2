/* goclosure: what a Go function literal does with the resources it captures.
** A closure the function returns takes along what it captures; when all it
** does with a captured statement is run queries on it (`stmt.Select(…)`),
** nobody can release it any more: the caller gets only the closure. Such a
** capture is not an escape at the return (typestate.c), so the resource is
** still held there and reported. Any other mention of the variable in the
** closure (an argument, an assignment, a return, a nested closure, an opaque
** construct, a call that may release it) hands it over, as before. */
#include <string.h>

#include "engine/analysis.h"
#include "engine/threading.h"

enum { GOCLOSURE_MAX_DEPTH = 8 };

/* v mentions name or a field of it, anywhere (threading.c's test). */
static bool mentions(const IrValue *v, const char *name, int depth) {
  return threading_value_mentions(v, name, false, depth);
}

/* Whether method may release, end or keep a resource of kind/lib: its model
** says so, or, unmodelled for that kind, some library's method of that name does. */
static bool may_release(const FnAnalysis *fa, const TsRes *res, const char *method) {
  const ApiSpec *spec = &fa->mc->engine->spec;
  const ApiCall *m = method ? apispec_find_call(spec, res->lib, (ApiKind)res->kind, method) : NULL;
  if (!method) return true;
  if (m)
    return m->effect == AE_RELEASE || m->effect == AE_COMMIT || m->effect == AE_ROLLBACK || m->effect == AE_CLOSE ||
           m->effect == AE_KEEP || m->releases_when_false || m->releases_when_true;
  static const ApiEffect ending[] = {AE_RELEASE, AE_COMMIT, AE_ROLLBACK, AE_CLOSE, AE_KEEP};
  for (size_t k = 0; k < sizeof ending / sizeof *ending; k++)
    if (apispec_has_effect(spec, ending[k], method)) return true;
  return false;
}

/* Whether closure cf mentions captured name only as the receiver of calls
** that cannot release res. */
static bool only_queries(const FnAnalysis *fa, int32_t cf, const char *name, const TsRes *res, int depth) {
  const IrModule *m = fa->mc->m;
  if (cf < 0 || (uint32_t)cf >= m->n_funcs || depth > GOCLOSURE_MAX_DEPTH) return false;
  const IrFunc *cl = &m->funcs[cf];
  for (uint32_t i = 0; i < cl->n_params; i++) /* shadowed: not worth telling apart */
    if (cl->params[i].name && strcmp(cl->params[i].name, name) == 0) return false;
  for (uint32_t i = 0; i < cl->n_locals; i++)
    if (cl->locals[i].name && strcmp(cl->locals[i].name, name) == 0) return false;
  for (uint32_t f = 0; f < m->n_funcs; f++) /* a nested closure capturing it: handed on */
    if (m->funcs[f].parent == cf)
      for (uint32_t k = 0; k < m->funcs[f].n_captures; k++)
        if (strcmp(m->funcs[f].captures[k], name) == 0) return false;
  for (uint32_t b = 0; b < cl->n_blocks; b++) {
    const IrBlock *blk = &cl->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      if (in->kind == IR_ASSIGN && (mentions(&in->u.assign.src, name, 0) || mentions(&in->u.assign.dst, name, 0)))
        return false;
      for (uint32_t u = 0; in->kind == IR_OPAQUE && u < in->u.opaque.n_uses; u++)
        if (mentions(&in->u.opaque.uses[u], name, 0)) return false;
      if (in->kind != IR_CALL && in->kind != IR_DEFER) continue;
      const IrCall *c = &in->u.call;
      for (uint32_t a = 0; a < c->n_args; a++)
        if (mentions(&c->args[a], name, 0)) return false;
      for (uint32_t r = 0; r < c->n_results; r++)
        if (mentions(&c->results[r], name, 0)) return false;
      if (mentions(&c->callee_value, name, 0) || (c->callee && strcmp(c->callee, name) == 0)) return false;
      bool on_it = c->recv.kind == IR_V_PATH && c->recv.text && strcmp(c->recv.text, name) == 0;
      if (on_it && may_release(fa, res, c->name)) return false;
      if (!on_it && mentions(&c->recv, name, 0)) return false; /* a field of it: not a method of the resource */
    }
    for (uint32_t v = 0; v < blk->term.n_values; v++)
      if (mentions(&blk->term.values[v], name, 0)) return false;
  }
  return true;
}

uint64_t goclosure_kept(FnAnalysis *fa, const IrValue *v) {
  if (fa->mc->m->lang != IR_LANG_GO || v->kind != IR_V_FUNC || v->func < 0 || (uint32_t)v->func >= fa->mc->m->n_funcs)
    return 0;
  const IrFunc *cl = &fa->mc->m->funcs[v->func];
  uint64_t out = 0;
  for (uint32_t k = 0; k < cl->n_captures; k++) {
    const AliasInfo *ai = facts_alias(fa, cl->captures[k]);
    if (!ai || !ai->res || ai->release_of) continue;
    bool all = true;
    for (uint32_t r = 0; all && r < fa->n_res; r++)
      if ((ai->res >> r & 1) && (fa->res[r].pseudo || (fa->borrowed >> r & 1) ||
                                 !only_queries(fa, v->func, cl->captures[k], &fa->res[r], 0)))
        all = false;
    if (all) out |= ai->res;
  }
  return out;
}
