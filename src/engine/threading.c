/* threading: jump threading of flag tests before the typestate runs. A loop
** or branch that tests a local flag the code just set to a constant
**
**     do { retry = false; conn = connect(); if (bad(conn)) { finish(conn); retry = true; } } while (retry);
**
** has edges the test can never take: from the path where retry is still
** false, back into the loop. The typestate merges states per block, so
** without this it would walk such an edge and report the connection as
** acquired again before it was released. Here each edge into a block that
** only tests the flag (or into an empty block that only jumps to one) is
** redirected to the successor the test takes, when the flag's value at the
** end of the edge's source is a constant assigned on the straight-line path
** leading to it. Sound for a variable nothing else can write: a local or
** parameter that is never address-taken (C `&x`, Go `&x`), never captured,
** never written through a field, and not written by a call. Language-neutral. */
#include <stdlib.h>
#include <string.h>

#include "engine/threading.h"

enum { MAX_WALK = 64 };

/* Section - Which variables are flags */

bool threading_value_mentions(const IrValue *v, const char *name, bool addr_only, int depth) {
  if (!v || depth > 16) return false;
  if ((v->kind == IR_V_ADDR || (!addr_only && v->kind == IR_V_PATH)) && v->text) {
    size_t n = strlen(name);
    if (strncmp(v->text, name, n) == 0 && (v->text[n] == '\0' || v->text[n] == '.')) return true;
  }
  /* Go's `&x` (`rows.Scan(&found)` writes found) */
  bool go_addr = v->kind == IR_V_OTHER && (v->flags & IR_VF_ADDR_OF);
  for (uint32_t i = 0; i < v->n_subs; i++)
    if (threading_value_mentions(&v->subs[i], name, addr_only && !go_addr, depth + 1)) return true;
  return false;
}

static bool is_field_of(const char *path, const char *name) {
  size_t n = strlen(name);
  return path && strncmp(path, name, n) == 0 && path[n] == '.';
}

/* A local or parameter of fn that only plain assignments write. */
bool threading_is_flag(const IrFunc *fn, const char *name) {
  bool declared = false;
  for (uint32_t i = 0; i < fn->n_params; i++)
    if (fn->params[i].name && strcmp(fn->params[i].name, name) == 0) declared = !(fn->params[i].flags & IR_VAR_CAPTURED);
  for (uint32_t i = 0; i < fn->n_locals; i++)
    if (fn->locals[i].name && strcmp(fn->locals[i].name, name) == 0) declared = !(fn->locals[i].flags & IR_VAR_CAPTURED);
  if (!declared) return false;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN &&
          (is_field_of(in->u.assign.dst.text, name) || threading_value_mentions(&in->u.assign.src, name, true, 0)))
        return false;
      if (in->kind == IR_CALL || in->kind == IR_DEFER) {
        for (uint32_t r = 0; r < in->u.call.n_results; r++)
          if (in->u.call.results[r].kind == IR_V_PATH && in->u.call.results[r].text &&
              (strcmp(in->u.call.results[r].text, name) == 0 || is_field_of(in->u.call.results[r].text, name)))
            return false;
        for (uint32_t a = 0; a < in->u.call.n_args; a++)
          if (threading_value_mentions(&in->u.call.args[a], name, true, 0)) return false;
      }
      if (in->kind == IR_OPAQUE)
        for (uint32_t u = 0; u < in->u.opaque.n_uses; u++)
          if (threading_value_mentions(&in->u.opaque.uses[u], name, false, 0)) return false;
    }
  return true;
}

/* Section - Constants and tests */

typedef struct Const {
  bool known;
  double value; /* false 0, true 1, null 0 */
} Const;

static Const const_of(const IrValue *v) {
  Const c = {false, 0};
  if (v->kind == IR_V_NULL) c.known = true;
  else if (v->kind == IR_V_BOOL && v->text) c = (Const){true, strcmp(v->text, "true") == 0};
  else if (v->kind == IR_V_NUMBER && v->text) {
    char *end = NULL;
    double d = strtod(v->text, &end);
    if (end && end != v->text && *end == '\0') c = (Const){true, d};
  }
  return c;
}

/* The flag a test reads, or NULL: `v`, `!v`, `v == k`, `v != k`. */
const char *threading_flag_of(const IrCond *c) {
  for (int guard = 0; c && c->kind == IR_COND_NOT && guard < 8; guard++) c = c->lhs;
  if (!c) return NULL;
  if (c->kind == IR_COND_TRUTHY) return c->a.kind == IR_V_PATH ? c->a.text : NULL;
  if (c->kind != IR_COND_EQ && c->kind != IR_COND_NE) return NULL;
  if (c->a.kind == IR_V_PATH && const_of(&c->b).known) return c->a.text;
  if (c->b.kind == IR_V_PATH && const_of(&c->a).known) return c->b.text;
  return NULL;
}

