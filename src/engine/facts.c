/* facts: the resources a function acquires and what each of its instructions
** does to them (acquire, release, begin, commit, escape, deferred release),
** computed once per function from the value kinds of kinds.c, for the
** typestate pass (typestate.c) and the rules. */
#include <stdio.h>
#include <string.h>

#include "base/check.h"
#include "engine/analysis.h"
#include "engine/capi.h"

/* Section - Resources and instruction facts */

static const char *const container_stores[] = {"push", "unshift", "set", "add", "splice", "resolve"};

static bool is_container_store(const char *name) {
  for (size_t i = 0; name && i < ARRAY_LEN(container_stores); i++)
    if (strcmp(name, container_stores[i]) == 0) return true;
  return false;
}

static AliasInfo *fa_path(FnAnalysis *fa, const char *path) {
  AliasInfo *ai = map_get_cstr(&fa->alias, path);
  if (!ai) {
    ai = ARENA_NEW(fa->mc->arena, AliasInfo);
    map_set_cstr(&fa->alias, path, ai);
  }
  return ai;
}

AliasInfo *facts_alias_get(FnAnalysis *fa, const char *path) { return fa_path(fa, path); }

const AliasInfo *facts_alias(const FnAnalysis *fa, const char *path) {
  return path ? map_get_cstr(&fa->alias, path) : NULL;
}

/* Sub-values nest no deeper than the front ends' lowering guard
** (LOWER_DEFAULT_MAX_DEPTH, 500); this bound only protects the stack. */
enum { FACTS_MAX_VALUE_DEPTH = 1024 };

static uint64_t facts__value_bits(FnAnalysis *fa, const IrValue *v, int depth) {
  if (!v || depth > FACTS_MAX_VALUE_DEPTH) return 0;
  uint64_t bits = 0;
  if ((v->kind == IR_V_PATH || v->kind == IR_V_ADDR) && v->text) { /* &x refers to what x holds */
    const AliasInfo *pi = facts_alias(fa, v->text);
    if (pi) bits |= pi->res;
  }
  if (v->kind == IR_V_OTHER)
    for (uint32_t i = 0; i < v->n_subs; i++) bits |= facts__value_bits(fa, &v->subs[i], depth + 1);
  if (v->kind == IR_V_FUNC && v->func >= 0) {
    const IrFunc *cl = &fa->mc->m->funcs[v->func];
    for (uint32_t i = 0; i < cl->n_captures; i++) {
      const AliasInfo *pi = facts_alias(fa, cl->captures[i]);
      if (pi) bits |= pi->res | pi->release_of; /* capturing pg's done() hands over the release too */
    }
  }
  return bits;
}

uint64_t facts_value_bits(FnAnalysis *fa, const IrValue *v) { return facts__value_bits(fa, v, 0); }

static const char *value_text(const IrValue *v) { return v && v->kind == IR_V_PATH ? v->text : NULL; }

/* "tx.StmtContext(…).QueryContext()": a call for messages (kinds_call_what_in). */
static const char *facts_call_what(FnAnalysis *fa, const IrCall *c) { return kinds_call_what_in(fa->mc->arena, fa->fn, c); }

static int32_t res_new(FnAnalysis *fa, uint8_t kind, int lib, const char *holder, SrcLoc loc, const char *what) {
  if (fa->n_res >= TS_MAX_RES) return -1;
  TsRes *r = &fa->res[fa->n_res];
  memset(r, 0, sizeof *r);
  r->kind = kind;
  r->lib = (int8_t)lib;
  r->block = r->instr = UINT32_MAX;
  r->info.block = UINT32_MAX;
  r->leak_block = r->tx_block = UINT32_MAX;
  r->info.loc = loc;
  r->info.what = what;
  r->info.name = holder && !kinds_is_temp(holder) ? holder : NULL;
  r->info.noun = kind == AK_ROWS ? "the result set" : kind == AK_STMT ? "the statement" : kind == AK_ROW ? "the row"
                 : kind == AK_TX ? "the transaction" : kind == AK_CLIENT ? "the client"
                 : kind == AK_BATCH ? "the batch results" : "the connection";
  return (int32_t)fa->n_res++;
}



int32_t facts_res_new(FnAnalysis *fa, uint8_t kind, int lib, const char *holder, SrcLoc loc, const char *what) {
  return res_new(fa, kind, lib, holder, loc, what);
}

static CallEffect sql_effect(SqlKind k) {
  switch (k) {
  case SQL_BEGIN: return CE_BEGIN;
  case SQL_COMMIT: return CE_COMMIT;
  case SQL_ROLLBACK: return CE_ROLLBACK;
  case SQL_SAVEPOINT:
  case SQL_ROLLBACK_TO_SAVEPOINT:
  case SQL_RELEASE_SAVEPOINT: return CE_SAVEPOINT;
  default: return CE_QUERY;
  }
}

/* What a call does to transactions and resources, as rules see it. */
static CallFact call_fact(FnAnalysis *fa, const IrCall *c, const CallEval *ev) {
  CallFact f = {CE_NONE, ev->recv_kind, SQL_UNKNOWN, NULL};
  bool conn_like = ev->recv_kind == AK_UNKNOWN && c->recv.kind == IR_V_PATH &&
                   apispec_is_query_method(&fa->mc->engine->spec, c->name);
  if ((ev->model && (ev->effect == AE_QUERY || ev->model->runs_sql)) || conn_like) {
    f.sql = kinds_arg_sql(fa->mc->m, kinds_sql_arg(c, ev->model));
    f.effect = sql_effect(f.sql);
    if (conn_like && f.effect == CE_QUERY) f.effect = CE_NONE;
  } else if (ev->effect == AE_BEGIN) {
    f.effect = CE_BEGIN;
  } else if (ev->effect == AE_COMMIT) {
    f.effect = CE_COMMIT;
  } else if (ev->effect == AE_ROLLBACK) {
    f.effect = CE_ROLLBACK;
  } else if (ev->effect == AE_ACQUIRE || ev->effect == AE_OPEN) {
    f.effect = CE_ACQUIRE;
  } else if (ev->effect == AE_RELEASE) {
    f.effect = CE_RELEASE;
  }
  if (f.effect != CE_NONE) f.what = facts_call_what(fa, c);
  return f;
}

