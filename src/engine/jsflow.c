/* jsflow: JavaScript/TypeScript control flow that a function's CFG alone
** does not show.
**
** * Functions that never throw: every call in them is one a model says
**   never throws (console.log, `new Proxy(…)`) or such a function; a call of
**   one is no way out of its caller (`wrap(conn)` between an acquire and its
**   try).
**
** * Functions that never return normally: a helper that always throws
**   (`rollbackFor(err, client)` that rolls back and rethrows) or exits the
**   process. Its summary says so (FuncSummary.never_returns), and a call to
**   it ends its caller's path there: only its exceptional edge goes on. An
**   async function's call never comes back only when it is awaited (unawaited,
**   it returns a rejected promise).
**
** * Callbacks that take a resource over. A function literal passed to a call
**   that releases a captured client, keeps it (stores it outside, returns
**   it, resolves a promise with it) or passes it on to a function that does
**   — itself or through a nested literal — owns it from then on: the call is
**   a hand-off for the enclosing function, and the literal is analysed with
**   the client held at its entry (FnInfo.inherit), so `conn.query(sql,
**   (err) => { if (err) return cb(err); conn.release(); })` leaks on the
**   error branch. A literal that calls a captured release function (pg's
**   `done`) takes the client over the same way: it inherits the client with
**   `done` as its release function (JsInherit.release_fn). A literal that only uses the client (`rows.map(async (r) =>
**   conn.query(…))`) borrows it: the enclosing function still owes the
**   release. The finding of an inherited resource is reported at its
**   acquisition, once (jsflow_dedupe).
**
** * In a catch handler, a call given the caught exception and no resource
**   (`error(err)`, `Sentry.captureException(e)`) reports it and is taken not
**   to throw (jsflow's error_reports).
**
** * A call of a function txlint knows nothing about whose result is
**   returned (`return drizzle(conn)`) hands its arguments to the caller with
**   it; a function that returns such a result, or a `new` object made from
**   a parameter (`return new Proxy(target, …)`), holds that parameter in its
**   result (FuncSummary.ret_holds).
**
** * Promise chains: `p.then(f, g)`, `.catch(g)`, `.finally(h)` on the result
**   of a call. The calls of a chain do not throw; the chain's promise carries
**   the failure. Along the chain two outcomes are followed, fulfilled and
**   rejected, with what each has handed off to the handlers that ran on it
**   (a handler takes over what it releases, as above): `.then(f)` runs f
**   only on fulfilment, `.catch(g)` only on rejection, `.finally(h)` on both.
**   Where the chain ends (awaited, returned or dropped), what both outcomes
**   handed off has escaped; awaited, the fulfilled one's goes on the normal
**   edge and the rejected one's on the exception edge. So a client released
**   only in a `.then` leaks when the query before it rejects, and one
**   released in `.finally` does not. `pool.connect().then((client) => …)`
**   hands the client to the handler's first parameter: the handler owns it. */
#include <string.h>

#include "engine/analysis.h"
#include "engine/dataflow.h"

/* Per call instruction of a function with promise chains (arena arrays). */
typedef struct JsChainInfo {
  int32_t **next;   /* per block, per instr: the link that consumes its result, or -1 */
  uint8_t **role;   /* CHAIN_* */
} JsChainInfo;

enum { CHAIN_NONE, CHAIN_ROOT, CHAIN_LINK };
enum { JSFLOW_MAX_NEST = 4 };

static bool is_js(const ModCtx *mc) { return mc->m->lang == IR_LANG_JS || mc->m->lang == IR_LANG_TS; }

/* Section - Functions that never return */

bool jsflow_call_stops(const IrCall *c, const FuncSummary *sum) {
  if (!sum || !sum->never_returns) return false;
  return sum->never_returns != NEVER_RETURNS_ASYNC || (c->flags & IR_CALL_AWAITED);
}