/* Whether the test holds when its flag has value k. */
static bool test_holds(const IrCond *c, double k) {
  bool neg = false;
  for (int guard = 0; c->kind == IR_COND_NOT && guard < 8; guard++) c = c->lhs, neg = !neg;
  bool holds;
  if (c->kind == IR_COND_TRUTHY) {
    holds = k != 0;
  } else {
    Const other = const_of(c->a.kind == IR_V_PATH ? &c->b : &c->a);
    holds = (other.value == k) == (c->kind == IR_COND_EQ);
  }
  return holds != neg;
}

/* Section - The flag's value at the end of a block */

/* The last write of name in blk: 1 a constant (*out), -1 something else, 0 none. */
static int last_write(const IrBlock *blk, const char *name, Const *out) {
  for (uint32_t i = blk->n_instrs; i-- > 0;) {
    const IrInstr *in = &blk->instrs[i];
    if (in->kind != IR_ASSIGN || !in->u.assign.dst.text || strcmp(in->u.assign.dst.text, name) != 0) continue;
    *out = const_of(&in->u.assign.src);
    return out->known ? 1 : -1;
  }
  return 0;
}

/* name's value when block b ends, walking back along blocks with one
** predecessor (normal or exceptional). */
static Const value_at_end(const IrFunc *fn, const uint32_t *n_preds, uint32_t *const *preds, uint32_t b, const char *name) {
  Const c = {false, 0};
  for (int step = 0; step < MAX_WALK; step++) {
    int w = last_write(&fn->blocks[b], name, &c);
    if (w) return w > 0 ? c : (Const){false, 0};
    if (b == 0 || n_preds[b] != 1) return (Const){false, 0};
    b = preds[b][0];
  }
  return (Const){false, 0};
}

/* Section - Rewriting */

static uint32_t n_succ(const IrTerm *t) { return t->kind == IR_T_BRANCH ? 2 : t->kind == IR_T_JUMP ? 1 : 0; }

/* Redirects src's edges that lead to via (an empty jump block, or the test
** itself) to where test block t goes when the flag has src's value. */
static bool thread_edges(const IrFunc *fn, IrBlock *copy, const uint32_t *n_preds, uint32_t *const *preds,
                         uint32_t src, uint32_t via, uint32_t t, const char *flag) {
  Const c = value_at_end(fn, n_preds, preds, src, flag);
  if (!c.known) return false;
  const IrTerm *test = &fn->blocks[t].term;
  uint32_t target = test_holds(test->cond, c.value) ? test->succ[0] : test->succ[1];
  bool changed = false;
  for (uint32_t k = 0; k < n_succ(&copy[src].term); k++)
    if (fn->blocks[src].term.succ[k] == via) copy[src].term.succ[k] = target, changed = true;
  return changed;
}

const IrFunc *threading_apply(const IrFunc *fn, Arena *arena) {
  if (fn->n_blocks < 3) return fn;
  uint32_t n = fn->n_blocks;
  uint32_t *n_preds = ARENA_NEW_ARRAY(arena, uint32_t, n);
  uint32_t **preds = ARENA_NEW_ARRAY(arena, uint32_t *, n);
  /* Exception edges count as predecessors too: a walk back stops where they join. */
  for (uint32_t b = 0; b < n; b++) {
    for (uint32_t k = 0; k < n_succ(&fn->blocks[b].term); k++) n_preds[fn->blocks[b].term.succ[k]]++;
    if (fn->blocks[b].exn >= 0) n_preds[fn->blocks[b].exn]++;
  }
  uint32_t *fill = ARENA_NEW_ARRAY(arena, uint32_t, n);
  for (uint32_t b = 0; b < n; b++) preds[b] = ARENA_NEW_ARRAY(arena, uint32_t, n_preds[b] + 1);
  for (uint32_t b = 0; b < n; b++) {
    for (uint32_t k = 0; k < n_succ(&fn->blocks[b].term); k++) {
      uint32_t s = fn->blocks[b].term.succ[k];
      preds[s][fill[s]++] = b;
    }
    if (fn->blocks[b].exn >= 0) preds[fn->blocks[b].exn][fill[fn->blocks[b].exn]++] = b;
  }
  IrBlock *copy = NULL;
  for (uint32_t t = 1; t < n; t++) {
    const IrBlock *test = &fn->blocks[t];
    const char *flag = test->term.kind == IR_T_BRANCH && test->n_instrs == 0 ? threading_flag_of(test->term.cond) : NULL;
    if (!flag || !threading_is_flag(fn, flag)) continue;
    if (!copy) {
      copy = ARENA_NEW_ARRAY(arena, IrBlock, n);
      memcpy(copy, fn->blocks, sizeof *copy * n);
    }
    for (uint32_t p = 0; p < n_preds[t]; p++) {
      uint32_t src = preds[t][p];
      const IrBlock *via = &fn->blocks[src];
      if (src != t && via->n_instrs == 0 && via->term.kind == IR_T_JUMP)
        for (uint32_t q = 0; q < n_preds[src]; q++) thread_edges(fn, copy, n_preds, preds, preds[src][q], src, t, flag);
      else if (src != t)
        thread_edges(fn, copy, n_preds, preds, src, t, t, flag);
    }
  }
  if (!copy) return fn;
  IrFunc *out = ARENA_NEW(arena, IrFunc);
  *out = *fn;
  out->blocks = copy;
  return out;
}