static bool is_tx_effect(CallEffect e) { return e == CE_BEGIN || e == CE_COMMIT || e == CE_ROLLBACK; }

static bool fa_is_local(FnAnalysis *fa, const char *path);

/* Resources that end with these ones (statements prepared on a Tx). */
static uint64_t facts_children(const FnAnalysis *fa, uint64_t bits) {
  uint64_t out = 0;
  for (uint32_t r = 0; bits && r < fa->n_res; r++)
    if (bits >> r & 1) out |= fa->res[r].children;
  return out;
}

static void facts_error_result(FnAnalysis *fa, const IrCall *c, const CallEval *ev, uint32_t r);
static bool facts_made_here(FnAnalysis *fa, const char *path);

/* What the call at (b, i) is; evaluated once per function by kinds_func_facts. */
static const CallEval *fa_eval(const FnAnalysis *fa, uint32_t b, uint32_t i) { return &fa->evals[b][i]; }

/* A new resource acquired by the call at (b, i) into holder; that
** instruction's fact acquires it. Returns its index, or -1 when full. */
static int32_t facts_site_new(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in, uint8_t kind, int lib,
                              const char *holder) {
  int32_t r = res_new(fa, kind, lib, holder, in->loc, facts_call_what(fa, &in->u.call));
  if (r < 0) return -1;
  fa->res[r].block = b;
  fa->res[r].instr = i;
  fa->res[r].info.block = b;
  fa->facts[b][i].acquire = 1ull << r;
  return r;
}

/* A statement prepared on a transaction (`tx.Stmt(s)`, `tx.PrepareContext`)
** and the rows of a query on it live until that transaction ends. When the
** transaction is not this function's (a parameter, a field), neither are
** they: its caller commits or rolls back, and that closes them. So are the
** rows of a query through such a statement (`tx.Stmt(s).Query()`). */
static bool bound_to_callers_tx(FnAnalysis *fa, const IrCall *c, const CallEval *ev) {
  const char *recv = value_text(&c->recv);
  const AliasInfo *ai = recv ? facts_alias(fa, recv) : NULL;
  if (ai && ai->tx_bound) return true;
  if (!ev->model || !ev->model->ends_with_receiver) return false;
  /* The receiver holds no transaction this function tracks: a parameter, a
  ** field, or a local copied from one (`tx := m.Tx`). */
  return facts_value_bits(fa, &c->recv) == 0;
}

/* Neither modelled nor summarised, nor a builtin container operation: what
** the callee does is unknown. */
static bool call_is_unknown(const FnAnalysis *fa, const IrCall *c, const CallEval *ev) {
  if (ev->model || ev->sum || ev->effect != AE_NONE || ev->recv_kind != AK_UNKNOWN || !c->callee) return false;
  if (fa->mc->m->lang == IR_LANG_GO && c->recv.kind == IR_V_NONE && strcmp(c->callee, "append") == 0) return false;
  return true;
}

/* Whether the first result of an unknown call can be a wrapper: in Go a lone
** result assigned to a variable is as likely an error (`err = l.check(ctx,
** conn)`), and an error wraps nothing; a temporary (`return wrap(tx), nil`)
** or the first of several results is a value. In C the unknown functions are
** the C library's and their results are scalars (`strlen`, `printf`). */
static bool may_wrap(const FnAnalysis *fa, const IrCall *c, const char *dst) {
  switch (fa->mc->m->lang) {
  case IR_LANG_GO: return kinds_is_temp(dst) || c->n_results > 1;
  case IR_LANG_C: return false; /* C wrappers link by name (summaries); unknown externals return scalars */
  default: return true;
  }
}