bool jsflow_call_exits(const FuncSummary *sum) { return sum && sum->never_returns == NEVER_RETURNS_EXIT; }

bool jsflow_never_throws(ModCtx *mc, uint32_t fi) {
  const IrModule *m = mc->m;
  const IrFunc *fn = &m->funcs[fi];
  if (!is_js(mc) || !fn->n_blocks || (fn->flags & (IR_FUNC_TOPLEVEL | IR_FUNC_PARSE_ERROR | IR_FUNC_GENERATOR)))
    return false;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    if (blk->term.kind == IR_T_THROW && blk->exn < 0) return false;
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      if (!df_instr_may_throw(in) || blk->exn >= 0 || (in->u.call.flags & IR_CALL_NORETURN)) continue;
      CallEval ev = kinds_eval_call(mc, fi, &in->u.call);
      bool quiet = (ev.model && ev.model->no_throw) ||
                   (ev.sum && ev.sum != &mc->fns[fi].summary && ev.sum->never_throws &&
                    !((in->u.call.flags & IR_CALL_AWAITED) && ev.sum->never_returns));
      if (!quiet) return false;
    }
  }
  return true;
}

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

/* Section - Callbacks that take a resource over */

static bool value_mentions(const IrValue *v, const char *name, int depth) {
  if (!v || depth > 16) return false;
  if (v->kind == IR_V_PATH) return v->text && strcmp(v->text, name) == 0;
  for (uint32_t i = 0; v->kind == IR_V_OTHER && i < v->n_subs; i++)
    if (value_mentions(&v->subs[i], name, depth + 1)) return true;
  return false;
}

static bool captures(const IrFunc *fn, const char *name) {
  for (uint32_t i = 0; i < fn->n_captures; i++)
    if (strcmp(fn->captures[i], name) == 0) return true;
  return false;
}

static const char *const keepers[] = {"push", "unshift", "set", "add", "resolve"};

static bool is_keeper(const char *name) {
  for (size_t i = 0; name && i < sizeof keepers / sizeof *keepers; i++)
    if (strcmp(name, keepers[i]) == 0) return true;
  return false;
}

static bool closure_takes(ModCtx *mc, int32_t cf, const char *name, int depth);

/* A call inside closure cf that takes over captured variable name. */
static bool call_takes(ModCtx *mc, int32_t cf, const IrCall *c, const char *name, int depth) {
  if (c->callee && strcmp(c->callee, name) == 0) return true; /* a captured release function called */
  if (c->callee_value.kind == IR_V_FUNC && closure_takes(mc, c->callee_value.func, name, depth + 1)) return true;
  CallEval ev = kinds_eval_call(mc, (uint32_t)cf, c);
  if (c->recv.kind == IR_V_PATH && strcmp(c->recv.text, name) == 0 && ev.model && ev.effect == AE_RELEASE) return true;
  for (uint32_t a = 0; a < c->n_args; a++) {
    const IrValue *v = &c->args[a];
    if (v->kind == IR_V_FUNC) {
      if (closure_takes(mc, v->func, name, depth + 1)) return true;
      continue;
    }
    if (!value_mentions(v, name, 0)) continue;
    if ((c->flags & IR_CALL_NEW) || (is_keeper(c->name) && !ev.model)) return true;
    if (ev.sum && a < 32 && ((ev.sum->releases_params | ev.sum->escapes_params) >> a & 1)) return true;
  }
  return false;
}

