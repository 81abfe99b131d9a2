/* dataflow: reverse post-order sweeps. Each sweep visits the pending blocks
** in RPO, so acyclic code converges in one sweep and each loop nesting level
** adds about one more; the typestate lattice is small and finite, and a bound
** guards against a transfer function that is not monotone. */
#include "engine/dataflow.h"

#include <string.h>

enum { DF_MAX_SWEEPS = 200 };

struct DfSolver {
  const IrFunc *fn;
  const DfProblem *p;
  uint8_t *in;        /* borrowed: in_states */
  bool *reached;      /* borrowed */
  bool *pending;      /* by block id */
  uint32_t *rpo_pos;  /* block id → position in RPO */
  bool again;         /* a block before the current sweep position changed */
  uint32_t cur_pos;
};

bool df_instr_may_throw(const IrInstr *in) {
  return (in->kind == IR_CALL || in->kind == IR_DEFER) && (in->u.call.flags & IR_CALL_MAY_THROW);
}

bool df_block_may_throw(const IrBlock *b) {
  if (b->term.kind == IR_T_THROW) return true;
  for (uint32_t i = 0; i < b->n_instrs; i++)
    if (df_instr_may_throw(&b->instrs[i])) return true;
  return false;
}

static uint32_t block_succs(const IrFunc *fn, const IrBlock *b, uint32_t out[3]) {
  uint32_t n = 0;
  if (b->term.kind == IR_T_JUMP || b->term.kind == IR_T_BRANCH) out[n++] = b->term.succ[0];
  if (b->term.kind == IR_T_BRANCH) out[n++] = b->term.succ[1];
  if (b->exn >= 0 && df_block_may_throw(b)) out[n++] = (uint32_t)b->exn;
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++)
    if (out[i] < fn->n_blocks) out[k++] = out[i];
  return k;
}

uint32_t df_rpo(const IrFunc *fn, Arena *a, uint32_t **out) {
  uint32_t n = fn->n_blocks;
  uint32_t *order = ARENA_NEW_ARRAY(a, uint32_t, n + 1);
  *out = order;
  if (!n) return 0;
  uint8_t *mark = ARENA_NEW_ARRAY(a, uint8_t, n);
  uint32_t *stack = ARENA_NEW_ARRAY(a, uint32_t, n + 1);
  uint32_t *next = ARENA_NEW_ARRAY(a, uint32_t, n + 1);
  uint32_t sp = 0, n_post = 0;
  stack[sp++] = 0;
  mark[0] = 1;
  /* Iterative DFS: post-order into order[], reversed at the end. */
  while (sp) {
    uint32_t b = stack[sp - 1];
    uint32_t succ[3];
    uint32_t ns = block_succs(fn, &fn->blocks[b], succ);
    if (next[b] < ns) {
      uint32_t s = succ[next[b]++];
      if (!mark[s]) {
        mark[s] = 1;
        stack[sp++] = s;
      }
    } else {
      order[n_post++] = b;
      sp--;
    }
  }
  for (uint32_t i = 0; i < n_post / 2; i++) {
    uint32_t t = order[i];
    order[i] = order[n_post - 1 - i];
    order[n_post - 1 - i] = t;
  }
  return n_post;
}

void df_propagate(DfSolver *s, uint32_t succ, const void *state) {
  if (succ >= s->fn->n_blocks) return;
  uint8_t *dst = s->in + (size_t)succ * s->p->state_size;
  bool changed;
  if (!s->reached[succ]) {
    memcpy(dst, state, s->p->state_size);
    s->reached[succ] = true;
    changed = true;
  } else {
    changed = s->p->join(s->p->ctx, dst, state);
  }
  if (!changed) return;
  s->pending[succ] = true;
  if (s->rpo_pos[succ] <= s->cur_pos) s->again = true;
}

bool df_solve(const IrFunc *fn, const DfProblem *p, const void *entry, Arena *a, void *in_states, bool *reached) {
  if (!fn->n_blocks) return true;
  DfSolver s;
  memset(&s, 0, sizeof s);
  s.fn = fn;
  s.p = p;
  s.in = in_states;
  s.reached = reached;
  s.pending = ARENA_NEW_ARRAY(a, bool, fn->n_blocks);
  s.rpo_pos = ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks);
  uint32_t *order;
  uint32_t n = df_rpo(fn, a, &order);
  for (uint32_t i = 0; i < fn->n_blocks; i++) s.rpo_pos[i] = UINT32_MAX;
  for (uint32_t i = 0; i < n; i++) s.rpo_pos[order[i]] = i;
  memcpy(s.in, entry, p->state_size);
  reached[0] = true;
  s.pending[0] = true;
  for (int sweep = 0; sweep < DF_MAX_SWEEPS; sweep++) {
    s.again = false;
    bool any = false;
    for (uint32_t k = 0; k < n; k++) {
      uint32_t b = order[k];
      if (!s.pending[b]) continue;
      s.pending[b] = false;
      s.cur_pos = k;
      any = true;
      p->transfer(p->ctx, &s, b, s.in + (size_t)b * p->state_size);
    }
    if (!any || !s.again) {
      bool left = false;
      for (uint32_t k = 0; k < n && !left; k++) left = s.pending[order[k]];
      if (!left) return true;
    }
  }
  return false;
}
