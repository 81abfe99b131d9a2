/* sqlwrap: project functions that run the SQL text their caller passes.
**
** Applications wrap their driver's query call to add timing, logging or
** retries: `postgresQuery(text, values, tag)` that runs
** `this.pool.query(text, values)` inside an instrumentation callback,
** `query(client, text, params)`. The wrapper's own statement has no known
** text, so it is no data operation of its own; at each call site the text is
** there, and the call is the statement. A function is such a wrapper when one
** of its calls — or one of a function literal nested in it — is a query (a
** model's, a wrapper's, or a query method on a receiver of unknown kind) whose
** SQL argument is one of the function's parameters, unchanged. The summary
** records which parameter (FuncSummary.db_sql_param), whether the next
** argument is handed on as the statement's values, and, when the query runs
** on another parameter, that one (db_conn_param), so a caller's connection
** and transaction are read from the call's argument.
**
** The same instrumentation callback hides a transaction helper: a function
** whose nested function literal begins a transaction and calls the function's
** parameter (`instrument(tag, async () => { …BEGIN…; await work(client); … })`)
** runs that parameter inside the transaction (FuncSummary.tx_callback_params,
** which kinds.c reads from the function's own body only). */
#include <string.h>

#include "engine/analysis.h"

enum { SQLWRAP_MAX_DEPTH = 4 }; /* function literals nested inside the wrapper */

/* The index of parameter name of fn among its first 32 (a summary's bits), or -1. */
static int param_of(const IrFunc *fn, const char *name) {
  int i = ir_param_index(fn, name);
  return i < 32 ? i : -1;
}

/* Whether fi's function assigns name (then it is no longer the caller's text). */
static bool assigns(const IrFunc *fn, const char *name) {
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind == IR_ASSIGN && in->u.assign.dst.kind == IR_V_PATH && in->u.assign.dst.text &&
          strcmp(in->u.assign.dst.text, name) == 0)
        return true;
      for (uint32_t r = 0; in->kind == IR_CALL && r < in->u.call.n_results; r++)
        if (in->u.call.results[r].kind == IR_V_PATH && in->u.call.results[r].text &&
            strcmp(in->u.call.results[r].text, name) == 0)
          return true;
    }
  return false;
}

/* The parameter of wrapper w that value v (in function j, w itself or nested in
** it) names unchanged: not shadowed by a parameter of j or of a function between
** them, not assigned in either; -1 when none. */
static int wrapper_param(const IrModule *m, uint32_t w, uint32_t j, const IrValue *v) {
  if (!v || v->kind != IR_V_PATH || !v->text || strchr(v->text, '.')) return -1;
  for (uint32_t f = j; f != w; f = (uint32_t)m->funcs[f].parent)
    if (param_of(&m->funcs[f], v->text) >= 0 || assigns(&m->funcs[f], v->text)) return -1;
  int p = param_of(&m->funcs[w], v->text);
  return p >= 0 && !assigns(&m->funcs[w], v->text) ? p : -1;
}

int sqlwrap_wrapper_param(const IrModule *m, uint32_t w, uint32_t j, const IrValue *v) {
  return wrapper_param(m, w, j, v);
}

/* The argument index of call c's SQL text when c runs a query, else -1. */
static int query_sql_arg(ModCtx *mc, uint32_t j, const IrCall *c, const IrValue **conn) {
  CallEval ev = kinds_eval_call(mc, j, c);
  *conn = &c->recv;
  if (ev.model) return (ev.effect == AE_QUERY || ev.model->runs_sql) ? ev.model->sql_arg : -1;
  if (ev.sum && ev.sum->db_sql_param) {
    if (ev.sum->db_conn_param && ev.sum->db_conn_param - 1u < c->n_args) *conn = &c->args[ev.sum->db_conn_param - 1u];
    return ev.sum->db_sql_param - 1;
  }
  if (!ev.sum && ev.recv_kind == AK_UNKNOWN && c->recv.kind == IR_V_PATH &&
      apispec_is_query_method(&mc->engine->spec, c->name))
    return 0;
  return -1;
}

/* Whether function j is w or a function literal nested in w, at most a few deep. */
static bool nested_in(const IrModule *m, uint32_t j, uint32_t w) {
  for (int d = 0; d <= SQLWRAP_MAX_DEPTH; d++) {
    if (j == w) return true;
    if (m->funcs[j].parent < 0) return false;
    j = (uint32_t)m->funcs[j].parent;
  }
  return false;
}

/* Looks for a query in function j whose text is wrapper w's parameter; fills s. */
static bool sqlwrap_scan(ModCtx *mc, uint32_t w, uint32_t j, FuncSummary *s) {
  const IrModule *m = mc->m;
  const IrFunc *fn = &m->funcs[j];
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL) continue;
      const IrCall *c = &in->u.call;
      const IrValue *conn = NULL;
      int sa = query_sql_arg(mc, j, c, &conn);
      int p = sa >= 0 ? wrapper_param(m, w, j, kinds_call_arg(c, sa)) : -1;
      if (p < 0 || p >= 0xfe) continue;
      s->db_sql_param = (uint8_t)(p + 1);
      s->db_sql_values_next = wrapper_param(m, w, j, kinds_call_arg(c, sa + 1)) == p + 1;
      int cp = wrapper_param(m, w, j, conn);
      if (cp >= 0 && cp < 0xfe && !s->db_conn_param) s->db_conn_param = (uint8_t)(cp + 1);
      return true;
    }
  return false;
}

/* Sets bit p of s->tx_callback_params when function literal j (nested in w) begins a
** transaction and calls w's parameter p. */
static void nested_tx_callback(ModCtx *mc, uint32_t w, uint32_t j, FuncSummary *s) {
  const IrModule *m = mc->m;
  const IrFunc *fn = &m->funcs[j];
  if (!kinds_begins_tx(mc, j)) return;
  for (uint32_t b = 0; b < fn->n_blocks; b++)
    for (uint32_t i = 0; i < fn->blocks[b].n_instrs; i++) {
      const IrInstr *in = &fn->blocks[b].instrs[i];
      if (in->kind != IR_CALL || in->u.call.recv.kind != IR_V_NONE || !in->u.call.callee) continue;
      IrValue callee = {.kind = IR_V_PATH, .text = in->u.call.callee};
      int p = wrapper_param(m, w, j, &callee);
      if (p >= 0) s->tx_callback_params |= 1u << p;
    }
}

void sqlwrap_summary(ModCtx *mc, uint32_t fi, FuncSummary *s) {
  const IrModule *m = mc->m;
  if ((m->lang != IR_LANG_JS && m->lang != IR_LANG_TS) || (m->funcs[fi].flags & IR_FUNC_TOPLEVEL)) return;
  if (!m->funcs[fi].n_params) return;
  for (uint32_t j = 0; !s->tx_callback_params && j < m->n_funcs; j++)
    if (j != fi && nested_in(m, j, fi)) nested_tx_callback(mc, fi, j, s);
  if (sqlwrap_scan(mc, fi, fi, s)) return;
  for (uint32_t j = 0; j < m->n_funcs; j++)
    if (j != fi && nested_in(m, j, fi) && sqlwrap_scan(mc, fi, j, s)) return;
}