static bool closure_takes(ModCtx *mc, int32_t cf, const char *name, int depth) {
  if (cf < 0 || (uint32_t)cf >= mc->m->n_funcs || depth > JSFLOW_MAX_NEST) return false;
  const IrFunc *cl = &mc->m->funcs[cf];
  if (!captures(cl, name)) return false;
  for (uint32_t b = 0; b < cl->n_blocks; b++) {
    const IrBlock *blk = &cl->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      if ((in->kind == IR_CALL || in->kind == IR_DEFER) && call_takes(mc, cf, &in->u.call, name, depth)) return true;
      if (in->kind == IR_ASSIGN) {
        const IrAssign *as = &in->u.assign;
        if (as->src.kind == IR_V_FUNC && closure_takes(mc, as->src.func, name, depth + 1)) return true;
        bool outside = as->dst.kind == IR_V_PATH &&
                       (strchr(as->dst.text, '.') || !kinds_fn_declares(mc, (uint32_t)cf, as->dst.text));
        if (outside && value_mentions(&as->src, name, 0)) return true;
      }
      if (in->kind == IR_OPAQUE)
        for (uint32_t u = 0; u < in->u.opaque.n_uses; u++)
          if (value_mentions(&in->u.opaque.uses[u], name, 0)) return true;
    }
    for (uint32_t v = 0; blk->term.kind == IR_T_RET && v < blk->term.n_values; v++)
      if (value_mentions(&blk->term.values[v], name, 0)) return true;
  }
  return false;
}

bool jsflow_closure_takes(ModCtx *mc, int32_t cf, const char *name) { return closure_takes(mc, cf, name, 0); }

static void inherit_add(ModCtx *mc, int32_t cf, const char *holder, const TsRes *res, bool release_fn) {
  FnInfo *F = &mc->fns[cf];
  for (uint32_t k = 0; k < F->n_inherit; k++)
    if (strcmp(F->inherit[k].holder, holder) == 0) return; /* every round of facts records it again */
  JsInherit *grown = arena_alloc(mc->cache, sizeof *grown * (F->n_inherit + 1));
  if (F->n_inherit) memcpy(grown, F->inherit, sizeof *grown * F->n_inherit);
  grown[F->n_inherit] = (JsInherit){arena_strdup(mc->cache, holder), res->kind, res->lib, res->info.loc,
                                    res->info.what ? arena_strdup(mc->cache, res->info.what) : NULL,
                                    res->info.name ? arena_strdup(mc->cache, res->info.name) : NULL, release_fn};
  F->inherit = grown;
  F->n_inherit++;
}

/* The resources of bits closure cf takes over; each is recorded as its
** inheritance under the captured name that holds it. */
static uint64_t closure_takeover(FnAnalysis *fa, int32_t cf, uint64_t bits) {
  ModCtx *mc = fa->mc;
  if (cf < 0 || (uint32_t)cf >= mc->m->n_funcs || !bits) return 0;
  const IrFunc *cl = &mc->m->funcs[cf];
  uint64_t out = 0;
  for (uint32_t k = 0; k < cl->n_captures; k++) {
    const AliasInfo *ai = facts_alias(fa, cl->captures[k]);
    uint64_t held = ai ? (ai->res | ai->release_of) & bits : 0;
    if (!held || !closure_takes(mc, cf, cl->captures[k], 0)) continue;
    out |= held;
    /* The holder of a resource, or else its release function (pg's done): a
    ** closure that calls a captured done() owns the client as one that calls
    ** client.release() does, and leaks it on a path that does not call it. */
    uint64_t own = ai->res & bits ? ai->res & bits : ai->release_of & bits;
    for (uint32_t r = 0; r < fa->n_res; r++)
      if (own >> r & 1 && !fa->res[r].pseudo && !fa->res[r].info.borrowed) {
        inherit_add(mc, cf, cl->captures[k], &fa->res[r], !(ai->res & bits));
        break;
      }
  }
  return out;
}

/* The inherited resource of acquisition loc, made once: a closure given both
** the client and its done() holds one resource, released through either. */
static int32_t inherited_at(FnAnalysis *fa, const JsInherit *ih) {
  for (uint32_t r = 0; r < fa->n_res; r++)
    if (fa->res[r].inherited && fa->res[r].info.loc.line == ih->loc.line && fa->res[r].info.loc.col == ih->loc.col)
      return (int32_t)r;
  int32_t r = facts_res_new(fa, ih->kind, ih->lib, ih->release_fn ? ih->name : ih->holder, ih->loc, ih->what);
  if (r >= 0) fa->res[r].inherited = true;
  return r;
}