static void facts_sites_call(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in, bool create) {
  const IrCall *c = &in->u.call;
  CallEval ev = *fa_eval(fa, b, i);
  InstrFact *f = &fa->facts[b][i];
  const char *dst = fncall_holder(c, ev.model); /* the result, or an out-parameter's &x */
  /* Acquired straight into a field or module variable: it escapes at birth
  ** (unless a test's setup hook acquires it with no teardown hook to release it). */
  if (dst && !fa_is_local(fa, dst) && !testhooks_setup_owns(fa, dst)) dst = NULL;
  /* Go `_, err := db.Query(…)`, C `PQexec(conn, sql);`: the result is dropped on the floor, still
  ** acquired (an out-parameter that is not &x is the caller's business). */
  bool dropped = !dst && c->n_results && c->results[0].kind == IR_V_NONE &&
                 !(ev.model && ev.model->is_function && ev.model->out_arg >= 0);
  /* JS `await pool.connect();` as a statement: nobody can ever release it. */
  dropped |= !dst && (fa->mc->m->lang == IR_LANG_JS || fa->mc->m->lang == IR_LANG_TS) && c->n_results == 0;
  /* Rows dropped on the floor are never read nor closed: they block the
  ** transaction's connection for the rest of it, whoever owns it. */
  bool bound = create && ev.effect == AE_ACQUIRE && !(dropped && ev.result.kind == AK_ROWS) &&
               bound_to_callers_tx(fa, c, &ev);
  if (bound && dst) fa_path(fa, dst)->tx_bound = true;
  if (create && !f->acquire && ev.effect == AE_ACQUIRE && !ev.callback_form && (dst || dropped) && !bound &&
      !jsflow_acquire_to_then(fa, b, i)) {
    uint8_t kind = kinds_is_handle(ev.result.kind) && ev.result.kind != AK_POOL ? ev.result.kind : AK_CLIENT;
    int32_t r = facts_site_new(fa, b, i, in, kind, ev.lib, dst);
    if (r >= 0) {
      fa->res[r].info.tx_only = kind == AK_TX;
      facts_error_result(fa, c, &ev, (uint32_t)r);
    }
  }
  /* Rows of a query through a statement of a transaction end with that
  ** transaction, as the statement does. */
  uint64_t via_stmt = 0;
  for (uint32_t r = 0; !create && f->acquire && r < fa->n_res; r++)
    if (facts_value_bits(fa, &c->recv) >> r & 1) via_stmt |= fa->res[r].parents;
  for (uint32_t r = 0; via_stmt && r < fa->n_res; r++) {
    if (via_stmt >> r & 1) fa->res[r].children |= f->acquire;
    if (f->acquire >> r & 1) fa->res[r].parents |= via_stmt;
  }
  if (!create && f->acquire && ev.model && ev.model->ends_with_receiver) {
    /* A statement prepared on a Tx: Commit or Rollback closes it. */
    uint64_t parents = facts_value_bits(fa, &c->recv);
    for (uint32_t r = 0; parents && r < fa->n_res; r++)
      if (parents >> r & 1) fa->res[r].children |= f->acquire;
    for (uint32_t r = 0; r < fa->n_res; r++)
      if (f->acquire >> r & 1) fa->res[r].parents |= parents;
  }
  if (!create && ev.model && ev.model->nonnil_if_true >= 0 && dst)
    fa_path(fa, dst)->nonnil_if_true = kinds_call_arg(c, ev.model->nonnil_if_true);
  if (!create && ev.model && ev.model->releases_when_true && dst && c->recv.kind == IR_V_PATH)
    fa_path(fa, dst)->true_rel |= facts_value_bits(fa, &c->recv);
  if (!create && ev.model && ev.model->releases_when_false && dst && c->recv.kind == IR_V_PATH)
    fa_path(fa, dst)->false_rel |= facts_value_bits(fa, &c->recv);
  /* Opening a field or module variable (`await client.connect()` on a client
  ** made at module scope) opens the program's connection, not this function's. */
  if (create && !f->acquire && ev.effect == AE_OPEN && c->recv.kind == IR_V_PATH && fa_is_local(fa, c->recv.text) &&
      facts_made_here(fa, c->recv.text)) {
    int32_t r = facts_site_new(fa, b, i, in, AK_CONNECTION, ev.lib, c->recv.text);
    if (r >= 0) {
      fa->res[r].opened = true;
      fa_path(fa, c->recv.text)->res |= f->acquire;
    }
  }
  if (dst && f->acquire && ev.effect == AE_ACQUIRE) fa_path(fa, dst)->res |= f->acquire;
  const char *also = f->acquire ? fncall_also_holder(c, ev.model) : NULL; /* C: mysql_init(&m) returns &m */
  if (also) fa_path(fa, also)->res |= f->acquire;
  /* A helper that returns its parameter, or a wrapper holding it: the result
  ** is (or holds) the argument's object. */
  const IrValue *fwd = dst && !f->acquire ? kinds_ret_param_arg(c, ev.sum) : NULL;
  if (dst && !f->acquire && ev.model && ev.model->returns_receiver) fwd = &c->recv; /* db.Where(…) on a GORM tx */
  uint64_t fwd_bits = fwd ? facts_value_bits(fa, fwd) : 0;
  for (uint32_t a = 0; dst && !f->acquire && ev.sum && ev.sum->ret_holds && a < c->n_args && a < 32; a++)
    if (ev.sum->ret_holds >> a & 1) fa_path(fa, dst)->res |= facts_value_bits(fa, &c->args[a]);
  /* A call nothing is known about (an external package, a function value) may
  ** wrap what it is given: `return i.txInterceptor(tx), nil`, `return
  ** drizzle(conn)`. Its result holds its arguments, so they escape with it. */
  for (uint32_t a = 0; dst && !f->acquire && call_is_unknown(fa, c, &ev) && may_wrap(fa, c, dst) && a < c->n_args; a++)
    if (c->args[a].kind == IR_V_PATH) fa_path(fa, dst)->res |= facts_value_bits(fa, &c->args[a]);
  if (fwd_bits) {
    fa_path(fa, dst)->res |= fwd_bits;
    for (uint32_t r = 0; r < fa->n_res; r++)
      if ((fwd_bits >> r & 1) && (!fa->res[r].info.name || kinds_is_temp(fa->res[r].info.name)) && !kinds_is_temp(dst) &&
          !strchr(dst, '.'))
        fa->res[r].info.name = dst;
  }
}

/* True when local path holds an object this function made (`new Client()`,
** a model's create call), so opening it opens this function's connection; one
** it got from a call or a parameter (`const ds = getDataSource()`) may be
** shared. Go values are typed and made by their package's calls: kept. */
static bool facts_made_here(FnAnalysis *fa, const char *path) {
  if (fa->mc->m->lang == IR_LANG_GO) return true;
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    for (uint32_t i = 0; i < fa->fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fa->fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL || !in->u.call.n_results || in->u.call.results[0].kind != IR_V_PATH ||
          strcmp(in->u.call.results[0].text, path) != 0)
        continue;
      const CallEval *ev = fa_eval(fa, b, i);
      if ((in->u.call.flags & IR_CALL_NEW) || ev->effect == AE_CREATE) return true;
    }
  return false;
}

/* Go `x, err := acquire()`: on the err != nil edge nothing was acquired
** (models with failure "error-result", and same-package wrappers). */
static void facts_error_result(FnAnalysis *fa, const IrCall *c, const CallEval *ev, uint32_t r) {
  const char *holder = c->n_results ? value_text(&c->results[0]) : NULL;
  if (ev->model && ev->model->error_field && holder) { /* GORM: `if tx.Error != nil` after db.Begin() */
    const char *err = arena_printf(fa->mc->arena, "%s.%s", holder, ev->model->error_field);
    fa->res[r].err_path = err;
    fa_path(fa, err)->err_of |= 1ull << r;
    return;
  }
  bool err_result = ev->model ? ev->model->failure == AF_ERROR_RESULT : fa->mc->m->lang == IR_LANG_GO;
  if (!err_result || c->n_results < 2) return;
  const char *err = value_text(&c->results[c->n_results - 1]);
  if (!err) return;
  fa->res[r].err_path = err;
  fa_path(fa, err)->err_of |= 1ull << r;
}

/* `const { release } = client` / `const done = client.release`: the method a
** model says releases the receiver, taken off a tracked resource, is a
** release function for it (as pg's done is). */
static uint64_t facts_method_release(FnAnalysis *fa, const IrValue *src) {
  const char *dot = src->kind == IR_V_PATH && src->text ? strrchr(src->text, '.') : NULL;
  char prefix[256];
  if (!dot || (size_t)(dot - src->text) >= sizeof prefix) return 0;
  memcpy(prefix, src->text, (size_t)(dot - src->text));
  prefix[dot - src->text] = '\0';
  const AliasInfo *owner = facts_alias(fa, prefix);
  VKind k = owner && owner->res ? kinds_lookup(fa->mc, fa->fi, prefix) : (VKind){AK_UNKNOWN, -1, 0, NULL};
  if (k.lib < 0 || k.kind >= AK_COUNT) return 0;
  const ApiCall *m = apispec_find_call(&fa->mc->engine->spec, k.lib, (ApiKind)k.kind, dot + 1);
  return m && m->effect == AE_RELEASE ? owner->res : 0;
}

