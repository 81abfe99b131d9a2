/* jsflow: JavaScript/TypeScript control flow that a function's CFG alone
** does not show.
**
** * Functions that never return normally: a helper that always throws
**   (`rollbackFor(err, client)` that rolls back and rethrows) or exits the
**   process. Its summary says so (FuncSummary.never_returns), and a call to
**   it ends its caller's path there: only its exceptional edge goes on. An
**   async function's call never comes back only when it is awaited (unawaited,
**   it returns a rejected promise). */
#include <string.h>

#include "engine/analysis.h"

/* Section - Functions that never return */

bool jsflow_call_stops(const IrCall *c, const FuncSummary *sum) {
  if (!sum || !sum->never_returns) return false;
  return sum->never_returns != NEVER_RETURNS_ASYNC || (c->flags & IR_CALL_AWAITED);
}

bool jsflow_call_exits(const FuncSummary *sum) { return sum && sum->never_returns == NEVER_RETURNS_EXIT; }

uint8_t jsflow_never_returns(ModCtx *mc, uint32_t fi) {
  const IrModule *m = mc->m;
  const IrFunc *fn = &m->funcs[fi];
  if ((m->lang != IR_LANG_JS && m->lang != IR_LANG_TS) || !fn->n_blocks || (fn->flags & IR_FUNC_TOPLEVEL) ||
      (fn->flags & (IR_FUNC_GENERATOR | IR_FUNC_CTOR | IR_FUNC_PARSE_ERROR)))
    return 0;
  ArenaMark mark = arena_mark(mc->arena);
  bool *seen = ARENA_NEW_ARRAY(mc->arena, bool, fn->n_blocks);
  uint32_t *stack = ARENA_NEW_ARRAY(mc->arena, uint32_t, fn->n_blocks * 3 + 1);
  uint32_t top = 0;
  bool returns = false, throws = false;
  stack[top++] = 0;
  seen[0] = true;
  while (top && !returns) {
    const IrBlock *blk = &fn->blocks[stack[--top]];
    bool stops = false;
    for (uint32_t i = 0; i < blk->n_instrs && !stops; i++) {
      const IrInstr *in = &blk->instrs[i];
      if (in->kind != IR_CALL) continue;
      CallEval ev = kinds_eval_call(mc, fi, &in->u.call);
      bool self = ev.sum == &mc->fns[fi].summary;
      stops = jsflow_call_stops(&in->u.call, ev.sum) && !self;
      bool quiet = (in->u.call.flags & IR_CALL_NORETURN) || (ev.model && ev.model->no_throw) ||
                   (!self && jsflow_call_exits(ev.sum));
      if ((in->u.call.flags & IR_CALL_MAY_THROW) && !quiet && blk->exn < 0) throws = true;
    }
    if (blk->term.kind == IR_T_THROW && blk->exn < 0 && !stops) throws = true;
    uint32_t succ[3], ns = 0;
    if (blk->exn >= 0) succ[ns++] = (uint32_t)blk->exn;
    if (!stops) {
      if (blk->term.kind == IR_T_RET) returns = true;
      if (blk->term.kind == IR_T_JUMP || blk->term.kind == IR_T_BRANCH) succ[ns++] = blk->term.succ[0];
      if (blk->term.kind == IR_T_BRANCH) succ[ns++] = blk->term.succ[1];
    }
    for (uint32_t k = 0; k < ns; k++)
      if (succ[k] < fn->n_blocks && !seen[succ[k]]) seen[succ[k]] = true, stack[top++] = succ[k];
  }
  arena_rewind(mc->arena, mark);
  if (returns) return 0;
  if (!throws) return NEVER_RETURNS_EXIT;
  return (fn->flags & IR_FUNC_ASYNC) ? NEVER_RETURNS_ASYNC : NEVER_RETURNS_SYNC;
}