void jsflow_inherited_res(FnAnalysis *fa) {
  const FnInfo *F = &fa->mc->fns[fa->fi];
  for (int pass = 0; pass < 2; pass++) /* holders first: they name the resource */
    for (uint32_t k = 0; k < F->n_inherit; k++) {
      const JsInherit *ih = &F->inherit[k];
      if (ih->release_fn != (pass == 1)) continue;
      int32_t r = inherited_at(fa, ih);
      if (r < 0) return;
      AliasInfo *ai = facts_alias_get(fa, ih->holder);
      if (ih->release_fn) ai->release_of |= 1ull << r;
      else ai->res |= 1ull << r;
    }
}

/* Section - Promise chains */

static bool is_link_name(const char *n) {
  return n && (strcmp(n, "then") == 0 || strcmp(n, "catch") == 0 || strcmp(n, "finally") == 0);
}

static bool has_func_arg(const IrCall *c) {
  for (uint32_t a = 0; a < c->n_args && a < 2; a++)
    if (c->args[a].kind == IR_V_FUNC) return true;
  return false;
}

/* The instruction of block blk after i whose receiver is the temporary t. */
static int32_t consumer(const IrBlock *blk, uint32_t i, const char *t) {
  for (uint32_t k = i + 1; k < blk->n_instrs; k++) {
    const IrInstr *in = &blk->instrs[k];
    if (in->kind == IR_CALL && in->u.call.recv.kind == IR_V_PATH && strcmp(in->u.call.recv.text, t) == 0 &&
        is_link_name(in->u.call.name) && has_func_arg(&in->u.call))
      return (int32_t)k;
  }
  return -1;
}

void jsflow_chains_prepare(FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  if (!is_js(fa->mc)) return;
  Arena *a = fa->mc->arena;
  JsChainInfo *ch = NULL;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      if (in->kind != IR_CALL || !in->u.call.n_results || in->u.call.results[0].kind != IR_V_PATH ||
          !kinds_is_temp(in->u.call.results[0].text))
        continue;
      int32_t k = consumer(blk, i, in->u.call.results[0].text);
      if (k < 0) continue;
      if (!ch) {
        ch = ARENA_NEW(a, JsChainInfo);
        ch->next = ARENA_NEW_ARRAY(a, int32_t *, fn->n_blocks);
        ch->role = ARENA_NEW_ARRAY(a, uint8_t *, fn->n_blocks);
      }
      if (!ch->next[b]) {
        ch->next[b] = ARENA_NEW_ARRAY(a, int32_t, blk->n_instrs);
        ch->role[b] = ARENA_NEW_ARRAY(a, uint8_t, blk->n_instrs);
        for (uint32_t j = 0; j < blk->n_instrs; j++) ch->next[b][j] = -1;
      }
      ch->next[b][i] = k;
      if (!ch->role[b][i]) ch->role[b][i] = CHAIN_ROOT;
      ch->role[b][k] = CHAIN_LINK;
    }
  }
  fa->chain = ch;
}

static uint8_t chain_role(const FnAnalysis *fa, uint32_t b, uint32_t i) {
  return fa->chain && fa->chain->role[b] ? fa->chain->role[b][i] : CHAIN_NONE;
}

static int32_t chain_next(const FnAnalysis *fa, uint32_t b, uint32_t i) {
  return fa->chain && fa->chain->next[b] ? fa->chain->next[b][i] : -1;
}

bool jsflow_acquire_to_then(const FnAnalysis *fa, uint32_t b, uint32_t i) {
  int32_t k = chain_next(fa, b, i);
  if (k < 0) return false;
  const IrCall *link = &fa->fn->blocks[b].instrs[k].u.call;
  return strcmp(link->name, "then") == 0 && link->n_args && link->args[0].kind == IR_V_FUNC;
}

