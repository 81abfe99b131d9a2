/* status: what a status result says on a branch. C APIs report failure by
** returning a code: sqlite3_prepare_v2 returns SQLITE_OK (0) and leaves
** *ppStmt NULL otherwise, mysql_query returns non-zero when the statement
** (START TRANSACTION included) failed, and a libpq result's PQresultStatus
** is PGRES_COMMAND_OK only when the command ran. The models list the values
** that mean success; a branch edge on which the tested value cannot be one of
** them is a failure edge: the acquire acquired nothing, the BEGIN began
** nothing. The front end has already turned `rc != 0` into `rc` (C's
** truthiness), so the tests seen here are truthiness and comparisons with a
** number. */
#include <stdlib.h>
#include <string.h>

#include "engine/capi.h"
#include "engine/threading.h"

typedef enum Outcome { OUT_UNKNOWN, OUT_SUCCESS, OUT_FAILURE } Outcome;

/* What the tested value is on one edge: == n (exact), or != n. */
typedef struct EdgeValue {
  const char *path; /* the tested variable */
  bool exact;       /* the value is n; else it is anything but n */
  long long n;
} EdgeValue;

static bool number_of(const IrValue *v, long long *out) {
  if (v->kind == IR_V_NULL) {
    *out = 0;
    return true;
  }
  if (v->kind != IR_V_NUMBER || !v->text) return false;
  char *end = NULL;
  long long n = strtoll(v->text, &end, 10);
  if (!end || end == v->text || *end) return false;
  *out = n;
  return true;
}

/* The edge value of leaf condition c under polarity pol, or false. */
static bool edge_value(const IrCond *c, bool pol, EdgeValue *ev) {
  for (int guard = 0; c && c->kind == IR_COND_NOT && guard < 8; guard++) {
    c = c->lhs;
    pol = !pol;
  }
  if (!c) return false;
  if (c->kind == IR_COND_TRUTHY) {
    if (c->a.kind != IR_V_PATH) return false;
    *ev = (EdgeValue){c->a.text, !pol, 0}; /* truthy: != 0; falsy: == 0 */
    return true;
  }
  if (c->kind != IR_COND_EQ && c->kind != IR_COND_NE) return false;
  const IrValue *p = c->a.kind == IR_V_PATH ? &c->a : c->b.kind == IR_V_PATH ? &c->b : NULL;
  const IrValue *k = p == &c->a ? &c->b : &c->a;
  long long n;
  if (!p || !number_of(k, &n)) return false;
  bool eq = (c->kind == IR_COND_EQ) == pol;
  *ev = (EdgeValue){p->text, eq, n};
  return true;
}

static bool in_success(const ApiCall *m, long long n) {
  for (uint32_t i = 0; i < m->n_success; i++)
    if (m->success[i] == n) return true;
  return false;
}

/* Success, failure, or unknown, given the values that mean success. */
static Outcome outcome_of(const ApiCall *m, const EdgeValue *ev) {
  if (!m || !m->n_success) return OUT_UNKNOWN;
  if (ev->exact) return in_success(m, ev->n) ? OUT_SUCCESS : OUT_FAILURE;
  for (uint32_t i = 0; i < m->n_success; i++) /* != n: a failure only if n is the one success value */
    if (m->success[i] != ev->n) return OUT_UNKNOWN;
  return OUT_FAILURE;
}

/* Section - Acquisitions reported by a status */

static const char *kind_noun(uint8_t kind) {
  switch (kind) {
  case AK_CONNECTION: return "the connection";
  case AK_RESULT: return "the result";
  case AK_STMT: return "the statement";
  case AK_MEMORY: return "the memory";
  default: return NULL;
  }
}

/* Section - Acquisitions guarded by a flag
**
** `if (!is_primary) conn = connect(…); … if (!is_primary) PQfinish(conn);`:
** when every path to an acquire passed a flag test on one side, and nothing
** writes the flag from that test on, the same test taking the other side
** later cannot carry the acquired object. */

static uint32_t n_succ(const IrTerm *t) { return t->kind == IR_T_BRANCH ? 2 : t->kind == IR_T_JUMP ? 1 : 0; }

/* The only predecessor of block b (normal and exception edges), or UINT32_MAX. */
static uint32_t only_pred(const IrFunc *fn, uint32_t b) {
  uint32_t found = UINT32_MAX;
  for (uint32_t p = 0; p < fn->n_blocks; p++) {
    const IrBlock *blk = &fn->blocks[p];
    for (uint32_t k = 0; k < n_succ(&blk->term) + 1; k++) {
      bool hit = k < n_succ(&blk->term) ? blk->term.succ[k] == b : blk->exn >= 0 && (uint32_t)blk->exn == b;
      if (!hit) continue;
      if (found != UINT32_MAX && found != p) return UINT32_MAX;
      found = p;
    }
  }
  return found;
}