static void facts_alias_assign(FnAnalysis *fa, const IrAssign *a) {
  if (a->dst.kind != IR_V_PATH) return;
  uint64_t bits = facts_value_bits(fa, &a->src);
  uint64_t err = 0, rel = facts_method_release(fa, &a->src);
  if (a->src.kind == IR_V_PATH) {
    const AliasInfo *spi = facts_alias(fa, a->src.text);
    if (spi) err = spi->err_of, rel |= spi->release_of;
  }
  if (a->src.kind == IR_V_FUNC) bits = 0; /* a closure is not the resource; capturing it is an escape */
  if (!bits && !err && !rel) return;
  AliasInfo *pi = fa_path(fa, a->dst.text);
  pi->res |= bits;
  pi->err_of |= err;
  pi->release_of |= rel;
  /* Name the resource after the first variable that holds it. */
  for (uint32_t r = 0; r < fa->n_res; r++)
    if ((bits >> r & 1) && !fa->res[r].info.name && !kinds_is_temp(a->dst.text) && !strchr(a->dst.text, '.'))
      fa->res[r].info.name = a->dst.text;
}

static void facts_callback_res(FnAnalysis *fa) {
  FnInfo *F = &fa->mc->fns[fa->fi];
  const IrFunc *fn = fa->fn;
  const ApiCall *mdl = F->cb_model;
  if (!mdl || mdl->cb_resource < 0 || (uint32_t)mdl->cb_resource >= fn->n_params) return;
  const char *holder = fn->params[mdl->cb_resource].name;
  int32_t r = res_new(fa, mdl->result == AK_CONNECTION ? AK_CONNECTION : AK_CLIENT, F->cb_lib, holder,
                      F->cb_loc, F->cb_what ? F->cb_what : "callback");
  if (r < 0) return;
  fa->res[r].callback = true;
  uint64_t bit = 1ull << r;
  fa_path(fa, holder)->res |= bit;
  if (mdl->cb_error >= 0 && (uint32_t)mdl->cb_error < fn->n_params) fa_path(fa, fn->params[mdl->cb_error].name)->err_of |= bit;
  if (mdl->cb_release >= 0 && (uint32_t)mdl->cb_release < fn->n_params)
    fa_path(fa, fn->params[mdl->cb_release].name)->release_of |= bit;
}

/* A transaction statement on a connection that was not acquired here (a
** parameter, a field): track it as a borrowed resource. */
static void facts_borrow_path(FnAnalysis *fa, const char *path, int lib, SrcLoc loc, const char *what) {
  AliasInfo *pi = fa_path(fa, path);
  if (pi->res) return;
  int32_t r = res_new(fa, AK_CONNECTION, lib, path, loc, what);
  if (r < 0) return;
  fa->res[r].info.borrowed = true;
  /* A field or a parameter: the caller's connection. */
  fa->res[r].callers = strchr(path, '.') != NULL;
  for (uint32_t p = 0; p < fa->fn->n_params; p++) fa->res[r].callers |= strcmp(fa->fn->params[p].name, path) == 0;
  fa->borrowed |= 1ull << r;
  pi->res |= 1ull << r;
}

static void facts_borrowed(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  CallEval ev = *fa_eval(fa, b, i);
  if (ev.recv_kind == AK_POOL || ev.recv_kind == AK_MODULE) return;
  /* A helper whose summary begins or ends a transaction on one of its
  ** parameters (C `tx_begin(conn)`) does so on that argument. */
  for (uint32_t a = 0; ev.sum && a < c->n_args && a < 32; a++)
    if (c->args[a].kind == IR_V_PATH && ((ev.sum->begins_params | ev.sum->ends_params) >> a & 1))
      facts_borrow_path(fa, c->args[a].text, ev.lib, in->loc, facts_call_what(fa, c));
  const IrValue *subject = fncall_subject(fa->mc->arena, c, ev.model); /* receiver, or a C model's "arg" */
  if (subject->kind != IR_V_PATH) return;
  CallFact cf = call_fact(fa, c, &ev);
  if (is_tx_effect(cf.effect)) facts_borrow_path(fa, subject->text, ev.lib, in->loc, cf.what);
}

static bool arg_nullish(const IrValue *v) {
  return !v || v->kind == IR_V_NULL || v->kind == IR_V_NONE || (v->kind == IR_V_BOOL && strcmp(v->text, "false") == 0);
}

/* A method value handed to a callee that calls it (`logOnError(ctx,
** rows.Close)`, `scanWith(row.Scan)`): what `x.M()` would do to x. */
static void facts_method_value(FnAnalysis *fa, const IrValue *arg, InstrFact *f) {
  const char *text = value_text(arg);
  const char *dot = text ? strrchr(text, '.') : NULL;
  char recv[256];
  if (!dot || (size_t)(dot - text) >= sizeof recv) return;
  memcpy(recv, text, (size_t)(dot - text));
  recv[dot - text] = '\0';
  IrCall call;
  memset(&call, 0, sizeof call);
  call.callee = text;
  call.name = dot + 1;
  call.recv = (IrValue){.kind = IR_V_PATH, .func = -1, .text = recv};
  call.callee_value.kind = IR_V_NONE;
  CallEval ev = kinds_eval_call(fa->mc, fa->fi, &call);
  CallFact cf = call_fact(fa, &call, &ev);
  uint64_t bits = facts_value_bits(fa, &call.recv);
  if (cf.effect == CE_RELEASE) f->release |= bits;
  if (cf.effect == CE_COMMIT || cf.effect == CE_ROLLBACK) f->commit |= bits;
}

static bool is_param(const IrFunc *fn, const char *name) {
  for (uint32_t p = 0; p < fn->n_params; p++)
    if (strcmp(fn->params[p].name, name) == 0) return true;
  return false;
}