uint64_t jsflow_closure_arg(FnAnalysis *fa, uint32_t b, uint32_t i, uint32_t a, uint64_t bits) {
  if (chain_role(fa, b, i) == CHAIN_LINK) return 0; /* jsflow_chain_facts decides */
  const IrCall *c = &fa->fn->blocks[b].instrs[i].u.call;
  return closure_takeover(fa, c->args[a].func, bits);
}

/* The resources a link's handler at argument a takes over (0 when absent). */
static uint64_t handler_takes(FnAnalysis *fa, const IrCall *c, uint32_t a) {
  if (a >= c->n_args || c->args[a].kind != IR_V_FUNC) return 0;
  return closure_takeover(fa, c->args[a].func, facts_value_bits(fa, &c->args[a]));
}

/* True when the handler at argument a of c may throw (and so make the
** promise it returns reject): a throw, or a call that may throw, that
** nothing in it catches. */
static bool handler_may_throw(ModCtx *mc, const IrCall *c, uint32_t a) {
  if (a >= c->n_args || c->args[a].kind != IR_V_FUNC) return false;
  int32_t cf = c->args[a].func;
  const IrFunc *h = &mc->m->funcs[cf];
  for (uint32_t b = 0; b < h->n_blocks; b++) {
    const IrBlock *blk = &h->blocks[b];
    if (blk->exn >= 0) continue;
    if (blk->term.kind == IR_T_THROW) return true;
    for (uint32_t i = 0; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      if (!df_instr_may_throw(in)) continue;
      CallEval ev = kinds_eval_call(mc, (uint32_t)cf, &in->u.call);
      if (!(ev.model && ev.model->no_throw) && !(in->u.call.flags & IR_CALL_NORETURN)) return true;
    }
  }
  return false;
}

/* The chain that starts at root (b, i): its links' hand-offs, composed. */
static void chain_compose(FnAnalysis *fa, uint32_t b, uint32_t root) {
  const IrBlock *blk = &fa->fn->blocks[b];
  uint64_t ful = 0, rej = 0;
  bool can_reject = true; /* the root's promise may reject */
  int32_t end = (int32_t)root;
  const CallEval *rev = &fa->evals[b][root];
  bool acquire_root = rev->effect == AE_ACQUIRE && !rev->callback_form && jsflow_acquire_to_then(fa, b, root);
  fa->facts[b][root].no_throw |= !(blk->instrs[root].u.call.flags & IR_CALL_AWAITED);
  for (int32_t k = chain_next(fa, b, root); k >= 0; k = chain_next(fa, b, (uint32_t)k)) {
    const IrCall *c = &blk->instrs[k].u.call;
    InstrFact *f = &fa->facts[b][k];
    f->escape = 0; /* what the chain hands off is decided at its end */
    f->no_throw = true;
    if (strcmp(c->name, "then") == 0) {
      if (acquire_root && k == chain_next(fa, b, root)) {
        /* `pool.connect().then((client) => …)`: the handler owns the client. */
        const IrFunc *h = &fa->mc->m->funcs[c->args[0].func];
        const TsRes stub = {.kind = AK_CLIENT, .lib = fa->evals[b][root].lib,
                            .info = {.loc = blk->instrs[root].loc, .what = fa->facts[b][root].call.what}};
        TsRes r = stub;
        uint8_t k0 = fa->evals[b][root].result.kind;
        if (kinds_is_handle(k0) && k0 != AK_POOL) r.kind = k0;
        if (h->n_params) inherit_add(fa->mc, c->args[0].func, h->params[0].name, &r, false);
      }
      uint64_t tg = handler_takes(fa, c, 0), th = handler_takes(fa, c, 1);
      uint64_t f2 = ful | tg;
      bool on_reject = c->n_args > 1 && c->args[1].kind == IR_V_FUNC;
      if (on_reject) {
        uint64_t both = f2 & (rej | th);
        ful = rej = both;
      } else {
        rej &= f2;
        ful = f2;
      }
      can_reject = (can_reject && !on_reject) || handler_may_throw(fa->mc, c, 0) ||
                   (on_reject && handler_may_throw(fa->mc, c, 1));
    } else if (strcmp(c->name, "catch") == 0) {
      uint64_t th = handler_takes(fa, c, 0);
      ful &= rej | th;
      rej |= th;
      can_reject = handler_may_throw(fa->mc, c, 0);
    } else {
      uint64_t tk = handler_takes(fa, c, 0);
      ful |= tk;
      rej |= tk;
      can_reject = can_reject || handler_may_throw(fa->mc, c, 0);
    }
    end = k;
  }
  InstrFact *fe = &fa->facts[b][end];
  bool awaited = (blk->instrs[end].u.call.flags & IR_CALL_AWAITED) != 0;
  if (!can_reject) rej = ful; /* it always fulfils: only that outcome counts */
  fe->escape |= ful & rej;
  if (awaited && can_reject) {
    fe->no_throw = false; /* the chain's rejection surfaces here */
    fe->escape_normal |= ful & ~rej;
    fe->escape_exn |= rej & ~ful;
  }
}

