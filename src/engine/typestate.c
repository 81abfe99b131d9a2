/* typestate: the acquire/release/begin/commit machine. The state of one
** resource is a set of (resource state × transaction state) combinations, an
** 18-bit mask (analysis.h): keeping the two together means a refinement on `if (client)`
** also drops the transactions that could only exist with a client, so
** `catch { if (client) await client.query('ROLLBACK') }` is clean.
**
** Policies:
** - An exception edge carries the state before the throwing call: a failed
**   acquire acquired nothing and a failed BEGIN began nothing. Releases,
**   commits, rollbacks and escapes count even when the call throws (a failed
**   ROLLBACK or release cannot be retried by the caller anyway).
** - A value that escapes (returned, stored outside the function, captured by
**   a closure that outlives the statement, handed to a callee that keeps it)
**   is no longer this function's to release.
** - Null means failed: on the edge where a variable that holds only this
**   resource is falsy or == null/nil (`if (!client)`, `x == nil`), nothing
**   is held; on the non-nil edge of an acquire's error result (Go `err !=
**   nil`, the callback's `err`) nothing was acquired (refine_value).
** - Borrowed connections (parameters, fields) are tracked only for their
**   transaction, and only in functions that commit or roll back on them:
**   a helper that just sends BEGIN for its caller is not a finding, and one
**   that throws with the transaction open on a parameter or field hands it
**   back to its caller with the exception (only its normal exits and
**   releases are checked). */
#include <stdio.h>
#include <string.h>

#include "base/check.h"
#include "engine/analysis.h"
#include "engine/capi.h"
#include "engine/dataflow.h"
#include "engine/valfacts.h"

enum { RANK_NONE = 99, TS_N_COMBOS = RS_COUNT * 3, EITHER_LEVELS = 18 };

typedef struct TsCtx {
  FnAnalysis *fa;
  bool replay;
  void (*visit)(void *ctx, uint32_t b, uint32_t i, const TsState *state);
  void *visit_ctx;
  TsState *cur, *tmp, *exn; /* n_res each */
  TsState *capture;          /* when set: out-states toward capture_succ are joined here */
  uint32_t capture_succ;
  int capture_edge;           /* 0/1 normal successor index, 2 exception edge */
  uint32_t block;             /* the block whose terminator is being refined on */
  bool failing_return;        /* the exit being checked returns nil and an error (Go `return nil, err`) */
  const VfVars *vf;           /* the value facts kept beside each combination, or NULL */
  uint32_t stride;            /* TsState words per state: n_res, plus n_res × TS_N_COMBOS facts words */
} TsCtx;

static void ts_vf_normalize(TsCtx *t, TsState *st);

/* Hands an out-state to the solver, or to the witness search's capture. */
static void ts_emit(TsCtx *t, DfSolver *s, uint32_t succ, int edge, TsState *state) {
  ts_vf_normalize(t, state);
  if (t->capture) {
    if (succ == t->capture_succ && edge == t->capture_edge)
      for (uint32_t r = 0; r < t->fa->n_res; r++) t->capture[r] |= state[r];
    return;
  }
  if (s) df_propagate(s, succ, state);
}

static int leak_rank(LeakExit e) {
  switch (e) {
  case LEAK_RELEASE_OPEN: return 0;
  case LEAK_RETURN:
  case LEAK_RETURN_CAUGHT: return 1;
  case LEAK_THROW: return 2;
  case LEAK_CALL_THROW: return 3;
  case LEAK_LOOP:
  case LEAK_OVERWRITE: return 4;
  default: return RANK_NONE;
  }
}

static void record(FnAnalysis *fa, uint32_t r, bool tx, LeakExit e, uint32_t b, uint32_t i, SrcLoc loc) {
  TsRes *res = &fa->res[r];
  TsLeakInfo *li = tx ? &res->info.tx_leak : &res->info.leak;
  if (!tx && e != LEAK_RETURN) res->leaks_unfailed = true; /* check_exit tells failing returns apart */
  if (leak_rank(e) >= leak_rank(li->exit)) return;
  li->exit = e;
  li->exit_loc = loc;
  if (tx) res->tx_block = b, res->tx_instr = i;
  else res->leak_block = b, res->leak_instr = i;
}

/* A statement prepared on a Tx whose Rollback is deferred: closed at exit. A
** Tx that escaped (handed to a closure, stored) takes its statements along,
** and one that has ended on every path (its deferred Rollback already applied
** at this exit) has closed them: database/sql closes a transaction's
** statements when it commits or rolls back. */
static bool ended_by_deferred_parent(const FnAnalysis *fa, const TsState *st, uint32_t r) {
  for (uint32_t p = 0; fa->res[r].parents && p < fa->n_res; p++) {
    if (!(fa->res[r].parents >> p & 1)) continue;
    if (fa->res[p].defer_ends_tx && (st[p] & TS_DEFERRED)) return true;
    if ((st[p] & TS_RS_MASK(RS_ESC)) && fa->res[r].kind == AK_STMT) return true;
    if (fa->res[r].kind == AK_STMT && (st[p] & TS_COMBOS) && !(st[p] & TS_TX_MASK(TX_OPEN)) &&
        !(st[p] & TS_RS_MASK(RS_ACQ)))
      return true;
  }
  return false;
}

/* Whether the deferred closure that releases res runs its release on an exit
** of kind cover (CD_* bits the exit allows). */
static bool closure_covers(const TsRes *res, uint8_t cover) { return !res->cdefer_when || (res->cdefer_when & cover); }

/* The CD_* conditions under which a deferred closure's release runs on this
** exit: a panic runs the recover() and error branches (the named error may be
** set), a `return …, nil` only the unconditional and success ones, any other
** return all but the recover() one. */
static uint8_t exit_cover(const IrTerm *term) {
  if (term->kind == IR_T_THROW) return CD_ALWAYS | CD_PANIC | CD_ERROR;
  if (term->n_values && term->values[term->n_values - 1].kind == IR_V_NULL) return CD_ALWAYS | CD_SUCCESS;
  return CD_ALWAYS | CD_ERROR | CD_SUCCESS;
}

/* The transaction resource r belongs to (a statement prepared on it) is itself
** left open at this exit: one root cause, reported by begin-without-rollback. */
static bool tx_open_at_exit(const FnAnalysis *fa, const TsState *st, uint32_t r, uint8_t cover) {
  for (uint32_t q = 0; fa->res[r].parents && q < fa->n_res; q++) {
    if (!(fa->res[r].parents >> q & 1) || (fa->borrowed >> q & 1)) continue;
    TsState open = st[q] & TS_TX_MASK(TX_OPEN);
    if (fa->res[q].defer_ends_tx)
      open &= (TsState)~((closure_covers(&fa->res[q], cover) ? TS_DEFERRED : TS_RS_MASK(RS_DEFER)) & TS_TX_MASK(TX_OPEN));
    if (open) return true;
  }
  return false;
}