static void facts_call(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  const IrCall *c = &in->u.call;
  InstrFact *f = &fa->facts[b][i];
  CallEval ev = *fa_eval(fa, b, i);
  f->call = call_fact(fa, c, &ev);
  uint64_t recv = facts_value_bits(fa, fncall_subject(fa->mc->arena, c, ev.model)); /* receiver, or C "arg" */
  const AliasInfo *cpi = facts_alias(fa, c->callee);
  if (f->call.effect == CE_RELEASE && ev.model) {
    f->release = recv; /* the receiver, or the model's "arg" (pgx.CollectRows(rows), PQclear(res)) */
    if (ev.model->discards_tx || (ev.model->discards_tx_with_arg && c->n_args && !arg_nullish(&c->args[0])))
      f->discard = recv;
  }
  if (c->name && strcmp(c->name, "@@dispose") == 0) { /* `using` / `await using` disposal (front end) */
    f->release |= recv;
    f->call.effect = CE_RELEASE;
  }
  if (cpi && cpi->release_of) { /* pg's done() / done(err) */
    f->release |= cpi->release_of;
    if (c->n_args && !arg_nullish(&c->args[0])) f->discard |= cpi->release_of;
    f->call.effect = CE_RELEASE;
  }
  for (uint32_t r = 0; ev.model && ev.effect == AE_KEEP && r < fa->n_res; r++)
    if (recv >> r & 1) fa->res[r].kept = true;
  if (f->call.effect == CE_BEGIN) f->begin = recv;
  if (f->call.effect == CE_COMMIT || f->call.effect == CE_ROLLBACK) f->commit = recv;
  /* `p.then(cb)` hands the settled client to cb; promise chains are not
  ** followed (ir.h), so the resource leaves this function's hands there. */
  bool js = fa->mc->m->lang == IR_LANG_JS || fa->mc->m->lang == IR_LANG_TS;
  if (js && !ev.model && c->name && strcmp(c->name, "then") == 0) f->escape |= recv;
  /* A function the caller passed in (a callback parameter) is handed what it
  ** is called with: `return rowFunc(ctx, db.QueryRow(…))` — the callback scans
  ** or closes it, by the caller's contract. In JS a callback is called
  ** with what it borrows (`await work(client)`), so this is Go's idiom only. */
  bool to_callback = !js && c->recv.kind == IR_V_NONE && c->callee && !ev.sum && !ev.model && !strchr(c->callee, '.') &&
                     is_param(fa->fn, c->callee);
  /* A resource passed to code txlint cannot see together with a function
  ** literal (`writer.Do(db, txn, func(txn *sql.Tx) error { … })`) is handed to
  ** that callback: a managed-transaction helper. */
  bool with_callback = false;
  for (uint32_t a = 0; !js && !ev.model && !ev.sum && a < c->n_args; a++) with_callback |= c->args[a].kind == IR_V_FUNC;
  bool takes = to_callback || with_callback || (c->flags & IR_CALL_NEW) || (is_container_store(c->name) && !ev.model) ||
               (fa->mc->m->lang == IR_LANG_GO && c->recv.kind == IR_V_NONE && c->callee &&
                strcmp(c->callee, "append") == 0); /* Go's builtin stores into the slice */
  for (uint32_t a = 0; a < c->n_args; a++) {
    if (ev.sum && a < 32 && (ev.sum->invokes_params >> a & 1)) facts_method_value(fa, &c->args[a], f);
    uint64_t bits = facts_value_bits(fa, &c->args[a]);
    if (!bits) continue;
    if (ev.callback_form && (int32_t)c->args[a].func == ev.callback_func && c->args[a].kind == IR_V_FUNC) continue;
    bool kept = ev.model && ev.model->keeps_arg == (int)a;
    /* &x to a function that is not modelled may free or keep what x holds (C out-parameters). */
    bool addr = c->args[a].kind == IR_V_ADDR && !ev.model && !(ev.sum && a < 32 && (ev.sum->releases_params >> a & 1));
    if (c->args[a].kind == IR_V_FUNC && js) /* a JS callback takes over only what it releases or keeps */
      f->escape |= jsflow_closure_arg(fa, b, i, a, bits);
    else if (c->args[a].kind == IR_V_FUNC || takes || kept || addr || (ev.sum && a < 32 && (ev.sum->escapes_params >> a & 1)) ||
             (ev.sum && a < 32 && (ev.sum->hands_params >> a & 1) && kinds_hands_over(fa->mc, c)))
      f->escape |= bits;
    else if (ev.sum && a < 32 && (ev.sum->releases_params >> a & 1))
      f->release |= bits;
    if (ev.sum && a < 32 && (ev.sum->begins_params >> a & 1)) f->begin |= bits;
    if (ev.sum && a < 32 && (ev.sum->ends_params >> a & 1)) f->commit |= bits;
  }
  if ((f->begin || f->commit || f->release) && !f->call.what) f->call.what = facts_call_what(fa, c);
  f->release |= facts_children(fa, f->commit | f->release);
}

static bool fa_is_local(FnAnalysis *fa, const char *path) {
  if (kinds_is_temp(path)) return true;
  if (strchr(path, '.')) return false;
  if (fa->fn->flags & IR_FUNC_TOPLEVEL) return false; /* module variables live for the process */
  return kinds_fn_declares(fa->mc, fa->fi, path);
}

/* A captured variable a deferred closure releases or ends at exit. */
typedef struct ClosureVar {
  const char *name;
  bool ends_tx;
  uint8_t when; /* CD_* bits: the exits its release runs on */
} ClosureVar;

enum { CLOSURE_MAX_VARS = 8 };

static void closure_var_add(ClosureVar *vars, uint32_t *n, const char *name, bool ends_tx, uint8_t when) {
  for (uint32_t k = 0; k < *n; k++)
    if (strcmp(vars[k].name, name) == 0) {
      vars[k].ends_tx |= ends_tx;
      vars[k].when |= when;
      return;
    }
  if (*n < CLOSURE_MAX_VARS) vars[(*n)++] = (ClosureVar){name, ends_tx, when};
}

/* Section - conditions inside a deferred closure
**
** `defer func() { if p := recover(); p != nil { tx.Rollback(); panic(p) } }()`
** rolls back only when the function panics; `if err != nil { tx.Rollback() }`
** on the named error result only on error returns. A forward must-analysis
** over the closure's blocks finds which of these tests hold on every path to
** each release. */