/* `return drizzle(conn)`, `return wrap(conn, opts)`: the result of a call
** txlint knows nothing about is returned, so what it was given may live on
** in it — the caller gets the resource with it. */
static void returned_wrappers(FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    for (uint32_t v = 0; t->kind == IR_T_RET && v < t->n_values; v++) {
      if (t->values[v].kind != IR_V_PATH || !kinds_is_temp(t->values[v].text)) continue;
      for (uint32_t bb = 0; bb < fn->n_blocks; bb++)
        for (uint32_t i = 0; i < fn->blocks[bb].n_instrs; i++) {
          const IrInstr *in = &fn->blocks[bb].instrs[i];
          if (in->kind != IR_CALL || !in->u.call.n_results || in->u.call.results[0].kind != IR_V_PATH ||
              strcmp(in->u.call.results[0].text, t->values[v].text) != 0)
            continue;
          const CallEval *ev = &fa->evals[bb][i];
          if ((ev->model && ev->effect != AE_NONE) || ev->sum || chain_role(fa, bb, i) != CHAIN_NONE) continue;
          for (uint32_t a = 0; a < in->u.call.n_args; a++)
            if (in->u.call.args[a].kind != IR_V_FUNC) fa->facts[bb][i].escape |= facts_value_bits(fa, &in->u.call.args[a]);
        }
    }
  }
}

/* True when value v mentions variable name (or a field of it). */
static bool mentions_var(const IrValue *v, const char *name, size_t n, int depth) {
  if (!v || depth > 16) return false;
  if (v->kind == IR_V_PATH && v->text) return strncmp(v->text, name, n) == 0 && (!v->text[n] || v->text[n] == '.');
  for (uint32_t i = 0; (v->kind == IR_V_OTHER || v->kind == IR_V_TEMPLATE) && i < v->n_subs; i++)
    if (mentions_var(&v->subs[i], name, n, depth + 1)) return true;
  return false;
}