static void check_exit(TsCtx *t, const TsState *st, LeakExit e, uint8_t cover, uint32_t b, uint32_t i, SrcLoc loc) {
  FnAnalysis *fa = t->fa;
  for (uint32_t r = 0; r < fa->n_res; r++) {
    bool borrowed = fa->borrowed >> r & 1;
    if (fa->res[r].pseudo) continue;
    bool covered = closure_covers(&fa->res[r], cover);
    TsState open = st[r] & TS_TX_MASK(TX_OPEN);
    if (fa->res[r].defer_ends_tx) /* the deferred Rollback runs */
      open &= (TsState)~((covered ? TS_DEFERRED : TS_RS_MASK(RS_DEFER)) & TS_TX_MASK(TX_OPEN));
    TsState held = TS_RS_MASK(RS_ACQ) | (covered ? 0 : TS_RS_MASK(RS_CDEFER));
    if (!borrowed && !fa->res[r].kept && (st[r] & held) && !ended_by_deferred_parent(fa, st, r) &&
        !tx_open_at_exit(fa, st, r, cover)) {
      record(fa, r, false, e, b, i, loc);
      if (e == LEAK_RETURN && !t->failing_return) fa->res[r].leaks_unfailed = true;
      if (st[r] & TS_CONNECTED) fa->res[r].leaks_connected = true;
    }
    /* A borrowed connection left by a throw goes back to its owner with the
    ** exception, whose handler can roll back (`catch { if (qr.isTransactionActive) … }`). */
    bool thrown = (e == LEAK_THROW || e == LEAK_CALL_THROW) && fa->res[r].callers;
    if (open && (!borrowed || (fa->res[r].owns_tx && !thrown))) record(fa, r, true, e, b, i, loc);
  }
}

/* Maps every combination of mask m through f(rs, tx) → (rs', tx'); dest
** (when given) receives where each combination went. */
static TsState combos_map_to(TsState m, void (*f)(int *rs, int *tx, void *arg), void *arg, uint8_t *dest) {
  TsState out = m & TS_FLAGS;
  for (int rs = 0; rs < RS_COUNT; rs++)
    for (int tx = 0; tx < 3; tx++) {
      if (!(m & TS_BIT(rs, tx))) continue;
      int nrs = rs, ntx = tx;
      f(&nrs, &ntx, arg);
      out |= TS_BIT(nrs, ntx);
      if (dest) dest[rs * 3 + tx] = (uint8_t)(nrs * 3 + ntx);
    }
  /* TS_CONNECTED speaks of held combinations only: on a released path it would
  ** spread through a join to the failed path beside it. */
  if (!(out & TS_HELD)) out &= (TsState)~TS_CONNECTED;
  return out;
}

/* Section - Value facts beside each combination (valfacts.c)
**
** A state is n_res TsState words followed, when the function has variables
** worth tracking, by TS_N_COMBOS facts words per resource: what the paths
** that reach each combination say about those variables. Every change of a
** combination carries its facts along; a combination a filter drops keeps
** stale facts until ts_emit clears them, and nothing reads those. */

static VfWord *ts_vf(const TsCtx *t, TsState *st, uint32_t r) {
  return t->vf ? (VfWord *)st + t->fa->n_res + (size_t)r * TS_N_COMBOS : NULL;
}

/* Maps st[r]'s combinations through f, each one's facts going where it goes. */
static void ts_map(TsCtx *t, TsState *st, uint32_t r, void (*f)(int *rs, int *tx, void *arg), void *arg) {
  uint8_t dest[TS_N_COMBOS];
  TsState old = st[r];
  st[r] = combos_map_to(old, f, arg, dest);
  VfWord *w = ts_vf(t, st, r);
  if (!w) return;
  VfWord out[TS_N_COMBOS] = {0};
  for (int c = 0; c < TS_N_COMBOS; c++)
    if (old >> c & 1) out[dest[c]] |= w[c];
  memcpy(w, out, sizeof out);
}

/* The paths of the combinations from (present in old) now end in combination to (one bit). */
static void ts_vf_move(TsCtx *t, TsState *st, uint32_t r, TsState old, TsState from, TsState to) {
  VfWord *w = ts_vf(t, st, r);
  if (!w) return;
  VfWord moved = 0;
  for (int c = 0; c < TS_N_COMBOS; c++)
    if ((from & old) >> c & 1) moved |= w[c], w[c] = 0;
  int tc = __builtin_ctz(to);
  if (!(old & to)) w[tc] = 0;
  w[tc] |= moved;
}

/* After a change made without regard to the facts (status.c): every
** combination may have come from any old one. */
static void ts_vf_widen(TsCtx *t, TsState *st, const TsState *old) {
  for (uint32_t r = 0; t->vf && r < t->fa->n_res; r++) {
    if ((st[r] & TS_COMBOS) == (old[r] & TS_COMBOS)) continue;
    VfWord *w = ts_vf(t, st, r), all = 0;
    for (int c = 0; c < TS_N_COMBOS; c++)
      if (old[r] >> c & 1) all |= w[c];
    for (int c = 0; c < TS_N_COMBOS; c++) w[c] = (st[r] >> c & 1) ? w[c] | all : 0;
  }
}

/* Clears the facts of absent combinations; a present one without any is unknown. */
static void ts_vf_normalize(TsCtx *t, TsState *st) {
  for (uint32_t r = 0; t->vf && r < t->fa->n_res; r++) {
    VfWord *w = ts_vf(t, st, r);
    for (int c = 0; c < TS_N_COMBOS; c++) w[c] = !(st[r] >> c & 1) ? 0 : w[c] ? w[c] : vf_top(t->vf);
  }
}

/* Instruction in's writes of tracked variables, in every combination. */
static void ts_vf_instr(TsCtx *t, TsState *st, const IrInstr *in) {
  if (!t->vf || !vf_writes(t->vf, in)) return;
  for (uint32_t r = 0; r < t->fa->n_res; r++) {
    VfWord *w = ts_vf(t, st, r);
    for (int c = 0; c < TS_N_COMBOS; c++)
      if (st[r] >> c & 1) w[c] = vf_instr(t->vf, in, w[c] ? w[c] : vf_top(t->vf));
  }
}

/* Drops the combinations whose facts contradict cond having value pol; false
** when some resource is left with none (every path reaching here is in one
** of its combinations, so the edge cannot be taken). */
static bool ts_vf_branch(TsCtx *t, TsState *st, const IrCond *cond, bool pol) {
  for (uint32_t r = 0; t->vf && r < t->fa->n_res; r++) {
    VfWord *w = ts_vf(t, st, r);
    TsState had = st[r] & TS_COMBOS;
    for (int c = 0; c < TS_N_COMBOS; c++) {
      if (!(had >> c & 1)) continue;
      VfWord x = w[c] ? w[c] : vf_top(t->vf);
      if (vf_refine(t->vf, cond, pol, &x)) w[c] = x;
      else st[r] &= ~((TsState)1 << c), w[c] = 0;
    }
    if (had && !(st[r] & TS_COMBOS)) return false;
    if (!(st[r] & TS_HELD)) st[r] &= (TsState)~TS_CONNECTED;
  }
  return true;
}

