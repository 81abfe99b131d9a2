#include "ir/cfg.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

uint32_t cfg_succs(const IrFunc *f, uint32_t b, uint32_t out[3]) {
  const IrBlock *blk = &f->blocks[b];
  uint32_t n = 0;
  if (blk->term.kind == IR_T_JUMP || blk->term.kind == IR_T_BRANCH) out[n++] = blk->term.succ[0];
  if (blk->term.kind == IR_T_BRANCH && blk->term.succ[1] != blk->term.succ[0]) out[n++] = blk->term.succ[1];
  if (blk->exn >= 0) {
    uint32_t e = (uint32_t)blk->exn;
    bool dup = false;
    for (uint32_t i = 0; i < n; i++) dup |= out[i] == e;
    if (!dup) out[n++] = e;
  }
  /* Out-of-range ids are the verifier's business; never hand them out. */
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++)
    if (out[i] < f->n_blocks) out[k++] = out[i];
  return k;
}

void cfg_compute_preds(IrFunc *f, Arena *a) {
  uint32_t n = f->n_blocks;
  ArenaMark mk = arena_mark(a);
  uint32_t *count = ARENA_NEW_ARRAY(a, uint32_t, n ? n : 1);
  for (uint32_t b = 0; b < n; b++) {
    uint32_t s[3], k = cfg_succs(f, b, s);
    for (uint32_t i = 0; i < k; i++) count[s[i]]++;
  }
  /* Copy the counts out before rewinding the scratch. */
  for (uint32_t b = 0; b < n; b++) f->blocks[b].n_preds = count[b];
  arena_rewind(a, mk);
  for (uint32_t b = 0; b < n; b++) {
    f->blocks[b].preds = f->blocks[b].n_preds ? ARENA_NEW_ARRAY(a, uint32_t, f->blocks[b].n_preds) : NULL;
    f->blocks[b].n_preds = 0;
  }
  /* Visiting sources in increasing id keeps each preds list sorted. */
  for (uint32_t b = 0; b < n; b++) {
    uint32_t s[3], k = cfg_succs(f, b, s);
    for (uint32_t i = 0; i < k; i++) {
      IrBlock *t = &f->blocks[s[i]];
      t->preds[t->n_preds++] = b;
    }
  }
}

uint32_t cfg_rpo(const IrFunc *f, Arena *a, uint32_t **out) {
  uint32_t n = f->n_blocks;
  uint32_t *order = ARENA_NEW_ARRAY(a, uint32_t, n ? n : 1);
  *out = order;
  if (n == 0) return 0;
  ArenaMark mk = arena_mark(a);
  /* Iterative DFS: a stack of (block, next successor index). */
  uint32_t *stack = ARENA_NEW_ARRAY(a, uint32_t, n);
  uint8_t *next = ARENA_NEW_ARRAY(a, uint8_t, n);
  bool *seen = ARENA_NEW_ARRAY(a, bool, n);
  uint32_t sp = 0, post = 0;
  stack[sp++] = 0;
  seen[0] = true;
  while (sp) {
    uint32_t b = stack[sp - 1];
    uint32_t s[3], k = cfg_succs(f, b, s);
    if (next[b] < k) {
      uint32_t t = s[next[b]++];
      if (!seen[t]) {
        seen[t] = true;
        stack[sp++] = t;
      }
      continue;
    }
    order[post++] = b;
    sp--;
  }
  arena_rewind(a, mk);
  for (uint32_t i = 0; i < post / 2; i++) {
    uint32_t t = order[i];
    order[i] = order[post - 1 - i];
    order[post - 1 - i] = t;
  }
  return post;
}

bool *cfg_reachable(const IrFunc *f, Arena *a) {
  bool *seen = ARENA_NEW_ARRAY(a, bool, f->n_blocks ? f->n_blocks : 1);
  if (f->n_blocks == 0) return seen;
  ArenaMark mk = arena_mark(a);
  uint32_t *stack = ARENA_NEW_ARRAY(a, uint32_t, f->n_blocks);
  uint32_t sp = 0;
  stack[sp++] = 0;
  seen[0] = true;
  while (sp) {
    uint32_t s[3], k = cfg_succs(f, stack[--sp], s);
    for (uint32_t i = 0; i < k; i++)
      if (!seen[s[i]]) seen[s[i]] = true, stack[sp++] = s[i];
  }
  arena_rewind(a, mk);
  return seen;
}

bool cfg_on_cycle(const IrFunc *f, uint32_t b, bool *seen, uint32_t *stack) {
  if (b >= f->n_blocks) return true;
  memset(seen, 0, f->n_blocks * sizeof *seen);
  uint32_t n = 0;
  stack[n++] = b;
  while (n) {
    uint32_t succ[3], k = cfg_succs(f, stack[--n], succ);
    for (uint32_t s = 0; s < k; s++) {
      if (succ[s] == b) return true;
      if (succ[s] < f->n_blocks && !seen[succ[s]]) seen[succ[s]] = true, stack[n++] = succ[s];
    }
  }
  return false;
}

bool cfg_point_reaches(const IrFunc *f, uint32_t from, uint32_t fi, uint32_t to, uint32_t ti) {
  if (from >= f->n_blocks || to >= f->n_blocks) return false;
  if (from == to && fi < ti) return true;
  bool *seen = xcalloc(f->n_blocks, sizeof *seen);
  uint32_t *work = xcalloc(f->n_blocks + 1, sizeof *work), n = 0;
  bool found = false;
  work[n++] = from; /* the successors of from's block, which may loop back to it */
  while (n && !found) {
    uint32_t next[3], m = cfg_succs(f, work[--n], next);
    for (uint32_t i = 0; i < m && !found; i++) {
      found = next[i] == to;
      if (!seen[next[i]]) seen[next[i]] = true, work[n++] = next[i];
    }
  }
  free(seen);
  free(work);
  return found;
}