enum { GUARD_PANIC = 1, GUARD_ERR = 2, GUARD_OK = 4 };

/* What recover() was assigned to in a closure. */
typedef struct GuardVars {
  const char *recovered[4];
  uint32_t n_recovered;
} GuardVars;

static bool is_named_error_result(const FnAnalysis *fa, const char *name) {
  for (uint32_t i = 0; name && i < fa->fn->n_locals; i++)
    if ((fa->fn->locals[i].flags & IR_VAR_RESULT) && strcmp(fa->fn->locals[i].name, name) == 0)
      return fa->fn->locals[i].type && strcmp(fa->fn->locals[i].type, "error") == 0;
  return false;
}

static bool is_recovered(const GuardVars *g, const char *name) {
  for (uint32_t i = 0; name && i < g->n_recovered; i++)
    if (strcmp(g->recovered[i], name) == 0) return true;
  return false;
}

/* The guard bits the edge of a branch on c with polarity pol establishes. */
static uint8_t guard_of_cond(const FnAnalysis *fa, const GuardVars *g, const IrCond *c, bool pol, int depth) {
  if (!c || depth > 16) return 0;
  if (c->kind == IR_COND_NOT) return guard_of_cond(fa, g, c->lhs, !pol, depth + 1);
  if (c->kind == IR_COND_AND && pol)
    return guard_of_cond(fa, g, c->lhs, true, depth + 1) | guard_of_cond(fa, g, c->rhs, true, depth + 1);
  if (c->kind != IR_COND_NE && c->kind != IR_COND_EQ) return 0;
  const IrValue *v = c->b.kind == IR_V_NULL ? &c->a : c->a.kind == IR_V_NULL ? &c->b : NULL;
  const char *name = v ? value_text(v) : NULL;
  bool nonnil = (c->kind == IR_COND_NE) == pol;
  if (is_recovered(g, name)) return nonnil ? GUARD_PANIC : 0;
  if (is_named_error_result(fa, name)) return nonnil ? GUARD_ERR : GUARD_OK;
  return 0;
}

/* Per block of closure cl: the guards that hold on every path from its entry. */
static uint8_t *closure_guards(FnAnalysis *fa, const IrFunc *cl, const GuardVars *g) {
  uint8_t *in = ARENA_NEW_ARRAY(fa->mc->arena, uint8_t, cl->n_blocks + 1);
  bool *seen = ARENA_NEW_ARRAY(fa->mc->arena, bool, cl->n_blocks + 1);
  seen[0] = true;
  for (bool changed = cl->n_blocks > 0; changed;) {
    changed = false;
    for (uint32_t b = 0; b < cl->n_blocks; b++) {
      if (!seen[b]) continue;
      const IrTerm *t = &cl->blocks[b].term;
      uint32_t ns = t->kind == IR_T_BRANCH ? 2 : t->kind == IR_T_JUMP ? 1 : 0;
      for (uint32_t k = 0; k < ns; k++) {
        uint32_t y = t->succ[k];
        if (y >= cl->n_blocks || y == 0) continue;
        uint8_t out = in[b] | (t->kind == IR_T_BRANCH ? guard_of_cond(fa, g, t->cond, k == 0, 0) : 0);
        uint8_t nv = seen[y] ? (uint8_t)(in[y] & out) : out;
        if (!seen[y] || nv != in[y]) in[y] = nv, seen[y] = true, changed = true;
      }
    }
  }
  return in;
}

static uint8_t when_of_guards(uint8_t g) {
  if (g & GUARD_PANIC) return CD_PANIC;
  if (g & GUARD_ERR) return CD_ERROR;
  if (g & GUARD_OK) return CD_SUCCESS;
  return CD_ALWAYS;
}

/* The captured variables a deferred closure releases or ends:
** `defer func() { _ = rows.Close() }()`. Calls anywhere in the closure
** count, as Go teams write the Close under an `if` for its error. */
static uint32_t facts_closure_vars(FnAnalysis *fa, int32_t cf, ClosureVar *vars) {
  ModCtx *mc = fa->mc;
  uint32_t n = 0;
  if (cf < 0 || (uint32_t)cf >= mc->m->n_funcs) return 0;
  const IrFunc *cl = &mc->m->funcs[cf];
  GuardVars g = {{0}, 0};
  for (uint32_t b = 0; b < cl->n_blocks; b++)
    for (uint32_t i = 0; i < cl->blocks[b].n_instrs; i++) {
      const IrInstr *in = &cl->blocks[b].instrs[i];
      const IrCall *c = in->kind == IR_CALL ? &in->u.call : NULL;
      const char *dst = c && c->n_results ? value_text(&c->results[0]) : NULL;
      if (dst && c->callee && c->recv.kind == IR_V_NONE && strcmp(c->callee, "recover") == 0 && g.n_recovered < 4)
        g.recovered[g.n_recovered++] = dst;
    }
  const uint8_t *guards = closure_guards(fa, cl, &g);
  for (uint32_t b = 0; b < cl->n_blocks; b++)
    for (uint32_t i = 0; i < cl->blocks[b].n_instrs; i++) {
      const IrInstr *in = &cl->blocks[b].instrs[i];
      if (in->kind != IR_CALL && in->kind != IR_DEFER) continue;
      const IrCall *c = &in->u.call;
      uint8_t when = when_of_guards(guards[b]);
      CallEval ev = kinds_eval_call(mc, (uint32_t)cf, c);
      CallFact cfact = call_fact(fa, c, &ev);
      bool ends = cfact.effect == CE_COMMIT || cfact.effect == CE_ROLLBACK;
      const char *recv = value_text(&c->recv);
      if (recv && !strchr(recv, '.') && !kinds_fn_declares(mc, (uint32_t)cf, recv) && ((ev.model && ev.effect == AE_RELEASE) || ends))
        closure_var_add(vars, &n, recv, ends, when);
      for (uint32_t a = 0; ev.sum && a < c->n_args && a < 32; a++) {
        const char *arg = value_text(&c->args[a]);
        if (!arg || strchr(arg, '.') || kinds_fn_declares(mc, (uint32_t)cf, arg)) continue;
        bool rel = ev.sum->releases_params >> a & 1, end = ev.sum->ends_params >> a & 1;
        if (rel || end) closure_var_add(vars, &n, arg, end, when);
      }
    }
  return n;
}