/* Held now: acquired, with or without a deferred release (TS_HELD). */
static bool rs_held(int rs) { return rs == RS_ACQ || rs == RS_DEFER || rs == RS_CDEFER; }

static void map_release(int *rs, int *tx, void *arg) {
  bool discard = *(bool *)arg;
  if (!rs_held(*rs)) return;
  *rs = RS_REL;
  *tx = (*tx == TX_OPEN && discard) ? TX_CLOSED : (*tx == TX_OPEN ? TX_NONE : *tx);
}
static void map_escape(int *rs, int *tx, void *arg) {
  (void)arg;
  if (rs_held(*rs)) *rs = RS_ESC, *tx = TX_NONE;
}
static void map_begin(int *rs, int *tx, void *arg) {
  (void)arg;
  if (rs_held(*rs)) *tx = TX_OPEN;
}
static void map_cdefer(int *rs, int *tx, void *arg) {
  (void)tx, (void)arg;
  if (*rs == RS_ACQ) *rs = RS_CDEFER;
}
static void map_unbind(int *rs, int *tx, void *arg) {
  (void)tx, (void)arg;
  if (*rs == RS_CDEFER) *rs = RS_ACQ;
}
static void map_defer(int *rs, int *tx, void *arg) {
  (void)tx, (void)arg;
  if (*rs == RS_ACQ) *rs = RS_DEFER;
}
static void map_commit(int *rs, int *tx, void *arg) {
  (void)rs, (void)arg;
  if (*tx == TX_OPEN) *tx = TX_CLOSED;
}

/* Effects that hold on the exception edge too. */
static void apply_closing(TsCtx *t, TsState *st, const InstrFact *f, uint32_t b, uint32_t i, SrcLoc loc) {
  FnAnalysis *fa = t->fa;
  uint64_t any = f->release | f->commit | f->escape;
  for (uint32_t r = 0; any && r < fa->n_res; r++) {
    uint64_t bit = 1ull << r;
    if (f->commit & bit) ts_map(t, st, r, map_commit, NULL);
    if (f->release & bit) {
      bool discard = (f->discard & bit) != 0;
      if (t->replay && !discard && (st[r] & TS_HELD_OPEN)) record(fa, r, true, LEAK_RELEASE_OPEN, b, i, loc);
      ts_map(t, st, r, map_release, &discard);
    }
    if (f->escape & bit) ts_map(t, st, r, map_escape, NULL);
    /* An object stored in a container or field before it is opened is shared:
    ** whoever reads it back owns the connection it opens. */
    if ((f->escape & bit) && fa->res[r].opened && (st[r] & TS_RS_MASK(RS_NOT))) {
      TsState old = st[r];
      st[r] = (st[r] & (TsState)~TS_RS_MASK(RS_NOT)) | TS_BIT(RS_ESC, TX_NONE);
      ts_vf_move(t, st, r, old, TS_RS_MASK(RS_NOT), TS_BIT(RS_ESC, TX_NONE));
    }
  }
}

/* A write to a variable that a registered deferred closure releases: the
** release moves to the new value. Only when the registration is certain. */
static void apply_bind(TsCtx *t, TsState *st, const InstrFact *f) {
  FnAnalysis *fa = t->fa;
  if (f->bind_pseudo < 0 || (uint32_t)f->bind_pseudo >= fa->n_res) return;
  TsState reg = st[f->bind_pseudo] & TS_COMBOS;
  if (!(reg & TS_RS_MASK(RS_ACQ)) || (reg & ~TS_RS_MASK(RS_ACQ))) return;
  for (uint32_t r = 0; r < fa->n_res; r++) {
    if (f->bind_out >> r & 1) ts_map(t, st, r, map_unbind, NULL);
    if (f->bind_in >> r & 1) ts_map(t, st, r, map_cdefer, NULL);
  }
}

/* Remembers the first BEGIN on res in block order (the finding's location). */
static void res_note_begin(TsRes *res, uint32_t b, uint32_t i, SrcLoc loc, const char *what) {
  if (res->has_begin) return;
  res->has_begin = true;
  res->begin_block = b;
  res->begin_instr = i;
  res->info.begin_loc = loc;
  res->info.begin_what = what;
}

static void apply_fact(TsCtx *t, TsState *st, const InstrFact *f, uint32_t b, uint32_t i, SrcLoc loc) {
  FnAnalysis *fa = t->fa;
  for (uint32_t r = 0; f->escape_normal && r < fa->n_res; r++) /* a promise chain's fulfilment */
    if (f->escape_normal >> r & 1) ts_map(t, st, r, map_escape, NULL);
  for (uint32_t r = 0; f->begin && r < fa->n_res; r++) {
    if (!(f->begin >> r & 1)) continue;
    if (t->replay && (st[r] & TS_HELD)) res_note_begin(&fa->res[r], b, i, loc, f->call.what);
    ts_map(t, st, r, map_begin, NULL);
  }
  apply_closing(t, st, f, b, i, loc);
  /* Only a held resource's error result can go stale: where it is not held
  ** (the other arm of `if a { rows, err = q1() } else { rows, err = q2() }`),
  ** overwriting err says nothing about it. */
  for (uint32_t r = 0; f->err_stale && r < fa->n_res; r++)
    if ((f->err_stale >> r & 1) && (st[r] & TS_HELD)) st[r] |= TS_ERR_STALE;
  /* The last reference to a held resource overwritten: it can never be released. */
  for (uint32_t r = 0; f->overwrite && r < fa->n_res; r++) {
    if (!(f->overwrite >> r & 1)) continue;
    if (t->replay && (st[r] & TS_RS_MASK(RS_ACQ))) record(fa, r, false, LEAK_OVERWRITE, b, i, loc);
    if (t->replay && (st[r] & TS_RS_MASK(RS_ACQ)) && (st[r] & TS_CONNECTED)) fa->res[r].leaks_connected = true;
    ts_map(t, st, r, map_escape, NULL);
  }
  for (uint32_t r = 0; f->acquire && r < fa->n_res; r++) {
    if (!(f->acquire >> r & 1)) continue;
    TsRes *res = &fa->res[r];
    bool tx = res->kind == AK_TX;
    if (t->replay && !res->pseudo && (st[r] & TS_RS_MASK(RS_ACQ))) record(fa, r, false, LEAK_LOOP, b, i, loc);
    if (t->replay && !res->pseudo && (st[r] & TS_RS_MASK(RS_ACQ)) && (st[r] & TS_CONNECTED)) res->leaks_connected = true;
    /* A transaction handle begun again at the same site while the previous one is open. */
    if (t->replay && tx && (st[r] & TS_HELD_OPEN))
      record(fa, r, true, LEAK_LOOP, b, i, loc);
    if (t->replay && tx) res_note_begin(res, b, i, loc, res->info.what);
    TsState shared = res->opened ? st[r] & TS_RS_MASK(RS_ESC) : 0;
    bool unshared = !res->opened || (st[r] & TS_COMBOS & (TsState)~TS_RS_MASK(RS_ESC)) || !(st[r] & TS_COMBOS);
    TsState old = st[r], fresh = TS_BIT(RS_ACQ, tx ? TX_OPEN : TX_NONE);
    st[r] = (unshared ? fresh : 0) | shared | TS_CONNECTED;
    if (unshared) ts_vf_move(t, st, r, old, old & ~shared, fresh); /* every path not shared acquires */
  }
  for (uint32_t r = 0; f->defer_rel && r < fa->n_res; r++)
    if (f->defer_rel >> r & 1) ts_map(t, st, r, map_defer, NULL);
  for (uint32_t r = 0; f->cdefer && r < fa->n_res; r++)
    if (f->cdefer >> r & 1) ts_map(t, st, r, map_cdefer, NULL);
  apply_bind(t, st, f);
}

