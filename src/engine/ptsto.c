/* ptsto: which tracked resources each local variable may hold at each
** point of a JavaScript/TypeScript function, so that a variable that is
** written again follows its new value.
**
** facts.c links a variable to every resource ever stored in it (one set per
** function). That is enough while a variable holds one thing, and wrong when
** it is reused: `let c = await getConn(); … if (again) c = await getConn();
** … finally { if (c) c.release() }` would release both objects at the
** release and could not refine on `if (c)`, and two `const client` of one
** name in sibling blocks are one IR variable. Here a forward dataflow over the
** CFG computes, per point, the set each variable holds (a write replaces it;
** the exception edge of a throwing call keeps the state before it), and the
** instruction facts are narrowed to it: an effect through a variable applies
** only to what the variable holds there. The object a variable no longer
** refers to is still held if nobody released it — so the first connection of
** that example leaks, as it does: a write that drops the last reference to
** a held resource is its leak (InstrFact.overwrite), and a branch on the
** variable being falsy holds none of what it may refer to there.
**
** Borrowed connections, objects opened in place (`client.connect()` on a
** `new Client()`, which may be shared before it is opened) and
** deferred-closure pseudo resources are bound to
** their path, not to a write, and stay as facts.c made them. Go keeps the
** flow-insensitive sets (its values are seldom reused, and its err-result
** refinement is built on them). C keeps them too (out-parameters, status and
** NULL refinement are built on them), and takes from the flow only the
** overwrite of the one variable holding a resource with a new acquisition:
** `conn = PQconnectdb(a); … conn = PQconnectdb(b);` leaks the first at the
** second, while `m = mysql_real_connect(m, …)` acquires nothing and stays
** as it was. */
#include <string.h>

#include "engine/analysis.h"
#include "engine/dataflow.h"

enum { PTS_MAX_VARS = 64 };

struct PtsInfo {
  Map index;          /* variable → 1 + slot */
  int8_t holder[TS_MAX_RES]; /* the one variable slot that refers to resource r (no field or
                                other variable does), or -1 */
  const char *names[PTS_MAX_VARS];
  uint32_t n;
  uint64_t *block_out; /* n_blocks × n: the sets at the end of each block (before its terminator) */
  uint64_t *term_stale; /* per block: resources a return's values no longer hold */
};

typedef struct PtsCtx {
  FnAnalysis *fa;
  PtsInfo *pi;
  uint64_t fixed;     /* resources not bound to writes (borrowed, pseudo) */
} PtsCtx;

static int pts_slot(const PtsInfo *pi, const char *name) {
  uintptr_t v = name ? (uintptr_t)map_get_cstr(&pi->index, name) : 0;
  return v ? (int)(v - 1) : -1;
}

static uint64_t value_flow(PtsCtx *x, const uint64_t *st, const IrValue *v, int depth) {
  if (!v || depth > 64) return 0;
  if (v->kind == IR_V_PATH && v->text) {
    int s = pts_slot(x->pi, v->text);
    if (s >= 0) return st[s];
    const AliasInfo *ai = facts_alias(x->fa, v->text);
    return ai ? ai->res : 0;
  }
  uint64_t bits = 0;
  if (v->kind == IR_V_OTHER)
    for (uint32_t i = 0; i < v->n_subs; i++) bits |= value_flow(x, st, &v->subs[i], depth + 1);
  if (v->kind == IR_V_FUNC) bits = facts_value_bits(x->fa, v);
  return bits;
}

/* The operands whose resources an instruction's facts act on. */
typedef struct Operands {
  const IrValue *v[72];
  uint32_t n;
} Operands;

static void operands_of(const IrInstr *in, Operands *ops) {
  ops->n = 0;
  if (in->kind == IR_CALL || in->kind == IR_DEFER) {
    const IrCall *c = &in->u.call;
    ops->v[ops->n++] = &c->recv;
    for (uint32_t a = 0; a < c->n_args && ops->n < 72; a++) ops->v[ops->n++] = &c->args[a];
  } else if (in->kind == IR_ASSIGN) {
    ops->v[ops->n++] = &in->u.assign.src;
  } else if (in->kind == IR_OPAQUE) {
    for (uint32_t u = 0; u < in->u.opaque.n_uses && ops->n < 72; u++) ops->v[ops->n++] = &in->u.opaque.uses[u];
  }
}

