/* ctrldep: control dependence over a function's normal edges, for the rules
** that ask whether an operation runs only on one side of a branch (a write
** guarded by `if (existing)`). Block w is control dependent on branch block b
** when w post-dominates one of b's successors but not b itself. Post-dominator
** sets are computed once per function, as bit sets, by the classic iterative
** algorithm; exits (return, throw, unreachable) lead to one virtual exit.
** Exception edges are left out: "the write happens unless a call throws" is
** not a decision the code made on the read. */
#include <string.h>

#include "engine/analysis.h"

enum { CTRLDEP_MAX_BLOCKS = 2048 };

static bool bit_get(const uint8_t *set, uint32_t i) { return set[i >> 3] >> (i & 7) & 1; }

static uint32_t succs_of(const IrBlock *blk, uint32_t out[2]) {
  if (blk->term.kind == IR_T_JUMP) return out[0] = blk->term.succ[0], 1;
  if (blk->term.kind == IR_T_BRANCH) return out[0] = blk->term.succ[0], out[1] = blk->term.succ[1], 2;
  return 0;
}

/* pd[b] = {b} ∪ ⋂ pd[s] over successors s; blocks without successors post-dominate
** only themselves (they lead to the virtual exit). */
static void postdom_compute(FnAnalysis *fa, FnDbOps *d) {
  const IrFunc *fn = fa->fn;
  uint32_t n = fn->n_blocks, words = (n + 7) / 8;
  uint8_t *pd = ARENA_NEW_ARRAY(fa->mc->arena, uint8_t, (size_t)n * words + 1);
  uint8_t *tmp = ARENA_NEW_ARRAY(fa->mc->arena, uint8_t, words + 1);
  for (uint32_t b = 0; b < n; b++) {
    uint32_t s[2];
    uint8_t *set = pd + (size_t)b * words;
    if (succs_of(&fn->blocks[b], s)) memset(set, 0xff, words);
    else set[b >> 3] |= (uint8_t)(1u << (b & 7));
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (uint32_t b = n; b-- > 0;) {
      uint32_t s[2], ns = succs_of(&fn->blocks[b], s);
      if (!ns) continue;
      memset(tmp, 0xff, words);
      for (uint32_t k = 0; k < ns; k++)
        for (uint32_t w = 0; w < words && s[k] < n; w++) tmp[w] &= pd[(size_t)s[k] * words + w];
      tmp[b >> 3] |= (uint8_t)(1u << (b & 7));
      uint8_t *set = pd + (size_t)b * words;
      if (memcmp(set, tmp, words) != 0) memcpy(set, tmp, words), changed = true;
    }
  }
  d->postdom = pd;
  d->pd_words = words;
}

unsigned ctrldep_edges(FnAnalysis *fa, uint32_t b, uint32_t w) {
  FnDbOps *d = fa->dbops;
  const IrFunc *fn = fa->fn;
  if (!d || fn->n_blocks > CTRLDEP_MAX_BLOCKS || b >= fn->n_blocks || w >= fn->n_blocks) return 0;
  if (fn->blocks[b].term.kind != IR_T_BRANCH) return 0;
  if (!d->postdom) postdom_compute(fa, d);
  const uint8_t *pd_b = d->postdom + (size_t)b * d->pd_words;
  if (w == b || bit_get(pd_b, w)) return 0; /* w runs whichever way b goes */
  unsigned edges = 0;
  for (int k = 0; k < 2; k++) {
    uint32_t s = fn->blocks[b].term.succ[k];
    if (s < fn->n_blocks && bit_get(d->postdom + (size_t)s * d->pd_words, w)) edges |= 1u << k;
  }
  return edges;
}

bool ctrldep_depends(FnAnalysis *fa, uint32_t b, uint32_t w) { return ctrldep_edges(fa, b, w) != 0; }

/* Whether block to is reachable from block from by normal edges (jumps and
** branches; a throw or return ends the walk). */
static bool reaches_normally(const IrFunc *fn, uint32_t from, uint32_t to) {
  uint8_t seen[CTRLDEP_MAX_BLOCKS / 8] = {0};
  uint32_t stack[CTRLDEP_MAX_BLOCKS];
  uint32_t n = 0;
  stack[n++] = from;
  seen[from / 8] |= (uint8_t)(1u << from % 8);
  while (n) {
    uint32_t b = stack[--n];
    if (b == to) return true;
    const IrTerm *t = &fn->blocks[b].term;
    int succs = t->kind == IR_T_BRANCH ? 2 : t->kind == IR_T_JUMP ? 1 : 0;
    for (int k = 0; k < succs; k++) {
      uint32_t s = t->succ[k];
      if (s >= fn->n_blocks || (seen[s / 8] >> s % 8 & 1)) continue;
      seen[s / 8] |= (uint8_t)(1u << s % 8);
      stack[n++] = s;
    }
  }
  return false;
}

bool ctrldep_only_through(FnAnalysis *fa, uint32_t b, uint32_t w, int side) {
  const IrFunc *fn = fa->fn;
  if (fn->n_blocks > CTRLDEP_MAX_BLOCKS || b >= fn->n_blocks || w >= fn->n_blocks || side < 0 || side > 1) return false;
  const IrTerm *t = &fn->blocks[b].term;
  if (t->kind != IR_T_BRANCH || t->succ[0] >= fn->n_blocks || t->succ[1] >= fn->n_blocks) return false;
  return reaches_normally(fn, t->succ[side], w) && !reaches_normally(fn, t->succ[1 - side], w);
}