/* Section - Branch refinement */

/* A model's state property tested true or false (condfacts.c): `isReleased`
** holds exactly when released, `isTransactionActive` exactly when the
** transaction is open. An escaped resource may be either. */
static TsState refine_state_property(TsState s, uint8_t means, bool truthy) {
  TsState keep = TS_COMBOS;
  if (means == AS_RELEASED)
    keep = truthy ? TS_RS_MASK(RS_REL) | TS_RS_MASK(RS_ESC) : (TsState)~TS_RS_MASK(RS_REL);
  else if (means == AS_TX_OPEN)
    keep = truthy ? TS_TX_MASK(TX_OPEN) | TS_RS_MASK(RS_ESC) : (TsState)~TS_TX_MASK(TX_OPEN);
  return (s & keep & TS_COMBOS) | (s & (TsState)~TS_COMBOS);
}

/* Whether no variable but ai's may hold resource bit (one assigned on each
** branch from a different acquire, `if (q) e = A(); else e = B();` or
** `e = q ? A() : B()`, is the only holder of both). Temporaries (`%1`) hold
** a value only until the statement that reads them. */
static bool only_holder(const FnAnalysis *fa, const AliasInfo *ai, uint64_t bit) {
  if (fa->borrowed & bit) return false;
  for (uint32_t i = 0; i < fa->alias.cap; i++) {
    const MapSlot *slot = &fa->alias.slots[i];
    const AliasInfo *other = slot->key && !kinds_is_temp(slot->key) ? slot->value : NULL;
    if (other && other != ai && (other->res & bit)) return false;
  }
  return true;
}

/* A null holder of several resources holds none of them: each one it held
** is not held on that edge. A mapping, not a filter: the path where the
** holder took another resource's value is still feasible. */
static TsState drop_held(TsState s) {
  if (!(s & TS_HELD)) return s;
  return (TsState)((s & (TsState)~TS_HELD) | TS_BIT(RS_NOT, TX_NONE));
}

static bool refine_value(TsCtx *t, TsState *st, const IrValue *v, bool truthy) {
  if (v->kind != IR_V_PATH) return true;
  const AliasInfo *ai = facts_alias(t->fa, v->text);
  if (!ai) return true;
  /* `errors.Is(err, sql.ErrNoRows)` true: err is non-nil. */
  if (truthy && ai->nonnil_if_true && ai->nonnil_if_true != v && !refine_value(t, st, ai->nonnil_if_true, true))
    return false;
  for (uint32_t r = 0; r < t->fa->n_res; r++) {
    uint64_t bit = 1ull << r;
    /* A non-nil error says the acquire failed: whatever it would have held
    ** is not held (a mapping, not a filter: the state right after the
    ** acquire is "acquired" only, and the error edge is still feasible). */
    if ((ai->err_of & bit) && !(st[r] & TS_ERR_STALE)) {
      TsState kept = st[r] & (TsState)~TS_RS_MASK(RS_NOT);
      if (truthy && (st[r] & TS_COMBOS)) {
        TsState old = st[r];
        st[r] = TS_BIT(RS_NOT, TX_NONE);
        ts_vf_move(t, st, r, old, TS_COMBOS, st[r]);
      }
      /* A nil error: the acquire succeeded, so "not acquired" is gone — unless
      ** nothing else is left, when the error came from another call made
      ** before this acquire ever ran. */
      else if (!truthy && (kept & TS_COMBOS)) st[r] = kept;
    }
    if (ai->state_of & bit) st[r] = refine_state_property(st[r], ai->state_means, truthy);
    uint64_t holds = ptsto_res_at(t->fa, t->block, v->text, ai->res); /* what it holds here */
    bool sole = holds == bit && !(t->fa->borrowed & bit);
    if (sole) st[r] &= truthy ? (TsState)~TS_RS_MASK(RS_NOT) : (TsState)~TS_HELD;
    if ((ai->true_rel & bit) && truthy) {
      bool discard = true; /* a failed query's row holds no connection */
      ts_map(t, st, r, map_release, &discard);
    }
    else if (!truthy && (ptsto_only_holder(t->fa, t->block, v->text) & bit)) st[r] &= (TsState)~TS_HELD;
    else if (!truthy && (ai->res & bit) && only_holder(t->fa, ai, bit)) {
      TsState old = st[r];
      st[r] = drop_held(st[r]);
      ts_vf_move(t, st, r, old, TS_HELD, TS_BIT(RS_NOT, TX_NONE));
    }
    /* A borrowed connection that is null has no transaction open on it
    ** (`catch { if (client) await client.query('ROLLBACK') }`). */
    if (holds == bit && (t->fa->borrowed & bit) && !truthy) st[r] &= (TsState)~TS_TX_MASK(TX_OPEN);
    /* Acquired only where this path was falsy (`conn || await getConnection()`). */
    if (((ai->absent_if_truthy & bit) && truthy) || ((ai->absent_if_falsy & bit) && !truthy))
      st[r] &= TS_RS_MASK(RS_NOT) | (TsState)~TS_COMBOS;
    if ((ai->false_rel & bit) && !truthy) {
      bool discard = true; /* exhausted rows hold no transaction */
      ts_map(t, st, r, map_release, &discard);
    }
    if (((ai->err_of | ai->res | ai->state_of | ai->absent_if_truthy | ai->absent_if_falsy) & bit) &&
        (st[r] & TS_COMBOS) == 0)
      return false;
  }
  return true;
}

static bool value_is_nullish(const IrValue *v) { return v->kind == IR_V_NULL; }

/* A Go package variable of an imported package (`sql.ErrNoRows`, `pgx.ErrNoRows`):
** error sentinels are non-nil values. */
static bool is_package_sentinel(const FnAnalysis *fa, const IrValue *v) {
  if (fa->mc->m->lang != IR_LANG_GO || v->kind != IR_V_PATH || !v->text) return false;
  const char *dot = strchr(v->text, '.');
  char head[128];
  size_t n = dot ? (size_t)(dot - v->text) : 0;
  if (!dot || strchr(dot + 1, '.') || n >= sizeof head) return false;
  memcpy(head, v->text, n);
  head[n] = '\0';
  return kinds_import_find(fa->mc, head) != NULL;
}