/* The state after instruction (b, i). */
static void pts_step(PtsCtx *x, uint64_t *st, uint32_t b, uint32_t i) {
  const IrInstr *in = &x->fa->fn->blocks[b].instrs[i];
  const InstrFact *f = &x->fa->facts[b][i];
  if (in->kind == IR_CALL) {
    const IrCall *c = &in->u.call;
    int d = c->n_results && c->results[0].kind == IR_V_PATH ? pts_slot(x->pi, c->results[0].text) : -1;
    int rv = c->recv.kind == IR_V_PATH ? pts_slot(x->pi, c->recv.text) : -1;
    uint64_t opened = 0;
    for (uint32_t r = 0; f->acquire && r < x->fa->n_res; r++)
      if ((f->acquire >> r & 1) && x->fa->res[r].opened) opened |= 1ull << r;
    if (rv >= 0) st[rv] |= opened; /* client.connect() acquires into the receiver */
    if (d >= 0) {
      uint64_t now = f->acquire & ~opened;
      const CallEval *ev = &x->fa->evals[b][i];
      const IrValue *fwd = ev->sum ? kinds_ret_param_arg(c, ev->sum) : NULL;
      if (!now && fwd) now = value_flow(x, st, fwd, 0);
      for (uint32_t a = 0; !f->acquire && ev->sum && ev->sum->ret_holds && a < c->n_args && a < 32; a++)
        if (ev->sum->ret_holds >> a & 1) now |= value_flow(x, st, &c->args[a], 0);
      st[d] = now;
    }
  } else if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH) {
    int d = pts_slot(x->pi, in->u.assign.dst.text);
    if (d >= 0) st[d] = in->u.assign.src.kind == IR_V_FUNC ? 0 : value_flow(x, st, &in->u.assign.src, 0);
  }
}

/* Resources a write at (b, i) stops the written variable from holding while
** nothing else refers to them (before: its set before the write). */
static uint64_t pts_lost(const PtsCtx *x, const uint64_t *before, const uint64_t *after, uint32_t b, uint32_t i) {
  const IrInstr *in = &x->fa->fn->blocks[b].instrs[i];
  const IrValue *dst = in->kind == IR_ASSIGN ? &in->u.assign.dst
                       : in->kind == IR_CALL && in->u.call.n_results ? &in->u.call.results[0] : NULL;
  int d = dst && dst->kind == IR_V_PATH ? pts_slot(x->pi, dst->text) : -1;
  if (d < 0 || kinds_is_temp(dst->text)) return 0;
  uint64_t lost = before[d] & ~after[d] & ~x->fixed, out = 0;
  for (uint32_t r = 0; lost && r < x->fa->n_res; r++)
    if ((lost >> r & 1) && x->pi->holder[r] == d) out |= 1ull << r;
  return out;
}

static void pts_transfer(void *ctx, DfSolver *s, uint32_t b, const void *in) {
  PtsCtx *x = ctx;
  const IrBlock *blk = &x->fa->fn->blocks[b];
  uint64_t st[PTS_MAX_VARS];
  memcpy(st, in, x->pi->n * sizeof *st);
  for (uint32_t i = 0; i < blk->n_instrs; i++) {
    if (blk->exn >= 0 && df_instr_may_throw(&blk->instrs[i])) df_propagate(s, (uint32_t)blk->exn, st);
    pts_step(x, st, b, i);
  }
  if (blk->term.kind == IR_T_JUMP || blk->term.kind == IR_T_BRANCH) df_propagate(s, blk->term.succ[0], st);
  if (blk->term.kind == IR_T_BRANCH) df_propagate(s, blk->term.succ[1], st);
  if (blk->term.kind == IR_T_THROW && blk->exn >= 0) df_propagate(s, (uint32_t)blk->exn, st);
}

