/* cfg: control-flow utilities over an IrFunc: predecessors (normal and
** exception edges), reverse postorder and reachability. The engine's
** worklist solver iterates blocks in reverse postorder. */
#ifndef TXLINT_IR_CFG_H
#define TXLINT_IR_CFG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "ir/ir.h"

/* Successors of block b in a fixed order: succ[0], succ[1] (branch), then
** the exception successor. Writes up to 3 ids to out; returns the count.
** A duplicate edge (both branch arms to one block) is listed once. */
uint32_t cfg_succs(const IrFunc *f, uint32_t b, uint32_t out[3]);
/* Fills every block's preds/n_preds (arrays allocated in a): one entry per
** distinct predecessor, normal and exceptional, in increasing block id. */
void cfg_compute_preds(IrFunc *f, Arena *a);
/* Writes the blocks reachable from the entry in reverse postorder to *out
** (allocated in a, owned by a) and returns their count; the entry is first. */
uint32_t cfg_rpo(const IrFunc *f, Arena *a, uint32_t **out);
/* Returns an array of n_blocks flags (allocated in a): true for blocks
** reachable from the entry over normal and exception edges. */
bool *cfg_reachable(const IrFunc *f, Arena *a);
/* Whether block b can reach itself over normal and exception edges (it is on
** a loop); true for a block id out of range. seen (n_blocks flags) and stack
** (n_blocks * 3 + 3 ids) are the caller's scratch, so a pass asking about
** many blocks allocates them once. */
bool cfg_on_cycle(const IrFunc *f, uint32_t b, bool *seen, uint32_t *stack);
/* Whether instruction ti of block `to` runs after instruction fi of block
** `from` on some path over normal and exception edges: a later instruction
** of the same block, or a block reachable from `from` (itself only round a
** loop). */
bool cfg_point_reaches(const IrFunc *f, uint32_t from, uint32_t fi, uint32_t to, uint32_t ti);

#endif