static bool refine(TsCtx *t, TsState *st, const IrCond *c, bool pol, int depth);

/* status.c's refinements know nothing of the facts: they are widened after. */
static bool ts_status_refine(TsCtx *t, TsState *st, const IrCond *c, bool pol) {
  if (!t->vf) return status_refine(t->fa, st, c, pol);
  TsState old[TS_MAX_RES];
  memcpy(old, st, t->fa->n_res * sizeof *st);
  bool ok = status_refine(t->fa, st, c, pol);
  ts_vf_widen(t, st, old);
  return ok;
}

static void ts_status_refine_edge(TsCtx *t, TsState *st, const IrBlock *blk, uint32_t b, int side) {
  TsState old[TS_MAX_RES];
  if (t->vf) memcpy(old, st, t->fa->n_res * sizeof *st);
  status_refine_begin(t->fa, st, blk, b, side); /* C: a BEGIN whose status says it failed */
  status_refine_connect(t->fa, st, blk, side);  /* C: a connection whose status says it failed */
  if (t->vf) ts_vf_widen(t, st, old);
}

/* The edge where `a && b` is false (or `a || b` true) is the union of two
** cases: a decides it alone, or a passes and b decides it. Refined apart and
** joined, so `if (qr && qr.isTransactionActive)` false still knows qr. */
static bool refine_either(TsCtx *t, TsState *st, const IrCond *c, bool decide, int depth) {
  uint32_t n = t->stride;
  /* Two whole states per nesting level, from a pool kept for the function. */
  if (!t->fa->ts_either)
    t->fa->ts_either = ARENA_NEW_ARRAY(t->fa->mc->arena, TsState, (size_t)2 * EITHER_LEVELS * n);
  TsState *a = t->fa->ts_either + (size_t)2 * depth * n, *b = a + n;
  memcpy(a, st, n * sizeof *st);
  memcpy(b, st, n * sizeof *st);
  bool ok_a = refine(t, a, c->lhs, decide, depth + 1);
  bool ok_b = refine(t, b, c->lhs, !decide, depth + 1) && refine(t, b, c->rhs, decide, depth + 1);
  for (uint32_t r = 0; r < n; r++) st[r] = (ok_a ? a[r] : 0) | (ok_b ? b[r] : 0);
  return ok_a || ok_b;
}

static bool refine(TsCtx *t, TsState *st, const IrCond *c, bool pol, int depth) {
  if (!c || depth > 64) return true;
  switch (c->kind) {
  case IR_COND_TRUTHY: return refine_value(t, st, &c->a, pol) && ts_status_refine(t, st, c, pol);
  case IR_COND_NOT: return refine(t, st, c->lhs, !pol, depth + 1);
  case IR_COND_AND:
    if (!pol) return depth > 16 || refine_either(t, st, c, false, depth);
    return refine(t, st, c->lhs, true, depth + 1) && refine(t, st, c->rhs, true, depth + 1);
  case IR_COND_OR:
    if (pol) return depth > 16 || refine_either(t, st, c, true, depth);
    return refine(t, st, c->lhs, false, depth + 1) && refine(t, st, c->rhs, false, depth + 1);
  case IR_COND_EQ:
  case IR_COND_NE: {
    bool ne = c->kind == IR_COND_NE;
    if (value_is_nullish(&c->b)) return refine_value(t, st, &c->a, ne == pol);
    if (value_is_nullish(&c->a)) return refine_value(t, st, &c->b, ne == pol);
    /* Go `err == sql.ErrNoRows`: equal to another package's sentinel, err is non-nil. */
    if (pol != ne && is_package_sentinel(t->fa, &c->b)) return refine_value(t, st, &c->a, true);
    return ts_status_refine(t, st, c, pol); /* C: `rc == SQLITE_ROW`, a status against a number */
  }
  default: return true;
  }
}

/* Section - Transfer */

static void join_into(TsState *dst, const TsState *src, uint32_t n) {
  for (uint32_t r = 0; r < n; r++) dst[r] |= src[r];
}

static void map_unbegin(int *rs, int *tx, void *arg) {
  (void)rs, (void)arg;
  if (*tx == TX_OPEN) *tx = TX_NONE;
}

/* Which successor of a branch on cond means "path is non-nil" (Go
** `err != nil`, `err == nil`), or -1. */
static int cond_nonnil_side(const IrCond *c, const char *path) {
  if (!c || (c->kind != IR_COND_NE && c->kind != IR_COND_EQ)) return -1;
  const IrValue *v = c->b.kind == IR_V_NULL ? &c->a : c->a.kind == IR_V_NULL ? &c->b : NULL;
  if (!v || v->kind != IR_V_PATH || strcmp(v->text, path) != 0) return -1;
  return c->kind == IR_COND_NE ? 0 : 1;
}

/* Go `if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil { return err }`:
** when the block ends by testing the error result of its last call, a
** BEGIN, the non-nil side began nothing. */
static void refine_failed_begin(TsCtx *t, TsState *st, const IrBlock *blk, uint32_t b, int side) {
  if (!blk->n_instrs) return;
  const IrInstr *last = &blk->instrs[blk->n_instrs - 1];
  const InstrFact *f = &t->fa->facts[b][blk->n_instrs - 1];
  if (last->kind != IR_CALL || !f->begin || last->u.call.n_results < 2) return;
  const IrValue *err = &last->u.call.results[last->u.call.n_results - 1];
  if (err->kind != IR_V_PATH || cond_nonnil_side(blk->term.cond, err->text) != side) return;
  for (uint32_t r = 0; r < t->fa->n_res; r++)
    if (f->begin >> r & 1) ts_map(t, st, r, map_unbegin, NULL);
}

/* `return nil, err`: the function reports that it failed and hands nothing out. */
static bool is_failing_return(const IrTerm *term) {
  return term->n_values >= 2 && term->values[0].kind == IR_V_NULL && term->values[term->n_values - 1].kind != IR_V_NULL &&
         term->values[term->n_values - 1].kind != IR_V_NONE;
}

/* Resources that have left the function by the time it returns without
** failing (returned, stored, handed to a goroutine): what it makes. */
static void note_handed_out(FnAnalysis *fa, const TsState *st) {
  for (uint32_t r = 0; r < fa->n_res; r++)
    if (st[r] & TS_RS_MASK(RS_ESC)) fa->res[r].handed_out = true;
}