/* Whether a block reachable from block from assigns name. */
static bool written_after(const IrFunc *fn, uint32_t from, const char *name, Arena *a) {
  uint8_t *seen = ARENA_NEW_ARRAY(a, uint8_t, fn->n_blocks);
  uint32_t *stack = ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks + 1), top = 0;
  stack[top++] = from;
  seen[from] = 1;
  while (top) {
    const IrBlock *blk = &fn->blocks[stack[--top]];
    for (uint32_t i = 0; i < blk->n_instrs; i++)
      if (blk->instrs[i].kind == IR_ASSIGN && blk->instrs[i].u.assign.dst.text &&
          strcmp(blk->instrs[i].u.assign.dst.text, name) == 0)
        return true;
    for (uint32_t k = 0; k < n_succ(&blk->term) + 1; k++) {
      int64_t s = k < n_succ(&blk->term) ? (int64_t)blk->term.succ[k] : blk->exn;
      if (s >= 0 && !seen[s]) seen[s] = 1, stack[top++] = (uint32_t)s;
    }
  }
  return false;
}

static void find_guard(FnAnalysis *fa, TsRes *res) {
  const IrFunc *fn = fa->fn;
  uint32_t b = res->block;
  for (int step = 0; step < 32 && b != 0 && b < fn->n_blocks; step++) {
    uint32_t p = only_pred(fn, b);
    if (p == UINT32_MAX) return;
    const IrTerm *t = &fn->blocks[p].term;
    const char *flag = t->kind == IR_T_BRANCH && t->succ[0] != t->succ[1] ? threading_flag_of(t->cond) : NULL;
    if (flag) {
      if (threading_is_flag(fn, flag) && !written_after(fn, p, flag, fa->mc->arena)) {
        res->guard = t->cond;
        res->guard_side = t->succ[0] == b;
      }
      return;
    }
    b = p;
  }
}

static bool same_value(const IrValue *x, const IrValue *y) {
  return x->kind == y->kind && ((!x->text && !y->text) || (x->text && y->text && strcmp(x->text, y->text) == 0));
}

/* c under polarity pol, NOTs folded into the polarity. */
static const IrCond *leaf_of(const IrCond *c, bool *pol) {
  for (int guard = 0; c && c->kind == IR_COND_NOT && guard < 8; guard++) c = c->lhs, *pol = !*pol;
  return c;
}

static void refine_guarded(const FnAnalysis *fa, TsState *st, const IrCond *c, bool pol) {
  c = leaf_of(c, &pol);
  if (!c) return;
  for (uint32_t r = 0; r < fa->n_res; r++) {
    const TsRes *res = &fa->res[r];
    if (!res->guard || !(st[r] & TS_HELD)) continue;
    bool gpol = res->guard_side;
    const IrCond *g = leaf_of(res->guard, &gpol);
    if (!g || g->kind != c->kind || !same_value(&g->a, &c->a) || !same_value(&g->b, &c->b) || gpol == pol) continue;
    st[r] = (TsState)((st[r] & (TsState)~TS_HELD) | TS_BIT(RS_NOT, TX_NONE));
  }
}

void status_facts(FnAnalysis *fa) {
  for (uint32_t r = 0; r < fa->n_res; r++) {
    TsRes *res = &fa->res[r];
    if (!res->pseudo && res->block < fa->fn->n_blocks) find_guard(fa, res);
    if (res->pseudo || res->block >= fa->fn->n_blocks || res->instr >= fa->fn->blocks[res->block].n_instrs) continue;
    const IrInstr *in = &fa->fn->blocks[res->block].instrs[res->instr];
    if (in->kind != IR_CALL) continue;
    int lib;
    const ApiCall *m = fncall_model(fa->mc, &in->u.call, &lib);
    if (!m) continue;
    if (!res->info.name) res->info.name = kind_noun(m->result);
    if (m->failure != AF_STATUS || !in->u.call.n_results || in->u.call.results[0].kind != IR_V_PATH) continue;
    res->err_path = in->u.call.results[0].text;
    res->status = m;
  }
}

/* Section - A new handle compared with the one the caller gave */

static bool is_param(const IrFunc *fn, const char *path) {
  for (uint32_t i = 0; i < fn->n_params; i++)
    if (fn->params[i].name && strcmp(fn->params[i].name, path) == 0) return true;
  return false;
}

/* `got == conn` with conn a parameter that holds nothing this function
** acquired: a helper that hands back either a new handle or the one it was
** given (`c = slot_connection(conn); … if (c != conn) PQfinish(c);`) gave
** back the caller's on the equal edge, so the call acquired nothing there. */
static void refine_same_as_param(const FnAnalysis *fa, TsState *st, const IrCond *c, bool pol) {
  if ((c->kind != IR_COND_EQ && c->kind != IR_COND_NE) || (c->kind == IR_COND_EQ) != pol) return;
  if (c->a.kind != IR_V_PATH || c->b.kind != IR_V_PATH || !c->a.text || !c->b.text) return;
  for (int side = 0; side < 2; side++) {
    const IrValue *got = side ? &c->b : &c->a, *given = side ? &c->a : &c->b;
    const AliasInfo *g = facts_alias(fa, got->text), *p = facts_alias(fa, given->text);
    if (!g || !is_param(fa->fn, given->text)) continue;
    for (uint32_t r = 0; r < fa->n_res; r++) {
      uint64_t bit = 1ull << r;
      if (!(g->res & bit) || (p && (p->res & bit)) || (fa->borrowed & bit) || !(st[r] & TS_HELD)) continue;
      st[r] = (TsState)((st[r] & (TsState)~TS_HELD) | TS_BIT(RS_NOT, TX_NONE));
    }
  }
}