static bool pts_join(void *ctx, void *dst, const void *src) {
  const PtsCtx *x = ctx;
  uint64_t *d = dst;
  const uint64_t *sr = src;
  bool changed = false;
  for (uint32_t k = 0; k < x->pi->n; k++) {
    uint64_t n = d[k] | sr[k];
    changed |= n != d[k];
    d[k] = n;
  }
  return changed;
}

/* Narrows the facts of (b, i) to what its operands hold in state st. */
static void pts_narrow(PtsCtx *x, const uint64_t *st, uint32_t b, uint32_t i) {
  const IrInstr *in = &x->fa->fn->blocks[b].instrs[i];
  InstrFact *f = &x->fa->facts[b][i];
  Operands ops;
  operands_of(in, &ops);
  uint64_t all = 0, flow = 0;
  for (uint32_t k = 0; k < ops.n; k++) {
    all |= facts_value_bits(x->fa, ops.v[k]);
    flow |= value_flow(x, st, ops.v[k], 0);
  }
  uint64_t stale = all & ~flow & ~x->fixed & ~f->acquire;
  if (!stale) return;
  f->release &= ~stale;
  f->discard &= ~stale;
  f->begin &= ~stale;
  f->commit &= ~stale;
  f->escape &= ~stale;
  f->defer_rel &= ~stale;
  f->cdefer &= ~stale;
}

/* Which single variable refers to each resource (pi->holder). */
static void pts_holders(PtsCtx *x) {
  PtsInfo *pi = x->pi;
  const Map *m = &x->fa->alias;
  for (uint32_t r = 0; r < TS_MAX_RES; r++) pi->holder[r] = -1;
  uint64_t many = 0;
  for (uint32_t k = 0; k < m->cap; k++) {
    const MapSlot *sl = &m->slots[k];
    const AliasInfo *ai = sl->value;
    if (!sl->key || !ai || !ai->res || kinds_is_temp(sl->key)) continue;
    int s = memchr(sl->key, '.', sl->key_len) ? -1 : pts_slot(pi, sl->key);
    for (uint32_t r = 0; r < x->fa->n_res; r++) {
      if (!(ai->res >> r & 1)) continue;
      if (s < 0 || (pi->holder[r] >= 0 && pi->holder[r] != s)) many |= 1ull << r;
      else pi->holder[r] = (int8_t)s;
    }
  }
  for (uint32_t r = 0; r < x->fa->n_res; r++)
    if (many >> r & 1) pi->holder[r] = -1;
}

static void pts_vars(PtsCtx *x) {
  const IrFunc *fn = x->fa->fn;
  PtsInfo *pi = x->pi;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      const IrValue *dst = in->kind == IR_ASSIGN ? &in->u.assign.dst
                           : in->kind == IR_CALL && in->u.call.n_results ? &in->u.call.results[0] : NULL;
      if (!dst || dst->kind != IR_V_PATH || strchr(dst->text, '.') || pts_slot(pi, dst->text) >= 0) continue;
      const AliasInfo *ai = facts_alias(x->fa, dst->text);
      if (!ai || !(ai->res & ~x->fixed) || pi->n >= PTS_MAX_VARS) continue;
      pi->names[pi->n] = dst->text;
      map_set_cstr(&pi->index, dst->text, (void *)(uintptr_t)(pi->n + 1));
      pi->n++;
    }
  /* Variables a resource starts in: a callback's parameter. */
  for (uint32_t r = 0; r < x->fa->n_res; r++) {
    const char *h = x->fa->res[r].callback || x->fa->res[r].inherited ? x->fa->res[r].info.name : NULL;
    if (h && pts_slot(pi, h) < 0 && pi->n < PTS_MAX_VARS) {
      pi->names[pi->n] = h;
      map_set_cstr(&pi->index, h, (void *)(uintptr_t)(pi->n + 1));
      pi->n++;
    }
  }
}