static void ts_terminator(TsCtx *t, DfSolver *s, uint32_t b, bool *has_exn) {
  FnAnalysis *fa = t->fa;
  const IrBlock *blk = &fa->fn->blocks[b];
  const IrTerm *term = &blk->term;
  size_t sz = t->stride * sizeof(TsState);
  switch (term->kind) {
  case IR_T_JUMP:
    ts_emit(t, s, term->succ[0], 0, t->cur);
    break;
  case IR_T_BRANCH:
    t->block = b;
    for (int side = 0; side < 2; side++) {
      memcpy(t->tmp, t->cur, sz);
      refine_failed_begin(t, t->tmp, blk, b, side);
      ts_status_refine_edge(t, t->tmp, blk, b, side);
      /* The edge is taken by the combinations whose value facts allow its test. */
      if (refine(t, t->tmp, term->cond, side == 0, 0) && ts_vf_branch(t, t->tmp, term->cond, side == 0))
        ts_emit(t, s, term->succ[side], side, t->tmp);
    }
    break;
  case IR_T_RET: {
    InstrFact esc;
    memset(&esc, 0, sizeof esc);
    for (uint32_t v = 0; v < term->n_values; v++) /* a returned closure that only queries keeps nothing */
      esc.escape |= facts_value_bits(fa, &term->values[v]) & ~goclosure_kept(fa, &term->values[v]);
    esc.escape &= ~ptsto_ret_stale(fa, b);
    apply_closing(t, t->cur, &esc, b, UINT32_MAX, term->loc);
    t->failing_return = is_failing_return(term);
    if (t->replay && !t->failing_return) note_handed_out(fa, t->cur);
    if (t->replay) check_exit(t, t->cur, LEAK_RETURN, exit_cover(term), b, UINT32_MAX, term->loc);
    t->failing_return = false;
    break;
  }
  case IR_T_THROW:
    if (blk->exn >= 0) {
      join_into(t->exn, t->cur, t->stride);
      *has_exn = true;
    } else if (t->replay) {
      check_exit(t, t->cur, LEAK_THROW, exit_cover(term), b, UINT32_MAX, term->loc);
    }
    break;
  default: break;
  }
}

static void ts_block(TsCtx *t, DfSolver *s, uint32_t b, const void *in) {
  FnAnalysis *fa = t->fa;
  const IrBlock *blk = &fa->fn->blocks[b];
  size_t sz = t->stride * sizeof(TsState);
  memcpy(t->cur, in, sz);
  memset(t->exn, 0, sz);
  bool has_exn = false;
  for (uint32_t i = 0; i < blk->n_instrs; i++) {
    const IrInstr *in_i = &blk->instrs[i];
    const InstrFact *f = &fa->facts[b][i];
    if (t->visit) t->visit(t->visit_ctx, b, i, t->cur);
    if (df_instr_may_throw(in_i) && !f->no_throw) {
      memcpy(t->tmp, t->cur, sz);
      bool save = t->replay;
      t->replay = false; /* a release-with-open-transaction is recorded once, on the normal path */
      apply_closing(t, t->tmp, f, b, i, in_i->loc);
      for (uint32_t r = 0; f->escape_exn && r < fa->n_res; r++) /* a promise chain's rejection */
        if (f->escape_exn >> r & 1) ts_map(t, t->tmp, r, map_escape, NULL);
      t->replay = save;
      if (blk->exn >= 0) {
        join_into(t->exn, t->tmp, t->stride);
        has_exn = true;
      } else if (t->replay) {
        check_exit(t, t->tmp, LEAK_CALL_THROW, CD_ALWAYS | CD_PANIC | CD_ERROR | CD_SUCCESS, b, i, in_i->loc);
      }
    }
    apply_fact(t, t->cur, f, b, i, in_i->loc);
    ts_vf_instr(t, t->cur, in_i);
    /* A guard call returns only when its value passed (else the goroutine stopped). */
    bool stops = f->guard && !refine_value(t, t->cur, f->guard, f->guard_truthy);
    if (f->goexit || stops || f->stops) { /* runtime.Goexit, a call that never returns: nothing after it runs */
      if (has_exn) ts_emit(t, s, (uint32_t)blk->exn, 2, t->exn);
      return;
    }
  }
  ts_terminator(t, s, b, &has_exn);
  if (has_exn) ts_emit(t, s, (uint32_t)blk->exn, 2, t->exn);
}

static void ts_transfer(void *ctx, DfSolver *s, uint32_t b, const void *in) { ts_block(ctx, s, b, in); }

static bool ts_join(void *ctx, void *dst, const void *src) {
  TsCtx *t = ctx;
  TsState *d = dst;
  const TsState *sr = src;
  bool changed = false;
  for (uint32_t r = 0; r < t->stride; r++) { /* combinations, and the facts of each */
    TsState n = d[r] | sr[r];
    changed |= n != d[r];
    d[r] = n;
  }
  return changed;
}

static void ts_ctx_init(TsCtx *t, FnAnalysis *fa) {
  memset(t, 0, sizeof *t);
  t->fa = fa;
  Arena *a = fa->mc->arena;
  t->vf = fa->vf;
  t->stride = fa->ts_stride ? fa->ts_stride : 1;
  uint32_t n = t->stride;
  t->cur = ARENA_NEW_ARRAY(a, TsState, n);
  t->tmp = ARENA_NEW_ARRAY(a, TsState, n);
  t->exn = ARENA_NEW_ARRAY(a, TsState, n);
}

static void ts_mark_owners(FnAnalysis *fa) {
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    for (uint32_t i = 0; i < fa->fn->blocks[b].n_instrs; i++) {
      uint64_t c = fa->facts[b][i].commit | (fa->facts[b][i].release & fa->borrowed);
      for (uint32_t r = 0; c && r < fa->n_res; r++)
        if (c >> r & 1) fa->res[r].owns_tx = true;
    }
}

/* Runs every reached block once from its fixpoint in-state (no solver):
** the replay that records leaks and feeds the rules' on_instr. */
static void ts_replay_blocks(TsCtx *t) {
  const FnAnalysis *fa = t->fa;
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    if (fa->reached[b]) ts_block(t, NULL, b, fa->in_states + (size_t)b * t->stride);
}

static bool witness_via_exception(FnAnalysis *fa, uint32_t r, bool tx);

