/* testhooks: test code has its own lifecycle. Tests share state through
** their framework's hooks: jest, vitest and mocha run `beforeAll(fn)` /
** `beforeEach(fn)` (mocha: `before`) before the tests of a scope and
** `afterAll(fn)` / `afterEach(fn)` (`after`) after them, so a client that a
** setup hook stores in a variable of the suite and the paired teardown hook
** of the same scope releases is released — and one no teardown releases
** leaks, once per run of the hook. Go tests register cleanups with
** `t.Cleanup(func() { … })`, run when the test ends: a helper that acquires
** a connection, registers its Close and returns it hands its callers nothing
** to close. Which calls are hooks is data: the models give them the effects
** "test-setup" (with the "pair" teardown) and "cleanup"
** (rules/js/test-hooks.json, rules/go/testing.json). */
#include <string.h>

#include "engine/analysis.h"

/* The setup call of function fi's parent that passes fi as its hook, or NULL. */
static const IrCall *setup_call(ModCtx *mc, uint32_t fi, const ApiCall **model) {
  const IrFunc *fn = &mc->m->funcs[fi];
  if (fn->parent < 0) return NULL;
  uint32_t pi = (uint32_t)fn->parent;
  const IrFunc *p = &mc->m->funcs[pi];
  for (uint32_t b = 0; b < p->n_blocks; b++)
    for (uint32_t i = 0; i < p->blocks[b].n_instrs; i++) {
      const IrInstr *in = &p->blocks[b].instrs[i];
      if (in->kind != IR_CALL) continue;
      const IrCall *c = &in->u.call;
      bool passes = false;
      for (uint32_t a = 0; a < c->n_args && !passes; a++) passes = c->args[a].kind == IR_V_FUNC && c->args[a].func == (int32_t)fi;
      if (!passes) continue;
      CallEval ev = kinds_eval_call(mc, pi, c);
      if (!ev.model || ev.effect != AE_TEST_SETUP) return NULL;
      *model = ev.model;
      return c;
    }
  return NULL;
}

bool testhooks_setup_owns(FnAnalysis *fa, const char *dst) {
  ModCtx *mc = fa->mc;
  if (strchr(dst, '.')) return false;
  const ApiCall *model = NULL;
  if (!setup_call(mc, fa->fi, &model)) return false;
  /* Any teardown of the pair in the same scope that takes dst over releases it. */
  uint32_t pi = (uint32_t)fa->fn->parent;
  const IrFunc *p = &mc->m->funcs[pi];
  for (uint32_t b = 0; b < p->n_blocks; b++)
    for (uint32_t i = 0; i < p->blocks[b].n_instrs; i++) {
      const IrInstr *in = &p->blocks[b].instrs[i];
      if (in->kind != IR_CALL || !in->u.call.callee || strcmp(in->u.call.callee, model->pair) != 0) continue;
      for (uint32_t a = 0; a < in->u.call.n_args; a++)
        if (in->u.call.args[a].kind == IR_V_FUNC && jsflow_closure_takes(mc, in->u.call.args[a].func, dst))
          return false;
    }
  return true;
}

/* True when function fi registers a cleanup whose function mentions name. */
static bool registers_cleanup_of(ModCtx *mc, uint32_t fi, const char *name) {
  const IrFunc *fn = &mc->m->funcs[fi];
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL) continue;
      const IrCall *c = &in->u.call;
      for (uint32_t a = 0; a < c->n_args; a++) {
        if (c->args[a].kind != IR_V_FUNC) continue;
        const IrFunc *cl = &mc->m->funcs[c->args[a].func];
        bool captured = false;
        for (uint32_t k = 0; k < cl->n_captures && !captured; k++) captured = strcmp(cl->captures[k], name) == 0;
        if (!captured) continue;
        CallEval ev = kinds_eval_call(mc, fi, c);
        if (ev.model && ev.effect == AE_CLEANUP) return true;
      }
    }
  return false;
}

void testhooks_summary(ModCtx *mc, uint32_t fi, FuncSummary *s) {
  if (!s->ret_acquired) return;
  const IrFunc *fn = &mc->m->funcs[fi];
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    if (t->kind == IR_T_RET && t->n_values && t->values[0].kind == IR_V_PATH &&
        registers_cleanup_of(mc, fi, t->values[0].text)) {
      s->ret_acquired = false;
      return;
    }
  }
}