bool status_refine(const FnAnalysis *fa, TsState *st, const IrCond *c, bool pol) {
  if (c) refine_same_as_param(fa, st, c, pol);
  if (c) refine_guarded(fa, st, c, pol);
  EdgeValue ev;
  if (!edge_value(c, pol, &ev)) return true;
  for (uint32_t r = 0; r < fa->n_res; r++) {
    const TsRes *res = &fa->res[r];
    if (!res->status || !res->err_path || strcmp(res->err_path, ev.path) != 0 || (st[r] & TS_ERR_STALE)) continue;
    Outcome o = outcome_of(res->status, &ev);
    if (o == OUT_UNKNOWN) continue;
    bool acquired = (o == OUT_FAILURE) == res->status->acquired_on_failure;
    TsState kept = st[r] & (TsState)~TS_RS_MASK(RS_NOT);
    if (!acquired && (st[r] & TS_COMBOS)) st[r] = TS_BIT(RS_NOT, TX_NONE);
    /* Success: "not acquired" is gone — unless nothing else is left, when
    ** the status came from a call made before this one ever ran. */
    else if (acquired && (kept & TS_COMBOS)) st[r] = kept;
    if ((st[r] & TS_COMBOS) == 0) return false;
  }
  return true;
}

/* Section - BEGINs reported by a status */

/* The last instruction before end in blk that writes path, or -1. */
static int32_t last_write(const IrBlock *blk, uint32_t end, const char *path) {
  for (uint32_t i = end; i-- > 0;) {
    const IrInstr *in = &blk->instrs[i];
    if (in->kind == IR_CALL)
      for (uint32_t k = 0; k < in->u.call.n_results; k++)
        if (in->u.call.results[k].kind == IR_V_PATH && strcmp(in->u.call.results[k].text, path) == 0) return (int32_t)i;
    if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && strcmp(in->u.assign.dst.text, path) == 0)
      return (int32_t)i;
  }
  return -1;
}

static TsState unbegin(TsState s) {
  TsState out = s & TS_FLAGS;
  for (int rs = 0; rs < RS_COUNT; rs++)
    for (int tx = 0; tx < 3; tx++)
      if (s & TS_BIT(rs, tx)) out |= TS_BIT(rs, tx == TX_OPEN ? TX_NONE : tx);
  return out;
}

void status_refine_begin(const FnAnalysis *fa, TsState *st, const IrBlock *blk, uint32_t b, int side) {
  EdgeValue ev;
  if (blk->term.kind != IR_T_BRANCH || !edge_value(blk->term.cond, side == 0, &ev)) return;
  int32_t i = last_write(blk, blk->n_instrs, ev.path);
  if (i < 0 || blk->instrs[i].kind != IR_CALL) return;
  int lib;
  const ApiCall *m = fncall_model(fa->mc, &blk->instrs[i].u.call, &lib);
  const ApiCall *status = m;
  if (m && m->effect == AE_STATUS) { /* PQresultStatus(res): the BEGIN is the call that made res */
    const IrValue *arg = fncall_subject(fa->mc->arena, &blk->instrs[i].u.call, m);
    if (arg->kind != IR_V_PATH) return;
    i = last_write(blk, (uint32_t)i, arg->text);
    if (i < 0 || blk->instrs[i].kind != IR_CALL) return;
  } else if (!m || m->failure != AF_STATUS) {
    return;
  }
  uint64_t begun = fa->facts[b][i].begin;
  if (!begun || outcome_of(status, &ev) != OUT_FAILURE) return;
  for (uint32_t r = 0; r < fa->n_res; r++)
    if (begun >> r & 1) st[r] = unbegin(st[r]);
}

/* Section - connections reported failed by a status */

void status_refine_connect(FnAnalysis *fa, TsState *st, const IrBlock *blk, int side) {
  EdgeValue ev;
  if (blk->term.kind != IR_T_BRANCH || !edge_value(blk->term.cond, side == 0, &ev)) return;
  int32_t i = last_write(blk, blk->n_instrs, ev.path);
  if (i < 0 || blk->instrs[i].kind != IR_CALL) return;
  int lib;
  const IrCall *c = &blk->instrs[i].u.call;
  const ApiCall *m = fncall_model(fa->mc, c, &lib);
  if (!m || m->effect != AE_STATUS || outcome_of(m, &ev) != OUT_FAILURE) return;
  uint64_t held = facts_value_bits(fa, fncall_subject(fa->mc->arena, c, m));
  for (uint32_t r = 0; held && r < fa->n_res; r++)
    if ((held >> r & 1) && fa->res[r].kind == AK_CONNECTION) st[r] &= (TsState)~TS_CONNECTED;
}