void typestate_run(FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  Arena *a = fa->mc->arena;
  /* Value facts for the languages whose tests of numbers are exact (not JS's
  ** loose equality and truthiness of strings). */
  IrLang lang = fa->mc->m->lang;
  fa->vf = fa->n_res && fn->n_blocks && (lang == IR_LANG_GO || lang == IR_LANG_C) ? vf_select(fn, a) : NULL;
  fa->ts_stride = fa->n_res ? fa->n_res : 1;
  if (fa->vf) fa->ts_stride += fa->n_res * TS_N_COMBOS;
  uint32_t n = fa->ts_stride;
  fa->in_states = ARENA_NEW_ARRAY(a, TsState, (size_t)n * (fn->n_blocks + 1));
  fa->reached = ARENA_NEW_ARRAY(a, bool, fn->n_blocks + 1);
  for (uint32_t r = 0; r < fa->n_res; r++) fa->res[r].info.leak.exit = fa->res[r].info.tx_leak.exit = LEAK_NONE;
  if (!fn->n_blocks) return;
  ts_mark_owners(fa);
  TsState *entry = ARENA_NEW_ARRAY(a, TsState, n);
  for (uint32_t r = 0; r < fa->n_res; r++) {
    bool borrowed = fa->borrowed >> r & 1;
    entry[r] = borrowed || fa->res[r].inherited ? TS_BIT(RS_ACQ, TX_NONE)
               : fa->res[r].callback ? (TsState)(TS_BIT(RS_ACQ, TX_NONE) | TS_BIT(RS_NOT, TX_NONE))
                                     : TS_BIT(RS_NOT, TX_NONE);
    if (entry[r] & TS_HELD) entry[r] |= TS_CONNECTED; /* not for "not acquired": a join would spread it */
    for (int c = 0; fa->vf && c < TS_N_COMBOS; c++) /* nothing known of any variable yet */
      if (entry[r] >> c & 1) entry[fa->n_res + r * TS_N_COMBOS + (uint32_t)c] = vf_top(fa->vf);
  }
  TsCtx t;
  ts_ctx_init(&t, fa);
  DfProblem p = {n * sizeof(TsState), &t, ts_transfer, ts_join};
  df_solve(fn, &p, entry, a, fa->in_states, fa->reached);
  if (!fa->n_res) return;
  t.replay = true;
  ts_replay_blocks(&t);
  for (uint32_t r = 0; r < fa->n_res; r++) {
    TsResourceInfo *ri = &fa->res[r].info;
    if (ri->leak.exit == LEAK_RETURN && witness_via_exception(fa, r, false)) ri->leak.exit = LEAK_RETURN_CAUGHT;
    if (ri->tx_leak.exit == LEAK_RETURN && witness_via_exception(fa, r, true)) ri->tx_leak.exit = LEAK_RETURN_CAUGHT;
    /* A statement prepared on a pool and handed out is prepared for the program's life. */
    ri->failed_construction = ri->leak.exit == LEAK_RETURN && fa->res[r].kind == AK_STMT && !fa->res[r].parents &&
                              fa->res[r].handed_out && !fa->res[r].leaks_unfailed;
    /* A connection that leaks only where its status said it failed to connect. */
    ri->failed_connect = ri->leak.exit != LEAK_NONE && fa->res[r].kind == AK_CONNECTION && !fa->res[r].leaks_connected;
  }
}

void typestate_replay(FnAnalysis *fa, void (*visit)(void *ctx, uint32_t b, uint32_t i, const TsState *state),
                      void *ctx) {
  if (!fa->fn->n_blocks || !fa->reached) return;
  TsCtx t;
  ts_ctx_init(&t, fa);
  t.visit = visit;
  t.visit_ctx = ctx;
  ts_replay_blocks(&t);
}

const char *typestate_describe(Arena *a, TsState combos, bool tx) {
  static const char *const rs_names[RS_COUNT] = {"not-acquired", "acquired", "released", "escaped",
                                                 "release-deferred", "release-deferred-by-closure"};
  static const char *const tx_names[3] = {"none", "open", "closed"};
  char buf[160];
  size_t len = 0;
  buf[0] = '\0';
  for (int k = 0; k < (tx ? 3 : RS_COUNT); k++) {
    TsState mask = tx ? TS_TX_MASK(k) : TS_RS_MASK(k);
    if (!(combos & mask)) continue;
    const char *name = tx ? tx_names[k] : rs_names[k];
    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? "|" : "", name);
    if (len >= sizeof buf) break;
  }
  return arena_strdup(a, len ? buf : "unreachable");
}

/* Section - Witness paths
**
** A breadth-first search from the acquire (or BEGIN) to the leaking exit
** through blocks whose fixpoint in-state still has the leaking combination;
** it yields the shortest such path in blocks, which is the one a reader can
** follow most easily. */

typedef struct Witness {
  uint32_t *blocks; /* path from start block to exit block */
  uint8_t *edges;   /* edges[k]: how blocks[k] was entered (0 true/jump, 1 false, 2 exception) */
  uint32_t n;
} Witness;

static void witness_site(FnAnalysis *fa, uint32_t r, bool tx, uint32_t *sb, uint32_t *si, uint32_t *eb) {
  const TsRes *res = &fa->res[r];
  *sb = tx ? res->begin_block : res->block;
  *si = tx ? res->begin_instr : res->instr;
  if (*sb == UINT32_MAX) *sb = 0, *si = UINT32_MAX;
  *eb = tx ? res->tx_block : res->leak_block;
}

/* The out-state of block p along one edge kind toward y (recomputed). */
static TsState edge_state(FnAnalysis *fa, uint32_t p, uint32_t y, int edge, uint32_t r) {
  TsCtx t;
  ts_ctx_init(&t, fa);
  t.capture = ARENA_NEW_ARRAY(fa->mc->arena, TsState, fa->n_res ? fa->n_res : 1);
  t.capture_succ = y;
  t.capture_edge = edge;
  ts_block(&t, NULL, p, fa->in_states + (size_t)p * t.stride);
  return t.capture[r];
}

/* Predecessor lists in CSR form (first[b]..first[b+1] index preds), normal
** and exception edges alike, so the backward search stays linear. */
static void preds_build(const IrFunc *fn, Arena *a, uint32_t **out_first, uint32_t **out_preds) {
  uint32_t *first = ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks + 2);
  uint32_t *preds = ARENA_NEW_ARRAY(a, uint32_t, (size_t)fn->n_blocks * 3 + 1);
  for (int fill = 0; fill < 2; fill++) {
    uint32_t *cnt = fill ? ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks + 1) : NULL;
    for (uint32_t p = 0; p < fn->n_blocks; p++) {
      const IrBlock *bp = &fn->blocks[p];
      uint32_t succ[3], ns = 0;
      if (bp->term.kind == IR_T_JUMP || bp->term.kind == IR_T_BRANCH) succ[ns++] = bp->term.succ[0];
      if (bp->term.kind == IR_T_BRANCH) succ[ns++] = bp->term.succ[1];
      if (bp->exn >= 0) succ[ns++] = (uint32_t)bp->exn;
      for (uint32_t k = 0; k < ns; k++) {
        if (succ[k] >= fn->n_blocks || (k && succ[k] == succ[k - 1])) continue;
        if (fill) preds[first[succ[k]] + cnt[succ[k]]++] = p;
        else first[succ[k] + 1]++;
      }
    }
    for (uint32_t b = 0; !fill && b < fn->n_blocks; b++) first[b + 1] += first[b];
  }
  *out_first = first;
  *out_preds = preds;
}