/* The pseudo resource standing for "a deferred closure releases variable
** name at exit" (created on first use). */
static int32_t facts_pseudo(FnAnalysis *fa, const char *name, SrcLoc loc) {
  for (uint32_t r = 0; r < fa->n_res; r++)
    if (fa->res[r].pseudo && strcmp(fa->res[r].pseudo_var, name) == 0) return (int32_t)r;
  int32_t r = res_new(fa, AK_UNKNOWN, -1, NULL, loc, "deferred closure");
  if (r < 0) return -1;
  fa->res[r].pseudo = true;
  fa->res[r].pseudo_var = name;
  fa->res[r].info.borrowed = true; /* never reported */
  return r;
}

static uint64_t facts_pseudo_bits(const FnAnalysis *fa) {
  uint64_t out = 0;
  for (uint32_t r = 0; r < fa->n_res; r++)
    if (fa->res[r].pseudo) out |= 1ull << r;
  return out;
}

/* IR_DEFER: what the deferred call will release or end at every exit. The
** state change happens at the exits (typestate: RS_DEFER), bound to the
** objects held when the defer statement ran; a closure instead releases
** what its variables hold when it runs (RS_CDEFER and the bind facts). */
static void facts_defer(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  InstrFact *f = &fa->facts[b][i];
  const IrCall *c = &in->u.call;
  if (c->callee_value.kind == IR_V_FUNC) {
    ClosureVar vars[CLOSURE_MAX_VARS];
    uint32_t n = facts_closure_vars(fa, c->callee_value.func, vars);
    for (uint32_t k = 0; k < n; k++) {
      int32_t p = facts_pseudo(fa, vars[k].name, in->loc);
      if (p < 0) continue;
      f->acquire |= 1ull << p;
      const AliasInfo *ai = facts_alias(fa, vars[k].name);
      uint64_t bits = ai ? ai->res & ~facts_pseudo_bits(fa) : 0;
      uint64_t all = bits | facts_children(fa, bits);
      f->cdefer |= all;
      for (uint32_t r = 0; r < fa->n_res; r++) {
        if (!(all >> r & 1)) continue;
        fa->res[r].cdefer_when |= vars[k].when;
        if (vars[k].ends_tx && (bits >> r & 1)) fa->res[r].defer_ends_tx = true;
      }
    }
    return;
  }
  facts_call(fa, b, i, in);
  uint64_t rel = f->release, end = f->commit;
  CallFact keep = f->call;
  memset(f, 0, sizeof *f);
  f->call = keep;
  f->bind_pseudo = -1;
  for (uint32_t r = 0; end && r < fa->n_res; r++)
    if (end >> r & 1) fa->res[r].defer_ends_tx = true;
  f->defer_rel = rel | end | facts_children(fa, rel | end);
}

/* Writes to a variable that a deferred closure releases (after all facts). */
static void facts_binds(FnAnalysis *fa) {
  uint64_t pseudo = facts_pseudo_bits(fa);
  if (!pseudo) return;
  for (uint32_t b = 0; b < fa->fn->n_blocks; b++)
    for (uint32_t i = 0; i < fa->fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fa->fn->blocks[b].instrs[i];
      InstrFact *f = &fa->facts[b][i];
      const char *dst = NULL;
      uint64_t in_bits = 0;
      if (in->kind == IR_CALL && in->u.call.n_results) {
        dst = value_text(&in->u.call.results[0]);
        in_bits = f->acquire & ~pseudo;
      } else if (in->kind == IR_ASSIGN) {
        dst = value_text(&in->u.assign.dst);
        in_bits = facts_value_bits(fa, &in->u.assign.src) & ~pseudo;
      }
      if (!dst || strchr(dst, '.')) continue;
      for (uint32_t r = 0; r < fa->n_res; r++) {
        if (!fa->res[r].pseudo || strcmp(fa->res[r].pseudo_var, dst) != 0) continue;
        const AliasInfo *ai = facts_alias(fa, dst);
        f->bind_pseudo = (int32_t)r;
        f->bind_in = in_bits;
        f->bind_out = (ai ? ai->res : 0) & ~in_bits & ~pseudo;
      }
    }
}

/* Resources whose error result (Go `err`) this instruction writes again. */
static uint64_t facts_err_writes(const FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  const IrValue *dsts = NULL;
  uint32_t n = 0;
  if (in->kind == IR_CALL) dsts = in->u.call.results, n = in->u.call.n_results;
  else if (in->kind == IR_ASSIGN) dsts = &in->u.assign.dst, n = 1;
  uint64_t out = 0;
  for (uint32_t r = 0; r < fa->n_res; r++) {
    const TsRes *res = &fa->res[r];
    if (!res->err_path || (res->block == b && res->instr == i)) continue;
    for (uint32_t k = 0; k < n; k++)
      if (dsts[k].kind == IR_V_PATH && strcmp(dsts[k].text, res->err_path) == 0) out |= 1ull << r;
  }
  return out;
}

/* Section - calls that stop the goroutine */

/* Some calls never return to their caller but run its deferred calls: Go's
** testing package's Fatal*, FailNow and Skip* call runtime.Goexit. The
** models say which (effect "goexit", rules/go/testing.json). A resource
** still held at that point belongs to a test that did not pass, which is not
** the leak this rule is about, and treating the call as an ordinary one
** invents paths past it (`if err == nil { t.Fatal(…) }` then a use of the
** "acquired" result). Receivers are matched by declared type: a modelled
** type with such a method, or a struct of this package that embeds one
** (promoted methods) without declaring its own. */

/* True when the declared type (under this file's imports) has a modelled
** method `method` with effect goexit. */
static bool goexit_model_type(ModCtx *mc, const char *type, const char *method) {
  VKind k = kinds_type_kind(mc, type);
  if (k.lib < 0 || k.kind == AK_UNKNOWN || k.kind >= AK_COUNT) return false;
  const char *base = type;
  while (*base == '*') base++;
  const char *dot = strchr(base, '.');
  const IrImport *imp = NULL;
  if (dot) {
    char local[128];
    size_t n = (size_t)(dot - base);
    if (n >= sizeof local) return false;
    memcpy(local, base, n);
    local[n] = '\0';
    imp = kinds_import_find(mc, local);
  }
  const ApiCall *c = apispec_find_call_in(&mc->engine->spec, k.lib, (ApiKind)k.kind, imp ? imp->specifier : NULL, method);
  return c && c->effect == AE_GOEXIT;
}