/* In a catch handler, a call that is given the caught exception and no
** tracked resource (`error(err)`, `logger.warn(e.message)`,
** `Sentry.captureException(e)`) reports the failure: it is taken not to
** throw, since a failure of the error report itself is not the leak these
** rules are about. */
static void error_reports(FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrBlock *blk = &fn->blocks[b];
    if (strcmp(blk->kind, "try.catch") != 0 || !blk->n_instrs || blk->instrs[0].kind != IR_ASSIGN) continue;
    const IrAssign *as = &blk->instrs[0].u.assign;
    if (as->dst.kind != IR_V_PATH || as->src.kind != IR_V_OTHER || as->src.n_subs || !(as->flags & IR_ASSIGN_DECL)) continue;
    const char *ex = as->dst.text;
    size_t n = strlen(ex);
    for (uint32_t i = 1; i < blk->n_instrs; i++) {
      const IrInstr *in = &blk->instrs[i];
      if (in->kind != IR_CALL) continue;
      const IrCall *c = &in->u.call;
      const CallEval *ev = &fa->evals[b][i];
      if (ev->model || (c->flags & IR_CALL_NEW)) continue;
      bool reports = false, touches = facts_value_bits(fa, &c->recv) != 0;
      for (uint32_t a = 0; a < c->n_args && !touches; a++) {
        reports |= mentions_var(&c->args[a], ex, n, 0);
        touches |= facts_value_bits(fa, &c->args[a]) != 0;
      }
      if (reports && !touches) fa->facts[b][i].no_throw = true;
    }
  }
}

void jsflow_chain_facts(FnAnalysis *fa) {
  if (is_js(fa->mc)) returned_wrappers(fa), error_reports(fa);
  if (!fa->chain) return;
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    for (uint32_t i = 0; fa->chain->role[b] && i < fa->fn->blocks[b].n_instrs; i++)
      if (fa->chain->role[b][i] == CHAIN_ROOT) chain_compose(fa, b, i);
}

/* Section - Findings */

void jsflow_dedupe(FindingList *out, uint32_t from) {
  uint32_t keep = from;
  for (uint32_t i = from; i < out->items.len; i++) {
    const Finding *f = out->items.items[i];
    bool dup = false;
    for (uint32_t j = from; j < keep && !dup; j++) {
      const Finding *g = out->items.items[j];
      dup = strcmp(f->rule_id, g->rule_id) == 0 && f->loc.line == g->loc.line && f->loc.col == g->loc.col &&
            strcmp(f->path, g->path) == 0;
    }
    if (!dup) out->items.items[keep++] = out->items.items[i];
  }
  out->items.len = keep;
}

/* Section - Kinds */

void jsflow_kinds_then(ModCtx *mc, uint32_t fi, const IrCall *c) {
  if (!is_js(mc) || !c->name || strcmp(c->name, "then") != 0 || c->recv.kind != IR_V_PATH ||
      !kinds_is_temp(c->recv.text) || !c->n_args || c->args[0].kind != IR_V_FUNC)
    return;
  VKind k = kinds_lookup(mc, fi, c->recv.text);
  if (!kinds_is_handle(k.kind) || k.kind == AK_POOL) return;
  FnInfo *h = &mc->fns[c->args[0].func];
  if (h->arg_kinds[0].kind == AK_UNKNOWN) {
    h->arg_kinds[0] = (VKind){k.kind, k.lib, 0, NULL};
    mc->changed = true;
  }
}

/* Section - Summaries */

void jsflow_summary_wrappers(ModCtx *mc, uint32_t fi, FuncSummary *s) {
  const IrFunc *fn = &mc->m->funcs[fi];
  if (!is_js(mc)) return;
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    const IrTerm *t = &fn->blocks[b].term;
    if (t->kind != IR_T_RET || !t->n_values || t->values[0].kind != IR_V_PATH || !kinds_is_temp(t->values[0].text))
      continue;
    const IrCall *c = ir_temp_call(fn, t->values[0].text);
    if (!c) continue;
    CallEval ev = kinds_eval_call(mc, fi, c);
    if ((ev.model && ev.effect != AE_NONE) || (ev.sum && !(c->flags & IR_CALL_NEW))) continue;
    for (uint32_t a = 0; a < c->n_args; a++)
      for (uint32_t p = 0; c->args[a].kind == IR_V_PATH && p < fn->n_params && p < 32; p++)
        if (strcmp(fn->params[p].name, c->args[a].text) == 0) s->ret_holds |= 1u << p;
  }
}