void ptsto_func(FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  ModCtx *mc = fa->mc;
  bool js = mc->m->lang == IR_LANG_JS || mc->m->lang == IR_LANG_TS;
  if ((!js && mc->m->lang != IR_LANG_C) || !fn->n_blocks || !fa->n_res) return;
  Arena *a = mc->arena;
  PtsInfo *pi = ARENA_NEW(a, PtsInfo);
  map_init(&pi->index, a);
  PtsCtx x = {fa, pi, fa->borrowed};
  for (uint32_t r = 0; r < fa->n_res; r++)
    if (fa->res[r].pseudo || fa->res[r].info.borrowed || fa->res[r].opened) x.fixed |= 1ull << r;
  pts_vars(&x);
  if (!pi->n) return;
  pts_holders(&x);
  size_t sz = pi->n * sizeof(uint64_t);
  uint64_t *entry = ARENA_NEW_ARRAY(a, uint64_t, pi->n);
  for (uint32_t r = 0; r < fa->n_res; r++) {
    int s = fa->res[r].callback || fa->res[r].inherited ? pts_slot(pi, fa->res[r].info.name) : -1;
    if (s >= 0) entry[s] |= 1ull << r;
  }
  uint64_t *in_states = arena_zalloc(a, sz * fn->n_blocks);
  bool *reached = ARENA_NEW_ARRAY(a, bool, fn->n_blocks);
  DfProblem p = {sz, &x, pts_transfer, pts_join};
  if (!df_solve(fn, &p, entry, a, in_states, reached)) return; /* partial: keep the coarse facts */
  pi->block_out = arena_zalloc(a, sz * fn->n_blocks);
  pi->term_stale = ARENA_NEW_ARRAY(a, uint64_t, fn->n_blocks);
  uint64_t st[PTS_MAX_VARS];
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    if (!reached[b]) continue;
    const IrBlock *blk = &fn->blocks[b];
    memcpy(st, in_states + (size_t)b * pi->n, sz);
    uint64_t before[PTS_MAX_VARS];
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      if (js) pts_narrow(&x, st, b, i);
      memcpy(before, st, sz);
      pts_step(&x, st, b, i);
      InstrFact *f = &fa->facts[b][i];
      if (js || f->acquire) f->overwrite = pts_lost(&x, before, st, b, i);
    }
    memcpy(pi->block_out + (size_t)b * pi->n, st, sz);
    uint64_t all = 0, flow = 0;
    for (uint32_t v = 0; blk->term.kind == IR_T_RET && v < blk->term.n_values; v++) {
      all |= facts_value_bits(fa, &blk->term.values[v]);
      flow |= value_flow(&x, st, &blk->term.values[v], 0);
    }
    pi->term_stale[b] = all & ~flow & ~x.fixed;
  }
  if (js) fa->pts = pi;
}

uint64_t ptsto_res_at(const FnAnalysis *fa, uint32_t b, const char *path, uint64_t coarse) {
  const PtsInfo *pi = fa->pts;
  int s = pi && path ? pts_slot(pi, path) : -1;
  if (s < 0 || b >= fa->fn->n_blocks) return coarse;
  return (pi->block_out[(size_t)b * pi->n + (uint32_t)s] & coarse) | (coarse & fa->borrowed);
}

uint64_t ptsto_only_holder(const FnAnalysis *fa, uint32_t b, const char *path) {
  const PtsInfo *pi = fa->pts;
  const char *v = path;
  int s = pi && v ? pts_slot(pi, v) : -1;
  if (s < 0 || b >= fa->fn->n_blocks) return 0;
  uint64_t holds = pi->block_out[(size_t)b * pi->n + (uint32_t)s], out = 0;
  /* a temporary copy (`%1 = c` before `branch %1`) stands for the variable it copies */
  for (uint32_t r = 0; holds && r < fa->n_res; r++) {
    if (!(holds >> r & 1) || (fa->borrowed >> r & 1)) continue;
    if (pi->holder[r] == s || (kinds_is_temp(v) && pi->holder[r] >= 0)) out |= 1ull << r;
  }
  return out;
}

uint64_t ptsto_ret_stale(const FnAnalysis *fa, uint32_t b) {
  return fa->pts && b < fa->fn->n_blocks ? fa->pts->term_stale[b] : 0;
}