/* Searches backwards from the leaking exit to the start along edges whose
** out-state still carries the leaking combination, so the path shown is one
** on which the leak really flows (a forward search over in-states could
** pick a path where the resource was released and only a join mixed it). */
static bool witness_find(FnAnalysis *fa, uint32_t r, bool tx, Witness *w) {
  const IrFunc *fn = fa->fn;
  Arena *a = fa->mc->arena;
  uint32_t sb, si, eb;
  witness_site(fa, r, tx, &sb, &si, &eb);
  bool loop = !tx && fa->res[r].info.leak.exit == LEAK_LOOP;
  memset(w, 0, sizeof *w);
  if (eb >= fn->n_blocks || sb >= fn->n_blocks) return false;
  TsState mask = tx ? TS_TX_MASK(TX_OPEN) : TS_RS_MASK(RS_ACQ) | TS_RS_MASK(RS_CDEFER);
  uint32_t *next = ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks);
  uint8_t *how = ARENA_NEW_ARRAY(a, uint8_t, fn->n_blocks);
  bool *seen = ARENA_NEW_ARRAY(a, bool, fn->n_blocks);
  uint32_t *queue = ARENA_NEW_ARRAY(a, uint32_t, fn->n_blocks + 1);
  uint32_t head = 0, tail = 0;
  bool found = eb == sb && !loop;
  queue[tail++] = eb;
  seen[eb] = !loop;
  uint32_t *first, *preds;
  preds_build(fn, a, &first, &preds);
  while (head < tail && !found) {
    uint32_t y = queue[head++];
    for (uint32_t pi = first[y]; pi < first[y + 1] && !found; pi++) {
      uint32_t p = preds[pi];
      const IrBlock *bp = &fn->blocks[p];
      if (seen[p] || !fa->reached[p]) continue;
      for (int edge = 0; edge < 3; edge++) {
        bool is_edge = edge == 2 ? bp->exn == (int32_t)y && df_block_may_throw(bp)
                                 : (bp->term.kind == IR_T_JUMP && edge == 0 && bp->term.succ[0] == y) ||
                                       (bp->term.kind == IR_T_BRANCH && bp->term.succ[edge] == y);
        if (!is_edge || !(edge_state(fa, p, y, edge, r) & mask)) continue;
        seen[p] = true;
        next[p] = y;
        how[p] = (uint8_t)edge;
        if (p == sb) found = true;
        else queue[tail++] = p;
        break;
      }
    }
  }
  if (!found) return false;
  uint32_t len = 1;
  for (uint32_t x = sb; (x != eb || (loop && len == 1)) && len <= fn->n_blocks; x = next[x]) len++;
  w->blocks = ARENA_NEW_ARRAY(a, uint32_t, len);
  w->edges = ARENA_NEW_ARRAY(a, uint8_t, len);
  w->n = len;
  uint32_t x = sb;
  for (uint32_t k = 0; k < len; k++) {
    w->blocks[k] = x;
    w->edges[k] = 0;
    if (k) w->edges[k] = how[w->blocks[k - 1]];
    if (k + 1 < len) x = next[x];
  }
  return true;
}

static bool witness_via_exception(FnAnalysis *fa, uint32_t r, bool tx) {
  Witness w;
  ArenaMark mark = arena_mark(fa->mc->arena);
  bool via = false;
  if (witness_find(fa, r, tx, &w))
    for (uint32_t k = 1; k < w.n; k++) via |= w.edges[k] == 2;
  arena_rewind(fa->mc->arena, mark);
  return via;
}

static void step_add(FindingList *out, Finding *f, StepKind kind, SrcLoc loc, const char *msg, bool essential) {
  FindingStep *steps = arena_alloc(out->arena, sizeof(FindingStep) * (f->n_steps + 1));
  if (f->n_steps) memcpy(steps, f->steps, sizeof(FindingStep) * f->n_steps);
  steps[f->n_steps] = (FindingStep){kind, loc, finding_list_strdup(out, msg), essential};
  f->steps = steps;
  f->n_steps++;
}

static SrcLoc first_throw_loc(const IrBlock *b, uint32_t after, bool from_start) {
  for (uint32_t i = from_start ? after + 1 : 0; i < b->n_instrs; i++)
    if (df_instr_may_throw(&b->instrs[i])) return b->instrs[i].loc;
  return b->term.loc;
}

static void witness_final_step(FindingList *out, Finding *f, const TsRes *res, bool tx, const char *held) {
  const TsLeakInfo *li = tx ? &res->info.tx_leak : &res->info.leak;
  char msg[256];
  switch (li->exit) {
  case LEAK_RELEASE_OPEN:
    step_add(out, f, STEP_RELEASE, li->exit_loc, "released here with the transaction still open", true);
    break;
  case LEAK_RETURN:
  case LEAK_RETURN_CAUGHT:
    snprintf(msg, sizeof msg, "returns with %s", held);
    step_add(out, f, STEP_EXIT, li->exit_loc, msg, true);
    break;
  case LEAK_THROW:
  case LEAK_CALL_THROW:
    snprintf(msg, sizeof msg, "%s with %s", li->exit == LEAK_THROW ? "throws" : "if this call throws, the function exits",
             held);
    step_add(out, f, STEP_THROW, li->exit_loc, msg, true);
    break;
  case LEAK_LOOP:
    step_add(out, f, STEP_ACQUIRE, li->exit_loc, "acquired again while the previous one is still held", true);
    break;
  case LEAK_OVERWRITE:
    snprintf(msg, sizeof msg, "assigned again here with %s", held);
    step_add(out, f, STEP_EXIT, li->exit_loc, msg, true);
    break;
  default: break;
  }
}

void typestate_witness(FnAnalysis *fa, FindingList *out, Finding *f, uint32_t r, bool tx) {
  const TsRes *res = &fa->res[r];
  const char *name = res->info.name ? res->info.name : apikind_name((ApiKind)res->kind);
  char msg[256], held[200];
  if (tx) {
    snprintf(msg, sizeof msg, "transaction begun on %s", name);
    snprintf(held, sizeof held, "the transaction on %s still open", name);
  } else {
    snprintf(msg, sizeof msg, "%s acquired by %s", name, res->info.what ? res->info.what : "this call");
    snprintf(held, sizeof held, "%s not released", name);
  }
  step_add(out, f, STEP_ACQUIRE, tx ? res->info.begin_loc : res->info.loc, msg, true);
  ArenaMark mark = arena_mark(fa->mc->arena);
  Witness w;
  uint32_t sb, si, eb;
  witness_site(fa, r, tx, &sb, &si, &eb);
  if (witness_find(fa, r, tx, &w)) {
    for (uint32_t k = 1; k < w.n; k++) {
      const IrBlock *from = &fa->fn->blocks[w.blocks[k - 1]];
      if (w.edges[k] == 2) {
        SrcLoc at = first_throw_loc(from, si, k == 1 && si != UINT32_MAX);
        step_add(out, f, STEP_THROW, at, "an exception here goes to the handler", false);
      } else if (from->term.kind == IR_T_BRANCH) {
        SrcLoc at = from->term.cond ? from->term.cond->loc : from->term.loc;
        step_add(out, f, w.edges[k] ? STEP_BRANCH_FALSE : STEP_BRANCH_TRUE, at,
                 w.edges[k] ? "the condition is false" : "the condition is true", false);
      }
    }
  }
  arena_rewind(fa->mc->arena, mark);
  witness_final_step(out, f, res, tx, held);
}
