/* dataflow: a generic forward worklist solver over an IrFunc's CFG. A problem
** supplies a fixed-size state, a join, and a block transfer function that
** pushes out-states to successors (normal and exception edges alike) with
** df_propagate, so edge-specific refinement (branch conditions, the state
** before a throwing call) stays in the problem. Blocks are visited in reverse
** post-order sweeps until nothing changes. */
#ifndef TXLINT_ENGINE_DATAFLOW_H
#define TXLINT_ENGINE_DATAFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "ir/ir.h"

typedef struct DfSolver DfSolver;

typedef struct DfProblem {
  size_t state_size; /* bytes per state */
  void *ctx;
  /* Computes block b's out-states from in and hands each to df_propagate. */
  void (*transfer)(void *ctx, DfSolver *s, uint32_t b, const void *in);
  /* dst ⊔= src; returns true when dst changed. */
  bool (*join)(void *ctx, void *dst, const void *src);
} DfProblem;

/* Solves p over fn starting from entry. in_states (n_blocks × state_size,
** zeroed) and reached (n_blocks) receive the fixpoint; scratch comes from a.
** Returns false if the sweep bound was hit (the result is then partial). */
bool df_solve(const IrFunc *fn, const DfProblem *p, const void *entry, Arena *a, void *in_states, bool *reached);
/* Joins state into block succ's in-state and schedules it when it changed. */
void df_propagate(DfSolver *s, uint32_t succ, const void *state);
/* Computes fn's blocks in reverse post-order into out (n_blocks entries, in
** arena a); unreachable blocks are left out. Returns the count. */
uint32_t df_rpo(const IrFunc *fn, Arena *a, uint32_t **out);
/* True when instruction in can transfer to its block's exception successor. */
bool df_instr_may_throw(const IrInstr *in);
/* True when block b can transfer to its exception successor. */
bool df_block_may_throw(const IrBlock *b);

#endif