static bool goexit_recv_type(ModCtx *mc, const char *type, const char *method, int depth) {
  char owner[128], key[300];
  if (!type) return false;
  if (goexit_model_type(mc, type, method)) return true;
  if (depth > 3 || !kinds_local_type_name(type, owner, sizeof owner)) return false;
  snprintf(key, sizeof key, "(*%s).%s", owner, method);
  if (map_get_cstr(mc->func_by_name, key) || map_get_cstr(mc->func_by_name, key + 2)) return false;
  /* An embedded field is named after its type: `struct { *testing.T }` has field T. */
  const ApiSpec *spec = &mc->engine->spec;
  for (uint32_t l = 0; l < spec->libs.len; l++)
    for (uint32_t i = 0; i < spec->libs.items[l].types.len; i++) {
      snprintf(key, sizeof key, "%s.%s", owner, spec->libs.items[l].types.items[i].name);
      if (goexit_recv_type(mc, map_get_cstr(mc->field_types, key), method, depth + 1)) return true;
    }
  return false;
}

/* A modelled call that stops the goroutine unless its argument is
** (non-)nil: testify's `require.Error(t, err)` returns only when err != nil,
** so after it the refinement of `if err == nil { t.FailNow() }` applies. */
static void facts_guard(FnAnalysis *fa, uint32_t b, uint32_t i, const IrCall *c) {
  const CallEval *ev = fa_eval(fa, b, i);
  if (!ev->model || ev->effect != AE_GOEXIT) return;
  if (ev->model->guard_arg < 0) {
    fa->facts[b][i].goexit = true;
    return;
  }
  const IrValue *v = kinds_call_arg(c, ev->model->guard_arg);
  if (!v || v->kind != IR_V_PATH) return;
  fa->facts[b][i].guard = v;
  fa->facts[b][i].guard_truthy = ev->model->guard_truthy;
}

static bool call_is_goexit(FnAnalysis *fa, const IrCall *c) {
  if (fa->mc->m->lang != IR_LANG_GO || c->recv.kind != IR_V_PATH ||
      !apispec_has_effect(&fa->mc->engine->spec, AE_GOEXIT, c->name))
    return false;
  return goexit_recv_type(fa->mc, kinds_path_decl_type(fa->mc, fa->fi, c->recv.text), c->name, 0);
}

static void facts_instr(FnAnalysis *fa, uint32_t b, uint32_t i, const IrInstr *in) {
  InstrFact *f = &fa->facts[b][i];
  if (in->kind == IR_DEFER) {
    facts_defer(fa, b, i, in);
  } else if (in->kind == IR_CALL) {
    facts_call(fa, b, i, in);
    const CallEval *ev = fa_eval(fa, b, i);
    f->no_throw = (ev->model && ev->model->no_throw) || (in->u.call.flags & IR_CALL_NORETURN) ||
                  jsflow_call_exits(ev->sum) || (ev->sum && ev->sum->never_throws && !ev->sum->never_returns);
    f->stops = jsflow_call_stops(&in->u.call, ev->sum);
    f->goexit = call_is_goexit(fa, &in->u.call);
    if (!f->goexit) facts_guard(fa, b, i, &in->u.call);
  } else if (in->kind == IR_ASSIGN) {
    const IrAssign *a = &in->u.assign;
    uint64_t bits = facts_value_bits(fa, &a->src);
    if (a->src.kind == IR_V_FUNC || (a->dst.kind == IR_V_PATH && !fa_is_local(fa, a->dst.text))) f->escape |= bits;
  } else if (in->kind == IR_OPAQUE) {
    for (uint32_t u = 0; u < in->u.opaque.n_uses; u++) f->escape |= facts_value_bits(fa, &in->u.opaque.uses[u]);
  }
  f->err_stale = facts_err_writes(fa, b, i, in);
}

void kinds_func_facts(ModCtx *mc, FnAnalysis *fa) {
  const IrFunc *fn = fa->fn;
  map_init(&fa->alias, mc->arena);
  fa->res = ARENA_NEW_ARRAY(mc->arena, TsRes, TS_MAX_RES);
  fa->facts = ARENA_NEW_ARRAY(mc->arena, InstrFact *, fn->n_blocks + 1);
  fa->evals = ARENA_NEW_ARRAY(mc->arena, CallEval *, fn->n_blocks + 1);
  for (uint32_t b = 0; b < fn->n_blocks; b++) {
    fa->facts[b] = ARENA_NEW_ARRAY(mc->arena, InstrFact, fn->blocks[b].n_instrs + 1);
    fa->evals[b] = ARENA_NEW_ARRAY(mc->arena, CallEval, fn->blocks[b].n_instrs + 1);
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL && in->kind != IR_DEFER) continue;
      fa->evals[b][i] = kinds_eval_call(mc, fa->fi, &in->u.call);
    }
  }
  facts_callback_res(fa);
  jsflow_inherited_res(fa);
  jsflow_chains_prepare(fa);
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t b = 0; b < fn->n_blocks; b++) {
      const IrBlock *blk = &fn->blocks[b];
      for (uint32_t i = 0; i < blk->n_instrs; i++) {
        const IrInstr *in = &blk->instrs[i];
        if (in->kind == IR_CALL) facts_sites_call(fa, b, i, in, pass == 0);
        else if (in->kind == IR_ASSIGN) facts_alias_assign(fa, &in->u.assign);
      }
    }
  }
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++)
      if (fn->blocks[b].instrs[i].kind == IR_CALL) facts_borrowed(fa, b, i, &fn->blocks[b].instrs[i]);
  status_facts(fa); /* C statuses: err_path before facts_err_writes reads it */
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      fa->facts[b][i].bind_pseudo = -1;
      facts_instr(fa, b, i, &fn->blocks[b].instrs[i]);
    }
  facts_binds(fa);
  jsflow_chain_facts(fa);
  condfacts_func(fa);
  ptsto_func(fa);
}
